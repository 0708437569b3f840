/**
 * Progress for long loads, written to stderr and rate-limited (at most one line per interval,
 * nothing at all for loads that finish within the first interval). Set PAPERLAB_QUIET=1 to silence.
 */

/** A running progress report. */
export interface Progress {
  /** Adds `n` units of work done (bytes, rows, files). */
  tick(n?: number): void;
  /** Ends the report (prints a final line only if something was printed before). */
  done(): void;
}

/** Starts a progress report for `total` units of `label`; `intervalMs` is the minimum time between lines. */
export function startProgress(label: string, total: number, intervalMs = 1000, write: (s: string) => void = (s) => process.stderr.write(s)): Progress {
  const quiet = process.env.PAPERLAB_QUIET === "1";
  const t0 = Date.now();
  let last = t0;
  let done = 0;
  let printed = false;
  return {
    tick(n = 1) {
      done += n;
      const now = Date.now();
      if (quiet || now - last < intervalMs) return;
      last = now;
      printed = true;
      const pct = total > 0 ? ` ${((100 * done) / total).toFixed(0)}%` : "";
      write(`[paperlab datasets] ${label}:${pct} (${done}/${total}) ${((now - t0) / 1000).toFixed(1)} s\n`);
    },
    done() {
      if (printed && !quiet) write(`[paperlab datasets] ${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    },
  };
}
