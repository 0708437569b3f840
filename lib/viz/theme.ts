/**
 * The one project theme: a Vega-Lite `config` applied to every figure (builders, `show`, the display
 * formatter, headless rendering). Fonts are ones PNG rendering can find on a bare machine (see fonts.ts);
 * colours survive grey-scale printing and colour blindness: Okabe–Ito for categories (ordered so that
 * neighbours differ in lightness) and viridis for sequential values. Override with `setTheme` (global) or
 * a per-call `config` (merged on top).
 */
import type { Config, TopLevelSpec } from "vega-lite";

/** CSS generic font families: keywords, never quoted. */
const GENERIC_FAMILIES = new Set(["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji", "fangsong", "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded"]);

/**
 * A font-family list as valid CSS: every family name quoted, generic keywords left bare. Unquoted, a name such as
 * `Source Sans 3` is not a CSS identifier sequence (an identifier cannot start with a digit), so a browser drops
 * the whole `font-family` and falls back to its default serif. Already-quoted names are kept; idempotent.
 *   cssFontFamily("Source Sans 3, DejaVu Sans, sans-serif") → `"Source Sans 3", "DejaVu Sans", sans-serif`
 */
export function cssFontFamily(stack: string | readonly string[]): string {
  const names = typeof stack === "string" ? (stack.match(/"[^"]*"|'[^']*'|[^,]+/g) ?? []) : stack;
  return names
    .map((n) => n.trim())
    .filter((n) => n !== "")
    .map((n) => (/^(["']).*\1$/.test(n) ? `"${n.slice(1, -1)}"` : GENERIC_FAMILIES.has(n.toLowerCase()) ? n : `"${n.replace(/"/g, "")}"`))
    .join(", ");
}

/** The font stack (valid CSS, names quoted): the shipped font first, then fonts browsers and Debian have. */
export const FONT = cssFontFamily(["Source Sans 3", "DejaVu Sans", "Helvetica", "Arial", "sans-serif"]);

/**
 * Okabe & Ito (2008) colour-blind-safe palette, reordered: dark blue, orange, bluish green, vermillion,
 * reddish purple, sky blue, black, yellow (last: weak on white).
 */
export const OKABE_ITO = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#000000",
  "#F0E442",
] as const;

/** Dash patterns paired with the categorical colours, so lines stay distinct in grey-scale. */
export const DASHES: number[][] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [4, 4, 1, 4], [2, 5], [10, 2, 2, 2, 2, 2]];

/** Point shapes paired with the categorical colours. */
export const SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right", "triangle-left"];

/** Colour for "the paper's number" in paper-vs-ours comparisons (neutral grey) and for ours. */
export const PAPER_COLOR = "#9E9E9E";

/** The default theme (a Vega-Lite config). Sizes are for a single-column paper figure at 100%. */
export const defaultTheme: Config = {
  font: FONT,
  background: "white",
  padding: 8,
  view: { continuousWidth: 320, continuousHeight: 200, stroke: null },
  title: { fontSize: 14, fontWeight: 600, anchor: "start", offset: 8, subtitleFontSize: 11, subtitleColor: "#555555" },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    labelColor: "#222222",
    titleColor: "#111111",
    domainColor: "#333333",
    tickColor: "#333333",
    gridColor: "#E6E6E6",
    labelOverlap: true,
    // No `labelFlush` here: Vega-Lite's default flushes only a continuous x axis (its end labels still start or end
    // at their ticks, and facets' neighbouring end labels do not collide). Flushing every axis dropped a y axis's
    // top label below its tick, so "1.0" read as the value of the gridline under it.
  },
  axisBand: { grid: false },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, symbolSize: 80, labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12, labelFontWeight: 600, titleFontWeight: 600 },
  range: {
    category: [...OKABE_ITO],
    ordinal: { scheme: "viridis" },
    ramp: { scheme: "viridis" },
    heatmap: { scheme: "viridis" },
    diverging: { scheme: "blueorange" },
  },
  line: { strokeWidth: 2 },
  point: { size: 40, filled: true },
  bar: { binSpacing: 1 },
  rect: { stroke: null },
  text: { fontSize: 10 },
  errorband: { band: { opacity: 0.22 } },
};

let current: Config = defaultTheme;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** Deep-merges plain objects (`b` wins; arrays and scalars are replaced, not merged). */
export function mergeConfig<T extends object>(a: T, b: Partial<T> | undefined): T {
  if (!b) return a;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? mergeConfig(prev, v) : v;
  }
  return out as T;
}

/** The theme in force. */
export function getTheme(): Config {
  return current;
}

/**
 * Overrides the project theme for every later figure: a partial config merged over the default
 * (`replace: true` uses it as the whole theme). `setTheme(null)` restores the default. Returns the old theme.
 */
export function setTheme(config: Config | null, opts: { replace?: boolean } = {}): Config {
  const prev = current;
  current = config === null ? defaultTheme : opts.replace ? config : mergeConfig(defaultTheme, config);
  return prev;
}

/** A copy of a config with every font family (`font`, `labelFont`, `titleFont`, …) written as valid CSS. */
function quoteFonts<T>(x: T): T {
  if (Array.isArray(x)) return x.map(quoteFonts) as T;
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = typeof v === "string" && /^(font|\w+Font)$/.test(k) ? cssFontFamily(v) : quoteFonts(v);
  return out as T;
}

/**
 * Returns a copy of `spec` with the theme under its own `config` (the spec's config wins, then `extra`),
 * font families quoted as CSS needs them (`setTheme({ font: "Source Sans 3, serif" })` still renders in
 * Source Sans 3 in a browser). The spec itself is not modified.
 */
export function applyTheme<S extends TopLevelSpec>(spec: S, extra?: Config): S {
  const config = quoteFonts(mergeConfig(mergeConfig(current, spec.config ?? {}), extra ?? {}));
  return { ...spec, config };
}
