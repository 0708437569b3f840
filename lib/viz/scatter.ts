/**
 * Scatter with a trade-off frontier (e.g. accuracy vs energy on log axes): points coloured and shaped by
 * series, the Pareto frontier computed here and drawn as a line, optional point labels.
 */
import { BaseOptions, finish, logAxis, num, uniqueInOrder } from "./common";
import { TableInput, requireFields, round, toRows } from "./data";
import { messages } from "./messages";
import { OKABE_ITO, SHAPES } from "./theme";

/** Which direction is better on each axis. */
export interface FrontierGoal {
  /** Larger x is better (default false: e.g. energy, latency, parameters). */
  maximizeX?: boolean;
  /** Larger y is better (default true: e.g. accuracy). */
  maximizeY?: boolean;
}

/**
 * Indices of the Pareto-optimal points (no other point is at least as good on both axes and better on
 * one), ordered by increasing x. Duplicates keep their first index. Non-finite points are ignored.
 * O(n log n): sort by x from best to worst, sweep keeping points that beat the best y so far.
 */
export function paretoFrontier(points: readonly { x: number; y: number }[], goal: FrontierGoal = {}): number[] {
  const sx = goal.maximizeX ? -1 : 1; // minimise sx·x
  const sy = (goal.maximizeY ?? true) ? -1 : 1; // minimise sy·y
  const idx = points.map((_, i) => i).filter((i) => Number.isFinite(points[i].x) && Number.isFinite(points[i].y));
  idx.sort((a, b) => sx * points[a].x - sx * points[b].x || sy * points[a].y - sy * points[b].y || a - b);
  const keep: number[] = [];
  let best = Infinity;
  for (const i of idx) {
    const v = sy * points[i].y;
    if (v < best) {
      keep.push(i);
      best = v;
    }
  }
  return keep.sort((a, b) => points[a].x - points[b].x || a - b);
}

/** Options of `scatterFrontier`. */
export interface ScatterOptions extends BaseOptions, FrontierGoal {
  /** x field (default "x"), y field (default "y"). */
  x?: string;
  y?: string;
  /** Field for colour and shape (e.g. "model"); absent → one colour. */
  series?: string;
  /** Field whose value is written next to each point (e.g. "config"). */
  label?: string;
  /** Log-scale axes (values must be > 0). */
  logX?: boolean;
  logY?: boolean;
  /** Draw the Pareto frontier (default true); "step" draws it as a staircase. */
  frontier?: boolean | "step";
  /** Axis titles (default: the field names). */
  xTitle?: string;
  yTitle?: string;
}

/** Scatter of a trade-off (e.g. accuracy vs energy) with its Pareto frontier drawn as a line. */
export function scatterFrontier(data: TableInput, opts: ScatterOptions = {}) {
  const rows = toRows(data);
  const x = opts.x ?? "x";
  const y = opts.y ?? "y";
  requireFields("scatterFrontier", rows, [x, y, opts.series, opts.label]);
  const pts = rows.map((r) => ({ ...r, [x]: num(r[x]), [y]: num(r[y]) }));
  if (opts.logX && pts.some((p) => !((p[x] as number) > 0))) throw new RangeError(messages.nonPositiveLog("scatterFrontier", x));
  if (opts.logY && pts.some((p) => !((p[y] as number) > 0))) throw new RangeError(messages.nonPositiveLog("scatterFrontier", y));
  const front = paretoFrontier(pts.map((p) => ({ x: p[x] as number, y: p[y] as number })), opts);
  const frontRows = front.map((i, k) => ({ [x]: pts[i][x], [y]: pts[i][y], order: k }));
  const xs = pts.map((p) => p[x] as number);
  const ys = pts.map((p) => p[y] as number);
  const xEnc = { field: x, type: "quantitative", title: opts.xTitle ?? x, scale: opts.logX ? { type: "log" } : { zero: false }, axis: opts.logX ? logAxis(xs) : {} };
  const yEnc = { field: y, type: "quantitative", title: opts.yTitle ?? y, scale: opts.logY ? { type: "log" } : { zero: false }, axis: opts.logY ? logAxis(ys) : {} };
  const series = opts.series ? uniqueInOrder(rows, opts.series).map(String) : [];
  const layer: Record<string, unknown>[] = [];
  const drawFrontier = opts.frontier ?? true;
  if (drawFrontier && frontRows.length > 1) {
    // Staircase: the frontier holds the last optimum's y until the next optimum's x.
    const interpolate = drawFrontier === "step" ? ((opts.maximizeY ?? true) === Boolean(opts.maximizeX) ? "step-before" : "step-after") : "linear";
    layer.push({
      data: { values: frontRows },
      mark: { type: "line", color: "#555555", strokeWidth: 1.5, strokeDash: [5, 3], interpolate },
      encoding: { x: xEnc, y: yEnc, order: { field: "order", type: "quantitative" } },
    });
  }
  const seriesEnc = opts.series
    ? {
        color: { field: opts.series, type: "nominal", sort: series, scale: { domain: series, range: OKABE_ITO.slice(0, series.length).concat() } },
        shape: { field: opts.series, type: "nominal", sort: series, scale: { domain: series, range: SHAPES.slice(0, series.length) } },
      }
    : { color: { value: OKABE_ITO[0] } };
  layer.push({
    mark: { type: "point", filled: true, size: 60, opacity: 0.9, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: xEnc,
      y: yEnc,
      ...seriesEnc,
      tooltip: [...(opts.series ? [{ field: opts.series }] : []), ...(opts.label ? [{ field: opts.label }] : []), { field: x, type: "quantitative", format: ".4g" }, { field: y, type: "quantitative", format: ".4g" }],
    },
  });
  if (opts.label) {
    layer.push({
      mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 9, color: "#333333" },
      encoding: { x: xEnc, y: yEnc, text: { field: opts.label } },
    });
  }
  const data2 = pts.map((p) => ({ ...p, [x]: round(p[x] as number), [y]: round(p[y] as number) }));
  const meta = { builder: "scatterFrontier", summary: `${rows.length} point(s), ${front.length} on the frontier` };
  return finish({ data: { values: data2 }, width: opts.width, height: opts.height, layer }, opts, meta);
}
