/**
 * Headless rendering: Vega-Lite → Vega → SVG with vega's View (renderer "none": no canvas needed), and
 * SVG → PNG through @resvg/resvg-js with the fonts from fonts.ts. The project theme is applied first.
 */
import * as fs from "fs";
import * as path from "path";
import type { LoggerInterface } from "vega";
import type { Config, TopLevelSpec } from "vega-lite";
import { logNotice } from "../display";
import { SCHEMA_URL } from "../protocol";
import { fontFiles } from "./fonts";
import { messages } from "./messages";
import { type TextMetrics, useFontMetrics } from "./text-metrics";
import { applyTheme } from "./theme";
import { wrapTitle } from "./titles";

// vega and vega-lite 5 are CommonJS; required lazily so importing lib/viz stays cheap.
type VegaLite = typeof import("vega-lite");
type Vega = typeof import("vega");
let vlMod: VegaLite | undefined;
let vegaMod: Vega | undefined;
function vl(): VegaLite {
  return (vlMod ??= require("vega-lite") as VegaLite);
}
function vega(): Vega {
  if (!vegaMod) {
    // vega exports vega-scenegraph's `textMetrics` (not in its typings): lay text out with the widths of the font
    // the PNG is drawn in, not vega's 0.8-em-per-character estimate.
    const mod = require("vega") as Vega & { textMetrics: TextMetrics };
    useFontMetrics(mod.textMetrics);
    vegaMod = mod;
  }
  return vegaMod;
}

/** Options of `renderSvg` / `compile`. */
export interface RenderOptions {
  /** Config merged over the theme for this render only. */
  config?: Config;
  /** Skip the project theme (render the spec exactly as given). */
  raw?: boolean;
}

/** Options of `renderPng`. */
export interface PngOptions extends RenderOptions {
  /** Pixel density: 2 gives a PNG twice the SVG's width and height (default 2). */
  scale?: number;
}

/** True for anything that looks like a Vega-Lite spec (a view or a composition). */
export function isVegaLiteSpec(x: unknown): x is TopLevelSpec {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const s = x as Record<string, unknown>;
  if (typeof s.$schema === "string") return s.$schema.includes("vega-lite");
  // Own, non-function properties only: a tfjs tensor or danfo frame has `concat`/`data` methods.
  const own = (k: string) => Object.prototype.hasOwnProperty.call(s, k) && typeof s[k] !== "function";
  return ["mark", "layer", "facet", "hconcat", "vconcat", "concat", "repeat"].some(own) && (own("data") || own("datasets"));
}

/**
 * The logger of headless rendering: Vega's and Vega-Lite's warnings and errors ("Infinite extent for field …")
 * go to the run log (lib/display's `logNotice`: the kernel's own stderr), prefixed "viz:". Their default logger
 * writes to the console, which a kernel turns into a stderr stream in the cell's output.
 */
export function vizLogger(level?: number): LoggerInterface {
  const v = vega();
  return v.logger(level ?? v.Warn, undefined, (_method, lvl, input) => {
    logNotice(`viz: ${lvl} ${[...input].map((a: unknown) => (a instanceof Error ? a.message : String(a))).join(" ")}`);
  });
}

/** The spec with the theme applied, as it is sent to JupyterLab (`$schema` pinned to v5). */
export function themed(spec: TopLevelSpec, opts: RenderOptions = {}): TopLevelSpec {
  if (!isVegaLiteSpec(spec)) throw new TypeError(messages.notSpec(typeof spec));
  // The theme, then the title wrapped to the plot's width (a long subtitle no longer widens a small plot's canvas).
  const s = opts.raw ? { ...spec } : wrapTitle(applyTheme(spec, opts.config));
  return { ...s, $schema: SCHEMA_URL };
}

/** Compiles a Vega-Lite spec (theme applied) to a Vega spec; throws on an invalid spec. */
export function compile(spec: TopLevelSpec, opts: RenderOptions = {}) {
  return vl().compile(themed(spec, opts), { logger: vizLogger() }).spec;
}

/** Renders a Vega-Lite spec to an SVG string (theme applied). */
export async function renderSvg(spec: TopLevelSpec, opts: RenderOptions = {}): Promise<string> {
  const v = vega();
  const view = new v.View(v.parse(compile(spec, opts)), { renderer: "none", logger: vizLogger(v.Warn) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a Vega-Lite spec to PNG bytes at `scale` × the SVG's size (default 2), with the project's fonts. */
export async function renderPng(spec: TopLevelSpec, opts: PngOptions = {}): Promise<Buffer> {
  return svgToPng(await renderSvg(spec, opts), opts.scale ?? 2);
}

/** Rasterises an SVG string to PNG bytes at `scale` (resvg; text uses the shipped fonts). */
export function svgToPng(svg: string, scale = 2): Buffer {
  if (!(scale > 0)) throw new RangeError(`viz.renderPng: scale must be > 0, got ${scale}`);
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const fonts = fontFiles();
  if (fonts.files.length === 0) throw new Error(messages.noFonts());
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { fontFiles: fonts.files, loadSystemFonts: false, defaultFontFamily: fonts.family, sansSerifFamily: fonts.family },
  });
  return r.render().asPng();
}

/**
 * Writes a figure to `file`; the extension picks the format: .svg, .png (at `scale`), or .json (the
 * themed Vega-Lite spec). Creates the folder. Returns the path.
 */
export async function saveFigure(spec: TopLevelSpec, file: string, opts: PngOptions = {}): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (ext === ".svg") fs.writeFileSync(file, await renderSvg(spec, opts));
  else if (ext === ".png") fs.writeFileSync(file, await renderPng(spec, opts));
  else if (ext === ".json") fs.writeFileSync(file, JSON.stringify(themed(spec, opts), null, 1));
  else throw new RangeError(`viz.saveFigure: unknown extension "${ext}" in ${file}; use .svg, .png or .json`);
  return file;
}

/** A drawn text item of a rendered figure: its string, the role of its mark, and its box in SVG pixels. */
export interface TextBox {
  text: string;
  /** Vega's role of the text mark: "axis-label", "axis-title", "legend-label", "title-text", "mark", … */
  role: string;
  /** Rotation in degrees (0 when upright); the box is the axis-aligned box of the rotated text. */
  angle: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A drawn point symbol of a rendered figure (a `point` mark of the plot itself): its box in SVG pixels. */
export interface SymbolBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Scenegraph nodes as vega builds them (not in vega's typings). */
interface SceneMark {
  marktype: string;
  role?: string;
  items: SceneItem[];
}
interface SceneItem {
  x?: number;
  y?: number;
  text?: unknown;
  angle?: number;
  opacity?: number;
  fillOpacity?: number;
  bounds: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneMark[];
  mark?: SceneMark;
}

/**
 * The text layout of a figure as rendered headless (theme applied): the SVG canvas size and the box of every visible
 * text item, read from vega's scenegraph (exact bounds from the font metrics, rotation included), in SVG pixels, and
 * the box of every point symbol of the plot (legend symbols excluded), so that data labels can be checked against
 * the points they label. Used by the figure-layout test (labels inside the canvas, no two overlapping).
 */
export async function textLayout(spec: TopLevelSpec, opts: RenderOptions = {}): Promise<{ width: number; height: number; texts: TextBox[]; symbols: SymbolBox[] }> {
  const v = vega();
  const view = new v.View(v.parse(compile(spec, opts)), { renderer: "none", logger: vizLogger(v.Warn) });
  try {
    const svg = await view.toSVG();
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!size) throw new Error("viz.textLayout: the rendered SVG has no width/height");
    const [ox, oy] = view.origin();
    const texts: TextBox[] = [];
    const symbols: SymbolBox[] = [];
    // Item bounds are in the coordinates of the enclosing group; a group's children are offset by its x, y.
    const visit = (mark: SceneMark, dx: number, dy: number): void => {
      for (const it of mark.items) {
        if (mark.marktype === "group") {
          for (const m of it.items ?? []) visit(m, dx + (it.x ?? 0), dy + (it.y ?? 0));
        } else if (mark.marktype === "text") {
          const text = Array.isArray(it.text) ? it.text.join(" ") : String(it.text ?? "");
          if (text.trim() === "" || it.opacity === 0 || it.fillOpacity === 0) continue;
          const b = it.bounds;
          if (!(b.x2 > b.x1 && b.y2 > b.y1)) continue;
          texts.push({ text, role: mark.role ?? "", angle: it.angle ?? 0, x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy });
        } else if (mark.marktype === "symbol" && mark.role === "mark") {
          const b = it.bounds;
          if (b.x2 > b.x1 && b.y2 > b.y1 && it.opacity !== 0) symbols.push({ x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy });
        }
      }
    };
    const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
    visit(root, ox, oy);
    return { width: Number(size[1]), height: Number(size[2]), texts, symbols };
  } finally {
    view.finalize();
  }
}
