/**
 * A small test client: starts a real paperlab kernel process from a connection file and talks to
 * it over ZeroMQ through kernel/wire.ts (the runner's full client lives in kernel/client/).
 */
import { ChildProcess, spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as zmq from "zeromq";
import { ConnectionInfo, Message } from "../../kernel/messages";
import { decode, encode, newHeader, Signer } from "../../kernel/wire";

/** The checkout root (dist/tests/kernel → ../../..). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Writes a connection file with free ports and a random key. */
export async function writeConnectionFile(dir: string): Promise<{ file: string; info: ConnectionInfo }> {
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: await freePort(),
    iopub_port: await freePort(),
    stdin_port: await freePort(),
    control_port: await freePort(),
    hb_port: await freePort(),
    key: randomUUID(),
    signature_scheme: "hmac-sha256",
  };
  const file = path.join(dir, "connection.json");
  fs.writeFileSync(file, JSON.stringify(info));
  return { file, info };
}

/** A reply plus the IOPub messages of its request (up to its idle status). */
export interface Exchange {
  reply: Message;
  iopub: Message[];
}

/** A running kernel and sockets connected to it. */
export class TestKernel {
  readonly session = randomUUID();
  readonly signer: Signer;
  private readonly shell = new zmq.Dealer({ routingId: this.session });
  private readonly control = new zmq.Dealer({ routingId: this.session });
  private readonly stdin = new zmq.Dealer({ routingId: this.session });
  private readonly iopub = new zmq.Subscriber();
  private readonly hb = new zmq.Request();
  /** Every IOPub message received, in order. */
  readonly iopubLog: Message[] = [];
  private readonly replies = new Map<string, (m: Message) => void>();
  /** Replies that arrived before anyone waited for them. */
  private readonly early = new Map<string, Message>();
  private readonly waiters: Array<() => void> = [];
  /** Messages received on stdin (input_request). */
  readonly stdinLog: Message[] = [];
  stderr = "";
  private exited: Promise<number | null>;

  private constructor(readonly info: ConnectionInfo, readonly dir: string, readonly proc: ChildProcess) {
    this.signer = new Signer(info.key, info.signature_scheme);
    this.exited = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
    proc.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
  }

  /** Starts `paperlab kernel start -f` in a temporary folder (the notebook's folder). */
  static async start(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestKernel> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-kernel-"));
    const { file, info } = await writeConnectionFile(dir);
    const proc = spawn(process.execPath, [path.join(ROOT, "bin", "paperlab.js"), "kernel", "start", "-f", file], {
      cwd: opts.cwd ?? dir,
      env: { ...process.env, JUPYTER_DATA_DIR: path.join(dir, "jupyter"), ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const k = new TestKernel(info, dir, proc);
    await k.connect();
    return k;
  }

  private url(port: number): string {
    return `tcp://${this.info.ip}:${port}`;
  }

  private async connect(): Promise<void> {
    this.shell.connect(this.url(this.info.shell_port));
    this.control.connect(this.url(this.info.control_port));
    this.stdin.connect(this.url(this.info.stdin_port));
    this.iopub.connect(this.url(this.info.iopub_port));
    this.iopub.subscribe();
    this.hb.connect(this.url(this.info.hb_port));
    for (const s of [this.shell, this.control]) void this.readReplies(s);
    void this.readIopub();
    void this.readStdin();
    // Retry kernel_info until the reply and its IOPub idle both arrive (IOPub joins late).
    for (let i = 0; i < 200; i++) {
      const id = this.sendRaw(this.shell, "kernel_info_request", {});
      const got = await Promise.race([
        this.waitReply(id).then(() => this.waitIdle(id, 1000)),
        new Promise<boolean>((r) => setTimeout(() => r(false), 500)),
      ]);
      if (got) return;
      if (this.proc.exitCode !== null) throw new Error(`kernel exited (${this.proc.exitCode}) during start:\n${this.stderr}`);
    }
    throw new Error(`kernel did not answer kernel_info_request:\n${this.stderr}`);
  }

  private async readReplies(s: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of s) {
        const m = decode(frames as Buffer[], this.signer);
        const id = String(m.parent_header.msg_id);
        const waiter = this.replies.get(id);
        if (waiter) waiter(m);
        else this.early.set(id, m);
      }
    } catch {
      /* socket closed */
    }
  }

  private async readIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        this.iopubLog.push(decode(frames as Buffer[], this.signer));
        for (const w of this.waiters.splice(0)) w();
      }
    } catch {
      /* socket closed */
    }
  }

  private async readStdin(): Promise<void> {
    try {
      for await (const frames of this.stdin) {
        this.stdinLog.push(decode(frames as Buffer[], this.signer));
        for (const w of this.waiters.splice(0)) w();
      }
    } catch {
      /* socket closed */
    }
  }

  /** Resolves once `pred` holds (checked on each new IOPub/stdin message), or false after `ms`. */
  async until(pred: () => boolean, ms = 30000): Promise<boolean> {
    const end = Date.now() + ms;
    while (!pred()) {
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return true;
  }

  /** IOPub messages whose parent is `msgId`. */
  childrenOf(msgId: string): Message[] {
    return this.iopubLog.filter((m) => m.parent_header.msg_id === msgId);
  }

  private waitIdle(msgId: string, ms = 60000): Promise<boolean> {
    return this.until(() => this.childrenOf(msgId).some((m) => m.header.msg_type === "status" && m.content.execution_state === "idle"), ms);
  }

  private waitReply(msgId: string): Promise<Message> {
    const got = this.early.get(msgId);
    if (got) {
      this.early.delete(msgId);
      return Promise.resolve(got);
    }
    return new Promise((resolve) => this.replies.set(msgId, resolve));
  }

  /** Sends a signed message; returns its msg_id. */
  sendRaw(sock: zmq.Dealer, type: string, content: Record<string, unknown>, signer: Signer = this.signer): string {
    const header = newHeader(type, this.session, "test");
    void sock.send(encode({ identities: [], header, parent_header: {}, metadata: {}, content }, signer));
    return header.msg_id;
  }

  /** The raw shell socket (for malformed-message tests). */
  get shellSocket(): zmq.Dealer {
    return this.shell;
  }

  /** Sends a request and waits for its reply and its IOPub idle. */
  async request(type: string, content: Record<string, unknown> = {}, channel: "shell" | "control" = "shell", ms = 120000): Promise<Exchange> {
    const id = this.sendRaw(channel === "shell" ? this.shell : this.control, type, content);
    return this.exchange(id, ms);
  }

  /** Waits for the reply and IOPub idle of an already-sent request. */
  async exchange(id: string, ms = 120000): Promise<Exchange> {
    const reply = await Promise.race([
      this.waitReply(id),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no reply to ${id} within ${ms} ms; kernel stderr:\n${this.stderr}`)), ms).unref()),
    ]);
    await this.waitIdle(id, ms);
    return { reply, iopub: this.childrenOf(id) };
  }

  /** Sends execute_request without waiting (for queueing tests); returns its msg_id. */
  submit(code: string, extra: Record<string, unknown> = {}): string {
    return this.sendRaw(this.shell, "execute_request", { code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true, ...extra });
  }

  /** Runs a cell and waits for it. */
  execute(code: string, extra: Record<string, unknown> = {}): Promise<Exchange> {
    return this.exchange(this.submit(code, extra));
  }

  /** Answers an input_request. */
  sendInput(value: string): void {
    this.sendRaw(this.stdin, "input_reply", { value });
  }

  /** Sends interrupt_request on control. */
  interrupt(): Promise<Exchange> {
    return this.request("interrupt_request", {}, "control");
  }

  /** One heartbeat round trip. */
  async ping(payload = "ping"): Promise<string> {
    await this.hb.send(payload);
    const [r] = await this.hb.receive();
    return r.toString();
  }

  /** Shuts the kernel down (control channel) and closes the sockets. */
  async close(): Promise<number | null> {
    if (this.proc.exitCode === null) {
      const id = this.sendRaw(this.control, "shutdown_request", { restart: false });
      await Promise.race([this.waitReply(id), new Promise((r) => setTimeout(r, 5000))]);
      const t = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(t);
    }
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
    return this.proc.exitCode;
  }

  /** Whether the process is still alive. */
  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}

/** Output messages (not status/execute_input) of an exchange. */
export function outputs(x: Exchange): Message[] {
  return x.iopub.filter((m) => m.header.msg_type !== "status" && m.header.msg_type !== "execute_input");
}

/** The concatenated stream text of an exchange for one stream name. */
export function streamText(x: Exchange | Message[], name = "stdout"): string {
  const msgs = Array.isArray(x) ? x : x.iopub;
  return msgs.filter((m) => m.header.msg_type === "stream" && m.content.name === name).map((m) => String(m.content.text)).join("");
}
