/**
 * Heatmaps and image grids from 2-D arrays (nested or flat + shape): phase masks, intensity fields, RHEED
 * frames, confusion matrices, attention maps. One `rect` per cell; large grids are average-pooled to
 * `maxSide` cells per side so SVGs stay small.
 */
import { BaseOptions, finish } from "./common";
import { Grid, GridInput, Row, gridRows, poolGrid, round, toGrid } from "./data";

/** Options of `heatmap`. */
export interface HeatmapOptions extends BaseOptions {
  /** Labels of the columns (x) and rows (y), e.g. class names or tokens; default: indices. */
  xLabels?: readonly (string | number)[];
  yLabels?: readonly (string | number)[];
  /** Axis titles. */
  xTitle?: string;
  yTitle?: string;
  /** Colour-bar title (default "value"). */
  colorTitle?: string;
  /** Vega colour scheme (default: the theme's, viridis); e.g. "cividis", "greys", "blueorange". */
  scheme?: string;
  /** Colour domain, e.g. [0, 1] or [-Math.PI, Math.PI] for a phase. */
  domain?: [number, number];
  /** Normalise before drawing: each row sums to 1 ("row", confusion matrices), each column, or the whole grid. */
  normalize?: "row" | "col" | "all";
  /** Write each cell's value (default: on for grids up to 12 × 12). */
  annotate?: boolean;
  /** d3 format of annotations (default ".2f"). */
  format?: string;
  /** Hide axes and draw square cells, for images (default: on when there are no labels and a side > 16). */
  image?: boolean;
  /** Largest number of cells per side before average pooling (default 128). */
  maxSide?: number;
  /** Cell size in px (default: fits the larger side into about 260 px). */
  cellSize?: number;
}

const DARK_LOW = /^(viridis|cividis|magma|inferno|plasma|turbo|greys?|lightgreyred)/i;

function normalizeGrid(values: Float64Array, h: number, w: number, how: HeatmapOptions["normalize"]): Float64Array {
  if (!how) return values;
  const out = Float64Array.from(values);
  const div = (idx: number[]) => {
    const s = idx.reduce((a, i) => a + out[i], 0);
    if (s !== 0) for (const i of idx) out[i] /= s;
  };
  if (how === "all") div([...out.keys()]);
  else if (how === "row") for (let i = 0; i < h; i++) div(Array.from({ length: w }, (_, j) => i * w + j));
  else for (let j = 0; j < w; j++) div(Array.from({ length: h }, (_, i) => i * w + j));
  return out;
}

/** The encodings and size of one heatmap panel (shared by heatmap and imageGrid). */
function panel(h: number, w: number, vmin: number, vmax: number, opts: HeatmapOptions, labelled: boolean) {
  const image = opts.image ?? (!labelled && Math.max(h, w) > 16);
  const cell = opts.cellSize ?? Math.max(1, Math.min(40, Math.floor(260 / Math.max(h, w))));
  // Labelled x axes tilt their labels when they would not fit a cell, rather than dropping every other one.
  const longest = Math.max(0, ...(opts.xLabels ?? []).map((l) => String(l).length));
  const tilt = longest * 6 > cell;
  const axis = (title: string | undefined, isX: boolean) =>
    image
      ? null
      : isX && tilt && opts.xLabels
        ? { title: title ?? null, labelAngle: -40, labelAlign: "right", labelOverlap: false }
        : { title: title ?? null, labelAngle: 0, labelOverlap: opts.xLabels || opts.yLabels ? false : true };
  const scale: Record<string, unknown> = {};
  if (opts.scheme) scale.scheme = opts.scheme;
  if (opts.domain) scale.domain = opts.domain;
  const color = {
    field: "value",
    type: "quantitative",
    title: opts.colorTitle ?? (opts.normalize ? "fraction" : "value"),
    scale,
    legend: { gradientLength: Math.max(80, Math.min(h * cell, 200)), gradientThickness: 10 },
  };
  const enc: Record<string, unknown> = {
    x: { field: "x", type: "ordinal", sort: null, axis: axis(opts.xTitle, true), scale: { paddingInner: 0, paddingOuter: 0 } },
    y: { field: "y", type: "ordinal", sort: null, axis: axis(opts.yTitle, false), scale: { paddingInner: 0, paddingOuter: 0 } },
    color,
    tooltip: [{ field: "y", title: opts.yTitle ?? "row" }, { field: "x", title: opts.xTitle ?? "col" }, { field: "value", type: "quantitative", format: ".4g" }],
  };
  const layer: Record<string, unknown>[] = [{ mark: { type: "rect" }, encoding: enc }];
  const annotate = opts.annotate ?? (h <= 12 && w <= 12);
  if (annotate) {
    const [lo, hi] = opts.domain ?? [vmin, vmax];
    const mid = (lo + hi) / 2;
    const darkLow = opts.scheme === undefined || DARK_LOW.test(opts.scheme);
    layer.push({
      mark: { type: "text", fontSize: Math.max(7, Math.min(11, cell / 3.2)) },
      encoding: {
        x: enc.x,
        y: enc.y,
        text: { field: "value", type: "quantitative", format: opts.format ?? ".2f" },
        // light text on the dark end of the scheme, dark text on the light end
        color: darkLow ? { condition: { test: `datum.value < ${mid}`, value: "white" }, value: "black" } : { value: "black" },
      },
    });
  }
  return { layer, width: opts.width ?? { step: cell }, height: opts.height ?? { step: cell } };
}

function labelRows(rows: Row[], xLabels?: readonly (string | number)[], yLabels?: readonly (string | number)[]): Row[] {
  return rows.map((r) => {
    const { row, col, ...rest } = r as { row: number; col: number } & Row;
    return { ...rest, x: xLabels ? xLabels[col] : col, y: yLabels ? yLabels[row] : row };
  });
}

/**
 * Compact inline data for unlabelled grids: one row per panel holding the flat values (4 significant
 * digits), expanded by Vega-Lite transforms into cells { x, y, value }. About 6 bytes per cell instead of
 * about 40, which keeps notebooks with images small. Returns the data and the transforms.
 */
function compactGrids(panels: { keys: Row; grid: Grid }[]) {
  const keyFields = Object.keys(panels[0].keys);
  const values = panels.map(({ keys, grid }) => ({
    ...keys,
    w: grid.width,
    v: Array.from(grid.values, (x) => (Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(4)) : x)),
  }));
  const transform = [
    { flatten: ["v"], as: ["value"] },
    { window: [{ op: "row_number", as: "i" }], groupby: keyFields.length ? keyFields : undefined },
    { calculate: "floor((datum.i - 1) / datum.w)", as: "y" },
    { calculate: "(datum.i - 1) % datum.w", as: "x" },
  ].map((t) => JSON.parse(JSON.stringify(t)) as Record<string, unknown>); // drops undefined groupby
  return { data: { values }, transform };
}

function minMax(v: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Heatmap of a 2-D array (row 0 at the top), with optional labels, normalisation and cell annotations. */
export function heatmap(data: GridInput, opts: HeatmapOptions = {}) {
  const g0 = toGrid(data);
  const labelled = Boolean(opts.xLabels || opts.yLabels);
  if (opts.xLabels && opts.xLabels.length !== g0.width) throw new RangeError(`viz.heatmap: ${opts.xLabels.length} xLabels for ${g0.width} columns; pass one label per column`);
  if (opts.yLabels && opts.yLabels.length !== g0.height) throw new RangeError(`viz.heatmap: ${opts.yLabels.length} yLabels for ${g0.height} rows; pass one label per row`);
  const normed = { ...g0, values: normalizeGrid(g0.values, g0.height, g0.width, opts.normalize) };
  const { grid, factor } = labelled ? { grid: normed, factor: 1 } : poolGrid(normed, opts.maxSide ?? 128);
  const [vmin, vmax] = minMax(grid.values);
  const p = panel(grid.height, grid.width, vmin, vmax, opts, labelled);
  const body = labelled ? { data: { values: labelRows(gridRows(grid), opts.xLabels, opts.yLabels) } } : compactGrids([{ keys: {}, grid }]);
  const pooled = factor > 1 ? `, pooled ${factor}×${factor}` : "";
  const meta = { builder: "heatmap", summary: `${g0.height} × ${g0.width} grid${pooled}, values ${round(vmin)} … ${round(vmax)}` };
  return finish({ ...body, ...p }, opts, meta);
}

/** Options of `confusionMatrix`. */
export interface ConfusionOptions extends HeatmapOptions {
  /** Row normalisation (default "row": each true class sums to 1); false shows counts. */
  normalize?: "row" | "col" | "all";
  /** Show raw counts instead of fractions. */
  counts?: boolean;
}

/** Confusion matrix: rows = true class, columns = predicted, row-normalised and annotated by default. */
export function confusionMatrix(matrix: GridInput, labels: readonly (string | number)[], opts: ConfusionOptions = {}) {
  const counts = opts.counts ?? false;
  return heatmap(matrix, {
    xTitle: "predicted",
    yTitle: "true",
    annotate: true,
    format: counts ? "d" : ".2f",
    domain: counts ? undefined : [0, 1],
    colorTitle: counts ? "count" : "fraction",
    ...opts,
    normalize: counts ? undefined : (opts.normalize ?? "row"),
    xLabels: labels,
    yLabels: labels,
  });
}

/** One panel of an image grid. */
export interface ImagePanel {
  /** The 2-D array. */
  data: GridInput;
  /** Panel title (wrapped layout), e.g. "mask 1". */
  label?: string | number;
  /** Row and column keys for a row × column layout (e.g. θ and T_set); overrides `label`. */
  row?: string | number;
  column?: string | number;
}

/** Options of `imageGrid`. */
export interface ImageGridOptions extends HeatmapOptions {
  /** Panels per row in the wrapped layout (default 4). */
  columns?: number;
  /** One colour scale for all panels (default true); false gives each panel its own colour bar. */
  sharedScale?: boolean;
  /** Titles of the row and column keys in the row × column layout. */
  rowTitle?: string;
  columnTitle?: string;
}

/** Grid of images (phase masks, intensity fields, RHEED frames) as faceted heatmaps, wrapped or row × column. */
export function imageGrid(panels: readonly ImagePanel[], opts: ImageGridOptions = {}) {
  if (panels.length === 0) throw new RangeError("viz.imageGrid: no panels; pass at least one { data }");
  const maxSide = opts.maxSide ?? 64;
  const grids: { keys: Row; grid: Grid }[] = [];
  let h = 0;
  let w = 0;
  let vmin = Infinity;
  let vmax = -Infinity;
  const byKeys = panels.some((p) => p.row !== undefined || p.column !== undefined);
  panels.forEach((p, i) => {
    const g0 = toGrid(p.data);
    const normed = { ...g0, values: normalizeGrid(g0.values, g0.height, g0.width, opts.normalize) };
    const { grid } = poolGrid(normed, maxSide);
    [h, w] = [Math.max(h, grid.height), Math.max(w, grid.width)];
    const [a, b] = minMax(grid.values);
    [vmin, vmax] = [Math.min(vmin, a), Math.max(vmax, b)];
    const keys: Row = byKeys ? { prow: String(p.row ?? ""), pcol: String(p.column ?? "") } : { panel: String(p.label ?? i + 1) };
    grids.push({ keys, grid });
  });
  const p = panel(h, w, vmin, vmax, { annotate: false, image: true, cellSize: Math.max(1, Math.floor(120 / Math.max(h, w))), ...opts }, false);
  const header = { labelFontSize: 11 };
  const facet = byKeys
    ? {
        facet: {
          row: { field: "prow", type: "nominal", sort: null, title: opts.rowTitle ?? null, header },
          column: { field: "pcol", type: "nominal", sort: null, title: opts.columnTitle ?? null, header },
        },
      }
    : { facet: { field: "panel", type: "nominal", sort: null, title: null, header }, columns: opts.columns ?? 4 };
  const resolve = opts.sharedScale === false ? { resolve: { scale: { color: "independent" } } } : {};
  const meta = { builder: "imageGrid", summary: `${panels.length} panel(s) of up to ${h} × ${w}` };
  return finish({ ...compactGrids(grids), ...facet, spec: p, spacing: 6, ...resolve }, opts, meta);
}
