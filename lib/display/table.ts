/**
 * One table display for results and run info: `lab.table(rows, { caption, format, units })` is a value whose
 * display is a Markdown table (`text/markdown`, rendered as a table by JupyterLab, nbconvert and GitHub) with an
 * aligned `text/plain` fallback. A cell ending in `lab.table(...)` shows it once; `display(lab.table(...))` shows
 * it mid-cell. Cells holding a spread (`{ mean, sd, n }`, as `runSeeds` returns) print as "mean ± sd (n = k)".
 *
 *   lab.table(rows, { caption: "MNIST test accuracy, 3 seeds", format: { acc: "%1" }, units: { step: "ms" } })
 *   lab.table(lab.runInfo(), { caption: "run" })      // one object: a name / value table
 */
/** Deno's display protocol symbol (the same as `JUPYTER_DISPLAY` in ./index; not imported, to avoid a cycle). */
const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** How a column's numbers print: a fixed number of decimals (".3f" or 3), "%1" (percent, 1 decimal), a function. */
export type CellFormat = number | `.${number}f` | `%${number}` | "int" | "sci" | ((value: unknown, row: Record<string, unknown>) => string);

/** Options of `table`. */
export interface TableOptions {
  /** A line above the table (what it shows, at what scale). */
  caption?: string;
  /** Columns to show, in order (default: every key, in first-seen order). */
  columns?: string[];
  /** Per-column number format (default: 4 significant digits). */
  format?: Record<string, CellFormat>;
  /** Per-column unit, shown in the header: "acc (%)", "step (ms)". */
  units?: Record<string, string>;
  /** Rows shown before the middle is elided, its first cell saying "… N more rows" (default 60). */
  maxRows?: number;
}

/** A spread of a metric over seeds, as `runSeeds` and the claims record it. */
interface SpreadLike {
  mean: number;
  sd: number;
  n: number;
}

function isSpread(v: unknown): v is SpreadLike {
  const s = v as SpreadLike;
  return v !== null && typeof v === "object" && typeof s.mean === "number" && typeof s.sd === "number" && typeof s.n === "number";
}

function number(v: number, f: CellFormat | undefined): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "—" : String(v);
  if (f === undefined) {
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  }
  if (typeof f === "number") return v.toFixed(f);
  if (f === "int") return Math.round(v).toLocaleString("en-US");
  if (f === "sci") return v.toExponential(2);
  if (typeof f !== "string") return String(v);
  if (f.startsWith("%")) return `${(v * 100).toFixed(Number(f.slice(1)))}`;
  if (f.startsWith(".")) return v.toFixed(Number(f.slice(1, -1)));
  return String(v);
}

/** One cell as text. */
export function formatCell(v: unknown, f: CellFormat | undefined, row: Record<string, unknown> = {}): string {
  if (typeof f === "function") return f(v, row);
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return number(v, f);
  if (isSpread(v)) return v.n > 1 ? `${number(v.mean, f)} ± ${number(v.sd, f)} (n = ${v.n})` : number(v.mean, f);
  if (Array.isArray(v)) return v.map((x) => formatCell(x, f)).join(", ");
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function mdEscape(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A displayable table (see the module comment). */
export class Table {
  readonly rows: Record<string, unknown>[];
  readonly columns: string[];
  constructor(
    rows: readonly object[] | object,
    readonly options: TableOptions = {},
  ) {
    if (rows === null || typeof rows !== "object") throw new TypeError(`table: expected an array of row objects or one object, got ${rows === null ? "null" : typeof rows}`);
    this.rows = Array.isArray(rows)
      ? rows.map((r, i) => {
          if (r === null || typeof r !== "object" || Array.isArray(r)) throw new TypeError(`table: row ${i} is ${Array.isArray(r) ? "an array" : r === null ? "null" : typeof r}; pass objects like { config: "A", acc: 0.9 }`);
          return { ...(r as Record<string, unknown>) };
        })
      : Object.entries(rows).map(([name, value]) => ({ name, value }));
    const seen: string[] = [];
    for (const r of this.rows) for (const k of Object.keys(r)) if (!seen.includes(k)) seen.push(k);
    const unknown = (options.columns ?? []).filter((c) => !seen.includes(c));
    if (unknown.length && this.rows.length) throw new Error(`table: unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; the rows have ${seen.join(", ")}`);
    this.columns = options.columns ?? seen;
  }

  private header(): string[] {
    return this.columns.map((c) => (this.options.units?.[c] ? `${c} (${this.options.units[c]})` : c));
  }

  /** The body as text cells, with an elision row when longer than maxRows. */
  cells(): string[][] {
    const max = this.options.maxRows ?? 60;
    const fmt = this.options.format ?? {};
    const line = (r: Record<string, unknown>) => this.columns.map((c) => formatCell(r[c], fmt[c], r));
    if (this.rows.length <= max) return this.rows.map(line);
    const half = Math.floor(max / 2);
    const more = this.rows.length - 2 * half;
    const gap = this.columns.map((_, j) => (j === 0 ? `… ${more} more row${more === 1 ? "" : "s"}` : "…"));
    return [...this.rows.slice(0, half).map(line), gap, ...this.rows.slice(-half).map(line)];
  }

  /** GitHub-flavoured Markdown (numbers right-aligned). */
  markdown(): string {
    const body = this.cells();
    const numeric = this.columns.map((c) => this.rows.some((r) => typeof r[c] === "number" || isSpread(r[c])));
    const out: string[] = [];
    if (this.options.caption) out.push(`**${mdEscape(this.options.caption)}**`, "");
    if (this.rows.length === 0) return [...out, "_(no rows)_"].join("\n");
    out.push(`| ${this.header().map(mdEscape).join(" | ")} |`, `|${numeric.map((n) => (n ? " ---: " : " --- ")).join("|")}|`);
    for (const r of body) out.push(`| ${r.map(mdEscape).join(" | ")} |`);
    return out.join("\n");
  }

  /** Aligned plain text. */
  text(): string {
    const head = this.header();
    const body = this.cells();
    const widths = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
    const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
    const out = this.options.caption ? [this.options.caption] : [];
    if (this.rows.length === 0) return [...out, "(no rows)"].join("\n");
    return [...out, line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
  }

  /** The MIME bundle (Deno's display protocol, used by `display()` and a cell's last value). */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "text/markdown": this.markdown(), "text/plain": this.text() };
  }

  /** Plain text, so `console.log(table)` and string templates read well outside a notebook. */
  toString(): string {
    return this.text();
  }
}

/**
 * A table of row objects (or of one object's fields) to display; see `Table`. Rows may be any object type
 * (a paper's `AccRow[]`, `lab.runInfo()`), not only index-signature records.
 */
export function table(rows: readonly object[] | object, options: TableOptions = {}): Table {
  return new Table(rows, options);
}
