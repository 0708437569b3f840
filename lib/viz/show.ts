/**
 * Vega-Lite in the kernel: the display formatter (spec → Vega-Lite v5 MIME bundle with SVG and text
 * fallbacks, never text/html, which JupyterLab would rank above the chart) and `show` for named figures.
 */
import type { TopLevelSpec } from "vega-lite";
import { DisplayBundle, DisplayHandle, display, registerFormatter } from "../display";
import { VEGALITE_MIME } from "../protocol";
import { isVegaLiteSpec, renderSvg, svgToPng, themed } from "./render";

/** MIME type of Vega-Lite 5 specs (lib/protocol.ts): stock JupyterLab 4 renders it with nothing extra installed. */
export { VEGALITE_MIME };

/** Name of the display formatter registered by lib/viz. */
export const FORMATTER_NAME = "paperlab.viz.vegalite";

function markName(s: Record<string, unknown>): string {
  const m = s.mark;
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && "type" in m) return String((m as { type: unknown }).type);
  if (Array.isArray(s.layer)) return `layer of ${(s.layer as Record<string, unknown>[]).map(markName).join("+")}`;
  for (const k of ["hconcat", "vconcat", "concat"]) if (Array.isArray(s[k])) return `${k} of ${(s[k] as unknown[]).length}`;
  if (s.spec) return `facet of ${markName(s.spec as Record<string, unknown>)}`;
  return "chart";
}

/** One line describing a spec (the `text/plain` fallback): title, builder summary or marks. */
export function describeSpec(spec: TopLevelSpec): string {
  const s = spec as unknown as Record<string, unknown>;
  const t = s.title;
  const title = typeof t === "string" ? t : t && typeof t === "object" && "text" in t ? String((t as { text: unknown }).text) : "";
  const meta = (s.usermeta as { paperlab?: { builder?: string; summary?: string } } | undefined)?.paperlab;
  const what = meta?.builder ? `${meta.builder}${meta.summary ? `: ${meta.summary}` : ""}` : markName(s);
  return `<Vega-Lite figure${title ? ` "${title}"` : ""} (${what})>`;
}

/** SVG fallbacks larger than this (bytes) are sent as PNG instead: an image grid is one rect per cell. */
export const SVG_FALLBACK_LIMIT = 256 * 1024;

/**
 * The display bundle of a spec: Vega-Lite v5 (theme applied), a rendered fallback (SVG, or PNG at 2×
 * when the SVG would exceed `SVG_FALLBACK_LIMIT`), and one line of text. If rendering fails, the chart
 * is still sent (JupyterLab shows its own error) and the text says why the fallback is missing.
 */
export async function specBundle(spec: TopLevelSpec, opts: { fallback?: boolean } = {}): Promise<DisplayBundle> {
  const t = themed(spec);
  const data: Record<string, unknown> = { [VEGALITE_MIME]: t };
  let note = "";
  if (opts.fallback ?? true) {
    try {
      const svg = await renderSvg(t, { raw: true });
      if (svg.length <= SVG_FALLBACK_LIMIT) data["image/svg+xml"] = svg;
      else data["image/png"] = svgToPng(svg, 2).toString("base64");
    } catch (err) {
      note = ` (no SVG fallback: ${(err as Error).message})`;
    }
  }
  data["text/plain"] = describeSpec(spec) + note;
  return { data, metadata: {} };
}

/** Registers the Vega-Lite formatter with lib/display (done once when lib/viz is imported; idempotent). */
export function registerVizFormatter(): void {
  registerFormatter({
    name: FORMATTER_NAME,
    format: (value) => (isVegaLiteSpec(value) ? specBundle(value) : undefined),
  });
}

/** Display metadata that names a figure (`paperlab reproduce` uses the name for file names). */
export function figureMetadata(name: string): { paperlab: { figure: string } } {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new RangeError(`viz.show: figure name "${name}" must be letters, digits, ".", "_" or "-" (it becomes a file name), e.g. "fig3-mqar-accuracy"`);
  }
  return { paperlab: { figure: name } };
}

/** Options of `show`. */
export interface ShowOptions {
  /** Figure name in the display metadata, e.g. "fig3-mqar-accuracy". */
  name?: string;
  /** Display id, to replace this output later through the returned handle. */
  id?: string;
}

/** Displays a figure through lib/display (Vega-Lite + SVG + text), optionally named; returns the handle. */
export async function show(spec: TopLevelSpec, opts: ShowOptions = {}): Promise<DisplayHandle> {
  if (!isVegaLiteSpec(spec)) throw new TypeError(`viz.show: expected a Vega-Lite spec, got ${typeof spec}; build one with lab.viz.trainingCurves(...) etc.`);
  return display(spec, { id: opts.id, metadata: opts.name ? figureMetadata(opts.name) : undefined });
}
