/**
 * Data inputs of the builders: plain rows, columns, danfo DataFrames (found by duck typing, so danfo need
 * not be loaded), and 2-D grids (nested arrays or flat arrays with a shape).
 */
import { messages } from "./messages";

/** One data row: field name → value. */
export type Row = Record<string, unknown>;

/** A danfo DataFrame as far as lib/viz needs it (duck-typed: `columns` plus 2-D `values`). */
export interface DataFrameLike {
  columns: string[];
  values: unknown[][];
  shape: number[];
}

/** Columns: field name → one value per row (all the same length). */
export type Columns = Record<string, ArrayLike<unknown>>;

/** Anything a builder accepts as tabular data. */
export type TableInput = readonly Row[] | DataFrameLike | Columns;

/** True for a danfo DataFrame (or anything shaped like one). */
export function isDataFrameLike(x: unknown): x is DataFrameLike {
  if (x === null || typeof x !== "object") return false;
  const d = x as Record<string, unknown>;
  return Array.isArray(d.columns) && Array.isArray(d.values) && Array.isArray(d.shape) && d.shape.length === 2;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return `an array whose first element is ${x.length ? typeof x[0] : "missing"}`;
  if (typeof x === "object") return `an object (${(x as object).constructor?.name ?? "no constructor"})`;
  return typeof x;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/** Converts builder input to plain rows (copies: the caller's data is never modified). */
export function toRows(data: TableInput): Row[] {
  if (Array.isArray(data)) {
    if (data.length > 0 && (data[0] === null || typeof data[0] !== "object" || Array.isArray(data[0]))) {
      throw new TypeError(messages.notRows(describe(data)));
    }
    return (data as Row[]).map((r) => ({ ...r }));
  }
  if (isDataFrameLike(data)) {
    const cols = data.columns;
    return data.values.map((v) => Object.fromEntries(cols.map((c, i) => [c, plain(v[i])])));
  }
  if (data !== null && typeof data === "object") {
    const entries = Object.entries(data as Columns);
    if (entries.length > 0 && entries.every(([, v]) => isArrayLike(v))) {
      const n = entries[0][1].length;
      const out: Row[] = [];
      for (let i = 0; i < n; i++) out.push(Object.fromEntries(entries.map(([k, v]) => [k, plain(v[i])])));
      return out;
    }
  }
  throw new TypeError(messages.notRows(describe(data)));
}

function plain(v: unknown): unknown {
  return typeof v === "bigint" ? Number(v) : v;
}

/** Field names present in the rows (union over the first 100 rows). */
export function fieldsOf(rows: readonly Row[]): string[] {
  const s = new Set<string>();
  for (const r of rows.slice(0, 100)) for (const k of Object.keys(r)) s.add(k);
  return [...s];
}

/** Throws a message naming the known fields when a required field is absent. */
export function requireFields(builder: string, rows: readonly Row[], fields: (string | undefined)[]): void {
  if (rows.length === 0) throw new RangeError(messages.emptyData(builder));
  const known = fieldsOf(rows);
  for (const f of fields) if (f !== undefined && !known.includes(f)) throw new RangeError(messages.missingField(builder, f, known));
}

/** A 2-D grid: nested rows `[H][W]`, or a flat row-major array with its shape `[H, W]`. */
export type GridInput =
  | readonly (readonly number[])[]
  | readonly ArrayLike<number>[]
  | { values: ArrayLike<number>; shape: readonly [number, number] | readonly number[] };

/** A grid normalised to a flat row-major Float64Array plus its height and width. */
export interface Grid {
  values: Float64Array;
  height: number;
  width: number;
}

/** Normalises a grid input; a shape with leading/trailing 1s (e.g. [1, H, W, 1]) is squeezed to [H, W]. */
export function toGrid(input: GridInput): Grid {
  if (input !== null && typeof input === "object" && !isArrayLike(input) && "values" in input && "shape" in input) {
    const shape = [...input.shape].filter((d, i, a) => !(d === 1 && a.length > 2));
    const values = input.values;
    if (shape.length !== 2) throw new RangeError(messages.badGrid(`shape [${input.shape.join(", ")}]`));
    if (values.length !== shape[0] * shape[1]) throw new RangeError(messages.shapeMismatch(values.length, input.shape));
    return { values: Float64Array.from(values as ArrayLike<number>), height: shape[0], width: shape[1] };
  }
  if (isArrayLike(input) && input.length > 0 && isArrayLike((input as ArrayLike<unknown>)[0])) {
    const rows = input as ArrayLike<ArrayLike<number>>;
    const h = rows.length;
    const w = rows[0].length;
    const out = new Float64Array(h * w);
    for (let i = 0; i < h; i++) {
      if (rows[i].length !== w) throw new RangeError(messages.raggedGrid(i, rows[i].length, w));
      for (let j = 0; j < w; j++) out[i * w + j] = rows[i][j];
    }
    return { values: out, height: h, width: w };
  }
  throw new TypeError(messages.badGrid(describe(input)));
}

/**
 * Average-pools a grid by an integer factor so that neither side exceeds `maxSide` (keeps SVGs small:
 * one rect per cell). Returns the grid unchanged when it is small enough.
 */
export function poolGrid(g: Grid, maxSide: number): { grid: Grid; factor: number } {
  const factor = Math.max(1, Math.ceil(Math.max(g.height, g.width) / maxSide));
  if (factor === 1) return { grid: g, factor };
  const h = Math.ceil(g.height / factor);
  const w = Math.ceil(g.width / factor);
  const out = new Float64Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let s = 0;
      let n = 0;
      for (let a = i * factor; a < Math.min(g.height, (i + 1) * factor); a++) {
        for (let b = j * factor; b < Math.min(g.width, (j + 1) * factor); b++) {
          s += g.values[a * g.width + b];
          n++;
        }
      }
      out[i * w + j] = s / n;
    }
  }
  return { grid: { values: out, height: h, width: w }, factor };
}

/** Grid cells as rows `{ row, col, value }` (row 0 at the top, like an image). */
export function gridRows(g: Grid, extra: Row = {}): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < g.height; i++) {
    for (let j = 0; j < g.width; j++) out.push({ ...extra, row: i, col: j, value: round(g.values[i * g.width + j]) });
  }
  return out;
}

/** Rounds to 6 significant digits so inline data stays small in notebooks. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(6));
}
