/**
 * Title wrapping: Vega sizes the canvas to fit the title, so a small plot (two bars, 60 px wide) under a one-line
 * subtitle of 400 px sat at the left of a 400-px canvas, mostly blank. `wrapTitle` breaks the top-level title and
 * subtitle into lines (Vega draws a string[] as lines) no wider than the plot, or `minWidth` for narrow plots,
 * measured with the shipped font's advances (lib/viz/text-metrics.ts). Applied by `themed`, so the notebook's
 * figure and the exported PNG agree.
 */
import type { Config, TopLevelSpec } from "vega-lite";
import { textWidth } from "./text-metrics";

/** Narrowest wrap width in pixels: a title never wraps tighter than this, however small the plot. */
export const MIN_TITLE_WIDTH = 240;
/** Width of an unsized continuous view in the theme (`view.continuousWidth`). */
const DEFAULT_WIDTH = 320;

/** Width of `text` in px; 0.6 em per character when no font file is readable. */
function measure(text: string, fontSize: number, weight: number | string): number {
  const w = textWidth(text, fontSize, weight);
  return Number.isFinite(w) ? w : 0.6 * fontSize * text.length;
}

/** Greedy word wrap of one line into lines no wider than `max` px (a single longer word keeps its own line). Pure. */
export function wrapLine(text: string, max: number, fontSize: number, weight: number | string = 400): string[] {
  if (measure(text, fontSize, weight) <= max) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, fontSize, weight) > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function wrapText(t: unknown, max: number, size: number, weight: number | string): unknown {
  if (typeof t === "string") {
    const lines = wrapLine(t, max, size, weight);
    return lines.length === 1 ? lines[0] : lines;
  }
  if (Array.isArray(t) && t.every((x) => typeof x === "string")) return t.flatMap((x: string) => wrapLine(x, max, size, weight));
  return t;
}

/** The width a top-level title may take: the plot's width (at least `minWidth`); undefined for composed views. */
function titleWidth(spec: Record<string, unknown>, minWidth: number): number | undefined {
  if (["facet", "repeat", "hconcat", "vconcat", "concat"].some((k) => spec[k] !== undefined)) return undefined;
  const w = typeof spec.width === "number" ? spec.width : DEFAULT_WIDTH;
  return Math.max(w, minWidth);
}

/**
 * `spec` with its top-level title and subtitle wrapped to the plot's width (at least `minWidth` px), sizes from
 * `config.title` (the theme's). Composed views (facet, repeat, concat) are left as they are: their canvas is wide
 * already. Returns a new spec; text that fits is unchanged.
 */
export function wrapTitle<S extends TopLevelSpec>(spec: S, minWidth = MIN_TITLE_WIDTH): S {
  const s = spec as unknown as Record<string, unknown>;
  if (s.title === undefined) return spec;
  const max = titleWidth(s, minWidth);
  if (max === undefined) return spec;
  const tc = ((spec.config ?? {}) as Config).title ?? {};
  const size = typeof tc.fontSize === "number" ? tc.fontSize : 13;
  const weight = typeof tc.fontWeight === "number" || typeof tc.fontWeight === "string" ? tc.fontWeight : 600;
  const subSize = typeof tc.subtitleFontSize === "number" ? tc.subtitleFontSize : 11;
  const subWeight = typeof tc.subtitleFontWeight === "number" || typeof tc.subtitleFontWeight === "string" ? tc.subtitleFontWeight : 400;
  if (typeof s.title === "string" || Array.isArray(s.title)) return { ...spec, title: wrapText(s.title, max, size, weight) };
  if (s.title === null || typeof s.title !== "object") return spec;
  const t = s.title as Record<string, unknown>;
  // Sizes set on the title itself win over the config's.
  const own = (k: string, d: number | string): number | string => (typeof t[k] === "number" || typeof t[k] === "string" ? (t[k] as number | string) : d);
  const [ts, tw, ss, sw] = [Number(own("fontSize", size)), own("fontWeight", weight), Number(own("subtitleFontSize", subSize)), own("subtitleFontWeight", subWeight)];
  const out: Record<string, unknown> = { ...t, text: wrapText(t.text, max, ts, tw) };
  if (t.subtitle !== undefined) out.subtitle = wrapText(t.subtitle, max, ss, sw);
  return { ...spec, title: out };
}
