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
