/**
 * The kernel's I/O thread: owns every ZeroMQ socket so that the heartbeat and the control requests
 * (`kernel_info`, `interrupt`, `shutdown`: control.ts, on either channel) are answered while the main
 * thread runs a busy cell.
 *
 *   shell/control/stdin: Router   iopub: Publisher   hb: Reply (echo loop)
 *
 * Decoded shell and stdin requests go to the main thread over `shellPort` (the main thread can
 * drain that port synchronously, which is how `stop_on_error` sees what is already queued);
 * outgoing messages come back as `{ type: "send" }` posts and are signed here.
 */
import { MessagePort, parentPort, workerData } from "worker_threads";
import * as zmq from "zeromq";
import { answerControl, ControlActions, isControlRequest } from "./control";
import { HARD_INTERRUPT_MS, HardInterrupter, hardInterruptEnabled } from "./hard-interrupt";
import { HANDLED, INTERRUPT_TIMING, Phase, PHASE, REQUESTED, signalIfSync } from "./interrupt-state";
import { ConnectionInfo, Header, Message } from "./messages";
import { decode, encode, newHeader, ReplayGuard, Signer, WireError } from "./wire";

/** What the main thread passes in `workerData`. */
export interface IoWorkerData {
  connection: ConnectionInfo;
  kernelInfo: Record<string, unknown>;
  shellPort: MessagePort;
  session: string;
  /** The interrupt slots shared with the main thread (interrupt-state.ts). */
  interruptState: Int32Array;
}

/** Main → I/O thread. */
export type ToIo =
  | { type: "send"; channel: "shell" | "control" | "iopub" | "stdin"; msg: PlainMessage }
  | { type: "close" };

/** I/O thread → main (on `shellPort` for shell/stdin, on `parentPort` for the rest). */
export type FromIo =
  | { type: "request"; channel: "shell" | "control" | "stdin"; msg: PlainMessage }
  | { type: "shutdown"; restart: boolean }
  | { type: "ready" }
  | { type: "log"; text: string }
  /** interrupt_request number `seq` (interrupt-state.ts): acted on when the main thread's event loop is free. */
  | { type: "interrupt"; seq: number };

/** A message as it crosses threads (Buffers arrive as Uint8Arrays). */
export type PlainMessage = Omit<Message, "identities" | "buffers"> & { identities: Uint8Array[]; buffers: Uint8Array[] };

/**
 * Delivers one interrupt (interrupt-state.ts says how each phase is reached): a message that the main thread acts on
 * when its event loop is free (a cell awaiting, or still being set up), and a SIGINT once the main thread runs the
 * cell's synchronous part inside `vm`. A cell that stays busy after an `await` hears neither: with the hard
 * interrupt (on by default), its code is terminated after HARD_INTERRUPT_MS (hard-interrupt.ts).
 */
function deliverInterrupt(state: Int32Array, hard: HardInterrupter | null): void {
  const seq = Atomics.add(state, REQUESTED, 1) + 1;
  parentPort!.postMessage({ type: "interrupt", seq } satisfies FromIo);
  const t0 = Date.now();
  let lastHard = t0 - 1000 + HARD_INTERRUPT_MS;
  const kill = () => process.kill(process.pid, "SIGINT");
  const step = (): boolean => {
    const now = Date.now();
    if (Atomics.load(state, HANDLED) >= seq || Atomics.load(state, PHASE) === Phase.none || now - t0 > INTERRUPT_TIMING.giveUpMs) return false;
    signalIfSync(state, seq, kill);
    // Unheard while the cell awaits: its code keeps the main thread busy after an await. Terminate it (once a second).
    if (hard && Atomics.load(state, PHASE) === Phase.cell && now - lastHard >= 1000) {
      lastHard = now;
      hard.attempt(seq, log);
    }
    return true;
  };
  if (!step()) return;
  const timer = setInterval(() => {
    if (!step()) clearInterval(timer);
  }, INTERRUPT_TIMING.pollMs);
}

function endpoint(c: ConnectionInfo, port: number): string {
  return c.transport === "ipc" ? `ipc://${c.ip}-${port}` : `tcp://${c.ip}:${port}`;
}

/** Serialises sends per socket: zeromq v6 allows one pending send at a time. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable & zmq.Socket) {}
  /** Resolves once everything queued so far is sent. */
  drain(): Promise<void> {
    return this.tail;
  }
  send(frames: Buffer[]): void {
    this.tail = this.tail
      .then(async () => {
        await this.socket.send(frames);
      })
      .catch((err: Error) => {
        log(`send failed: ${err.message}`);
      });
  }
}

/** Logs through the main thread, which writes to the real stderr (this thread's stderr would be captured as cell output). */
function log(text: string): void {
  if (parentPort) parentPort.postMessage({ type: "log", text } satisfies FromIo);
  else process.stderr.write(`paperlab kernel: ${text}\n`);
}

async function run(): Promise<void> {
  const data = workerData as IoWorkerData;
  const c = data.connection;
  const signer = new Signer(c.key, c.signature_scheme || "hmac-sha256");
  // One history for every channel: a request captured on shell must not replay on control either.
  const replay = new ReplayGuard();
  const hard = hardInterruptEnabled() ? new HardInterrupter(data.interruptState) : null;
  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const iopub = new zmq.Publisher();
  const hb = new zmq.Reply();
  await Promise.all([
    shell.bind(endpoint(c, c.shell_port)),
    control.bind(endpoint(c, c.control_port)),
    stdin.bind(endpoint(c, c.stdin_port)),
    iopub.bind(endpoint(c, c.iopub_port)),
    hb.bind(endpoint(c, c.hb_port)),
  ]);
  const queues = { shell: new SendQueue(shell), control: new SendQueue(control), stdin: new SendQueue(stdin), iopub: new SendQueue(iopub) };

  const send = (channel: keyof typeof queues, m: Omit<Message, "buffers"> & { buffers?: Buffer[] }): void => {
    queues[channel].send(encode(m, signer));
  };
  const reply = (channel: "shell" | "control", req: Message, type: string, content: Record<string, unknown>): void => {
    send(channel, { identities: req.identities, header: newHeader(type, data.session), parent_header: req.header, metadata: {}, content });
  };
  const status = (parent: Header, state: string): void => {
    send("iopub", { identities: [Buffer.from("kernel.status")], header: newHeader("status", data.session), parent_header: parent, metadata: {}, content: { execution_state: state } });
  };
  const toPlain = (m: Message): PlainMessage => ({ ...m, identities: m.identities, buffers: m.buffers });

  parentPort!.on("message", (m: ToIo) => {
    if (m.type === "send") {
      send(m.channel, {
        ...m.msg,
        identities: m.msg.identities.map((b) => Buffer.from(b)),
        buffers: (m.msg.buffers ?? []).map((b) => Buffer.from(b)),
      });
    } else if (m.type === "close") {
      void Promise.all(Object.values(queues).map((q) => q.drain())).then(() => {
        for (const s of [shell, control, stdin, iopub, hb]) s.close();
        parentPort!.close();
      });
    }
  });

  // Heartbeat: echo every frame back, forever.
  void (async () => {
    for await (const frames of hb) await hb.send(frames);
  })().catch(() => undefined);

  const decodeOrLog = (channel: string, frames: Buffer[]): Message | null => {
    try {
      return decode(frames, signer, replay);
    } catch (err) {
      const why = err instanceof WireError ? err.message : String(err);
      log(`${channel} message dropped: ${why}`);
      return null;
    }
  };

  // Control requests need no kernel state: answered here on either channel, so they work while a cell is busy.
  const actions: ControlActions = {
    kernelInfo: data.kernelInfo,
    interrupt: () => deliverInterrupt(data.interruptState, hard),
    shutdown: (restart) => {
      parentPort!.postMessage({ type: "shutdown", restart } satisfies FromIo);
      // A main thread stuck in a busy loop cannot exit by itself: end the process after a grace period.
      setTimeout(() => process.kill(process.pid, "SIGTERM"), 3000).unref();
    },
  };
  const answerHere = (channel: "shell" | "control", m: Message): boolean => {
    const t = m.header.msg_type;
    if (!isControlRequest(t)) return false;
    status(m.header, "busy");
    const answer = answerControl(t, m.content, actions);
    reply(channel, m, answer.replyType, answer.content);
    status(m.header, "idle");
    answer.after?.();
    return true;
  };

  const pump = async (channel: "shell" | "control" | "stdin", sock: zmq.Router): Promise<void> => {
    for await (const frames of sock) {
      const m = decodeOrLog(channel, frames);
      if (!m) continue;
      if (channel !== "stdin" && answerHere(channel, m)) continue;
      const out: FromIo = { type: "request", channel, msg: toPlain(m) };
      if (channel === "control") parentPort!.postMessage(out);
      else data.shellPort.postMessage(out);
    }
  };
  status({} as Header, "starting");
  parentPort!.postMessage({ type: "ready" } satisfies FromIo);
  await Promise.all([pump("shell", shell), pump("control", control), pump("stdin", stdin)]);
}

run().catch((err) => {
  process.stderr.write(`paperlab kernel: I/O thread failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
