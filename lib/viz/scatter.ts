/**
 * Scatter with a trade-off frontier (e.g. accuracy vs energy on log axes): points coloured and shaped by
 * series, the Pareto frontier computed here and drawn as a line, optional point labels.
 */
import { BaseOptions, finish, logAxis, num, uniqueInOrder } from "./common";
import { TableInput, requireFields, round, toRows } from "./data";
import { LABEL_SIDE_FIELD, labelDistance, labelLayers, pixelScale, placeLabels } from "./labels";
import { messages } from "./messages";
import { OKABE_ITO, SHAPES, getTheme } from "./theme";

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
  /**
   * Field whose value is written next to each point (e.g. "config"). Labels are placed clear of the points and of
   * each other (lib/viz/labels.ts), frontier points first; a label with no free site is left out of the plot and
   * stays in the point's tooltip.
   */
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
  const stepBefore = (opts.maximizeY ?? true) === Boolean(opts.maximizeX);
  if (drawFrontier && frontRows.length > 1) {
    // Staircase: the frontier holds the last optimum's y until the next optimum's x.
    const interpolate = drawFrontier === "step" ? (stepBefore ? "step-before" : "step-after") : "linear";
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
  const pointSize = 60;
  layer.push({
    mark: { type: "point", filled: true, size: pointSize, opacity: 0.9, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: xEnc,
      y: yEnc,
      ...seriesEnc,
      tooltip: [...(opts.series ? [{ field: opts.series }] : []), ...(opts.label ? [{ field: opts.label }] : []), { field: x, type: "quantitative", format: ".4g" }, { field: y, type: "quantitative", format: ".4g" }],
    },
  });
  const data2: Record<string, unknown>[] = pts.map((p) => ({ ...p, [x]: round(p[x] as number), [y]: round(p[y] as number) }));
  if (opts.label) {
    // Pixel positions as vega will draw them: the plot size, and each axis's domain made nice as Vega-Lite does.
    const view = { ...getTheme().view, ...opts.config?.view };
    const width = opts.width ?? (typeof view.continuousWidth === "number" ? view.continuousWidth : 320);
    const height = opts.height ?? (typeof view.continuousHeight === "number" ? view.continuousHeight : 200);
    const px = pixelScale({ type: opts.logX ? "log" : "linear", values: xs, range: [0, width] });
    const py = pixelScale({ type: opts.logY ? "log" : "linear", values: ys, range: [height, 0] });
    const style = { fontSize: 9, markRadius: 0.6 * Math.sqrt(pointSize), gap: 1.5 };
    const onFront = new Set(front);
    const order = [...front, ...pts.map((_, i) => i).filter((i) => !onFront.has(i))];
    const sites = data2.map((p) => ({ x: px(p[x] as number), y: py(p[y] as number), text: p[opts.label!] == null ? "" : String(p[opts.label!]) }));
    // The frontier as drawn: straight segments, or a staircase turning at (previous x, this y) (step-before) or at
    // (this x, previous y) (step-after).
    const line = drawFrontier && front.length > 1
      ? front.flatMap((i, k) => {
          const p = { x: px(xs[i]), y: py(ys[i]) };
          if (drawFrontier !== "step" || k === 0) return [p];
          const q = { x: px(xs[front[k - 1]]), y: py(ys[front[k - 1]]) };
          return [stepBefore ? { x: q.x, y: p.y } : { x: p.x, y: q.y }, p];
        })
      : [];
    const sides = placeLabels(sites, { width, height, ...style, lines: [line] }, order);
    data2.forEach((p, i) => (p[LABEL_SIDE_FIELD] = sides[i]));
    layer.push(...labelLayers(sides, { x: xEnc, y: yEnc, text: { field: opts.label } }, { fontSize: style.fontSize, color: "#333333", distance: labelDistance(style) }));
  }
  const meta = { builder: "scatterFrontier", summary: `${rows.length} point(s), ${front.length} on the frontier` };
  return finish({ data: { values: data2 }, width: opts.width, height: opts.height, layer }, opts, meta);
}
