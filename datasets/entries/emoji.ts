/**
 * A small colour-image set: Google Noto emoji (Apache-2.0) from the npm package
 * `emoji-datasource-google` 16.0.0, labelled by their 9 Unicode categories. The package is 74 MB
 * (82 MB unpacked), so the repository ships an extract instead of the dependency: 40 base emoji
 * per category (360 images, skin-tone variants and a short list of weapons/alcohol/rude gestures
 * excluded), box-downsampled from 64×64 to 32×32 and packed into one PNG sprite sheet
 * (20 columns × 18 rows) plus a JSON index — datasets/data/emoji/. Decoded with `pngjs`.
 * A stand-in for CIFAR-style colour images (there is no CIFAR copy in npm or Debian).
 */
import * as fs from "fs";
import * as path from "path";
import { shippedDir } from "../cache";
import { checkExists, checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { readJson } from "../formats/jsonl";
import { decodePng, encodePng, readPng, type RgbaImage } from "../formats/png";
import { fixShipped } from "../messages";
import { extractRng } from "../extract-rng";
import { countLabels, expectCounts, expectEqual, register } from "../registry";

const REL = "datasets/data/emoji/emoji-32.png";
const FIX = fixShipped(REL);
/** SHA-256 of the shipped sheet and index. */
export const EMOJI_SHA = { "emoji-32.png": "e7fd577befde51f3ccdadd0e8b20d5d789df42b7d2c9f8f17218d58970a56ca1", "emoji-32.json": "437c20751ac3a35be3949617aa24cfe3883a4d6c088180ab1f41656fd68897b0" };
/** The 9 categories (label order). */
export const EMOJI_CATEGORIES = ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places", "Activities", "Objects", "Symbols", "Flags"] as const;
const PER_CLASS = 40;
const SIZE = 32;
const COLS = 20;
/** Names left out of the extract (neutral content only). */
const EXCLUDE = /middle finger|pile of poo|bomb|skull|coffin|headstone|syringe|pistol|gun|dagger|knife|sword|axe|cigarette|beer|wine|cocktail|champagne|bottle with popping|tumbler|sake|tropical drink|clinking|drop of blood|pill|dna|kiss|lips|couple|eggplant|peach|symbols (covering|on) mouth|smoking|underage|under eighteen/i;

/** Index entry of one sprite. */
export interface EmojiMeta {
  name: string;
  short_name: string;
  unified: string;
  category: (typeof EMOJI_CATEGORIES)[number];
  subcategory: string;
  /** Top-left pixel of the 32×32 sprite in the sheet. */
  x: number;
  y: number;
}

/** The image set: `[n, 32, 32, channels]` uint8 and labels. */
export interface EmojiSet {
  /** `[n, 32, 32, 4]` RGBA, or `[n, 32, 32, 3]` RGB composited on white when `rgb` is set. */
  images: Uint8Array;
  channels: 3 | 4;
  size: number;
  labels: Uint8Array;
  meta: EmojiMeta[];
  classes: string[];
}

/** Options of loadEmoji. */
export interface EmojiOptions {
  /** Composite on a white background and drop alpha (default false: RGBA). */
  rgb?: boolean;
}

/** Average-pools an RGBA image by an integer factor, weighting colour by alpha (no dark fringes). */
export function downsampleRgba(img: RgbaImage, factor: number): RgbaImage {
  const w = img.width / factor;
  const h = img.height / factor;
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let dy = 0; dy < factor; dy++)
        for (let dx = 0; dx < factor; dx++) {
          const i = ((y * factor + dy) * img.width + x * factor + dx) * 4;
          const al = img.data[i + 3];
          r += img.data[i] * al;
          g += img.data[i + 1] * al;
          b += img.data[i + 2] * al;
          a += al;
        }
      const o = (y * w + x) * 4;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round(a / (factor * factor));
    }
  return { width: w, height: h, data: out };
}

/**
 * Builds the sheet and index from an installed emoji-datasource-google folder (how the shipped
 * extract was made; deterministic). Returns the PNG bytes and the index.
 */
export function buildEmojiSheet(pkgDir: string): { png: Buffer; meta: EmojiMeta[] } {
  const all = readJson<{ name: string; short_name: string; unified: string; image: string; category: string; subcategory: string; has_img_google: boolean; sort_order: number }[]>(path.join(pkgDir, "emoji.json"));
  const rng = extractRng();
  const meta: EmojiMeta[] = [];
  const sheet = { width: COLS * SIZE, height: Math.ceil((EMOJI_CATEGORIES.length * PER_CLASS) / COLS) * SIZE, data: new Uint8Array(0) };
  sheet.data = new Uint8Array(sheet.width * sheet.height * 4);
  for (const cat of EMOJI_CATEGORIES) {
    const pool = all.filter((e) => e.category === cat && e.has_img_google && !EXCLUDE.test(e.name ?? "") && !EXCLUDE.test(e.short_name.replace(/[_-]/g, " "))).sort((a, b) => a.sort_order - b.sort_order);
    const pick = rng.sampleDistinct(0, pool.length, PER_CLASS).sort((a, b) => a - b);
    for (const k of pick) {
      const e = pool[k];
      const img = downsampleRgba(readPng(path.join(pkgDir, "img", "google", "64", e.image)), 2);
      const n = meta.length;
      const x = (n % COLS) * SIZE;
      const y = Math.floor(n / COLS) * SIZE;
      for (let r = 0; r < SIZE; r++) sheet.data.set(img.data.subarray(r * SIZE * 4, (r + 1) * SIZE * 4), ((y + r) * sheet.width + x) * 4);
      meta.push({ name: e.name ?? e.short_name, short_name: e.short_name, unified: e.unified, category: cat, subcategory: e.subcategory, x, y });
    }
  }
  return { png: encodePng(sheet), meta };
}

/** Folder of the shipped extract. */
export function emojiDir(): string {
  return path.join(shippedDir(), "emoji");
}

/** Loads the 360 emoji (checksums, sheet size, 40 per category checked). */
export async function loadEmoji(opts: EmojiOptions = {}): Promise<EmojiSet> {
  const dir = emojiDir();
  const pngFile = path.join(dir, "emoji-32.png");
  const jsonFile = path.join(dir, "emoji-32.json");
  for (const f of [pngFile, jsonFile]) checkExists(f, FIX);
  checkSha256(pngFile, EMOJI_SHA["emoji-32.png"], FIX);
  checkSha256(jsonFile, EMOJI_SHA["emoji-32.json"], FIX);
  const meta = readJson<EmojiMeta[]>(jsonFile, FIX);
  const sheet = decodePng(fs.readFileSync(pngFile), pngFile, FIX);
  const n = meta.length;
  expectEqual("emoji count", EMOJI_CATEGORIES.length * PER_CLASS, n, FIX, jsonFile);
  const ch = opts.rgb ? 3 : 4;
  const images = new Uint8Array(n * SIZE * SIZE * ch);
  const labels = new Uint8Array(n);
  meta.forEach((m, i) => {
    const label = EMOJI_CATEGORIES.indexOf(m.category);
    if (label < 0) throw new DatasetError("invariant", `entry ${i}: unknown category '${m.category}'`, FIX, { file: jsonFile });
    if (m.x + SIZE > sheet.width || m.y + SIZE > sheet.height) throw new DatasetError("invariant", `entry ${i}: sprite at (${m.x}, ${m.y}) lies outside the ${sheet.width}x${sheet.height} sheet`, FIX, { file: jsonFile });
    labels[i] = label;
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const s = ((m.y + y) * sheet.width + m.x + x) * 4;
        const o = ((i * SIZE + y) * SIZE + x) * ch;
        if (ch === 4) images.set(sheet.data.subarray(s, s + 4), o);
        else {
          const a = sheet.data[s + 3] / 255;
          for (let c = 0; c < 3; c++) images[o + c] = Math.round(sheet.data[s + c] * a + 255 * (1 - a));
        }
      }
  });
  expectCounts("emoji per category", new Array(EMOJI_CATEGORIES.length).fill(PER_CLASS), countLabels(labels, EMOJI_CATEGORIES.length), FIX, jsonFile);
  return { images, channels: ch, size: SIZE, labels, meta, classes: [...EMOJI_CATEGORIES] };
}

/** Registry entry `emoji`. */
export const emoji = register<EmojiSet, EmojiOptions>({
  id: "emoji",
  description: "Noto emoji, 360 colour images 32x32 RGBA in 9 categories (40 each): a small CIFAR stand-in, shipped",
  licence: "images Apache-2.0 (Google Noto Emoji); emoji-datasource metadata MIT (Copyright (c) 2013 Cal Henderson)",
  source: "npm emoji-datasource-google 16.0.0 (img/google/64/*.png, emoji.json), extract built by buildEmojiSheet",
  kind: "shipped",
  optional: false,
  invariants: { samples: { all: 360 }, shapes: { image: [32, 32, 4] }, labels: [...EMOJI_CATEGORIES], classCounts: { all: new Array(9).fill(40) }, sha256: EMOJI_SHA },
  status() {
    const f = path.join(emojiDir(), "emoji-32.png");
    return { available: fs.existsSync(f), where: f, fix: fs.existsSync(f) ? undefined : FIX };
  },
  load: loadEmoji,
  async verify() {
    const e = await loadEmoji();
    return { id: "emoji", checks: [`${e.meta.length} images 32x32x4, 9 categories x 40, sha256 ok`] };
  },
});
