/**
 * A run log for a notebook: the per-configuration, per-seed lines a paper's experiment reports through its `log`
 * callback are collected here instead of printed into the cell (the live training panel already shows progress).
 * Displayed at the end of the notebook, it is one collapsed block — an HTML `<details>` whose summary names the
 * line count (JupyterLab, nbconvert and GitHub render it closed) — with the whole log as the `text/plain` fallback.
 *
 *   const trainLog = lab.runLog("training log");
 *   const runs = await M.runFig3(cfg, trainLog.say);   // collects, prints nothing
 *   trainLog                                           // last cell: "▸ training log (24 lines)"
 */
/** Deno's display protocol symbol (the same as `JUPYTER_DISPLAY` in ./index; not imported, to avoid a cycle). */
const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

function htmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Lines collected during a run; displays as one collapsed block. */
export class RunLog {
  private readonly collected: string[] = [];
  constructor(readonly caption = "run log") {}

  /** Appends one line (multi-line strings are split). Bound: pass `log.say` as an experiment's log callback. */
  readonly say = (line: string): void => {
    this.collected.push(...String(line).split("\n"));
  };

  /** The lines collected so far, in order. */
  get lines(): readonly string[] {
    return this.collected;
  }

  /** The summary line: the caption and the line count. */
  summary(): string {
    const n = this.collected.length;
    return `${this.caption} (${n} line${n === 1 ? "" : "s"})`;
  }

  /** A collapsed HTML block: `<details>` with the summary, the lines in a `<pre>`. */
  html(): string {
    return `<details><summary>${htmlEscape(this.summary())}</summary>\n<pre>${this.collected.map(htmlEscape).join("\n")}</pre>\n</details>`;
  }

  /** The MIME bundle (Deno's display protocol, used by `display()` and a cell's last value). */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "text/html": this.html(), "text/plain": this.text() };
  }

  /** The summary line, then every line. */
  text(): string {
    return [this.summary(), ...this.collected].join("\n");
  }

  toString(): string {
    return this.text();
  }
}

/** A new run log; `caption` heads its collapsed display (default "run log"). */
export function runLog(caption?: string): RunLog {
  return new RunLog(caption);
}
