/**
 * Interrupt bookkeeping shared by the kernel's two threads: an Int32Array over a SharedArrayBuffer,
 * written with Atomics, so that the I/O thread can see what the main thread is doing even while the
 * main thread is stuck in a cell.
 *
 *   [REQUESTED]  interrupts asked for (interrupt_request), counted by the I/O thread
 *   [HANDLED]    the last of them the main thread acted on (set to REQUESTED when a cell starts: an interrupt
 *                asked for before a cell started is not that cell's)
 *   [PHASE]      what the main thread runs: no cell / a cell's kernel part / the cell's synchronous part inside
 *                `vm` / the cell's code after its first await
 *   [LOCK]       1 while the I/O thread decides on and sends a SIGINT, or the main thread enters or leaves `sync`
 *   [ENTRY]      counts the main thread's entries into `sync`
 *   [SIGNALLED]  the entry the I/O thread last sent a SIGINT into
 *   [ARMED]      the interrupt the main thread got ready for a hard interrupt (hard-interrupt.ts)
 *
 * How an interrupt reaches each phase:
 * - kernel / cell (awaiting): a message to the main thread's event loop (`{ type: "interrupt" }`), which rejects
 *   the cell's pending await. No signal: a SIGINT is only safe while `vm` watches for it (below).
 * - sync: one SIGINT, which `vm`'s breakOnSigint watchdog turns into an exception in the busy code. Node removes
 *   the process's SIGINT listeners before it arms that watchdog and puts them back after disarming it; a SIGINT in
 *   between kills the process (the default action) and one that lands as the watchdog is disarmed is dropped. So
 *   the I/O thread signals only under LOCK while PHASE is `sync`, which the main thread enters from inside the
 *   running script (the watchdog armed) and leaves under LOCK before the script returns; the signal is sent to the
 *   process and handled by the main thread before it can take LOCK again. One signal per entry: a second one could
 *   land after the first has stopped the script, while Node disarms the watchdog.
 * - busy after an await (`await load(); while (…) step()`): the hard interrupt (hard-interrupt.ts).
 */

/** Slot indices. */
export const REQUESTED = 0;
export const HANDLED = 1;
export const PHASE = 2;
export const LOCK = 3;
export const ENTRY = 4;
export const SIGNALLED = 5;
export const ARMED = 6;
const SLOTS = 7;

/** Values of the PHASE slot. */
export const Phase = {
  /** No cell runs (idle, or another request): an interrupt has nothing to stop. */
  none: 0,
  /** A cell is type-checked, waits for the libraries, or the kernel handles its result: kernel frames run. */
  kernel: 1,
  /** The cell's synchronous part runs inside `vm` with its SIGINT watchdog armed. */
  sync: 2,
  /** The cell's code has returned to the event loop and the kernel only awaits it. */
  cell: 3,
} as const;
export type PhaseValue = (typeof Phase)[keyof typeof Phase];

/** Allocates the shared slots (zeroed). */
export function createInterruptState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/** How the I/O thread paces an interrupt (ms). */
export const INTERRUPT_TIMING = {
  /** How often the I/O thread checks whether the interrupt was handled, and the main thread's phase. */
  pollMs: 20,
  /** Give up after this long (native code that never returns to JavaScript never lets the cell end). */
  giveUpMs: 60000,
} as const;

/** Runs `fn` holding LOCK (held for at most a few milliseconds by either thread). */
export function withLock<T>(state: Int32Array, fn: () => T): T {
  while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0) Atomics.wait(state, LOCK, 1, 1);
  try {
    return fn();
  } finally {
    Atomics.store(state, LOCK, 0);
    Atomics.notify(state, LOCK);
  }
}

/** Main thread, first thing inside the running script: the watchdog is armed, SIGINT may be sent. */
export function enterSync(state: Int32Array): void {
  withLock(state, () => {
    Atomics.add(state, ENTRY, 1);
    Atomics.store(state, PHASE, Phase.sync);
  });
}

/**
 * Main thread: any other phase change. Leaving `sync` takes LOCK (it waits for a SIGINT being sent to have been
 * delivered); idempotent.
 */
export function setPhase(state: Int32Array, phase: PhaseValue): void {
  if (Atomics.load(state, PHASE) === Phase.sync) withLock(state, () => Atomics.store(state, PHASE, phase));
  else Atomics.store(state, PHASE, phase);
}

/** Whether the I/O thread sent a SIGINT into the main thread's last `sync` entry. */
export function signalledLastEntry(state: Int32Array): boolean {
  return Atomics.load(state, ENTRY) > 0 && Atomics.load(state, SIGNALLED) === Atomics.load(state, ENTRY);
}

/** Marks every interrupt asked for so far as handled (or as not this cell's, when a cell starts). */
export function markHandled(state: Int32Array): void {
  Atomics.store(state, HANDLED, Atomics.load(state, REQUESTED));
}

/**
 * I/O thread: sends interrupt `seq` a SIGINT if it is still unhandled, the main thread is in `sync`, and no SIGINT
 * went into this entry yet. Holds LOCK until the signal is delivered (`settleMs`). Returns whether it sent one.
 */
export function signalIfSync(state: Int32Array, seq: number, kill: () => void, settleMs = 2): boolean {
  return withLock(state, () => {
    if (Atomics.load(state, HANDLED) >= seq || Atomics.load(state, PHASE) !== Phase.sync) return false;
    const entry = Atomics.load(state, ENTRY);
    if (Atomics.load(state, SIGNALLED) === entry) return false;
    Atomics.store(state, SIGNALLED, entry);
    kill();
    // The signal goes to the process and is handled by the main thread (not blocking SIGINT) before it runs
    // another instruction; wait a moment for a main thread running on the other core to be kicked.
    Atomics.wait(state, LOCK, 1, settleMs); // LOCK is ours (1) and nobody notifies it meanwhile: a plain sleep
    return true;
  });
}
