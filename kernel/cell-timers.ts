/**
 * Timers started by a cell (setTimeout, setInterval, setImmediate called in its async context) are recorded in the
 * cell's context, so that an interrupt can clear them: an interrupted cell's polling loops and delayed steps do not
 * run on unseen. Timers started outside any cell (the kernel's, a library's warm-up) are left alone.
 */
import type { AsyncLocalStorage } from "async_hooks";
import type { PendingTimer } from "./output";

/** Replaces the global timer functions with ones that record their timer in the cell context's `timers`. */
export function trackCellTimers(als: AsyncLocalStorage<{ timers?: Set<PendingTimer> }>): void {
  const g = globalThis;
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

type TimersPromises = typeof import("timers/promises");

/** `signal` and the cell's interrupt signal together (either aborts the result). */
function withCellSignal(options: unknown, cellSignal: AbortSignal | undefined): Record<string, unknown> {
  const o = options && typeof options === "object" ? { ...(options as Record<string, unknown>) } : {};
  if (!cellSignal) return o;
  const own = o.signal instanceof AbortSignal ? o.signal : undefined;
  o.signal = own ? AbortSignal.any([own, cellSignal]) : cellSignal;
  return o;
}

/**
 * `timers/promises` for cells: each sleep takes the running cell's interrupt signal as well as its own, so that
 * `await setTimeout(1e6)` in an interrupted cell rejects at once (AbortError) and the code after it never runs;
 * Node's own module keeps its timers out of reach of the global timer functions tracked above.
 */
export function cellTimersPromises(cellSignal: () => AbortSignal | undefined): TimersPromises {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const orig = require("timers/promises") as TimersPromises;
  const setTimeout = ((delay?: number, value?: unknown, options?: unknown) => orig.setTimeout(delay, value, withCellSignal(options, cellSignal()))) as TimersPromises["setTimeout"];
  const setImmediate = ((value?: unknown, options?: unknown) => orig.setImmediate(value, withCellSignal(options, cellSignal()))) as TimersPromises["setImmediate"];
  const setInterval = ((delay?: number, value?: unknown, options?: unknown) => orig.setInterval(delay, value, withCellSignal(options, cellSignal()))) as TimersPromises["setInterval"];
  const scheduler: TimersPromises["scheduler"] = {
    wait: (delay, options) => orig.scheduler.wait(delay, withCellSignal(options, cellSignal())),
    yield: () => orig.scheduler.yield(),
  };
  return { ...orig, setTimeout, setImmediate, setInterval, scheduler };
}
