/**
 * The main thread's request queue: shell and control requests the I/O thread delivered, handled one at a time in
 * arrival order. Shell requests arrive on a MessagePort that can be drained synchronously, which is how a failed
 * cell marks the execute_requests already queued behind it as aborted (`stop_on_error`) before they start.
 */
import { MessagePort, receiveMessageOnPort } from "worker_threads";
import type { FromIo, PlainMessage } from "./io-worker";

/** One queued request. */
export interface QueuedRequest {
  channel: "shell" | "control";
  msg: PlainMessage;
  /** Not run: an earlier cell failed and this execute_request has stop_on_error set. */
  abort?: boolean;
}

/** What the queue calls. */
export interface QueueHooks {
  /** Handles one request (busy/idle, reply); the next starts when it settles. */
  handle(item: QueuedRequest): Promise<void>;
  /** An input_reply on the stdin channel (answered at once, never queued: a cell waits for it). */
  onStdin(msg: PlainMessage): void;
  /** True once the kernel shuts down: nothing more is handled. */
  stopped(): boolean;
  /** After each request's reply. */
  afterEach(): void;
  /** The queue starts working / has run dry. */
  busy(): void;
  idle(): void;
}

/** Runs requests one at a time (see the file header). */
export class RequestQueue {
  private readonly items: QueuedRequest[] = [];
  private pumping = false;

  constructor(
    private readonly shellPort: MessagePort,
    private readonly hooks: QueueHooks,
  ) {
    shellPort.on("message", (m: FromIo) => {
      if (this.accept(m)) void this.pump();
    });
  }

  /** No request runs or waits. */
  get isIdle(): boolean {
    return !this.pumping && this.items.length === 0;
  }

  /** Queues a request that came on the control channel. */
  push(item: QueuedRequest): void {
    this.items.push(item);
    void this.pump();
  }

  /**
   * After a failed cell: marks the execute_requests already delivered (and not opting out with
   * `stop_on_error: false`) as aborted; requests that arrive later run normally.
   */
  abortQueuedCells(): void {
    this.drainShellPort();
    for (const q of this.items) {
      if (q.msg.header.msg_type === "execute_request" && (q.msg.content as { stop_on_error?: unknown }).stop_on_error !== false) q.abort = true;
    }
  }

  /** Queues a shell request or answers a stdin one; true when something was queued. */
  private accept(m: FromIo): boolean {
    if (m.type !== "request") return false;
    if (m.channel === "stdin") {
      this.hooks.onStdin(m.msg);
      return false;
    }
    this.items.push({ channel: m.channel, msg: m.msg });
    return true;
  }

  /** Moves everything the I/O thread already delivered into the queue (synchronously). */
  private drainShellPort(): void {
    for (;;) {
      const r = receiveMessageOnPort(this.shellPort);
      if (!r) return;
      this.accept(r.message as FromIo);
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.hooks.busy();
    try {
      while (this.items.length && !this.hooks.stopped()) {
        await this.hooks.handle(this.items.shift()!);
        this.hooks.afterEach();
      }
    } finally {
      this.pumping = false;
      this.hooks.idle();
    }
  }
}
