/**
 * The kernel's library warm-up, run while the kernel sits idle, or at once when a cell needs it.
 *
 * Loading TensorFlow.js, its backend and the library takes seconds of main-thread time. Paid before
 * the first cell, every notebook would wait for it, even one that never touches `tf`. Here the
 * steps start only after the kernel has been idle for `idleMs`, one at a time, each re-checking
 * that the kernel is still idle (a request that arrives waits at most for the step in progress);
 * `now()` (a cell that uses the libraries) runs what is left without waiting for idleness.
 */

/** One part of the warm-up. */
export interface WarmStep {
  /** What it loads (for debug logs). */
  name: string;
  run(): Promise<void>;
  /** Only worth doing ahead of time (e.g. loading type declarations): skipped by `now()`. */
  idleOnly?: boolean;
}

/** Runs warm-up steps in idle time; see the file header. */
export class IdleWarmUp {
  private next = 0;
  private active = false;
  private urgent = false;
  private timer: NodeJS.Timeout | null = null;
  private finished = false;
  private resolveDone!: () => void;
  private readonly donePromise = new Promise<void>((resolve) => (this.resolveDone = resolve));

  /**
   * @param steps  the steps, in order
   * @param isIdle true while no request is being handled or waiting
   * @param idleMs how long the kernel must stay idle before the next step starts
   * @param onError told when a step throws (the warm-up goes on with the next step)
   */
  constructor(
    private readonly steps: WarmStep[],
    private readonly isIdle: () => boolean,
    private readonly idleMs: number,
    private readonly onError: (step: WarmStep, err: unknown) => void,
  ) {
    if (steps.length === 0) this.finish();
  }

  /** True once every step has run (or been skipped). */
  get done(): boolean {
    return this.finished;
  }

  /** The kernel just became idle: continue the steps after `idleMs` more of idleness. */
  idle(): void {
    if (this.finished || this.urgent) return;
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, this.idleMs);
    this.timer.unref();
  }

  /** A request arrived: do not start another step until the kernel is idle again. */
  busy(): void {
    this.cancelTimer();
  }

  /** Runs the remaining steps now (except idle-only ones); resolves when all are done. */
  now(): Promise<void> {
    this.urgent = true;
    this.cancelTimer();
    this.pump();
    return this.donePromise;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private finish(): void {
    this.finished = true;
    this.resolveDone();
  }

  private pump(): void {
    if (this.active || this.finished) return;
    this.active = true;
    void (async () => {
      try {
        while (this.next < this.steps.length) {
          if (!this.urgent && !this.isIdle()) return; // paused: idle() resumes
          const step = this.steps[this.next++];
          if (this.urgent && step.idleOnly) continue;
          try {
            await step.run();
          } catch (err) {
            this.onError(step, err);
          }
          // Let a request that arrived during the step be taken first.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        this.finish();
      } finally {
        this.active = false;
        // now() may have been called while this loop was about to pause.
        if (this.urgent && !this.finished) this.pump();
      }
    })();
  }
}
