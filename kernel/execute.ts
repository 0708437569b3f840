/**
 * Runs execute_requests: the cell's context (parent header, stdin permission, abort signal, timers), its
 * execute_input, history row, the executor run, the result's MIME bundle, user_expressions, the reply, and what an
 * interrupt or an error leaves to clean up (the cell's timers and signal, TensorFlow.js's engine state;
 * stop_on_error for queued cells).
 *
 *   validate → execute_input → [silent warm-up] → run in the cell's async context → result / error → reply
 */
import { DisplayBundle, isNoEcho, toMimeBundle } from "../lib/display";
import { Executor, KernelInterrupt } from "./executor";
import { BadRequest, Handler, KernelRequest } from "./handlers";
import { HistoryStore } from "./history";
import { markHandled, Phase, setPhase } from "./interrupt-state";
import { ErrorContent, ExecuteRequest, kernelMessages } from "./messages";
import { CellContext, KernelOutput } from "./output";
import { describeRepair, EngineMark, markEngine, restoreEngine } from "./tf-engine";

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

/** execute_request content checked field by field (BadRequest names the first wrong one). */
export function decodeExecuteRequest(c: Record<string, unknown>): ExecuteRequest {
  if (typeof c.code !== "string") throw new BadRequest("execute_request.content.code must be a string");
  const badExpressions = userExpressionsProblem(c.user_expressions);
  if (badExpressions) throw new BadRequest(badExpressions);
  return {
    code: c.code,
    silent: Boolean(c.silent),
    // The protocol's defaults: stored, stdin allowed, stop on error, unless the request says false.
    store_history: c.store_history !== false,
    // Checked above: an object of name → string.
    user_expressions: (c.user_expressions ?? {}) as Record<string, string>,
    allow_stdin: c.allow_stdin !== false,
    stop_on_error: c.stop_on_error !== false,
  };
}

/** What the cell runner needs from the kernel. */
export interface CellRunnerDeps {
  out: KernelOutput;
  history: HistoryStore;
  /** The executor, built on first use. */
  executor(): Executor;
  /** Interrupt slots shared with the I/O thread (interrupt-state.ts). */
  interruptState: Int32Array;
  /** An empty silent request: declare every global and finish the warm-up. */
  warmUpNow(): Promise<void>;
  /** Keeps the kernel's own process handlers as the only ones (libraries install their own). */
  guardProcessHandlers(): void;
  /** A cell failed: abort the queued cells that have stop_on_error set. */
  abortQueuedCells(): void;
  /** Whether the running cell's code was terminated by a hard interrupt (and clears the flag). */
  takeHardInterrupt(): boolean;
}

/** Handles execute_request (see the file header). */
export class CellRunner implements Handler<"execute_request"> {
  /** The execution counter (cells stored in the history). */
  executionCount = 0;

  constructor(private readonly deps: CellRunnerDeps) {}

  decode(c: Record<string, unknown>): ExecuteRequest {
    return decodeExecuteRequest(c);
  }

  errorFields(): Record<string, unknown> {
    return { execution_count: this.executionCount, user_expressions: {} };
  }

  async handle({ channel, msg, content: req, abort }: KernelRequest<ExecuteRequest>): Promise<void> {
    const { out, history, interruptState } = this.deps;
    if (abort) {
      out.reply(channel, msg, "execute_reply", {
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
    if (!silent) out.publish("execute_input", { code: req.code, execution_count: count }, ctx);
    if (storeHistory) history.add(count, req.code);

    const executor = this.deps.executor();
    this.deps.takeHardInterrupt(); // a flag left by an earlier attempt is not this cell's
    // An empty silent request is how headless runners warm a kernel up: it waits for the libraries, and
    // (declaring every global) the empty cell below loads their types, so no cell's timeout pays for either.
    if (silent && req.code.trim() === "") await this.deps.warmUpNow();
    this.deps.guardProcessHandlers();
    out.current = ctx;
    out.last = ctx;
    const failed: { error?: ErrorContent; kind?: "compile" | "runtime" | "interrupt" } = {};
    // TensorFlow.js's engine before the cell: a terminated tf.tidy or minimize leaves scopes open (tf-engine.ts).
    const engineMark = markEngine();
    const userExpressions: Record<string, unknown> = {};
    try {
      // An interrupt asked for before this cell started was for an earlier one (or for an idle kernel).
      markHandled(interruptState);
      await out.als.run(ctx, async () => {
        setPhase(interruptState, Phase.kernel);
        const res = await executor.execute(req.code, `cell ${count}`);
        setPhase(interruptState, Phase.kernel);
        if (res.status === "error") {
          failed.error = res.error;
          failed.kind = res.kind;
          if (res.kind === "interrupt") {
            markHandled(interruptState);
            stopCell(ctx, new KernelInterrupt());
          }
          return;
        }
        // A display handle (`await lab.viz.show(...)`, `await display(x)`) is not the cell's result: no echo.
        if (res.hasValue && !silent && !isNoEcho(res.value)) {
          const b = await bundle(res.value);
          out.publish("execute_result", { execution_count: count, data: b.data, metadata: b.metadata }, ctx);
          if (storeHistory) history.setOutput(count, String(b.data["text/plain"] ?? ""));
        }
        for (const [name, expr] of Object.entries(req.user_expressions ?? {})) {
          const r = await executor.execute(String(expr), `user expression ${name}`);
          setPhase(interruptState, Phase.kernel);
          userExpressions[name] = r.status === "ok" ? { status: "ok", ...(await bundle(r.value)) } : { status: "error", ...r.error };
        }
      });
    } finally {
      setPhase(interruptState, Phase.none);
      out.current = null;
      this.deps.guardProcessHandlers();
    }
    // The cell's rows reach the file before its reply: a client that reads history.jsonl on the reply sees them.
    history.flush();
    if (failed.error) {
      const e = { ...failed.error, traceback: [...failed.error.traceback, ...this.repair(failed.kind, engineMark)] };
      out.publish("error", { ename: e.ename, evalue: e.evalue, traceback: e.traceback }, ctx);
      out.reply(channel, msg, "execute_reply", { status: "error", execution_count: count, ename: e.ename, evalue: e.evalue, traceback: e.traceback, user_expressions: {} });
      // Only what is already queued now, and only requests that ask for it, are not run.
      if (req.stop_on_error !== false) this.deps.abortQueuedCells();
      return;
    }
    out.reply(channel, msg, "execute_reply", { status: "ok", execution_count: count, user_expressions: userExpressions, payload: [] });
  }

  /** After a failed cell: notes on how its code ended, and what was left in TensorFlow.js's engine (put back). */
  private repair(kind: "compile" | "runtime" | "interrupt" | undefined, mark: EngineMark | null): string[] {
    const notes: string[] = [];
    if (kind === "interrupt" && this.deps.takeHardInterrupt()) notes.push(kernelMessages.hardInterrupted);
    if (kind === "compile") return notes;
    const r = restoreEngine(mark);
    if (r) notes.push(describeRepair(r));
    return notes;
  }
}

/** Stops what an interrupted cell left running: its timers, and (through its signal) library loops. */
export function stopCell(ctx: CellContext, reason: unknown): void {
  for (const t of ctx.timers ?? []) t.clear();
  ctx.timers?.clear();
  ctx.abort?.abort(reason);
}

/** A value's MIME bundle; a formatter that throws falls back to text/plain with a note on stderr. */
async function bundle(value: unknown): Promise<DisplayBundle> {
  try {
    return await toMimeBundle(value);
  } catch (err) {
    process.stderr.write(`display failed: ${(err as Error).message}\n`);
    return { data: { "text/plain": String(value) }, metadata: {} };
  }
}
