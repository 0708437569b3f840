/**
 * The hard interrupt: stops a cell whose code keeps the main thread busy after an `await`
 * (`await load(); while (…) trainStepSync()`). `vm`'s breakOnSigint only covers a cell's synchronous part,
 * and the interrupt message to the main thread is never read while JavaScript is busy, so the I/O thread terminates
 * that code through the inspector once the interrupt has gone unhandled for `HARD_INTERRUPT_MS` while the cell
 * awaits (PHASE cell).
 *
 * Runtime.terminateExecution alone aborts Node 20 when async hooks are on (the kernel's AsyncLocalStorage):
 * the terminated promise continuation never runs its "after" hook, and InternalCallbackScope::Close asserts
 * that the async id stack unwound (`execution_async_id == 0`). So, in order:
 *
 *   I/O thread  Runtime.evaluate(armer(seq))   inspector messages run on the main thread between two
 *                                              JavaScript instructions, even inside a busy loop
 *   main        armer: only if it interrupted running code (a frame below its own) of the cell (PHASE cell):
 *               1. disable the kernel's AsyncLocalStorage: with no hook enabled Node skips that assertion;
 *               2. queue a throw of a sentinel on process.nextTick: Node's uncaught-exception path clears the
 *                  async id stack (the kernel's handler swallows the sentinel) before any hook is on again;
 *               3. ARMED = seq
 *   I/O thread  sees ARMED == seq → Runtime.terminateExecution: V8 unwinds the cell's code (its catch and
 *               finally blocks do not run) and cancels the termination once the outermost call returns
 *   main        the event loop runs again: the interrupt message is read and the cell ends with
 *               KeyboardInterrupt, variables kept; the next `als.run` enables the storage again.
 *
 * Not armed (the interrupt stays a soft one) when another AsyncLocalStorage or async hook is enabled (a
 * cell's own): terminating then would abort the process as above. Checked through Node's async_wrap
 * binding, read once at start (process.binding, its deprecation notice silenced for that call).
 *
 * ON by default; `PAPERLAB_KERNEL_HARD_INTERRUPT=0` turns it off. It used to be opt-in: mixed with ordinary
 * interrupts it sometimes hung the kernel. That came from the SIGINTs, not from the termination: repeated signals
 * landed while Node had no SIGINT handler installed around `vm`'s watchdog, or left the watchdog's helper a stale
 * wake-up (interrupt-state.ts and executor.ts's flushStaleSigint now prevent both). The armer also declines unless
 * the interrupt is still unhandled and a cell's frame is on the stack, so the kernel's own code is never terminated.
 */
import type { AsyncLocalStorage } from "async_hooks";
import type { Session } from "inspector";
import { ARMED, HANDLED, Phase, PHASE } from "./interrupt-state";

/** A stack frame of a cell's code (the executor names cells `<cell N>` and `<user expression x>`). */
const CELL_FRAME = /\(<(cell \d+|user expression [^>]*)>:\d+:\d+\)|at <(cell \d+|user expression [^>]*)>:\d+/;

/** Whether the hard interrupt is on (by default; `PAPERLAB_KERNEL_HARD_INTERRUPT=0` turns it off). */
export function hardInterruptEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PAPERLAB_KERNEL_HARD_INTERRUPT !== "0";
}

/** Global key of the armer the I/O thread evaluates on the main thread. */
export const HARD_INTERRUPT_KEY = "__paperlabHardInterrupt";

/** How long an interrupt may go unhandled while a cell awaits before the I/O thread terminates the cell's code (ms). */
export const HARD_INTERRUPT_MS = 500;

/** Thrown on process.nextTick after a termination so that Node clears its async id stack; swallowed. */
export class TerminationSentinel extends Error {
  constructor() {
    super("paperlab kernel: clearing the async id stack after a hard interrupt");
    this.name = "TerminationSentinel";
  }
}

/** Reads how many async hook callbacks are enabled (Node's kTotals), or null when Node does not tell. */
function asyncHookTotals(): () => number | null {
  const saved = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const binding = (process as unknown as { binding(name: string): unknown }).binding("async_wrap") as {
      async_hook_fields?: Uint32Array;
      constants?: { kTotals?: number };
    };
    const fields = binding.async_hook_fields;
    const k = binding.constants?.kTotals;
    if (!fields || typeof k !== "number") return () => null;
    return () => fields[k];
  } catch {
    return () => null;
  } finally {
    process.noDeprecation = saved;
  }
}

/** What the main thread's armer needs. */
export interface ArmerOptions {
  /** The interrupt slots shared with the I/O thread. */
  state: Int32Array;
  /** The kernel's async storage (disabled before the termination). */
  als: AsyncLocalStorage<unknown>;
  /** Called once armed (the kernel logs it). */
  onArmed(): void;
  /** Called when the armer declines (why, for the kernel's log). */
  onDeclined(why: string): void;
}

/** Installs the armer on the main thread (see the file header). */
export function installArmer(opts: ArmerOptions): void {
  const totals = asyncHookTotals();
  const armer = (seq: number): boolean => {
    // Still this interrupt's turn: the main thread has not acted on it (it would have, had it been free).
    if (Atomics.load(opts.state, PHASE) !== Phase.cell || Atomics.load(opts.state, HANDLED) >= seq) return false;
    // This runs inside the busy code of a cell, not as a task of an idle loop or inside the kernel's own code
    // (terminating either would hit whatever runs, the kernel included): a cell's frame is on the stack.
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    Error.captureStackTrace(holder, armer);
    Error.stackTraceLimit = limit;
    if (!CELL_FRAME.test(holder.stack ?? "")) return false;
    const store = opts.als.getStore();
    opts.als.disable();
    const left = totals();
    if (left !== null && left > 0) {
      opts.als.enterWith(store); // enabled again, the busy code's context as it was
      opts.onDeclined(`another async hook or AsyncLocalStorage is enabled (${left} callbacks); terminating would abort Node`);
      return false;
    }
    process.nextTick(() => {
      throw new TerminationSentinel();
    });
    Atomics.store(opts.state, ARMED, seq);
    opts.onArmed();
    return true;
  };
  (globalThis as Record<string, unknown>)[HARD_INTERRUPT_KEY] = armer;
}

/** The I/O thread's side: asks the main thread to arm, then terminates its execution. */
export class HardInterrupter {
  private session: Session | null = null;

  constructor(private readonly state: Int32Array) {}

  /** Starts one attempt for interrupt number `seq`; `log` reports what happened. */
  attempt(seq: number, log: (text: string) => void): void {
    const session = this.connect(log);
    if (!session) return;
    const t0 = Date.now();
    session.post("Runtime.evaluate", { expression: `globalThis.${HARD_INTERRUPT_KEY}?.(${seq})` });
    const poll = setInterval(() => {
      if (Atomics.load(this.state, ARMED) === seq) {
        clearInterval(poll);
        session.post("Runtime.terminateExecution", () => this.disconnect());
        log(`hard interrupt: terminated the cell's running code (armed in ${Date.now() - t0} ms)`);
      } else if (Date.now() - t0 > 1000) {
        clearInterval(poll); // declined, or the cell went idle meanwhile: tried again a second later while unhandled
        this.disconnect();
      }
    }, 2);
  }

  /**
   * Closes the session once an attempt is over: left connected, a later SIGINT that `vm` turns into a termination
   * of a busy synchronous cell hung the I/O thread (no interrupt_reply, no heartbeat) in tests on Node 20.
   */
  private disconnect(): void {
    this.session?.disconnect();
    this.session = null;
  }

  private connect(log: (text: string) => void): Session | null {
    if (this.session) return this.session;
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const inspector = require("inspector") as typeof import("inspector");
      const s = new inspector.Session();
      s.connectToMainThread();
      this.session = s;
      return s;
    } catch (err) {
      log(`hard interrupt unavailable: cannot connect the inspector to the main thread (${(err as Error).message})`);
      return null;
    }
  }
}
