/**
 * Built-in formatters: TensorFlow.js tensors, danfo DataFrames and Series, and a JSON fallback for
 * Vega-Lite specs (lib/viz registers the real chart formatter, which is tried before these).
 * Values are recognised by shape (duck typing), so this module loads neither tfjs nor danfo.
 */
import type { DisplayBundle, Formatter } from "./index";

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

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Rows shown before eliding the middle of a long frame. */
export const FRAME_MAX_ROWS = 20;

/** A compact table: header with dtypes, at most FRAME_MAX_ROWS rows (head and tail). */
export function formatFrame(f: FrameLike): DisplayBundle {
  const isSeries = (x: FrameLike) => f.constructor?.name === "Series" || (x.values.length > 0 && !Array.isArray(x.values[0]));
  const series = isSeries(f);
  const rows: unknown[][] = series ? f.values.map((v) => [v]) : (f.values as unknown[][]);
  const n = rows.length;
  const pick = n > FRAME_MAX_ROWS ? [...Array(FRAME_MAX_ROWS / 2).keys(), -1, ...Array.from({ length: FRAME_MAX_ROWS / 2 }, (_, i) => n - FRAME_MAX_ROWS / 2 + i)] : [...Array(n).keys()];
  const kind = series ? "Series" : "DataFrame";
  const caption = `${kind} ${f.shape.join(" × ")}`;
  const cell = (v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(6).replace(/\.?0+$/, "") : String(v));
  // text/plain: aligned columns
  const header = ["", ...f.columns.map((c, i) => `${c} (${f.dtypes[i] ?? "?"})`)];
  const body = pick.map((i) => (i < 0 ? ["…", ...f.columns.map(() => "…")] : [String(f.index[i]), ...rows[i].map(cell)]));
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => String(r[j] ?? "").length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join("  ");
  const text = [caption, line(header), ...body.map(line)].join("\n");
  // text/html: a plain table, dtypes under the column names
  const th = f.columns.map((c, i) => `<th>${escapeHtml(c)}<br><small>${escapeHtml(f.dtypes[i] ?? "")}</small></th>`).join("");
  const trs = body.map((r) => `<tr><th>${escapeHtml(r[0])}</th>${r.slice(1).map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("");
  const html = `<table class="paperlab-frame"><caption>${escapeHtml(caption)}</caption><thead><tr><th></th>${th}</tr></thead><tbody>${trs}</tbody></table>`;
  return { data: { "text/html": html, "text/plain": text }, metadata: {} };
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
