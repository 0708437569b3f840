/**
 * The kernel's main thread: executes cells and answers shell requests. Sockets live in the I/O
 * thread (io-worker.ts), which also answers the control requests (control.ts); the rest arrive here
 * decoded, queued (queue.ts), dispatched through a handler table keyed by message type (handlers.ts:
 * busy → handler → idle), cells run by execute.ts, output routed to its cell by output.ts.
 *
 * This file wires those together and owns the process: the executor and its warm-up, the preloaded
 * globals, SIGINT, process.exit in cells, late errors, the parent watch and shutdown.
 */
import { randomUUID } from "crypto";
import * as fs from "fs";
import { isBuiltin } from "module";
import * as path from "path";
import { MessageChannel, Worker } from "worker_threads";
import { clearOutput, display } from "../lib/display";
import { denoGlobal } from "../lib/display/deno";
import { tslabModule, tslabVersions } from "../lib/display/tslab";
import { INTERRUPT_SIGNAL_KEY, interruptSignal } from "../lib/core/train/interrupt";
import { cellTimersPromises, trackCellTimers } from "./cell-timers";
import { CommRegistry } from "./comms";
import { CellRunner } from "./execute";
import { CellLanguage, Executor, KernelInterrupt } from "./executor";
import { CodeAtCursor, dispatch, HandlerTable, numberField, stringField } from "./handlers";
import { hardInterruptEnabled, installArmer, TerminationSentinel } from "./hard-interrupt";
import { HistoryStore } from "./history";
import { createInterruptState, enterSync, HANDLED, markHandled, Phase, PHASE, setPhase, signalledLastEntry } from "./interrupt-state";
import type { FromIo, IoWorkerData, PlainMessage, ToIo } from "./io-worker";
import { jupyterDataDir, LANGUAGE_ENV, PACKAGE_ROOT } from "./kernelspec";
import { ConnectionInfo, kernelMessages, PROTOCOL_VERSION } from "./messages";
import { requiredModules } from "./module-resolver";
import { CellContext, KernelOutput } from "./output";
import { Preload } from "./preload";
import { RequestQueue } from "./queue";
import { IdleWarmUp, WarmStep } from "./warm-up";

/**
 * How long the kernel must sit idle before it warms the libraries up (ms); `PAPERLAB_KERNEL_IDLE_WARM_MS`
 * overrides it (a large value leaves the loading to the first cell that needs the libraries).
 */
function idleWarmMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.PAPERLAB_KERNEL_IDLE_WARM_MS);
  return env.PAPERLAB_KERNEL_IDLE_WARM_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : 300;
}

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
  private readonly out: KernelOutput;
  private readonly queue: RequestQueue;
  private readonly cells: CellRunner;
  private readonly handlers: HandlerTable;
  private readonly pendingInput = new Map<string, { resolve(v: string): void }>();
  private readonly history = new HistoryStore(path.join(jupyterDataDir(), "paperlab", "history.jsonl"));
  private readonly comms: CommRegistry;
  private readonly preload = new Preload(PACKAGE_ROOT);
  private readonly language = cellLanguage();
  private executor: Executor | null = null;
  private warmUp: IdleWarmUp | null = null;
  /** The preloaded globals whose declarations cells see so far (added when a cell first names one). */
  private readonly declared = new Set<string>();
  private exiting = false;
  private resolveExit!: (code: number) => void;
  /** Interrupt slots shared with the I/O thread (kernel/interrupt-state.ts). */
  private readonly interruptState = createInterruptState();
  /** The running cell's code was terminated by a hard interrupt (its catch/finally blocks did not run). */
  private hardInterrupted = false;

  constructor(conn: ConnectionInfo) {
    const channel = new MessageChannel();
    const data: IoWorkerData = {
      connection: conn,
      kernelInfo: kernelInfo(this.language),
      shellPort: channel.port2,
      session: this.session,
      interruptState: this.interruptState,
    };
    this.worker = new Worker(path.join(__dirname, "io-worker.js"), { workerData: data, transferList: [channel.port2] });
    this.out = new KernelOutput(this.session, (m) => this.worker.postMessage(m));
    this.comms = new CommRegistry((type, content) => this.out.publish(type, content, this.out.ctx()));
    this.queue = new RequestQueue(channel.port1, {
      handle: (item) => dispatch(this.handlers, this.out, item.channel, item.msg, Boolean(item.abort)),
      onStdin: (msg) => this.onStdin(msg),
      stopped: () => this.exiting,
      // After the reply, never between a cell's type check and its start (where a SIGINT must not wait on I/O).
      afterEach: () => this.history.flush(),
      busy: () => this.warmUp?.busy(),
      idle: () => this.warmUp?.idle(),
    });
    this.cells = new CellRunner({
      out: this.out,
      history: this.history,
      executor: () => this.ensureExecutor(),
      interruptState: this.interruptState,
      warmUpNow: async () => {
        for (const name of this.preload.names()) this.declared.add(name);
        await this.warmUp?.now();
      },
      guardProcessHandlers: () => this.guardProcessHandlers(),
      abortQueuedCells: () => this.queue.abortQueuedCells(),
      takeHardInterrupt: () => {
        const hard = this.hardInterrupted;
        this.hardInterrupted = false;
        return hard;
      },
    });
    this.handlers = this.handlerTable();
  }

  /** The handler of each request type the main thread answers (control requests: control.ts, in the I/O thread). */
  private handlerTable(): HandlerTable {
    // Jupyter counts cursor_pos in code points, JavaScript strings in UTF-16 units: converted once, here.
    const code = (c: Record<string, unknown>): CodeAtCursor => {
      const src = stringField(c, "code");
      return { code: src, cursor: cpToUtf16(src, numberField(c, "cursor_pos") ?? [...src].length) };
    };
    const comm = (c: Record<string, unknown>) => ({ comm_id: c.comm_id, target_name: c.target_name, data: c.data });
    return {
      execute_request: this.cells,
      complete_request: {
        decode: code,
        handle: ({ channel, msg, content: c }) => {
          const r = this.ensureExecutor().complete(c.code, c.cursor);
          this.out.reply(channel, msg, "complete_reply", {
            status: "ok",
            matches: r.matches,
            cursor_start: utf16ToCp(c.code, r.cursor_start),
            cursor_end: utf16ToCp(c.code, r.cursor_end),
            metadata: {
              _jupyter_types_experimental: r.types.map((t) => ({ ...t, start: utf16ToCp(c.code, t.start), end: utf16ToCp(c.code, t.end) })),
            },
          });
        },
      },
      inspect_request: {
        decode: code,
        handle: ({ channel, msg, content: c }) => {
          const r = this.ensureExecutor().inspect(c.code, c.cursor);
          this.out.reply(channel, msg, "inspect_reply", {
            status: "ok",
            found: Boolean(r),
            data: r ? { "text/plain": r.text, "text/markdown": r.markdown } : {},
            metadata: {},
          });
        },
      },
      is_complete_request: {
        decode: (c) => ({ code: stringField(c, "code") }),
        handle: ({ channel, msg, content: c }) => this.out.reply(channel, msg, "is_complete_reply", this.ensureExecutor().isComplete(c.code)),
      },
      history_request: {
        decode: (c) => c,
        handle: ({ channel, msg, content }) => this.out.reply(channel, msg, "history_reply", { status: "ok", history: this.history.query(content) }),
      },
      comm_info_request: {
        decode: (c) => ({ target_name: typeof c.target_name === "string" ? c.target_name : undefined }),
        handle: ({ channel, msg, content }) => this.out.reply(channel, msg, "comm_info_reply", { status: "ok", comms: this.comms.info(content.target_name) }),
      },
      comm_open: { decode: comm, handle: ({ msg, content }) => this.onComm(msg, () => this.comms.handleOpen(content)) },
      comm_msg: { decode: comm, handle: ({ msg, content }) => this.onComm(msg, () => this.comms.handleMsg(content)) },
      comm_close: { decode: comm, handle: ({ msg, content }) => this.onComm(msg, () => this.comms.handleClose(content)) },
    };
  }

  /** Runs a comm message's handler in the message's context; its error becomes an `error` output there. */
  private onComm(msg: PlainMessage, run: () => void): void {
    const ctx: CellContext = { parent: msg.header, identities: msg.identities, allowStdin: false };
    this.out.als.run(ctx, () => {
      try {
        run();
      } catch (err) {
        this.out.publish("error", this.ensureExecutor().runtimeError(err) as unknown as Record<string, unknown>, ctx);
      }
    });
  }

  private log(text: string): void {
    this.out.log(text);
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
    } else if (m.type === "interrupt") {
      // Asked for before this cell started (HANDLED is moved on then), or already stopped by its SIGINT: nothing to do.
      if (m.seq <= Atomics.load(this.interruptState, HANDLED)) return;
      this.interruptCell();
    } else if (m.type === "log") {
      this.log(m.text);
    } else if (m.type === "shutdown") {
      this.shutdown(0);
    } else if (m.type === "request" && m.channel !== "stdin") {
      this.queue.push({ channel: m.channel, msg: m.msg });
    }
  }

  private ensureExecutor(): Executor {
    if (this.executor) return this.executor;
    const t0 = Date.now();
    this.preload.install();
    const timersPromises = cellTimersPromises(interruptSignal);
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
      // timers/promises with the cell's interrupt signal: an interrupted cell's sleeps end (cell-timers.ts).
      modules: { tslab: tslabModule, "tslab/dist/public": tslabModule, "timers/promises": () => timersPromises, "node:timers/promises": () => timersPromises },
      language: this.language,
      beforeRun: ({ src, js }) => this.loadLibrariesFor(src, js),
      onAwait: () => setPhase(this.interruptState, Phase.cell),
      interruptSignal: () => this.out.als.getStore()?.abort?.signal,
      sync: {
        enter: () => enterSync(this.interruptState),
        leave: () => setPhase(this.interruptState, Phase.kernel),
        signalled: () => signalledLastEntry(this.interruptState),
      },
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
    this.warmUp = new IdleWarmUp(steps, () => this.queue.isIdle, idleWarmMs(), (step, err) =>
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
    const ctx = this.out.ctx();
    const note = ctx && !ctx.silent;
    if (note) this.out.publish("display_data", { data: { "text/plain": kernelMessages.loadingLibraries(this.preload.names().filter((n) => n !== "dfd")) }, metadata: {}, transient: {} }, ctx);
    // Outside the cell's context: the warm-up's own timers are not the cell's, and go on if it is interrupted.
    await this.out.als.exit(() => warmUp.now());
    if (note) this.out.publish("clear_output", { wait: false }, ctx);
  }

  private installProcessHooks(): void {
    this.out.capture(() => this.exiting);
    const g = globalThis as Record<string, unknown>;
    g.display = display;
    g.clearOutput = clearOutput;
    g.comms = this.comms;
    g.input = (prompt = "", options: { password?: boolean } = {}) => this.input(prompt, Boolean(options.password));

    process.on("SIGINT", () => this.onSigint());
    if (hardInterruptEnabled()) installArmer({
      state: this.interruptState,
      als: this.out.als,
      onArmed: () => {
        this.hardInterrupted = true;
        this.log("hard interrupt: the cell's code is busy after an await; terminating it");
      },
      onDeclined: (why) => this.log(`hard interrupt not possible: ${why}`),
    });
    (globalThis as Record<symbol, unknown>)[INTERRUPT_SIGNAL_KEY] = () => this.out.als.getStore()?.abort?.signal;
    trackCellTimers(this.out.als);
    // A cell that calls process.exit() still leaves its input in the history.
    process.on("exit", () => this.history.flush());
    // process.exit() in a cell: leaving at once would tear down the I/O thread's sockets under it (a native abort).
    // Shut down as a shutdown_request does instead, with the cell's code, after saying so in the cell.
    const realExit = process.exit.bind(process);
    const cellExit = (code?: number | string | null): never => {
      if (this.exiting) return realExit(code);
      const n = Number(code ?? process.exitCode ?? 0);
      const exitCode = Number.isInteger(n) ? n : 1;
      const ctx = this.out.ctx();
      if (ctx) this.out.publish("stream", { name: "stderr", text: kernelMessages.cellExited(exitCode) }, ctx);
      this.out.als.exit(() => this.shutdown(exitCode));
      // The cell's code must not go on: this ends it like an uncaught error (its reply may not get out).
      throw new Error(kernelMessages.cellExited(exitCode).trim());
    };
    process.exit = cellExit;
    this.reportLate = (err: unknown) => {
      // Thrown on purpose after a hard interrupt: Node's uncaught-exception path clears the async id stack.
      if (err instanceof TerminationSentinel) return;
      const ctx = this.out.ctx();
      // An interrupted cell's work stopping in the background (lib.train's signal check) was already reported.
      // So was a timers/promises sleep it had not awaited (an AbortError caused by the interrupt).
      if (ctx?.abort?.signal.aborted && (err === ctx.abort.signal.reason || (err instanceof Error && err.cause === ctx.abort.signal.reason))) return;
      const e = this.executor ? this.executor.runtimeError(err) : { ename: "Error", evalue: String(err), traceback: [String(err)] };
      if (!ctx) {
        this.log(`unhandled error outside any cell: ${e.traceback.join("\n")}`);
        return;
      }
      this.out.publish("error", { ...e, ename: `Unhandled ${e.ename}`, traceback: ["(raised after its cell finished or without being awaited)", ...e.traceback] }, ctx);
    };
    this.guardProcessHandlers();
  }

  private reportLate: (err: unknown) => void = () => undefined;

  /**
   * SIGINT from outside (a terminal's Ctrl-C, a client with interrupt_mode "signal"). The I/O thread's own SIGINTs
   * only go into a cell's synchronous part, where `vm`'s watchdog takes them and this listener is not installed.
   */
  private onSigint(): void {
    this.interruptCell();
  }

  /**
   * Interrupts the running cell, if any: the kernel stops awaiting it (its own pending awaits never resume), or it
   * does not start.
   */
  private interruptCell(): void {
    markHandled(this.interruptState);
    if (Atomics.load(this.interruptState, PHASE) === Phase.none) return;
    // Its pending awaits and sleeps stop now, before anything they wait for can settle (cell-awaits.ts); its timers
    // are cleared once the executor has returned (the executor's own setImmediates run in the cell's context too).
    this.out.current?.abort?.abort(new KernelInterrupt());
    this.executor?.interrupt();
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
    const ctx = this.out.ctx();
    if (!ctx || !ctx.allowStdin) {
      return Promise.reject(new Error("input(): this frontend does not accept input (allow_stdin is false); pass the value in code instead"));
    }
    return new Promise<string>((resolve) => {
      const id = randomUUID();
      this.pendingInput.set(id, { resolve });
      this.out.send("stdin", "input_request", { prompt, password }, ctx.parent, ctx.identities);
    });
  }

  private onStdin(msg: PlainMessage): void {
    if (msg.header.msg_type !== "input_reply") return;
    const first = this.pendingInput.entries().next();
    if (first.done) return;
    this.pendingInput.delete(first.value[0]);
    first.value[1].resolve(String((msg.content as { value?: unknown }).value ?? ""));
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
    this.worker.postMessage({ type: "close" } satisfies ToIo);
    // Give the I/O thread a moment to flush the last replies, then leave.
    setTimeout(() => {
      this.resolveExit(code);
      process.exit(code);
    }, 100).unref();
    setTimeout(() => process.exit(code), 100);
  }
}
