/**
 * Where the kernel's output goes: every message the main thread sends (replies, iopub) is posted to the I/O thread
 * here, and output a cell produces (process.stdout/stderr writes, displays, late timers, unhandled rejections) is
 * published with that cell's request as parent. The cell is found through an AsyncLocalStorage that the kernel
 * enters for each request, falling back to the running cell, then to the last one.
 */
import { AsyncLocalStorage } from "async_hooks";
import { DisplayBundle, setDisplaySink } from "../lib/display";
import type { PlainMessage, ToIo } from "./io-worker";
import { Header } from "./messages";
import { newHeader } from "./wire";

/** The channels the main thread sends on. */
export type Channel = "shell" | "control" | "iopub" | "stdin";

/** A timer a cell started, with the function that clears it. */
export interface PendingTimer {
  clear(): void;
}

/** The request a piece of output belongs to. */
export interface CellContext {
  parent: Header;
  identities: Uint8Array[];
  allowStdin: boolean;
  /** A silent execute_request: it shows no outputs of its own (no loading note either). */
  silent?: boolean;
  /** Aborted when the cell is interrupted: library loops check it (lib/core/train/interrupt.ts). */
  abort?: AbortController;
  /** The cell's pending timers, cleared when it is interrupted so that its work does not go on unseen. */
  timers?: Set<PendingTimer>;
}

/** Sends the main thread's messages and routes captured output to its cell (see the file header). */
export class KernelOutput {
  /** The async context of the request being handled (entered with `als.run`). */
  readonly als = new AsyncLocalStorage<CellContext>();
  /** The cell that runs now. */
  current: CellContext | null = null;
  /** The last cell that ran (late output without a context of its own goes there). */
  last: CellContext | null = null;
  /** The real stdout/stderr writers (the kernel's own log must not become cell output). */
  readonly origStdout = process.stdout.write.bind(process.stdout);
  readonly origStderr = process.stderr.write.bind(process.stderr);

  constructor(
    private readonly session: string,
    private readonly post: (m: ToIo) => void,
  ) {}

  /** A line on the kernel's own stderr (the server log), never in a cell. */
  log(text: string): void {
    this.origStderr(`paperlab kernel: ${text}\n`);
  }

  /** The context output belongs to: the async context of the code that produced it, else the running cell. */
  ctx(): CellContext | null {
    return this.als.getStore() ?? this.current ?? this.last;
  }

  /** Sends one message on `channel` with `parent` as its parent header. */
  send(channel: Channel, type: string, content: Record<string, unknown>, parent: Partial<Header>, identities: Uint8Array[] = [], metadata: Record<string, unknown> = {}): void {
    this.post({ type: "send", channel, msg: { identities, header: newHeader(type, this.session), parent_header: parent as Header, metadata, content, buffers: [] } });
  }

  /** Publishes on iopub for `ctx`'s request (no parent when there is none). */
  publish(type: string, content: Record<string, unknown>, ctx: CellContext | null): void {
    this.send("iopub", type, content, ctx?.parent ?? {}, [Buffer.from(`kernel.${type}`)]);
  }

  /** Replies to `req` on its channel. */
  reply(channel: Channel, req: PlainMessage, type: string, content: Record<string, unknown>): void {
    this.send(channel, type, content, req.header, req.identities);
  }

  /**
   * Captures process.stdout/stderr writes and the display sink (lib/display) as the current cell's `stream`,
   * `display_data`, `update_display_data` and `clear_output` messages; once `stopped()` is true (the kernel is
   * shutting down), writes go to the real streams again.
   */
  capture(stopped: () => boolean): void {
    const hook = (name: "stdout" | "stderr", orig: typeof process.stdout.write) => {
      const self = this;
      return function write(chunk: unknown, enc?: unknown, cb?: unknown): boolean {
        const ctx = self.ctx();
        if (!ctx || stopped()) return (orig as (...a: unknown[]) => boolean)(chunk, enc, cb);
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof enc === "string" ? (enc as BufferEncoding) : "utf8");
        self.publish("stream", { name, text }, ctx);
        const done = typeof enc === "function" ? enc : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      };
    };
    process.stdout.write = hook("stdout", this.origStdout) as typeof process.stdout.write;
    process.stderr.write = hook("stderr", this.origStderr) as typeof process.stderr.write;
    setDisplaySink({
      display: (b: DisplayBundle, id: string | undefined) =>
        this.publish("display_data", { data: b.data, metadata: b.metadata, transient: id ? { display_id: id } : {} }, this.ctx()),
      update: (b: DisplayBundle, id: string) =>
        this.publish("update_display_data", { data: b.data, metadata: b.metadata, transient: { display_id: id } }, this.ctx()),
      clear: (wait: boolean) => this.publish("clear_output", { wait }, this.ctx()),
      publish: (type: string, content: Record<string, unknown>, metadata: Record<string, unknown>) =>
        this.send("iopub", type, content, this.ctx()?.parent ?? {}, [Buffer.from(`kernel.${type}`)], metadata),
      // Library notices (Vega's warnings) go to the kernel's own stderr, the server's log, not the cell.
      log: (text: string) => this.log(text.replace(/\n$/, "")),
    });
  }
}
