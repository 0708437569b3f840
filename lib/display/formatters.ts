/**
 * Built-in formatters: TensorFlow.js tensors, danfo DataFrames and Series, and a JSON fallback for
 * Vega-Lite specs (lib/viz registers the real chart formatter, which is tried before these).
 * Values are recognised by shape (duck typing), so this module loads neither tfjs nor danfo.
 */
import type { DisplayBundle, Formatter } from "./index";
import { Table } from "./table";

/** The parts of a tfjs Tensor the formatter reads. */
interface TensorLike {
  shape: number[];
  dtype: string;
  rank: number;
  size: number;
  isDisposed?: boolean;
  dataSync(): ArrayLike<number | string | boolean>;
  toString(verbose?: boolean): string;
}

/** True for tfjs tensors (any tfjs copy: recognised by shape, not by class). */
export function isTensorLike(x: unknown): x is TensorLike {
  const t = x as TensorLike;
  return (
    x !== null && typeof x === "object" && Array.isArray(t.shape) && typeof t.dtype === "string" &&
    typeof t.rank === "number" && typeof t.dataSync === "function"
  );
}

/** Shape, dtype and a value summary (min / max / mean for numbers; tfjs elides long value lists). */
export function formatTensor(t: TensorLike): DisplayBundle {
  const head = `Tensor ${t.dtype} [${t.shape.join(", ")}]`;
  if (t.isDisposed) return { data: { "text/plain": `${head} (disposed)` }, metadata: {} };
  let stats = "";
  if (t.dtype !== "string" && t.size > 0) {
    const v = t.dataSync() as ArrayLike<number>;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let nan = 0;
    for (let i = 0; i < v.length; i++) {
      const x = Number(v[i]);
      if (Number.isNaN(x)) {
        nan++;
        continue;
      }
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
    }
    const n = v.length - nan;
    const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));
    stats = n > 0 ? `  min ${fmt(min)}  max ${fmt(max)}  mean ${fmt(sum / n)}` : "";
    if (nan) stats += `  NaN ×${nan}`;
  }
  const body = t.toString().replace(/^Tensor\n?/, "").replace(/^\s+/gm, (s) => s);
  return { data: { "text/plain": `${head}${stats}\n${body}` }, metadata: {} };
}

/** The parts of a danfo DataFrame / Series the formatter reads. */
interface FrameLike {
  columns: string[];
  dtypes: string[];
  shape: number[];
  index: Array<string | number>;
  values: unknown[];
}

/** True for danfo DataFrames and Series. */
export function isFrameLike(x: unknown): x is FrameLike {
  const f = x as FrameLike;
  return (
    x !== null && typeof x === "object" && Array.isArray(f.columns) && Array.isArray(f.dtypes) &&
    Array.isArray(f.shape) && Array.isArray(f.index) && Array.isArray(f.values) && typeof (x as { head?: unknown }).head === "function"
  );
}

/** Rows shown before eliding the middle of a long frame (head and tail halves, as `lab.table` elides). */
export const FRAME_MAX_ROWS = 20;

/**
 * A danfo DataFrame or Series displays as `lab.table` does (the same Markdown table and aligned text, numbers to 4
 * significant digits): the index as the first, unnamed column, each column's dtype beside its name, the shape in
 * the caption, at most FRAME_MAX_ROWS rows with "… N more rows" between head and tail.
 */
export function formatFrame(f: FrameLike): DisplayBundle {
  const series = f.constructor?.name === "Series" || (f.values.length > 0 && !Array.isArray(f.values[0]));
  const cols = f.columns.map(String);
  // Column names go through `columns` (not key order): danfo's default names "0", "1", … are integer-like keys.
  const rows = f.index.map((ix, i) => {
    const r: Record<string, unknown> = { "": ix };
    const v = f.values[i];
    cols.forEach((c, j) => (r[c] = series ? v : (v as unknown[])[j]));
    return r;
  });
  const units = Object.fromEntries(cols.map((c, j) => [c, f.dtypes[j] ?? "?"]));
  const t = new Table(rows, { caption: `${series ? "Series" : "DataFrame"} ${f.shape.join(" × ")}`, columns: ["", ...cols], units, maxRows: FRAME_MAX_ROWS });
  return { data: { "text/markdown": t.markdown(), "text/plain": t.text() }, metadata: {} };
}

/** True for a Vega-Lite spec object (a `$schema` naming vega-lite). */
export function isVegaLiteSpec(x: unknown): boolean {
  const s = (x as { $schema?: unknown } | null)?.$schema;
  return x !== null && typeof x === "object" && typeof s === "string" && s.includes("vega-lite");
}

/** The built-in formatters, in the order registered (the last is tried first). */
export const BUILTIN_FORMATTERS: Formatter[] = [
  {
    // Until lib/viz registers its chart formatter: JSON, labelled as JSON (never as a Vega-Lite bundle).
    name: "vega-lite-json-fallback",
    format: (v) => (isVegaLiteSpec(v) ? { data: { "application/json": v, "text/plain": JSON.stringify(v, null, 2) }, metadata: {} } : undefined),
  },
  { name: "danfo", priority: 10, format: (v) => (isFrameLike(v) ? formatFrame(v) : undefined) },
  { name: "tensor", priority: 10, format: (v) => (isTensorLike(v) ? formatTensor(v) : undefined) },
];
