/**
 * Training curves: one line per run (the mean over seeds) with a band over seeds (± std, ± standard error,
 * or min–max), optionally EMA-smoothed, log-y, and faceted by metric.
 */
import { BaseOptions, finish, logAxis, num, uniqueInOrder } from "./common";
import { Row, TableInput, requireFields, round, toRows } from "./data";
import { messages } from "./messages";
import { DASHES, OKABE_ITO } from "./theme";

/** What the band around the mean shows. */
export type BandKind = "std" | "stderr" | "minmax" | "none";

/** Options of `trainingCurves`. */
export interface CurveOptions extends BaseOptions {
  /** x field (default "step"). */
  x?: string;
  /** y field (default "value"; e.g. "loss"). */
  y?: string;
  /** Field naming the run/config: one line each (default "run"; absent → one line). */
  series?: string;
  /** Field naming the seed (default "seed"); rows of one run at one x are averaged over it. */
  seed?: string;
  /** Band over seeds (default "std": mean ± one standard deviation). */
  band?: BandKind;
  /** EMA smoothing weight in [0, 1) applied per run and seed before averaging (TensorBoard-style). */
  smooth?: number;
  /** Log-scale y axis (e.g. loss). */
  logY?: boolean;
  /** Log-scale x axis. */
  logX?: boolean;
  /** Field to facet by (e.g. "metric" with loss and accuracy rows); each panel gets its own y scale. */
  facet?: string;
  /** Panels per row when faceting (default 3). */
  columns?: number;
  /** Axis titles (default: the field names). */
  xTitle?: string;
  yTitle?: string;
  /** Distinguish runs by dash pattern too, for grey-scale print (default true). */
  dashes?: boolean;
}

/** One aggregated point: mean and band at one x of one run (and facet panel). */
export interface CurvePoint {
  series: string;
  facet?: string;
  x: number;
  mean: number;
  lo: number;
  hi: number;
  /** Number of seeds averaged. */
  n: number;
}

/**
 * Aggregates raw rows to mean and band per (run, facet, x), smoothing each (run, facet, seed) sequence
 * first when `smooth` > 0. Pure; exported for tests and for custom figures.
 */
export function summarizeRuns(data: TableInput, opts: CurveOptions = {}): CurvePoint[] {
  const rows = toRows(data);
  const x = opts.x ?? "step";
  const y = opts.y ?? "value";
  const seriesField = opts.series ?? "run";
  const seedField = opts.seed ?? "seed";
  requireFields("trainingCurves", rows, [x, y, opts.facet]);
  const band = opts.band ?? "std";
  const smooth = opts.smooth ?? 0;
  if (!(smooth >= 0 && smooth < 1)) throw new RangeError(`viz.trainingCurves: smooth must be in [0, 1), got ${smooth}`);
  const key = (r: Row) => `${String(r[seriesField] ?? "")}\u0000${opts.facet ? String(r[opts.facet]) : ""}`;
  // Group by run+facet+seed into sequences sorted by x; smoothing runs along each sequence.
  const seqs = new Map<string, { series: string; facet?: string; pts: [number, number][] }>();
  for (const r of rows) {
    const xv = num(r[x]);
    const yv = num(r[y]);
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    const k = `${key(r)}\u0000${String(r[seedField] ?? "")}`;
    let s = seqs.get(k);
    if (!s) {
      s = { series: String(r[seriesField] ?? y), facet: opts.facet ? String(r[opts.facet]) : undefined, pts: [] };
      seqs.set(k, s);
    }
    s.pts.push([xv, yv]);
  }
  const cells = new Map<string, { series: string; facet?: string; x: number; ys: number[] }>();
  const order: string[] = [];
  for (const s of seqs.values()) {
    s.pts.sort((a, b) => a[0] - b[0]);
    let ema = NaN;
    for (const [xv, yv] of s.pts) {
      ema = Number.isNaN(ema) || smooth === 0 ? yv : smooth * ema + (1 - smooth) * yv;
      const k = `${s.series}\u0000${s.facet ?? ""}\u0000${xv}`;
      let c = cells.get(k);
      if (!c) {
        c = { series: s.series, facet: s.facet, x: xv, ys: [] };
        cells.set(k, c);
        order.push(k);
      }
      c.ys.push(ema);
    }
  }
  const out: CurvePoint[] = [];
  for (const k of order) {
    const c = cells.get(k)!;
    const n = c.ys.length;
    const mean = c.ys.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(c.ys.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
    let lo = mean;
    let hi = mean;
    if (band === "std") [lo, hi] = [mean - sd, mean + sd];
    else if (band === "stderr") [lo, hi] = [mean - sd / Math.sqrt(n), mean + sd / Math.sqrt(n)];
    else if (band === "minmax") [lo, hi] = [Math.min(...c.ys), Math.max(...c.ys)];
    out.push({ series: c.series, facet: c.facet, x: c.x, mean, lo, hi, n });
  }
  return out;
}

/** Training curves of several runs: mean line per run with a band over seeds. */
export function trainingCurves(data: TableInput, opts: CurveOptions = {}) {
  const x = opts.x ?? "step";
  const y = opts.y ?? "value";
  const pts = summarizeRuns(data, opts);
  const band = opts.band ?? "std";
  const logY = opts.logY ?? false;
  if (logY && pts.some((p) => p.mean <= 0 || (band !== "none" && p.lo <= 0))) {
    // A band reaching <= 0 cannot be drawn on a log axis: clip it to the smallest positive value seen.
    if (pts.some((p) => p.mean <= 0)) throw new RangeError(messages.nonPositiveLog("trainingCurves", y));
    const minPos = Math.min(...pts.filter((p) => p.lo > 0).map((p) => p.lo), ...pts.map((p) => p.mean));
    for (const p of pts) if (p.lo <= 0) p.lo = minPos;
  }
  const rows = pts.map((p) => ({
    run: p.series,
    ...(opts.facet ? { [opts.facet]: p.facet } : {}),
    [x]: p.x,
    [y]: round(p.mean),
    lo: round(p.lo),
    hi: round(p.hi),
    seeds: p.n,
  }));
  const runs = uniqueInOrder(rows, "run").map(String);
  const multi = runs.length > 1;
  const colorDomain = { domain: runs, range: OKABE_ITO.slice(0, Math.max(1, runs.length)).concat() };
  const legend = { symbolType: "stroke", symbolStrokeWidth: 2.5, symbolSize: 300, symbolOpacity: 1 };
  const color = multi ? { field: "run", type: "nominal", title: opts.series ?? "run", scale: colorDomain, sort: null, legend } : { value: OKABE_ITO[0] };
  const xEnc = { field: x, type: "quantitative", title: opts.xTitle ?? x, scale: opts.logX ? { type: "log" } : { zero: false, nice: false }, axis: opts.logX ? logAxis(pts.map((p) => p.x)) : {} };
  const yScale = logY ? { type: "log" } : { zero: false };
  const yAxis = logY ? logAxis(pts.flatMap((p) => [p.lo, p.hi])) : {};
  const showBand = band !== "none" && pts.some((p) => p.n > 1);
  const layer: Record<string, unknown>[] = [];
  if (showBand) {
    layer.push({
      mark: { type: "area", opacity: 0.2, interpolate: "linear" },
      encoding: {
        x: xEnc,
        y: { field: "lo", type: "quantitative", scale: yScale, axis: yAxis, title: opts.yTitle ?? y },
        y2: { field: "hi" },
        // fill, not color: its own scale with no legend, so the legend shows only the lines
        fill: multi ? { field: "run", type: "nominal", title: opts.series ?? "run", scale: colorDomain, sort: null, legend } : { value: OKABE_ITO[0] },
      },
    });
  }
  const dashes = (opts.dashes ?? true) && multi;
  layer.push({
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: xEnc,
      y: { field: y, type: "quantitative", scale: yScale, axis: yAxis, title: opts.yTitle ?? y },
      color,
      ...(dashes ? { strokeDash: { field: "run", type: "nominal", title: opts.series ?? "run", sort: null, legend, scale: { domain: runs, range: DASHES.slice(0, runs.length) } } } : {}),
      tooltip: [
        { field: "run", type: "nominal" },
        { field: x, type: "quantitative" },
        { field: y, type: "quantitative", format: ".4g" },
        { field: "seeds", type: "quantitative" },
      ],
    },
  });
  const seeds = Math.max(...pts.map((p) => p.n));
  const meta = { builder: "trainingCurves", summary: `${runs.length} run(s) × up to ${seeds} seed(s), ${rows.length} points` };
  const size = { width: opts.width, height: opts.height };
  if (opts.facet) {
    return finish(
      {
        data: { values: rows },
        facet: { field: opts.facet, type: "nominal", title: null, sort: uniqueInOrder(rows, opts.facet).map(String) },
        columns: opts.columns ?? 3,
        spec: { ...size, layer },
        resolve: { scale: { y: "independent" } },
      },
      opts,
      meta,
    );
  }
  return finish({ data: { values: rows }, ...size, layer }, opts, meta);
}
