/**
 * The notebook's interrupt as an AbortSignal, for long library loops. The paperlab kernel registers a
 * provider under a global symbol (so that this module needs nothing from the kernel, and duplicate copies
 * of the library agree): it returns the signal of the cell whose code is running, aborted when that cell
 * is interrupted. A loop that checks it every step stops even when it runs on in the background after
 * its cell was interrupted. Outside a kernel there is no signal and nothing is ever aborted.
 */

/** The global key of the kernel's provider: `() => AbortSignal | undefined`. */
export const INTERRUPT_SIGNAL_KEY = Symbol.for("paperlab.interruptSignal");

/** The interrupt signal of the notebook cell running this code, if any. */
export function interruptSignal(): AbortSignal | undefined {
  const provider = (globalThis as Record<symbol, unknown>)[INTERRUPT_SIGNAL_KEY];
  if (typeof provider !== "function") return undefined;
  const s: unknown = provider();
  return s instanceof AbortSignal ? s : undefined;
}

/** Throws the abort reason when `signal` (default: the cell's interrupt signal) is aborted. */
export function throwIfInterrupted(signal: AbortSignal | undefined = interruptSignal()): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}
