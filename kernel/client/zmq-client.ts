/**
 * Embedded transport: launches a kernel from its kernelspec with a fresh connection file (free
 * loopback ports, random key) and talks ZeroMQ to it through kernel/wire.ts, as nbclient does.
 *
 *   shell, control, stdin: Dealer    iopub: Subscriber (everything)    hb: Request (ping/echo)
 *
 * Death is detected from the process exit (always) and from the heartbeat (no echo for
 * `heartbeatTimeoutS`, while the process still runs: a wedged kernel). The kernel runs in its
 * own process group so a terminal Ctrl-C reaches the runner only; the runner then interrupts
 * the kernel the way its kernelspec asks (`interrupt_request` on control, or SIGINT).
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes, randomUUID } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as zmq from "zeromq";
import { ConnectionInfo, Message } from "../messages";
import { decode, encode, newHeader, Signer } from "../wire";
import { KernelSpec } from "./kernelspec";
import { ClientMessage, ExecuteRequestOptions, IOPubHandler, KernelClient, KernelDiedError, KernelStartError } from "./types";

/** Lines a dying Node (or native addon) prints that say why: V8's fatal errors (heap out of memory), failed assertions, native errors. */
const FATAL_LINE = /^.*(FATAL ERROR:|Fatal JavaScript|Fatal error in|heap out of memory|Assertion failed|Napi::Error|terminate called|Segmentation fault).*$/m;

/**
 * Why a kernel process died, fatal line first: `exited (signal SIGABRT): FATAL ERROR: … heap out of memory`, then
 * the last stderr lines (which, after an OOM, are V8's stack frames). `fatal` is the first fatal line seen on its
 * stderr (kept apart, since the tail may have scrolled past it).
 */
export function deathReason(code: number | null, signal: string | null, stderrTail: string, fatal: string | null = null): string {
  const why = fatal ?? FATAL_LINE.exec(stderrTail)?.[0].trim() ?? null;
  const tail = stderrTail.trim().split("\n").slice(-8).join("\n");
  return `the kernel process exited (${signal ? `signal ${signal}` : `code ${code}`})${why ? `: ${why}` : ""}${tail ? `; its last stderr lines:\n${tail}` : ""}`;
}

/** The first fatal line in a chunk of stderr, or null. */
export function fatalLine(text: string): string | null {
  return FATAL_LINE.exec(text)?.[0].trim() ?? null;
}

/** Options of `launchKernel`. */
export interface LaunchOptions {
  /** Working directory of the kernel (the notebook's folder, as Jupyter does). */
  cwd?: string;
  /** Seconds to wait for the first `kernel_info_reply` (the paperlab kernel preloads TensorFlow.js). */
  startTimeoutS?: number;
  /** Seconds without a heartbeat echo before a running kernel counts as dead (0: process exit only). */
  heartbeatTimeoutS?: number;
  /** Extra environment for the kernel. */
  env?: NodeJS.ProcessEnv;
}

/** Picks `n` distinct free TCP ports on 127.0.0.1 (held open together so they differ). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => resolve());
      });
      ports.push((s.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** Writes a connection file (mode 0600) in a fresh temporary folder; returns its path and contents. */
export async function writeConnectionFile(kernelName: string): Promise<{ file: string; info: ConnectionInfo }> {
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: kernelName,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-kernel-"));
  const file = path.join(dir, `kernel-${randomUUID()}.json`);
  fs.writeFileSync(file, JSON.stringify(info, null, 1), { mode: 0o600 });
  return { file, info };
}

/** Kernel processes we started and have not yet reaped: killed if the runner exits first. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const p of live) {
      try {
        if (p.pid) process.kill(-p.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });
}

function toClientMessage(m: Message): ClientMessage {
  return { header: m.header, parent_header: m.parent_header as ClientMessage["parent_header"], metadata: m.metadata, content: m.content };
}

/** A kernel launched and owned by this process. */
export class EmbeddedKernel implements KernelClient {
  info: Record<string, unknown> = {};
  readonly died: Promise<string>;
  private markDead!: (reason: string) => void;
  private deadReason: string | null = null;
  private readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly stdin = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly replies = new Map<string, (m: ClientMessage) => void>();
  private readonly iopubHandlers = new Map<string, IOPubHandler>();
  private iopubSeen = false;
  private stderrTail = "";
  /** The first line on stderr that says why the process is dying (see deathReason). */
  private fatal: string | null = null;
  private closed = false;
  private hbTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly spec: KernelSpec,
    private readonly proc: ChildProcess,
    private readonly conn: ConnectionInfo,
    private readonly connFile: string,
  ) {
    this.signer = new Signer(conn.key, conn.signature_scheme);
    this.died = new Promise<string>((resolve) => {
      this.markDead = (reason: string) => {
        if (this.deadReason !== null) return;
        this.deadReason = reason;
        resolve(reason);
      };
    });
    proc.stderr?.on("data", (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString("utf8")).slice(-4000);
      this.fatal ??= fatalLine(this.stderrTail);
    });
    proc.stdout?.on("data", () => {});
    proc.on("exit", (code, signal) => {
      live.delete(proc);
      if (!this.closed) {
        this.markDead(deathReason(code, signal, this.stderrTail, this.fatal));
      }
    });
  }

  get description(): string {
    return `embedded ${this.spec.name} kernel (pid ${this.proc.pid})`;
  }

  readonly transport = "local";

  get host(): string {
    return os.hostname();
  }

  /** The uuid of the connection file (`kernel-<id>.json`), as Jupyter names a kernel by it. */
  get id(): string {
    return path.basename(this.connFile, ".json").replace(/^kernel-/, "");
  }

  /** Launches the kernel from `spec` and waits until it answers `kernel_info` and publishes on IOPub. */
  static async launch(spec: KernelSpec, opts: LaunchOptions = {}): Promise<EmbeddedKernel> {
    const { file, info } = await writeConnectionFile(spec.name);
    const argv = spec.argv.map((a) => a.replace(/\{connection_file\}/g, file).replace(/\{resource_dir\}/g, spec.resource_dir));
    installExitHook();
    const proc = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: { ...process.env, ...(spec.env ?? {}), ...(opts.env ?? {}), JPY_PARENT_PID: String(process.pid) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    live.add(proc);
    const spawnError = new Promise<never>((_, reject) =>
      proc.once("error", (err) => reject(new KernelStartError(`cannot start kernel '${spec.name}' (${argv[0]}): ${err.message}`))),
    );
    spawnError.catch(() => {});
    const k = new EmbeddedKernel(spec, proc, info, file);
    k.connect();
    try {
      await Promise.race([k.waitReady((opts.startTimeoutS ?? 120) * 1000), spawnError]);
    } catch (err) {
      await k.shutdown();
      throw err;
    }
    if (opts.heartbeatTimeoutS !== 0) k.startHeartbeat((opts.heartbeatTimeoutS ?? 30) * 1000);
    return k;
  }

  private url(port: number): string {
    return `${this.conn.transport}://${this.conn.ip}:${port}`;
  }

  private connect(): void {
    this.shell.connect(this.url(this.conn.shell_port));
    this.control.connect(this.url(this.conn.control_port));
    this.stdin.connect(this.url(this.conn.stdin_port));
    this.iopub.connect(this.url(this.conn.iopub_port));
    this.iopub.subscribe();
    void this.receiveLoop(this.shell, (m) => this.onReply(m));
    void this.receiveLoop(this.control, (m) => this.onReply(m));
    void this.receiveLoop(this.stdin, (m) => this.onStdin(m));
    void this.receiveLoop(this.iopub, (m) => this.onIOPub(m));
  }

  private async receiveLoop(sock: zmq.Dealer | zmq.Subscriber, handle: (m: ClientMessage) => void): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: Message;
        try {
          msg = decode(frames as Buffer[], this.signer);
        } catch (err) {
          process.stderr.write(`paperlab: dropped a kernel message: ${(err as Error).message}\n`);
          continue;
        }
        handle(toClientMessage(msg));
      }
    } catch (err) {
      if (!this.closed) process.stderr.write(`paperlab: kernel socket failed: ${(err as Error).message}\n`);
    }
  }

  private onReply(m: ClientMessage): void {
    const id = m.parent_header.msg_id;
    const r = id ? this.replies.get(id) : undefined;
    if (r) {
      this.replies.delete(id!);
      r(m);
    }
  }

  private onIOPub(m: ClientMessage): void {
    this.iopubSeen = true;
    const id = m.parent_header.msg_id;
    const h = id ? this.iopubHandlers.get(id) : undefined;
    if (h) h(m);
  }

  /** We never allow stdin, but answer a stray input_request so the kernel does not hang. */
  private onStdin(m: ClientMessage): void {
    if (m.header.msg_type === "input_request") void this.send(this.stdin, "input_reply", { value: "" }, m);
  }

  private async send(sock: zmq.Dealer, msgType: string, content: Record<string, unknown>, parent?: ClientMessage): Promise<string> {
    const header = newHeader(msgType, this.session);
    const frames = encode({ identities: [], header, parent_header: parent?.header ?? {}, metadata: {}, content }, this.signer);
    await sock.send(frames);
    return header.msg_id;
  }

  /** Sends a request and waits for its reply (or death). */
  private async request(sock: zmq.Dealer, msgType: string, content: Record<string, unknown>, timeoutMs?: number): Promise<ClientMessage | null> {
    const header = newHeader(msgType, this.session);
    const reply = new Promise<ClientMessage>((resolve) => this.replies.set(header.msg_id, resolve));
    await sock.send(encode({ identities: [], header, parent_header: {}, metadata: {}, content }, this.signer));
    const timers: NodeJS.Timeout[] = [];
    try {
      return await Promise.race([
        reply,
        this.died.then((r) => Promise.reject(new KernelDiedError(r))),
        ...(timeoutMs ? [new Promise<null>((r) => timers.push(setTimeout(() => r(null), timeoutMs)))] : []),
      ]);
    } finally {
      timers.forEach(clearTimeout);
      this.replies.delete(header.msg_id);
    }
  }

  /**
   * Sends kernel_info_request until a reply arrives and IOPub has delivered a message (a PUB
   * socket drops what it publishes before our subscription is connected: the slow-joiner race).
   */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const reply = await this.request(this.shell, "kernel_info_request", {}, Math.min(2000, Math.max(1, deadline - Date.now())));
      if (reply) {
        this.info = reply.content;
        if (this.iopubSeen) return;
        await new Promise((r) => setTimeout(r, 200));
        if (this.iopubSeen) return;
      }
    }
    throw new KernelStartError(`kernel '${this.spec.name}' did not answer kernel_info within ${Math.round(timeoutMs / 1000)} s${this.stderrTail ? `; its stderr:\n${this.stderrTail.trim().split("\n").slice(-8).join("\n")}` : ""}`);
  }

  private startHeartbeat(timeoutMs: number): void {
    let lastEcho = Date.now();
    let sock: zmq.Request | null = null;
    let waiting = false;
    const ping = async () => {
      if (this.closed || this.deadReason !== null || waiting) return;
      if (!sock) {
        sock = new zmq.Request({ linger: 0, receiveTimeout: 1000 });
        sock.connect(this.url(this.conn.hb_port));
      }
      waiting = true;
      try {
        await sock.send("ping");
        await sock.receive();
        lastEcho = Date.now();
      } catch {
        // No echo within a second: a Request socket cannot send again before it receives, so start over.
        sock?.close();
        sock = null;
        if (Date.now() - lastEcho > timeoutMs && !this.closed) {
          this.markDead(`the kernel stopped answering its heartbeat for ${Math.round(timeoutMs / 1000)} s (pid ${this.proc.pid} still exists; it is wedged)`);
        }
      } finally {
        waiting = false;
      }
    };
    this.hbTimer = setInterval(() => void ping(), 1000);
    this.hbTimer.unref();
    const stop = () => {
      if (this.hbTimer) clearInterval(this.hbTimer);
      (sock as zmq.Request | null)?.close();
    };
    void this.died.then(stop);
    this.stopHeartbeat = stop;
  }
  private stopHeartbeat: () => void = () => {};

  async execute(code: string, onIOPub: IOPubHandler, opts: ExecuteRequestOptions = {}): Promise<ClientMessage> {
    if (this.deadReason !== null) throw new KernelDiedError(this.deadReason);
    const header = newHeader("execute_request", this.session);
    let idle!: () => void;
    const idleSeen = new Promise<void>((r) => (idle = r));
    // The handler stays registered after the cell ends: output a kernel sends late (a timer
    // that fires after the cell) still belongs to the cell that started it.
    this.iopubHandlers.set(header.msg_id, (m) => {
      if (m.header.msg_type === "status" && m.content.execution_state === "idle") idle();
      onIOPub(m);
    });
    const reply = new Promise<ClientMessage>((resolve) => this.replies.set(header.msg_id, resolve));
    const silent = Boolean(opts.silent);
    const content = { code, silent, store_history: !silent, user_expressions: opts.userExpressions ?? {}, allow_stdin: false, stop_on_error: !silent };
    await this.shell.send(encode({ identities: [], header, parent_header: {}, metadata: {}, content }, this.signer));
    const dead = this.died.then((r) => Promise.reject(new KernelDiedError(r)));
    const [r] = await Promise.race([Promise.all([reply, idleSeen]), dead]);
    return r;
  }

  async interrupt(): Promise<void> {
    if (this.deadReason !== null || this.closed) return;
    if (this.spec.interrupt_mode === "message") {
      await this.request(this.control, "interrupt_request", {}, 5000).catch(() => null);
    } else if (this.proc.pid) {
      try {
        process.kill(this.proc.pid, "SIGINT");
      } catch {
        /* already gone */
      }
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    const running = this.proc.exitCode === null && this.proc.signalCode === null;
    if (running && this.deadReason === null) await this.request(this.control, "shutdown_request", { restart: false }, 2000).catch(() => null);
    this.closed = true;
    this.stopHeartbeat();
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise<boolean>((r) => this.proc.once("exit", () => r(true)));
      const wait = (ms: number) => Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
      // A kernel we asked to shut down gets 3 s; a wedged one (dead by heartbeat) is stopped now.
      if (!(await wait(this.deadReason === null ? 3000 : 0))) {
        this.killGroup("SIGTERM");
        if (!(await wait(2000))) {
          this.killGroup("SIGKILL");
          await wait(2000);
        }
      }
    }
    live.delete(this.proc);
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s.close();
    this.iopubHandlers.clear();
    fs.rmSync(path.dirname(this.connFile), { recursive: true, force: true });
  }

  private killGroup(signal: NodeJS.Signals): void {
    try {
      if (this.proc.pid) process.kill(-this.proc.pid, signal);
    } catch {
      /* gone */
    }
  }

  /** The kernel's process id (tests use it to check nothing leaks). */
  get pid(): number | undefined {
    return this.proc.pid;
  }
}
