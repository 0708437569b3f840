/**
 * Text widths for headless Vega layout, from the font files PNG rendering uses (fonts.ts). Without a canvas,
 * vega estimates every string as 0.8 em per character, about 1.7× Source Sans 3's real width: a long title then
 * widens the canvas far past the plot (a 260-pixel chart in a 550-pixel SVG), and axis labels are thinned out as
 * overlapping when they are not. This reads each font's advance widths (TrueType/OpenType `cmap`, `hmtx`) and
 * gives vega the sum of advances for the weight asked for, as vl-convert does with its own measure. Kerning
 * (GPOS) is left out: it changes a width by about 1 %.
 */
import * as fs from "fs";
import { fontFiles } from "./fonts";

/** One font's horizontal metrics: advance width per character, in em. */
interface Face {
  weight: number;
  italic: boolean;
  /** Advance of a code point in em (the .notdef advance when the font lacks it). */
  advance(codePoint: number): number;
}

/** Reads the tables a width needs from a TrueType/OpenType file. Throws on a file it cannot read. */
export function parseFace(buf: Buffer, file = "font"): Face {
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) tables.set(buf.toString("latin1", 12 + 16 * i, 16 + 16 * i), buf.readUInt32BE(20 + 16 * i));
  const at = (tag: string): number => {
    const o = tables.get(tag);
    if (o === undefined) throw new Error(`viz: ${file} has no '${tag}' table; it cannot be measured`);
    return o;
  };
  const unitsPerEm = buf.readUInt16BE(at("head") + 18);
  const numHMetrics = buf.readUInt16BE(at("hhea") + 34);
  const hmtx = at("hmtx");
  const advanceOf = (glyph: number) => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numHMetrics - 1)) / unitsPerEm;
  // cmap: a Unicode subtable, format 12 (full range) preferred over format 4 (BMP).
  const cmap = at("cmap");
  let f4 = -1;
  let f12 = -1;
  for (let i = 0; i < buf.readUInt16BE(cmap + 2); i++) {
    const platform = buf.readUInt16BE(cmap + 4 + 8 * i);
    const encoding = buf.readUInt16BE(cmap + 6 + 8 * i);
    const sub = cmap + buf.readUInt32BE(cmap + 8 + 8 * i);
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const format = buf.readUInt16BE(sub);
    if (format === 12) f12 = sub;
    else if (format === 4) f4 = sub;
  }
  const glyphOf = (cp: number): number => {
    if (f12 >= 0) {
      const groups = buf.readUInt32BE(f12 + 12);
      for (let g = 0; g < groups; g++) {
        const p = f12 + 16 + 12 * g;
        const start = buf.readUInt32BE(p);
        if (cp < start) break;
        if (cp <= buf.readUInt32BE(p + 4)) return buf.readUInt32BE(p + 8) + cp - start;
      }
      return 0;
    }
    if (f4 < 0 || cp > 0xffff) return 0;
    const segX2 = buf.readUInt16BE(f4 + 6);
    const ends = f4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const offsets = deltas + segX2;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > buf.readUInt16BE(ends + s)) continue;
      const start = buf.readUInt16BE(starts + s);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + s);
      const ro = buf.readUInt16BE(offsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(offsets + s + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const os2 = tables.get("OS/2");
  const weight = os2 !== undefined ? buf.readUInt16BE(os2 + 4) : 400;
  const italic = (buf.readUInt16BE(at("head") + 44) & 2) !== 0;
  const cache = new Map<number, number>();
  return {
    weight,
    italic,
    advance(cp) {
      let a = cache.get(cp);
      if (a === undefined) cache.set(cp, (a = advanceOf(glyphOf(cp))));
      return a;
    },
  };
}

let faces: Face[] | undefined;
function loadFaces(): Face[] {
  if (faces) return faces;
  faces = [];
  for (const file of fontFiles().files) {
    try {
      faces.push(parseFace(fs.readFileSync(file), file));
    } catch {
      // an unreadable file is skipped; with none left, vega keeps its estimate
    }
  }
  return faces;
}

/** The CSS weight of a vega text item's `fontWeight` (number, "bold", "normal", …). */
function cssWeight(w: unknown): number {
  if (typeof w === "number") return w;
  if (w === "bold" || w === "bolder") return 700;
  if (w === "lighter") return 300;
  const n = Number(w);
  return Number.isFinite(n) && n > 0 ? n : 400;
}

/** The face resvg would pick for a weight and style: same style first, then the nearest weight. */
function faceFor(weight: number, italic: boolean): Face | undefined {
  const all = loadFaces();
  const pool = all.some((f) => f.italic === italic) ? all.filter((f) => f.italic === italic) : all;
  let best: Face | undefined;
  for (const f of pool) if (!best || Math.abs(f.weight - weight) < Math.abs(best.weight - weight)) best = f;
  return best;
}

/**
 * Width in pixels of `text` at `fontSize` in the shipped font's face for `weight` / `italic` (sum of advances,
 * no kerning); NaN when no font file can be read.
 */
export function textWidth(text: string, fontSize: number, weight: number | string = 400, italic = false): number {
  const face = faceFor(cssWeight(weight), italic);
  if (!face) return NaN;
  let em = 0;
  for (const ch of text) em += face.advance(ch.codePointAt(0)!);
  return em * fontSize;
}

/** What vega passes to `textMetrics.width`: a text mark item. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  fontStyle?: string;
}

/** Vega's text measuring hook (vega-scenegraph's `textMetrics`, re-exported by vega). */
export interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
  estimateWidth: (item: TextItem, text?: unknown) => number;
}

/**
 * Makes vega measure text with the shipped font's advances instead of its 0.8-em estimate (idempotent; a no-op
 * when no font file is readable). The width is the untruncated one, as vega's truncation (`labelLimit`)
 * expects from a measure it did not define.
 */
export function useFontMetrics(metrics: TextMetrics): void {
  if (loadFaces().length === 0) return;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const lines = Array.isArray(text) ? text : [text];
    let w = 0;
    for (const line of lines) {
      const s = line == null ? "" : String(line).trim();
      if (size > 0 && s) w = Math.max(w, textWidth(s, size, item.fontWeight ?? 400, item.fontStyle === "italic"));
    }
    return w;
  };
}
