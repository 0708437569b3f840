/**
 * Point labels that do not collide. Vega-Lite's text mark writes every label at one fixed offset, so the labels of
 * nearby points overlap each other and the points; vega's `label` transform is not reachable from Vega-Lite (and
 * JupyterLab renders the Vega-Lite spec itself). Instead the builder places the labels: each point's label tries
 * eight sites around its mark (right first, then the diagonals, left, above, below: the cartographers' order of
 * preference) and takes the first whose box stays inside the plot and clear of every mark, of the lines drawn, and
 * of the labels placed before it. A label with no free site is left out (the builders keep it in the point's tooltip). The choice is
 * written into the data as a field, and `labelLayers` draws one text layer per side used.
 */
import { textWidth } from "./text-metrics";

/** Where a label sits relative to its point: compass sides. */
export type LabelSide = "e" | "ne" | "se" | "w" | "nw" | "sw" | "n" | "s";

/** The sites a label tries, in order of preference. */
export const LABEL_SIDES: readonly LabelSide[] = ["e", "ne", "se", "w", "nw", "sw", "n", "s"];

/** The field `placeLabels`' choice is written to in the builders' data. */
export const LABEL_SIDE_FIELD = "_labelSide";

/** A point to label, in plot pixels (x right, y down, origin at the plot's top left), and its label. */
export interface LabelSite {
  x: number;
  y: number;
  text: string;
}

/** Options of `placeLabels`. */
export interface PlaceLabelsOptions {
  /** The plot area in pixels: labels stay inside [0, width] × [0, height]. */
  width: number;
  height: number;
  /** Label font size in pixels. */
  fontSize: number;
  /** Half-extent of a point mark in pixels: no label box enters the square of this half-side around any point. */
  markRadius: number;
  /** Clearance in pixels between a label and a mark or another label (default 2). */
  gap?: number;
  /** Polylines drawn in the plot (e.g. a frontier), in plot pixels: labels keep clear of them too. */
  lines?: readonly (readonly { x: number; y: number }[])[];
}

/** A box in plot pixels. */
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The text mark properties that put a label on a side at distance `d` from its point. */
export function sideOffset(side: LabelSide, d: number): { dx: number; dy: number; align: "left" | "right" | "center"; baseline: "top" | "middle" | "bottom" } {
  // A diagonal label's near corner is d off the point on both axes, so its box clears the point's own square.
  const diag = d;
  switch (side) {
    case "e":
      return { dx: d, dy: 0, align: "left", baseline: "middle" };
    case "w":
      return { dx: -d, dy: 0, align: "right", baseline: "middle" };
    case "n":
      return { dx: 0, dy: -d, align: "center", baseline: "bottom" };
    case "s":
      return { dx: 0, dy: d, align: "center", baseline: "top" };
    case "ne":
      return { dx: diag, dy: -diag, align: "left", baseline: "bottom" };
    case "nw":
      return { dx: -diag, dy: -diag, align: "right", baseline: "bottom" };
    case "se":
      return { dx: diag, dy: diag, align: "left", baseline: "top" };
    case "sw":
      return { dx: -diag, dy: diag, align: "right", baseline: "top" };
  }
}

/** The distance between a point and its label's anchor: the mark's half-extent plus the gap. */
export function labelDistance(opts: Pick<PlaceLabelsOptions, "markRadius" | "gap">): number {
  return opts.markRadius + (opts.gap ?? 2);
}

/**
 * A label's width in pixels, on the safe side: the shipped font's advances or 0.6 em per character, whichever is
 * wider (a browser without the shipped font draws in a wider fallback such as DejaVu Sans).
 */
function labelWidth(text: string, fontSize: number): number {
  const w = textWidth(text, fontSize);
  return Math.max(Number.isFinite(w) ? w : 0, 0.6 * fontSize * [...text].length);
}

/** The box of a label of size w × h drawn on `side` of (x, y). */
function boxAt(x: number, y: number, w: number, h: number, side: LabelSide, d: number): Box {
  const o = sideOffset(side, d);
  const ax = x + o.dx;
  const ay = y + o.dy;
  const x1 = o.align === "left" ? ax : o.align === "right" ? ax - w : ax - w / 2;
  const y1 = o.baseline === "top" ? ay : o.baseline === "bottom" ? ay - h : ay - h / 2;
  return { x1, y1, x2: x1 + w, y2: y1 + h };
}

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

/**
 * Greedy label placement: for each site in `order` (default: as given), the first side of LABEL_SIDES whose label
 * box lies inside the plot and clear (by `gap`) of every point's mark and of the labels already placed; null when no
 * side is free (the label is left out). Returns one side (or null) per site, in the sites' order. O(n² · 8).
 */
export function placeLabels(sites: readonly LabelSite[], opts: PlaceLabelsOptions, order?: readonly number[]): (LabelSide | null)[] {
  const gap = opts.gap ?? 2;
  const d = labelDistance(opts);
  const r = opts.markRadius;
  const h = opts.fontSize * 1.2; // vega's text box: the font size plus the line's descent and ascent slack
  const marks: Box[] = sites.map((s) => ({ x1: s.x - r, y1: s.y - r, x2: s.x + r, y2: s.y + r }));
  // A line is kept clear of as a chain of 1-px boxes at most 3 px apart along each segment.
  for (const line of opts.lines ?? []) {
    for (let k = 1; k < line.length; k++) {
      const a = line[k - 1];
      const b = line[k];
      const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 3));
      for (let j = 0; j <= n; j++) {
        const x = a.x + ((b.x - a.x) * j) / n;
        const y = a.y + ((b.y - a.y) * j) / n;
        if (Number.isFinite(x) && Number.isFinite(y)) marks.push({ x1: x - 1, y1: y - 1, x2: x + 1, y2: y + 1 });
      }
    }
  }
  const placed: Box[] = [];
  const out: (LabelSide | null)[] = sites.map(() => null);
  for (const i of order ?? sites.map((_, k) => k)) {
    const s = sites[i];
    if (!Number.isFinite(s.x) || !Number.isFinite(s.y) || s.text === "") continue;
    const w = labelWidth(s.text, opts.fontSize);
    for (const side of LABEL_SIDES) {
      const b = boxAt(s.x, s.y, w, h, side, d);
      if (b.x1 < 0 || b.y1 < 0 || b.x2 > opts.width || b.y2 > opts.height) continue;
      if (marks.some((m) => overlaps(b, m, gap)) || placed.some((p) => overlaps(b, p, gap))) continue;
      placed.push(b);
      out[i] = side;
      break;
    }
  }
  return out;
}

/** A continuous position scale as vega builds it: type, data extent or fixed domain, nice or not, pixel range. */
export interface PixelScale {
  type: "linear" | "log";
  /** A fixed domain (Vega-Lite leaves it as given, no nice). */
  domain?: readonly [number, number];
  /** Otherwise the data the domain spans; Vega-Lite's defaults then apply (nice: true). */
  values?: readonly number[];
  /** Include zero in a linear data domain (Vega-Lite's default for quantitative x/y; builders often set false). */
  zero?: boolean;
  /** Pixel range [start, end]: [0, width] for x, [height, 0] for y. */
  range: readonly [number, number];
}

/**
 * The pixel position function of a continuous x/y scale, computed with vega's own scales (vega-scale, required
 * lazily) so that it matches the rendered figure: the domain is the data's extent, widened to zero when asked, then
 * made nice as Vega-Lite asks by default; a fixed domain is kept as is.
 */
export function pixelScale(s: PixelScale): (v: number) => number {
  const v = require("vega") as typeof import("vega");
  const sc = v.scale(s.type)();
  if (s.domain) sc.domain([...s.domain]);
  else {
    const xs = (s.values ?? []).filter((x) => Number.isFinite(x) && (s.type !== "log" || x > 0));
    if (xs.length === 0) return () => NaN;
    let lo = Math.min(...xs);
    let hi = Math.max(...xs);
    if (s.type === "linear" && s.zero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    sc.domain([lo, hi]);
    sc.nice();
  }
  sc.range([...s.range]);
  return (x: number) => sc(x) as number;
}

/** Style of the label layers. */
export interface LabelLayerStyle {
  fontSize: number;
  color?: string;
  /** Distance from the point to the label's anchor (labelDistance). */
  distance: number;
}

/**
 * Vega-Lite text layers drawing the labels `placeLabels` placed: one layer per side that occurs in `sides`, each
 * filtering the rows whose LABEL_SIDE_FIELD is that side (rows with no side draw no label). `x`, `y` and `text` are
 * the layers' encodings (those of the points they label).
 */
export function labelLayers(sides: readonly (LabelSide | null)[], enc: { x: unknown; y: unknown; text: unknown }, style: LabelLayerStyle): Record<string, unknown>[] {
  const used = LABEL_SIDES.filter((s) => sides.includes(s));
  return used.map((side) => {
    const o = sideOffset(side, style.distance);
    return {
      transform: [{ filter: { field: LABEL_SIDE_FIELD, equal: side } }],
      mark: { type: "text", align: o.align, baseline: o.baseline, dx: o.dx, dy: o.dy, fontSize: style.fontSize, ...(style.color ? { color: style.color } : {}) },
      encoding: { x: enc.x, y: enc.y, text: enc.text },
    };
  });
}
