/**
 * Writes a paper's named figures: `<dir>/<name>.vl.json` (the spec), `.svg` and `.png`. The SVG
 * and PNG come from the notebook's own bundle when it carried them; otherwise lib/viz renders the
 * spec (SVG with vega, PNG from the SVG with resvg at `pngScale` × the SVG size).
 */
import * as fs from "fs";
import * as path from "path";
import type { FigureOutput } from "./extract";

/** The files written for one figure (paths relative to the report folder when given one). */
export interface FigureFiles {
  name: string;
  vlJson: string;
  svg: string | null;
  png: string | null;
  /** Why the SVG or PNG is missing, when one is. */
  problem?: string;
}

/** Options of `writeFigures`. */
export interface WriteFiguresOptions {
  /** PNG pixels per SVG pixel when the PNG is rendered here (default 2). */
  pngScale?: number;
  /** Paths in the result are relative to this folder (the report's). */
  relativeTo?: string;
}

type Viz = typeof import("../viz");

/** Writes every figure into `dir` and returns what was written. */
export async function writeFigures(figures: FigureOutput[], dir: string, opts: WriteFiguresOptions = {}): Promise<FigureFiles[]> {
  fs.mkdirSync(dir, { recursive: true });
  const rel = (p: string) => (opts.relativeTo ? path.relative(opts.relativeTo, p).split(path.sep).join("/") : p);
  const out: FigureFiles[] = [];
  let viz: Viz | null = null;
  for (const f of figures) {
    const base = path.join(dir, f.name);
    const files: FigureFiles = { name: f.name, vlJson: rel(`${base}.vl.json`), svg: null, png: null };
    fs.writeFileSync(`${base}.vl.json`, JSON.stringify(f.spec, null, 1) + "\n");
    try {
      let svg = f.svg;
      if (!svg) {
        viz ??= require("../viz") as Viz;
        svg = await viz.renderSvg(f.spec as unknown as Parameters<Viz["renderSvg"]>[0], { raw: true });
      }
      fs.writeFileSync(`${base}.svg`, svg);
      files.svg = rel(`${base}.svg`);
      let png = f.png;
      if (!png) {
        viz ??= require("../viz") as Viz;
        png = viz.svgToPng(svg, opts.pngScale ?? 2);
      }
      fs.writeFileSync(`${base}.png`, png);
      files.png = rel(`${base}.png`);
    } catch (err) {
      files.problem = `cannot render figure ${f.name}: ${(err as Error).message}`;
    }
    out.push(files);
  }
  return out;
}

/** Width and height of a PNG from its IHDR chunk (throws when the bytes are not a PNG). */
export function pngSize(png: Buffer): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || !sig.every((b, i) => png[i] === b) || png.toString("ascii", 12, 16) !== "IHDR") throw new Error("not a PNG file");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Width and height declared on an SVG's root element (throws when there is no <svg> root with numeric size). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg\b[^>]*>/i.exec(svg);
  if (!m) throw new Error("no <svg> element");
  const attr = (n: string) => {
    const a = new RegExp(`\\s${n}="([\\d.]+)(px)?"`).exec(m[0]);
    return a ? Number(a[1]) : NaN;
  };
  const width = attr("width");
  const height = attr("height");
  if (!Number.isFinite(width) || !Number.isFinite(height)) throw new Error("the <svg> element has no numeric width/height");
  return { width, height };
}
