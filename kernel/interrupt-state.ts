/**
 * Interrupt bookkeeping shared by the kernel's two threads: an Int32Array over a SharedArrayBuffer,
 * written with Atomics, so that the I/O thread can see what the main thread is doing even while the
 * main thread is stuck in a cell.
 *
 *   [REQUESTED]  interrupts asked for (interrupt_request), counted by the I/O thread
 *   [HANDLED]    the last of them the main thread acted on
 *   [PHASE]      what the main thread runs: no cell / a cell's kernel part / the cell's own code awaiting
 *   [DELIVERING] 1 while the I/O thread may still send SIGINTs for an interrupt (the main thread waits for 0
 *                before replying to the interrupted cell, so that no repeat lands in the next cell)
 *   [ARMED]      the interrupt the main thread got ready for a hard interrupt (hard-interrupt.ts)
 *
 * One SIGINT is not enough to interrupt reliably: a signal that lands while `vm`'s SIGINT watchdog is
 * being armed or torn down is swallowed (the watchdog's helper thread, scheduled late under load, finds
 * no script left to stop and drops it; the SIGINT listener never hears of it). So the I/O thread repeats
 * the signal while a cell runs until HANDLED catches up.
 *
 * A busy loop that runs after an `await` is outside `vm`'s reach and keeps the listener from running: with
 * PAPERLAB_KERNEL_HARD_INTERRUPT=1 the I/O thread terminates it through the inspector (hard-interrupt.ts; off by
 * default, see there why).
 */

/** Slot indices. */
export const REQUESTED = 0;
export const HANDLED = 1;
export const PHASE = 2;
export const DELIVERING = 3;
export const ARMED = 4;
const SLOTS = 5;

/** Values of the PHASE slot. */
export const Phase = {
  /** No cell runs (idle, or another request): an interrupt has nothing to stop. */
  none: 0,
  /** A cell is type-checked, waits for the libraries, or runs its synchronous part: kernel frames are on the stack. */
  kernel: 1,
  /** The cell's code has returned to the event loop and the kernel only awaits it. */
  cell: 2,
} as const;

/** Allocates the shared slots (zeroed). */
export function createInterruptState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/** How the I/O thread paces its attempts (ms). */
export const INTERRUPT_TIMING = {
  /** How often the I/O thread checks whether the interrupt was handled. */
  pollMs: 20,
  /** Re-send SIGINT this often while it is not handled. */
  resendMs: 200,
  /** Give up after this long (native code that never returns to JavaScript never lets the listener run). */
  giveUpMs: 60000,
} as const;
