/**
 * Progress lines for a headless run, on stderr. On a terminal one line is rewritten in place
 * (`[3/12] 00:04 let model = …`, elapsed ticking every second); elsewhere (CI logs, pipes) each
 * cell prints a plain start line and an end line, with no escape codes.
 */

/** Where progress goes; `quiet` prints nothing. */
export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private cellT0 = 0;
  private readonly runT0 = Date.now();
  private line = "";

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stderr,
    private readonly quiet = false,
    /** Prefix for every line (the paper name in `reproduce`). */
    private readonly label = "",
    /** Plain lines even on a terminal (several runs share it: `reproduce --jobs N`). */
    private readonly plain = false,
  ) {}

  private get tty(): boolean {
    return !this.plain && Boolean(this.out.isTTY);
  }

  /** A cell starts. */
  cellStart(i: number, n: number, source: string): void {
    if (this.quiet) return;
    this.cellT0 = Date.now();
    const first = firstLine(source);
    this.line = `${this.label}[${i}/${n}] `;
    if (this.tty) {
      const draw = () => {
        const text = `${this.line}${clock(Date.now() - this.runT0)} ${first}`;
        const width = (this.out.columns ?? 100) - 1;
        this.out.write(`\r\x1b[K${text.length > width ? text.slice(0, width - 1) + "…" : text}`);
      };
      draw();
      this.timer = setInterval(draw, 1000);
      this.timer.unref();
    } else {
      this.out.write(`${this.line}${first}\n`);
    }
  }

  /** A cell ends with `status` ("ok", "error", …). */
  cellEnd(i: number, n: number, status: string): void {
    if (this.quiet) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const s = ((Date.now() - this.cellT0) / 1000).toFixed(1);
    if (this.tty) {
      if (status !== "ok" || i === n) this.out.write(`\r\x1b[K${this.label}[${i}/${n}] ${status} after ${s} s (total ${clock(Date.now() - this.runT0)})\n`);
    } else {
      this.out.write(`${this.label}[${i}/${n}] ${status} ${s} s\n`);
    }
  }

  /** A free-form line (start, end, where the output went). */
  note(text: string): void {
    if (this.quiet) return;
    if (this.tty && this.timer) this.out.write("\r\x1b[K");
    this.out.write(`${this.label}${text}\n`);
  }
}

/** The first non-empty line of a cell, trimmed to 60 characters. */
export function firstLine(source: string): string {
  const l = source.split("\n").find((x) => x.trim() !== "")?.trim() ?? "";
  return l.length > 60 ? l.slice(0, 59) + "…" : l;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
