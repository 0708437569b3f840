/**
 * The kernel's main thread: executes cells and answers shell requests. Sockets live in the I/O
 * thread (io-worker.ts); requests arrive here decoded, replies go back through `send`.
 *
 * Every request is wrapped as   status busy → handler (outputs, reply) → status idle   with the
 * request as parent, idle in `finally`. Outputs of a cell (streams, displays, late timers,
 * unhandled rejections) carry that cell's request as parent through an AsyncLocalStorage.
 */
import { AsyncLocalStorage } from "async_hooks";
import { randomUUID } from "crypto";
import * as fs from "fs";
import { isBuiltin } from "module";
import * as path from "path";
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from "worker_threads";
import { clearOutput, display, DisplayBundle, isNoEcho, setDisplaySink, toMimeBundle } from "../lib/display";
import { denoGlobal } from "../lib/display/deno";
import { tslabModule, tslabVersions } from "../lib/display/tslab";
import { INTERRUPT_SIGNAL_KEY } from "../lib/core/train/interrupt";
import { CommRegistry } from "./comms";
import { CellLanguage, Executor, KernelInterrupt, requiredModules } from "./executor";
import { HistoryStore } from "./history";
import { createInterruptState, DELIVERING, HANDLED, Phase, PHASE, REQUESTED } from "./interrupt-state";
import type { FromIo, IoWorkerData, PlainMessage, ToIo } from "./io-worker";
import { jupyterDataDir, LANGUAGE_ENV, PACKAGE_ROOT } from "./kernelspec";
import { ConnectionInfo, ErrorContent, ExecuteRequest, Header, kernelMessages, PROTOCOL_VERSION } from "./messages";
import { newHeader } from "./wire";
import { Preload } from "./preload";
import { IdleWarmUp, WarmStep } from "./warm-up";

/** The request a piece of output belongs to. */
interface CellContext {
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

/** A timer a cell started, with the function that clears it. */
interface PendingTimer {
  clear(): void;
}

/**
 * How long the kernel must sit idle before it warms the libraries up (ms); `PAPERLAB_KERNEL_IDLE_WARM_MS`
 * overrides it (a large value leaves the loading to the first cell that needs the libraries).
 */
function idleWarmMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.PAPERLAB_KERNEL_IDLE_WARM_MS);
  return env.PAPERLAB_KERNEL_IDLE_WARM_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : 300;
}

type Channel = "shell" | "control" | "iopub" | "stdin";

/** How often the kernel checks that the process in JPY_PARENT_PID is alive (ms). */
const PARENT_POLL_MS = 1000;

/** Declarations of the kernel's own globals (display, clearOutput, comms, input) for the type checker. */
const KERNEL_GLOBALS = `  /**
   * Shows a value as a rich output and returns a Promise of its handle:
   * \`const h = await display(x, { id }); await h.update(y)\` replaces the output in place.
   */
  const display: typeof import("paperlab/dist/lib/display/index").display;
  const clearOutput: typeof import("paperlab/dist/lib/display/index").clearOutput;
  const comms: import("paperlab/dist/kernel/comms").CommRegistry;
  /** Asks the frontend for a line of input (input_request on stdin). */
  function input(prompt?: string, options?: { password?: boolean }): Promise<string>;
  /** Deno's kernel API for notebooks written for \`deno jupyter\`: only \`Deno.jupyter\` (display, html, md, svg, image, format, broadcast). */
  const Deno: typeof import("paperlab/dist/lib/display/deno").denoGlobal;`;

/** The cells' language from the environment (`PAPERLAB_KERNEL_LANGUAGE`); TypeScript unless it says javascript. */
export function cellLanguage(env: NodeJS.ProcessEnv = process.env): CellLanguage {
  return env[LANGUAGE_ENV] === "javascript" ? "javascript" : "typescript";
}

/** kernel_info_reply content. */
export function kernelInfo(language: CellLanguage = "typescript"): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const pkg = require(path.join(PACKAGE_ROOT, "package.json")) as { version: string };
  const converterTs = tslabVersions().typescript;
  const tsVersion = converterTs === "unknown" ? "5" : converterTs;
  const languageInfo =
    language === "javascript"
      ? { name: "javascript", version: process.versions.node, mimetype: "text/javascript", file_extension: ".js", pygments_lexer: "javascript", codemirror_mode: { name: "javascript" } }
      : {
          name: "typescript",
          version: tsVersion,
          mimetype: "text/typescript",
          file_extension: ".ts",
          pygments_lexer: "typescript",
          codemirror_mode: { name: "javascript", typescript: true },
        };
  const cells = language === "javascript" ? "JavaScript, type-checked like jslab" : "TypeScript";
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "paperlab",
    implementation_version: pkg.version,
    language_info: languageInfo,
    banner: `paperlab ${pkg.version}: ${cells} (tslab's converter) on Node ${process.version}, with tf, dfd, vl and lab preloaded`,
    help_links: [{ text: "paperlab", url: "https://github.com/" }],
    debugger: false,
  };
}

/** Code point offset → UTF-16 offset (Jupyter counts cursor positions in code points). */
export function cpToUtf16(s: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** UTF-16 offset → code point offset. */
export function utf16ToCp(s: string, off: number): number {
  return [...s.slice(0, off)].length;
}

/**
 * Why an execute_request's `user_expressions` cannot be run (null when it can): it must be an object of
 * name → expression string (a string would otherwise be evaluated character by character).
 */
export function userExpressionsProblem(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    return `execute_request.content.user_expressions must be an object of name → expression string, got ${Array.isArray(value) ? "an array" : typeof value}; send {} for none`;
  }
  for (const [name, expr] of Object.entries(value)) {
    if (typeof expr !== "string") return `execute_request.content.user_expressions.${name} must be a string expression, got ${typeof expr}`;
  }
  return null;
}

/** Runs the kernel until shutdown; returns the exit code. */
export async function startKernel(connectionFile: string): Promise<number> {
  let conn: ConnectionInfo;
  try {
    conn = JSON.parse(fs.readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  } catch (err) {
    process.stderr.write(`paperlab kernel: cannot read connection file ${connectionFile}: ${(err as Error).message}\n`);
    return 2;
  }
  const kernel = new Kernel(conn);
  return kernel.run();
}

class Kernel {
  private readonly session = randomUUID();
  private readonly worker: Worker;
  private readonly shellPort: MessagePort;
  private readonly als = new AsyncLocalStorage<CellContext>();
  private readonly queue: Array<{ channel: Channel; msg: PlainMessage; abort?: boolean }> = [];
  private readonly pendingInput = new Map<string, { resolve(v: string): void }>();
  private readonly history = new HistoryStore(path.join(jupyterDataDir(), "paperlab", "history.jsonl"));
  private readonly comms: CommRegistry;
  private readonly preload = new Preload(PACKAGE_ROOT);
  private readonly language = cellLanguage();
  private executor: Executor | null = null;
  private warmUp: IdleWarmUp | null = null;
  /** The preloaded globals whose declarations cells see so far (added when a cell first names one). */
  private readonly declared = new Set<string>();
  private executionCount = 0;
  private current: CellContext | null = null;
  private last: CellContext | null = null;
  private pumping = false;
  private exiting = false;
  private resolveExit!: (code: number) => void;
  private readonly origStdout = process.stdout.write.bind(process.stdout);
  private readonly origStderr = process.stderr.write.bind(process.stderr);
  /** Interrupt slots shared with the I/O thread (kernel/interrupt-state.ts). */
  private readonly interruptState = createInterruptState();
  /** When the last interrupt was acted on (a SIGINT just after it is a repeat of the same one). */
  private lastInterruptAt = 0;

  constructor(private readonly conn: ConnectionInfo) {
    const channel = new MessageChannel();
    this.shellPort = channel.port1;
    const data: IoWorkerData = {
      connection: conn,
      kernelInfo: kernelInfo(this.language),
      shellPort: channel.port2,
      session: this.session,
      interruptState: this.interruptState,
    };
    this.worker = new Worker(path.join(__dirname, "io-worker.js"), { workerData: data, transferList: [channel.port2] });
    this.comms = new CommRegistry((type, content) => this.publish(type, content, this.ctx()));
  }

  private log(text: string): void {
    this.origStderr(`paperlab kernel: ${text}\n`);
  }

  private post(m: ToIo): void {
    this.worker.postMessage(m);
  }

  /** The context output belongs to: the async context of the code that produced it, else the running cell. */
  private ctx(): CellContext | null {
    return this.als.getStore() ?? this.current ?? this.last;
  }

  private send(channel: Channel, type: string, content: Record<string, unknown>, parent: Partial<Header>, identities: Uint8Array[] = [], metadata: Record<string, unknown> = {}): void {
    this.post({ type: "send", channel, msg: { identities, header: newHeader(type, this.session), parent_header: parent as Header, metadata, content, buffers: [] } });
  }

  private publish(type: string, content: Record<string, unknown>, ctx: CellContext | null): void {
    this.send("iopub", type, content, ctx?.parent ?? {}, [Buffer.from(`kernel.${type}`)]);
  }

  private reply(channel: Channel, req: PlainMessage, type: string, content: Record<string, unknown>): void {
    this.send(channel, type, content, req.header, req.identities);
  }

  async run(): Promise<number> {
    const exit = new Promise<number>((resolve) => (this.resolveExit = resolve));
    this.installProcessHooks();
    this.worker.on("message", (m: FromIo) => this.onWorkerMessage(m));
    this.worker.on("error", (err) => {
      this.log(`I/O thread error: ${err.stack ?? err}`);
      this.shutdown(1);
    });
    this.worker.on("exit", (code) => {
      if (!this.exiting) {
        this.log(`I/O thread exited (${code}); stopping`);
        this.shutdown(1);
      }
    });
    this.shellPort.on("message", (m: FromIo) => this.onShellPort(m));
    this.watchParent();
    // Build the type checker while the I/O thread starts its sockets (kernel_info does not need it).
    setImmediate(() => this.ensureExecutor());
    return exit;
  }

  /**
   * Jupyter names the process that launched the kernel in JPY_PARENT_PID: when it dies (killed, crashed) the
   * kernel would run on with nobody to talk to, so it exits (as ipykernel does). Polled once a second.
   */
  private watchParent(): void {
    const ppid = Number(process.env.JPY_PARENT_PID);
    if (!Number.isInteger(ppid) || ppid <= 1) return;
    setInterval(() => {
      try {
        process.kill(ppid, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ESRCH") return; // alive, owned by someone else (EPERM)
        this.log(`the process that started this kernel (JPY_PARENT_PID ${ppid}) is gone; shutting down`);
        this.shutdown(0);
      }
    }, PARENT_POLL_MS).unref();
  }

  private onWorkerMessage(m: FromIo): void {
    if (m.type === "ready") {
      // Sockets are up and kernel_info is answered by the I/O thread; the compiler is (being) built.
      setImmediate(() => this.ensureExecutor());
    } else if (m.type === "log") {
      this.log(m.text);
    } else if (m.type === "shutdown") {
      this.shutdown(0);
    } else if (m.type === "request") {
      this.queue.push({ channel: m.channel, msg: m.msg });
      void this.pump();
    }
  }

  private onShellPort(m: FromIo): void {
    if (m.type !== "request") return;
    if (m.channel === "stdin") {
      this.onStdin(m.msg);
      return;
    }
    this.queue.push({ channel: m.channel, msg: m.msg });
    void this.pump();
  }

  /** Moves everything the I/O thread already delivered into the queue (synchronously). */
  private drainShellPort(): void {
    for (;;) {
      const r = receiveMessageOnPort(this.shellPort);
      if (!r) return;
      this.onShellPortQueueOnly(r.message as FromIo);
    }
  }

  private onShellPortQueueOnly(m: FromIo): void {
    if (m.type !== "request") return;
    if (m.channel === "stdin") this.onStdin(m.msg);
    else this.queue.push({ channel: m.channel, msg: m.msg });
  }

  private ensureExecutor(): Executor {
    if (this.executor) return this.executor;
    const t0 = Date.now();
    this.preload.install();
    const executor = new Executor({
      rootDir: process.cwd(),
      packageRoot: PACKAGE_ROOT,
      // The preloaded globals' declarations (tf, dfd, vl, lab: seconds of type loading) join once a cell names them.
      prelude: (src) => {
        for (const name of this.preload.mentionedGlobals(src)) this.declared.add(name);
        return this.preload.prelude(KERNEL_GLOBALS, this.declared);
      },
      globals: [...this.preload.names(), "display", "clearOutput", "comms", "input"],
      // Deno's namespace for cells only: on globalThis it would make packages think they run on Deno.
      cellGlobals: { Deno: () => denoGlobal },
      // tslab's public API (display, newDisplay, versions) on this kernel's display path.
      modules: { tslab: tslabModule, "tslab/dist/public": tslabModule },
      language: this.language,
      beforeRun: ({ src, js }) => this.loadLibrariesFor(src, js),
      onAwait: () => Atomics.store(this.interruptState, PHASE, Phase.cell),
    });
    this.executor = executor;
    for (const e of executor.tsconfigErrors) this.log(`tsconfig.json: ${e}`);
    if (process.env.PAPERLAB_KERNEL_DEBUG) this.log(`compiler ready in ${Date.now() - t0} ms`);
    // No preloaded globals (PAPERLAB_KERNEL_PRELOAD=0, or a checkout without them): nothing to warm up.
    const steps: WarmStep[] = this.preload.names().length === 0 ? [] : [
      {
        // Every global's declarations, so that the first cell naming one does not pay for loading them.
        name: "type declarations",
        idleOnly: true,
        run: async () => {
          for (const name of this.preload.names()) this.declared.add(name);
          executor.prepareTypes();
        },
      },
      ...this.preload.warmSteps().map((step, i): WarmStep => ({
        name: `libraries ${i + 1}`,
        run: async () => {
          const problem = await step();
          if (problem) this.log(problem);
          // Emscripten modules (tfjs-backend-wasm) install process handlers that rethrow.
          this.guardProcessHandlers();
        },
      })),
    ];
    if (process.env.PAPERLAB_KERNEL_DEBUG) {
      for (const step of steps) {
        const run = step.run;
        step.run = async () => {
          const t = Date.now();
          await run();
          this.log(`warm-up: ${step.name} in ${Date.now() - t} ms`);
        };
      }
    }
    this.warmUp = new IdleWarmUp(steps, () => !this.pumping && this.queue.length === 0, idleWarmMs(), (step, err) =>
      this.log(`warm-up step '${step.name}' failed: ${(err as Error).stack ?? err}`),
    );
    this.warmUp.idle();
    return executor;
  }

  /**
   * Before a cell runs: when it names a preloaded global or imports a package (which may use
   * TensorFlow.js, whose backend must be chosen first), finishes the warm-up, showing a note in the
   * cell meanwhile (cleared before the cell's own outputs). Cells that need neither run at once.
   */
  private async loadLibrariesFor(src: string, js: string): Promise<void> {
    const warmUp = this.warmUp;
    if (!warmUp || warmUp.done) return;
    const imports = requiredModules(js).some((m) => !isBuiltin(m) && m !== "tslab" && m !== "tslab/dist/public");
    if (!imports && this.preload.mentionedGlobals(src).length === 0) return;
    const ctx = this.ctx();
    const note = ctx && !ctx.silent;
    if (note) this.publish("display_data", { data: { "text/plain": kernelMessages.loadingLibraries(this.preload.names().filter((n) => n !== "dfd")) }, metadata: {}, transient: {} }, ctx);
    // Outside the cell's context: the warm-up's own timers are not the cell's, and go on if it is interrupted.
    await this.als.exit(() => warmUp.now());
    if (note) this.publish("clear_output", { wait: false }, ctx);
  }

  private installProcessHooks(): void {
    const self = this;
    const hook = (name: "stdout" | "stderr", orig: typeof process.stdout.write) =>
      function write(chunk: unknown, enc?: unknown, cb?: unknown): boolean {
        const ctx = self.ctx();
        if (!ctx || self.exiting) return (orig as (...a: unknown[]) => boolean)(chunk, enc, cb);
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof enc === "string" ? (enc as BufferEncoding) : "utf8");
        self.publish("stream", { name, text }, ctx);
        const done = typeof enc === "function" ? enc : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
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
    const g = globalThis as Record<string, unknown>;
    g.display = display;
    g.clearOutput = clearOutput;
    g.comms = this.comms;
    g.input = (prompt = "", options: { password?: boolean } = {}) => this.input(prompt, Boolean(options.password));

    process.on("SIGINT", () => this.onSigint());
    (globalThis as Record<symbol, unknown>)[INTERRUPT_SIGNAL_KEY] = () => this.als.getStore()?.abort?.signal;
    this.trackTimers();
    // A cell that calls process.exit() still leaves its input in the history.
    process.on("exit", () => this.history.flush());
    // process.exit() in a cell: leaving at once would tear down the I/O thread's sockets under it (a native abort).
    // Shut down as a shutdown_request does instead, with the cell's code, after saying so in the cell.
    const realExit = process.exit.bind(process);
    const cellExit = (code?: number | string | null): never => {
      if (this.exiting) return realExit(code);
      const n = Number(code ?? process.exitCode ?? 0);
      const exitCode = Number.isInteger(n) ? n : 1;
      const ctx = this.ctx();
      if (ctx) this.publish("stream", { name: "stderr", text: kernelMessages.cellExited(exitCode) }, ctx);
      this.als.exit(() => this.shutdown(exitCode));
      // The cell's code must not go on: this ends it like an uncaught error (its reply may not get out).
      throw new Error(kernelMessages.cellExited(exitCode).trim());
    };
    process.exit = cellExit;
    const reportLate = (err: unknown) => {
      const ctx = this.ctx();
      // An interrupted cell's work stopping in the background (lib.train's signal check) was already reported.
      if (ctx?.abort?.signal.aborted && err === ctx.abort.signal.reason) return;
      const e = this.executor ? this.executor.runtimeError(err) : { ename: "Error", evalue: String(err), traceback: [String(err)] };
      if (!ctx) {
        this.log(`unhandled error outside any cell: ${e.traceback.join("\n")}`);
        return;
      }
      this.publish("error", { ...e, ename: `Unhandled ${e.ename}`, traceback: ["(raised after its cell finished or without being awaited)", ...e.traceback] }, ctx);
    };
    this.reportLate = reportLate;
    this.guardProcessHandlers();
  }

  private reportLate: (err: unknown) => void = () => undefined;

  /**
   * SIGINT: from the I/O thread (interrupt_request, repeated until handled) or from outside (a terminal's Ctrl-C).
   * A signal that arrives when every requested interrupt is handled, within a second of the last one, is a
   * repeat of it (sent while `vm` had already stopped the cell) and must not interrupt the next cell.
   */
  private onSigint(): void {
    const requested = Atomics.load(this.interruptState, REQUESTED);
    const fresh = requested > Atomics.load(this.interruptState, HANDLED);
    if (!fresh && Date.now() - this.lastInterruptAt < 1000) return;
    this.markInterruptHandled();
    this.executor?.interrupt();
  }

  /** Tells the I/O thread that every interrupt asked for so far was acted on (it stops repeating it). */
  private markInterruptHandled(): void {
    Atomics.store(this.interruptState, HANDLED, Atomics.load(this.interruptState, REQUESTED));
    this.lastInterruptAt = Date.now();
  }

  /**
   * Records the timers a cell starts (setTimeout, setInterval, setImmediate called in its async context), so
   * that an interrupt can clear them: an interrupted cell's polling loops and delayed steps do not run on.
   */
  private trackTimers(): void {
    const g = globalThis;
    const als = this.als;
    const wrap = <H>(orig: (...args: never[]) => H, clear: (h: H) => void, repeats: boolean): ((...args: unknown[]) => H) => {
      const wrapped = function (this: unknown, cb: unknown, ...rest: unknown[]): H {
        const timers = als.getStore()?.timers;
        if (!timers || typeof cb !== "function") return Reflect.apply(orig, this, [cb, ...rest]) as H;
        const entry: PendingTimer = { clear: () => undefined };
        const fn = cb as (...a: unknown[]) => unknown;
        const h = Reflect.apply(orig, this, [
          function (this: unknown, ...args: unknown[]): unknown {
            if (!repeats) timers.delete(entry);
            return fn.apply(this, args);
          },
          ...rest,
        ]) as H;
        entry.clear = () => clear(h);
        timers.add(entry);
        return h;
      };
      // util.promisify(setTimeout) and friends keep working: copy the custom promisified versions.
      Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(orig));
      return wrapped;
    };
    const { setTimeout: st, setInterval: si, setImmediate: sm, clearTimeout: ct, clearInterval: ci, clearImmediate: cm } = g;
    g.setTimeout = wrap(st, ct, false) as unknown as typeof setTimeout;
    g.setInterval = wrap(si, ci, true) as unknown as typeof setInterval;
    g.setImmediate = wrap(sm, cm, false) as unknown as typeof setImmediate;
  }

  /**
   * Waits (at most a second) until the I/O thread has stopped repeating the interrupt, plus a moment for a
   * signal already sent to arrive, so that a repeat meant for this cell cannot stop the next one.
   */
  private async interruptDelivered(): Promise<void> {
    const wait = (ms: number) => new Promise<void>((r) => this.als.exit(() => setTimeout(r, ms)));
    for (let i = 0; i < 100 && Atomics.load(this.interruptState, DELIVERING) === 1; i++) await wait(10);
    await wait(20);
  }

  /** Stops what an interrupted cell left running: its timers, and (through its signal) library loops. */
  private stopCell(ctx: CellContext, reason: unknown): void {
    for (const t of ctx.timers ?? []) t.clear();
    ctx.timers?.clear();
    ctx.abort?.abort(reason);
  }

  /**
   * Keeps the kernel's own handlers as the only ones for uncaught errors: emscripten modules
   * (tfjs-backend-wasm) install handlers that rethrow, which would kill the kernel.
   */
  private guardProcessHandlers(): void {
    for (const ev of ["unhandledRejection", "uncaughtException"] as const) {
      for (const l of process.listeners(ev as "uncaughtException")) if (l !== this.reportLate) process.removeListener(ev, l);
      if (!process.listeners(ev as "uncaughtException").includes(this.reportLate)) process.on(ev, this.reportLate);
    }
  }

  private input(prompt: string, password: boolean): Promise<string> {
    const ctx = this.ctx();
    if (!ctx || !ctx.allowStdin) {
      return Promise.reject(new Error("input(): this frontend does not accept input (allow_stdin is false); pass the value in code instead"));
    }
    return new Promise<string>((resolve) => {
      const id = randomUUID();
      this.pendingInput.set(id, { resolve });
      this.send("stdin", "input_request", { prompt, password }, ctx.parent, ctx.identities);
    });
  }

  private onStdin(msg: PlainMessage): void {
    if (msg.header.msg_type !== "input_reply") return;
    const first = this.pendingInput.entries().next();
    if (first.done) return;
    this.pendingInput.delete(first.value[0]);
    first.value[1].resolve(String((msg.content as { value?: unknown }).value ?? ""));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.warmUp?.busy();
    try {
      while (this.queue.length && !this.exiting) {
        const item = this.queue.shift()!;
        await this.handle(item.channel, item.msg, Boolean(item.abort));
        // After the reply, never between a cell's type check and its start (where a SIGINT must not wait on I/O).
        this.history.flush();
      }
    } finally {
      this.pumping = false;
      this.warmUp?.idle();
    }
  }

  private async handle(channel: Channel, msg: PlainMessage, abort: boolean): Promise<void> {
    const type = msg.header.msg_type;
    this.publish("status", { execution_state: "busy" }, { parent: msg.header, identities: [], allowStdin: false });
    try {
      await this.dispatch(channel, msg, abort);
    } catch (err) {
      this.log(`${type} failed: ${(err as Error).stack ?? err}`);
      if (type.endsWith("_request")) {
        this.reply(channel, msg, type.replace(/_request$/, "_reply"), {
          status: "error",
          ename: "KernelError",
          evalue: `the kernel could not handle this ${type}: ${(err as Error).message}`,
          traceback: [],
        });
      }
    } finally {
      this.publish("status", { execution_state: "idle" }, { parent: msg.header, identities: [], allowStdin: false });
    }
  }

  private async dispatch(channel: Channel, msg: PlainMessage, abort: boolean): Promise<void> {
    const c = msg.content as Record<string, unknown>;
    const type = msg.header.msg_type;
    switch (type) {
      case "execute_request":
        return this.execute(channel, msg, abort);
      case "complete_request": {
        const code = String(c.code ?? "");
        const cursor = cpToUtf16(code, typeof c.cursor_pos === "number" ? c.cursor_pos : code.length);
        const r = this.ensureExecutor().complete(code, cursor);
        this.reply(channel, msg, "complete_reply", {
          status: "ok",
          matches: r.matches,
          cursor_start: utf16ToCp(code, r.cursor_start),
          cursor_end: utf16ToCp(code, r.cursor_end),
          metadata: {
            _jupyter_types_experimental: r.types.map((t) => ({ ...t, start: utf16ToCp(code, t.start), end: utf16ToCp(code, t.end) })),
          },
        });
        return;
      }
      case "inspect_request": {
        const code = String(c.code ?? "");
        const cursor = cpToUtf16(code, typeof c.cursor_pos === "number" ? c.cursor_pos : code.length);
        const r = this.ensureExecutor().inspect(code, cursor);
        this.reply(channel, msg, "inspect_reply", {
          status: "ok",
          found: Boolean(r),
          data: r ? { "text/plain": r.text, "text/markdown": r.markdown } : {},
          metadata: {},
        });
        return;
      }
      case "is_complete_request": {
        const r = this.ensureExecutor().isComplete(String(c.code ?? ""));
        this.reply(channel, msg, "is_complete_reply", r);
        return;
      }
      case "history_request":
        this.reply(channel, msg, "history_reply", { status: "ok", history: this.history.query(c) });
        return;
      case "comm_info_request":
        this.reply(channel, msg, "comm_info_reply", { status: "ok", comms: this.comms.info(typeof c.target_name === "string" ? c.target_name : undefined) });
        return;
      case "comm_open":
      case "comm_msg":
      case "comm_close": {
        const ctx: CellContext = { parent: msg.header, identities: msg.identities, allowStdin: false };
        this.als.run(ctx, () => {
          try {
            if (type === "comm_open") this.comms.handleOpen(c);
            else if (type === "comm_msg") this.comms.handleMsg(c);
            else this.comms.handleClose(c);
          } catch (err) {
            this.publish("error", this.ensureExecutor().runtimeError(err) as unknown as Record<string, unknown>, ctx);
          }
        });
        return;
      }
      case "kernel_info_request":
        this.reply(channel, msg, "kernel_info_reply", kernelInfo(this.language));
        return;
      case "shutdown_request": {
        const restart = Boolean(c.restart);
        this.reply(channel, msg, "shutdown_reply", { status: "ok", restart });
        setTimeout(() => this.shutdown(0), 50);
        return;
      }
      case "interrupt_request":
        this.executor?.interrupt();
        this.reply(channel, msg, "interrupt_reply", { status: "ok" });
        return;
      default:
        this.log(`ignoring unsupported ${channel} message ${type}`);
        if (type.endsWith("_request")) {
          this.reply(channel, msg, type.replace(/_request$/, "_reply"), {
            status: "error",
            ename: "UnsupportedRequest",
            evalue: `paperlab does not implement ${type} (protocol ${PROTOCOL_VERSION})`,
            traceback: [],
          });
        }
    }
  }

  private async execute(channel: Channel, msg: PlainMessage, abort: boolean): Promise<void> {
    const req = msg.content as unknown as ExecuteRequest;
    if (typeof req.code !== "string") {
      this.reply(channel, msg, "execute_reply", {
        status: "error",
        execution_count: this.executionCount,
        ename: "BadRequest",
        evalue: "execute_request.content.code must be a string",
        traceback: [],
      });
      return;
    }
    const badExpressions = userExpressionsProblem(req.user_expressions);
    if (badExpressions) {
      this.reply(channel, msg, "execute_reply", {
        status: "error",
        execution_count: this.executionCount,
        ename: "BadRequest",
        evalue: badExpressions,
        traceback: [],
        user_expressions: {},
      });
      return;
    }
    if (abort) {
      this.reply(channel, msg, "execute_reply", {
        status: "error",
        execution_count: this.executionCount,
        ename: "ExecutionAborted",
        evalue: "not run: an earlier cell failed and this request has stop_on_error set",
        traceback: ["ExecutionAborted: not run because an earlier cell failed (stop_on_error)"],
      });
      return;
    }
    const silent = Boolean(req.silent);
    const storeHistory = silent ? false : req.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    const ctx: CellContext = {
      parent: msg.header,
      identities: msg.identities,
      allowStdin: req.allow_stdin !== false,
      silent,
      abort: new AbortController(),
      timers: new Set(),
    };
    if (!silent) this.publish("execute_input", { code: req.code, execution_count: count }, ctx);
    if (storeHistory) this.history.add(count, req.code);

    const executor = this.ensureExecutor();
    // An empty silent request is how headless runners warm a kernel up: it waits for the libraries, and
    // (declaring every global) the empty cell below loads their types, so no cell's timeout pays for either.
    if (silent && req.code.trim() === "") {
      for (const name of this.preload.names()) this.declared.add(name);
      await this.warmUp?.now();
    }
    this.guardProcessHandlers();
    this.current = ctx;
    this.last = ctx;
    let error: ErrorContent | null = null;
    const userExpressions: Record<string, unknown> = {};
    try {
      await this.als.run(ctx, async () => {
        Atomics.store(this.interruptState, PHASE, Phase.kernel);
        const out = await executor.execute(req.code, `cell ${count}`);
        Atomics.store(this.interruptState, PHASE, Phase.kernel);
        if (out.status === "error") {
          error = out.error;
          if (out.kind === "interrupt") {
            this.markInterruptHandled();
            this.stopCell(ctx, new KernelInterrupt());
            await this.interruptDelivered();
          }
          return;
        }
        // A display handle (`await lab.viz.show(...)`, `await display(x)`) is not the cell's result: no echo.
        if (out.hasValue && !silent && !isNoEcho(out.value)) {
          const b = await this.bundle(out.value);
          this.publish("execute_result", { execution_count: count, data: b.data, metadata: b.metadata }, ctx);
          if (storeHistory) this.history.setOutput(count, String(b.data["text/plain"] ?? ""));
        }
        for (const [name, expr] of Object.entries(req.user_expressions ?? {})) {
          const r = await executor.execute(String(expr), `user expression ${name}`);
          Atomics.store(this.interruptState, PHASE, Phase.kernel);
          userExpressions[name] =
            r.status === "ok" ? { status: "ok", ...(await this.bundle(r.value)) } : { status: "error", ...r.error };
        }
      });
    } finally {
      Atomics.store(this.interruptState, PHASE, Phase.none);
      this.current = null;
      this.guardProcessHandlers();
    }
    // The cell's rows reach the file before its reply: a client that reads history.jsonl on the reply sees them.
    this.history.flush();
    if (error) {
      const e = error as ErrorContent;
      this.publish("error", { ename: e.ename, evalue: e.evalue, traceback: e.traceback }, ctx);
      this.reply(channel, msg, "execute_reply", { status: "error", execution_count: count, ename: e.ename, evalue: e.evalue, traceback: e.traceback, user_expressions: {} });
      if (req.stop_on_error !== false) {
        // Only what is already queued now, and only requests that ask for it, are not run.
        this.drainShellPort();
        for (const q of this.queue) {
          if (q.msg.header.msg_type === "execute_request" && (q.msg.content as { stop_on_error?: unknown }).stop_on_error !== false) q.abort = true;
        }
      }
      return;
    }
    this.reply(channel, msg, "execute_reply", { status: "ok", execution_count: count, user_expressions: userExpressions, payload: [] });
  }

  /** A value's MIME bundle; a formatter that throws falls back to text/plain with a note on stderr. */
  private async bundle(value: unknown): Promise<DisplayBundle> {
    try {
      return await toMimeBundle(value);
    } catch (err) {
      process.stderr.write(`display failed: ${(err as Error).message}\n`);
      return { data: { "text/plain": String(value) }, metadata: {} };
    }
  }

  private shutdown(code: number): void {
    if (this.exiting) return;
    this.exiting = true;
    this.history.flush();
    try {
      this.executor?.close();
    } catch {
      /* closing watchers is best effort */
    }
    this.post({ type: "close" });
    // Give the I/O thread a moment to flush the last replies, then leave.
    setTimeout(() => {
      this.resolveExit(code);
      process.exit(code);
    }, 100).unref();
    setTimeout(() => process.exit(code), 100);
  }
}
