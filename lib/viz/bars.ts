/**
 * Grouped bars: configs (or tasks) along x, one bar per series inside each group (e.g. the paper's number
 * next to ours), with optional error bars and value labels.
 */
import { BaseOptions, finish, num, uniqueInOrder } from "./common";
import { TableInput, requireFields, round, toRows } from "./data";
import { OKABE_ITO, PAPER_COLOR } from "./theme";

/** Options of `groupedBars`. */
export interface BarOptions extends BaseOptions {
  /** Field of the groups along the axis (default "group"; e.g. "config" or "task"). */
  group?: string;
  /** Value field (default "value"). */
  value?: string;
  /** Field of the bars inside a group (default "series"; absent → one bar per group). */
  series?: string;
  /** Symmetric error field (± err), e.g. std over seeds. */
  err?: string;
  /** Lower/upper error fields (instead of `err`). */
  lo?: string;
  hi?: string;
  /** Series value drawn in neutral grey: the reference (default "paper"). */
  reference?: string;
  /** Value labels on the bars, with this d3 format (e.g. ".1f"); off when omitted. */
  labels?: string;
  /** Bars along y (groups on the y axis), for long group names. */
  horizontal?: boolean;
  /** Axis titles (default: the field names). */
  groupTitle?: string;
  valueTitle?: string;
  /** Value-axis domain, e.g. [0, 100] for accuracy in %. */
  domain?: [number, number];
}

/** Grouped bars: one group per config, one bar per series (paper vs ours), optional error bars. */
export function groupedBars(data: TableInput, opts: BarOptions = {}) {
  const rows = toRows(data);
  const g = opts.group ?? "group";
  const v = opts.value ?? "value";
  const sField = opts.series ?? "series";
  requireFields("groupedBars", rows, [g, v, opts.err, opts.lo, opts.hi]);
  const hasSeries = rows.some((r) => sField in r);
  const out = rows.map((r) => {
    const val = num(r[v]);
    const o: Record<string, unknown> = { [g]: r[g], [v]: round(val) };
    if (hasSeries) o[sField] = String(r[sField]);
    if (opts.err) [o.lo, o.hi] = [round(val - num(r[opts.err])), round(val + num(r[opts.err]))];
    else if (opts.lo && opts.hi) [o.lo, o.hi] = [round(num(r[opts.lo])), round(num(r[opts.hi]))];
    // rows without an error (e.g. the paper's number) get a zero-length one, so labels still sit on top
    if (!Number.isFinite(o.lo as number) || !Number.isFinite(o.hi as number)) [o.lo, o.hi] = [round(val), round(val)];
    return o;
  });
  const series = hasSeries ? uniqueInOrder(out, sField).map(String) : [];
  const reference = opts.reference ?? "paper";
  let k = 0;
  const range = series.map((s) => (s === reference ? PAPER_COLOR : OKABE_ITO[k++ % OKABE_ITO.length]));
  const band = opts.horizontal ? "y" : "x";
  const lin = opts.horizontal ? "x" : "y";
  const offset = opts.horizontal ? "yOffset" : "xOffset";
  const groups = uniqueInOrder(out, g);
  // Bar thickness in px; a group is series × bar plus a gap. Long group names are tilted when they would collide.
  const bar = Math.max(10, Math.min(24, Math.round(260 / Math.max(1, groups.length * Math.max(1, series.length)))));
  const groupPx = Math.max(1, series.length) * bar * 1.25;
  const longest = Math.max(...groups.map((x) => String(x).length));
  const tilt = !opts.horizontal && longest * 6.5 > groupPx;
  const axis = tilt ? { labelAngle: -30, labelAlign: "right", labelOverlap: false, labelLimit: 280 } : { labelAngle: 0, labelOverlap: false, labelLimit: 280 };
  const groupEnc = { field: g, type: "nominal", sort: null, title: opts.groupTitle ?? g, axis, scale: { paddingInner: 0.2 } };
  const valueEnc = { field: v, type: "quantitative", title: opts.valueTitle ?? v, ...(opts.domain ? { scale: { domain: opts.domain } } : {}) };
  const seriesEnc = hasSeries ? { [offset]: { field: sField, type: "nominal", sort: series } } : {};
  const color = hasSeries
    ? { field: sField, type: "nominal", title: sField, scale: { domain: series, range }, sort: series }
    : { value: OKABE_ITO[0] };
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "bar" },
      encoding: {
        [band]: groupEnc,
        [lin]: valueEnc,
        ...seriesEnc,
        color,
        tooltip: [{ field: g }, ...(hasSeries ? [{ field: sField }] : []), { field: v, type: "quantitative", format: ".4g" }],
      },
    },
  ];
  const hasErr = Boolean(opts.err || (opts.lo && opts.hi));
  if (hasErr) {
    layer.push({
      mark: { type: "rule", color: "#222222", strokeWidth: 1.2 },
      encoding: { [band]: groupEnc, [lin]: { field: "lo", type: "quantitative" }, [`${lin}2`]: { field: "hi" }, ...seriesEnc },
    });
  }
  if (opts.labels) {
    layer.push({
      mark: opts.horizontal
        ? { type: "text", align: "left", dx: 3, fontSize: 9 }
        : { type: "text", baseline: "bottom", dy: -2, fontSize: 9 },
      encoding: {
        [band]: groupEnc,
        [lin]: { field: hasErr ? "hi" : v, type: "quantitative" },
        ...seriesEnc,
        text: { field: v, type: "quantitative", format: opts.labels },
      },
    });
  }
  const extent = Math.round(groups.length * groupPx);
  const size = opts.horizontal
    ? { width: opts.width, height: opts.height ?? extent }
    : { width: opts.width ?? extent, height: opts.height };
  const meta = { builder: "groupedBars", summary: `${groups.length} group(s) × ${Math.max(1, series.length)} series` };
  return finish({ data: { values: out }, ...size, layer }, opts, meta);
}
