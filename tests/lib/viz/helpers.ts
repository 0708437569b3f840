/**
 * Test helpers for lib/viz: a strict little XML parser (well-formedness + element tree, enough for
 * vega's SVG), a PNG decoder for 8-bit RGB/RGBA non-interlaced files (what resvg writes), the
 * Vega-Lite v5 schema validator, and pinned pseudo-random data.
 */
import * as zlib from "zlib";

/** An element of the parsed XML tree. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses XML; throws on mismatched or unclosed tags and malformed attributes. */
export function parseXml(src: string): XmlNode {
  const root: XmlNode = { name: "#root", attrs: {}, children: [], text: "" };
  const stack: XmlNode[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>/g;
  let pos = 0;
  for (let m = tag.exec(src); m; m = tag.exec(src)) {
    const between = src.slice(pos, m.index);
    if (between.includes("<")) throw new Error(`malformed markup near offset ${pos}: ${between.slice(between.indexOf("<"), between.indexOf("<") + 40)}`);
    stack[stack.length - 1].text += between;
    pos = tag.lastIndex;
    if (!m[2]) continue;
    const [, close, name, attrSrc, selfClose] = m;
    if (close) {
      const top = stack.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> closes <${top?.name}> at offset ${m.index}`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrSrc.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      attrs[a[1]] = a[2] ?? a[3];
    }
    const node: XmlNode = { name, attrs, children: [], text: "" };
    stack[stack.length - 1].children.push(node);
    if (!selfClose) stack.push(node);
  }
  if (src.slice(pos).includes("<")) throw new Error(`malformed markup at offset ${pos}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error(`expected one root element, got ${root.children.length}`);
  return root.children[0];
}

/** All descendants (depth first) matching a predicate. */
export function findAll(n: XmlNode, pred: (n: XmlNode) => boolean, out: XmlNode[] = []): XmlNode[] {
  for (const c of n.children) {
    if (pred(c)) out.push(c);
    findAll(c, pred, out);
  }
  return out;
}

/** The user-mark groups (`<g class="mark-TYPE role-mark ...">`) of a mark type: no axis/legend/title parts. */
export function markGroups(svg: XmlNode, type: string): XmlNode[] {
  return findAll(svg, (n) => {
    const cls = (n.attrs.class ?? "").split(/\s+/);
    return n.name === "g" && cls.includes(`mark-${type}`) && cls.includes("role-mark");
  });
}

/** Number of drawn items (child elements) in the user-mark groups of `type`. */
export function countItems(svg: XmlNode, type: string): number {
  return markGroups(svg, type).reduce((a, g) => a + g.children.length, 0);
}

/** A decoded PNG: size and RGBA pixels. */
export interface Png {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA non-interlaced PNG; checks the signature and chunk layout. */
export function decodePng(buf: Buffer): Png {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(sig)) throw new Error("not a PNG: bad signature");
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("ascii", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    off += 12 + len;
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colorType = data[9];
      if (depth !== 8 || (colorType !== 6 && colorType !== 2) || data[12] !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${data[12]}`);
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    if (off >= buf.length) throw new Error("PNG ended without IEND");
  }
  const ch = colorType === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * ch;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= ch ? cur[i - ch] : 0;
      const b = prev[i];
      const c = i >= ch ? prev[i - ch] : 0;
      let v = line[i];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) out[(y * width + x) * 4 + k] = k < ch ? cur[x * ch + k] : 255;
    }
    prev.set(cur);
  }
  return { width, height, rgba: out };
}

/** Counts pixels that differ from white in a region (default: whole image): "ink". */
export function inkPixels(png: Png, region?: { x0: number; y0: number; x1: number; y1: number }): number {
  const { x0, y0, x1, y1 } = region ?? { x0: 0, y0: 0, x1: png.width, y1: png.height };
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.rgba[i + 3] > 0 && (png.rgba[i] < 235 || png.rgba[i + 1] < 235 || png.rgba[i + 2] < 235)) n++;
    }
  }
  return n;
}

/** Number of distinct colours (capped scan), to tell a real figure from a flat fill. */
export function distinctColours(png: Png): number {
  const s = new Set<number>();
  for (let i = 0; i < png.rgba.length && s.size < 10000; i += 4) s.add((png.rgba[i] << 16) | (png.rgba[i + 1] << 8) | png.rgba[i + 2]);
  return s.size;
}

let validator: ((x: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates against the Vega-Lite v5 JSON schema shipped by the vega-lite package (compiled once, ~1 s). */
export function validateVegaLite(spec: unknown): { ok: boolean; errors: string } {
  if (!validator) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Ajv = require("ajv").default ?? require("ajv");
    const schema = require("vega-lite/build/vega-lite-schema.json");
    // inlineRefs/optimize off: compiling the 1.5 MB schema drops from ~11 s to ~1.3 s
    validator = new Ajv({ strict: false, validateFormats: false, logger: false, inlineRefs: false, code: { optimize: false } }).compile(schema);
  }
  const ok = validator!(spec);
  return { ok, errors: ok ? "" : JSON.stringify(validator!.errors).slice(0, 1500) };
}

/** Park–Miller generator: pinned pseudo-random numbers in (0, 1) for test data. */
export function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * A paper figure's test: the themed spec validates against the Vega-Lite v5 schema and renders to an SVG and a PNG
 * with ink on more than 1 % of the pixels (not blank), and its text is laid out cleanly (assertFigureLayout). `name`
 * labels the failure.
 */
export async function assertFigureRenders(name: string, spec: import("vega-lite").TopLevelSpec): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const viz = require("../../../lib/viz") as typeof import("../../../lib/viz");
  const v = validateVegaLite(viz.themed(spec));
  if (!v.ok) throw new Error(`${name}: not valid Vega-Lite v5: ${v.errors}`);
  const svg = await viz.renderSvg(spec);
  if (parseXml(svg).name !== "svg") throw new Error(`${name}: the rendering is not an SVG`);
  const png = decodePng(viz.svgToPng(svg, 1));
  if (!(inkPixels(png) > 0.01 * png.width * png.height)) throw new Error(`${name} renders blank`);
  await assertFigureLayout(name, spec);
}

/**
 * Layout defects of a rendered figure (viz.textLayout): a text box outside the canvas, or two text boxes that
 * overlap by more than `tol` px in both directions (the tolerance absorbs font-metric rounding; real collisions
 * are several px). A data label (a text mark of the plot itself, vega role "mark": point labels, bar values, a
 * reference line's label) over a point symbol of the plot is a defect too, unless `labelsClearOfPoints: false`. Two slanted texts
 * are not compared (their axis-aligned boxes overlap without the glyphs touching). Empty when the layout is clean.
 */
export function layoutProblems(l: { width: number; height: number; texts: import("../../../lib/viz").TextBox[]; symbols?: import("../../../lib/viz").SymbolBox[] }, opts: { tol?: number; labelsClearOfPoints?: boolean } = {}): string[] {
  const tol = opts.tol ?? 1;
  const out: string[] = [];
  const show = (t: import("../../../lib/viz").TextBox) => `${t.role} "${t.text}" [${t.x1.toFixed(1)}, ${t.y1.toFixed(1)}, ${t.x2.toFixed(1)}, ${t.y2.toFixed(1)}]`;
  const overlap = (a: { x1: number; y1: number; x2: number; y2: number }, b: { x1: number; y1: number; x2: number; y2: number }) => ({
    w: Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1),
    h: Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1),
  });
  for (const t of l.texts) {
    if (t.x1 < -tol || t.y1 < -tol || t.x2 > l.width + tol || t.y2 > l.height + tol) out.push(`${show(t)} lies outside the ${l.width}×${l.height} canvas`);
    if (t.role !== "mark" || !(opts.labelsClearOfPoints ?? true)) continue;
    for (const s of l.symbols ?? []) {
      const { w, h } = overlap(t, s);
      if (w > tol && h > tol) out.push(`${show(t)} lies over the point at [${s.x1.toFixed(1)}, ${s.y1.toFixed(1)}, ${s.x2.toFixed(1)}, ${s.y2.toFixed(1)}] by ${w.toFixed(1)}×${h.toFixed(1)} px`);
    }
  }
  for (let i = 0; i < l.texts.length; i++) {
    for (let j = i + 1; j < l.texts.length; j++) {
      const a = l.texts[i];
      const b = l.texts[j];
      // Slanted text (e.g. tick labels at -45°): axis-aligned boxes of parallel slanted labels overlap although the
      // glyphs do not, so such pairs are not judged by their boxes (they still must lie inside the canvas).
      if (a.angle % 90 !== 0 && b.angle % 90 !== 0) continue;
      const { w, h } = overlap(a, b);
      if (w > tol && h > tol) out.push(`${show(a)} overlaps ${show(b)} by ${w.toFixed(1)}×${h.toFixed(1)} px`);
    }
  }
  return out;
}

/**
 * A figure's layout check: throws naming every text item outside the canvas and every overlapping pair and every data
 * label over a point (unless `labelsClearOfPoints: false`). No figure is exempt.
 */
export async function assertFigureLayout(name: string, spec: import("vega-lite").TopLevelSpec, opts: { labelsClearOfPoints?: boolean } = {}): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const viz = require("../../../lib/viz") as typeof import("../../../lib/viz");
  const problems = layoutProblems(await viz.textLayout(spec), opts);
  if (problems.length > 0) throw new Error(`${name}: ${problems.length} layout defect(s):\n  ${problems.join("\n  ")}`);
}
