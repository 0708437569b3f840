/**
 * Data of the S2NN-style reproduction (card §5): MNIST digits from the `mnist` dataset entry (official split; a seeded
 * class-stratified subset of its training split for train and validation, of its test split for test), optionally
 * Fashion-MNIST (the Debian-prepared entry), IDX files from a folder (full scale), and 7-segment glyphs 0–9 (offline,
 * seeded; tests and smoke). Digits are 28×28 in [0, 1]; `framesOf` binarises at 0.5 (or keeps grayscale) and places
 * them on the N×N grid, nearest-upsampled by ⌊N/28⌋ and centred. `edgeMaps` gives the low-level task's targets.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { stratifiedSplit } from "../../kit/split";
import { loadMnist, MNIST_SPEC } from "../../../datasets/entries/mnist";
import { fashionMnist } from "../../../datasets/entries/folders";
import { loadIdxImages, type IdxImageSplit } from "../../../datasets/entries/idx-images";
import { s2nnMessages } from "./messages";
import { MIN_N } from "./model";

/** Which digits. */
export type DatasetName = "mnist" | "fashion-mnist" | "glyphs";

/** The data part of the config. */
export interface DataConfig {
  dataset: DatasetName;
  /** A folder of the four IDX files (plain or .gz) to read instead of the registry's (full scale); "" = the registry. */
  dataDir: string;
  /** Training, validation (variant selection only) and test sizes. */
  train: number;
  val: number;
  test: number;
}

/** Images [n, 28, 28] in [0, 1] and labels 0..9. */
export interface DigitSplit {
  images: Float32Array;
  labels: Int32Array;
  n: number;
}

/** Train / validation / test subsets and where they came from. */
export interface DigitSets {
  train: DigitSplit;
  val: DigitSplit;
  test: DigitSplit;
  source: string;
}

const PX = 28 * 28;

/** 7-segment glyph generator version (bump when the stream changes; the test pins its hash). */
export const GLYPH_VERSION = 1;

// segments a–g as [x0, y0, horizontal?] of the glyph box x ∈ [8, 19], y ∈ [4, 23] (before the shift)
const SEGMENTS: Record<string, [number, number, boolean]> = {
  a: [8, 4, true], b: [19, 4, false], c: [19, 13, false], d: [8, 23, true], e: [8, 13, false], f: [8, 4, false], g: [8, 13, true],
};
const DIGIT_SEGMENTS = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"];

/**
 * `n` binary 7-segment glyphs 0–9 on 28×28 (card §5): stroke width 2–3 px, random shift ±3 px, pixel flips with
 * p = 0.02; labels cycle 0..9. Deterministic in `seed` (Rng, version GLYPH_VERSION).
 */
export function sevenSegmentGlyphs(n: number, seed: number): DigitSplit {
  const rng = new Rng(`s2nn/glyphs/v${GLYPH_VERSION}/${seed}`);
  const images = new Float32Array(n * PX);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 10;
    labels[i] = label;
    const w = 2 + rng.int(2), sx = rng.int(7) - 3, sy = rng.int(7) - 3;
    const img = images.subarray(i * PX, (i + 1) * PX);
    const set = (x: number, y: number) => { if (x >= 0 && x < 28 && y >= 0 && y < 28) img[y * 28 + x] = 1; };
    for (const s of DIGIT_SEGMENTS[label]) {
      const [x0, y0, horizontal] = SEGMENTS[s];
      const len = horizontal ? 12 : 10; // 8..19 wide, 4..13 / 13..23 tall
      for (let t = 0; t < len; t++) for (let k = 0; k < w; k++) {
        if (horizontal) set(x0 + t + sx, y0 + k - (y0 === 23 ? w - 1 : 0) + sy);
        else set(x0 + k - (x0 === 19 ? w - 1 : 0) + sx, y0 + t + sy);
      }
    }
    for (let p = 0; p < PX; p++) if (rng.bernoulli(0.02)) img[p] = 1 - img[p];
  }
  return { images, labels, n };
}

function pick(d: IdxImageSplit, idx: number[]): DigitSplit {
  const images = new Float32Array(idx.length * PX);
  const labels = new Int32Array(idx.length);
  idx.forEach((j, i) => {
    for (let k = 0; k < PX; k++) images[i * PX + k] = d.images[j * PX + k] / 255;
    labels[i] = d.labels[j];
  });
  return { images, labels, n: idx.length };
}

async function loadIdxSplit(c: DataConfig, split: "train" | "test"): Promise<IdxImageSplit> {
  if (c.dataDir) {
    // plain or gzipped names, whichever the folder holds
    const actual = (f: string) => [f, `${f}.gz`].find((g) => fs.existsSync(path.join(c.dataDir, g)));
    const named = (pair: { images: string; labels: string }) => ({ images: actual(pair.images), labels: actual(pair.labels) });
    const train = named(MNIST_SPEC.files.train), test = named(MNIST_SPEC.files.test);
    const want = split === "train" ? train : test;
    if (!want.images || !want.labels) throw new Error(s2nnMessages.noIdxFiles(c.dataDir));
    const files = { train: { images: train.images ?? "", labels: train.labels ?? "" }, test: { images: test.images ?? "", labels: test.labels ?? "" } };
    return loadIdxImages({ ...MNIST_SPEC, id: `IDX files in ${c.dataDir}`, files }, c.dataDir, { split, dir: c.dataDir }, false);
  }
  if (c.dataset === "mnist") return loadMnist({ split });
  const st = fashionMnist.status();
  if (!st.available) throw new Error(s2nnMessages.noData("Fashion-MNIST", st.fix ?? "run `npx paperlab datasets prepare fashion-mnist --from <the .deb>`"));
  return fashionMnist.load({ split });
}

/**
 * Loads train/val/test: glyphs are generated (seed forks), IDX sets are read and subset (train + val disjoint from
 * the training split, test from the test split), class-stratified and shuffled by `seed`.
 */
export async function loadDigitSets(c: DataConfig, seed: number): Promise<DigitSets> {
  if (c.dataset === "glyphs" && !c.dataDir) {
    return { train: sevenSegmentGlyphs(c.train, seed * 3), val: sevenSegmentGlyphs(c.val, seed * 3 + 1), test: sevenSegmentGlyphs(c.test, seed * 3 + 2), source: `7-segment glyphs v${GLYPH_VERSION}` };
  }
  const rng = new Rng(seed).fork("s2nn/data");
  const tr = await loadIdxSplit(c, "train");
  const [trainIdx, valIdx] = stratifiedSplit(tr.labels, [c.train, c.val], rng.fork("train"));
  const te = await loadIdxSplit(c, "test");
  const [testIdx] = stratifiedSplit(te.labels, [c.test], rng.fork("test"));
  const name = c.dataDir ? `IDX files in ${c.dataDir}` : c.dataset === "mnist" ? "MNIST (mnist entry, official split)" : "Fashion-MNIST (fashion-mnist entry)";
  return { train: pick(tr, trainIdx), val: pick(tr, valIdx), test: pick(te, testIdx), source: name };
}

/** Upsampling factor ⌊N/28⌋ and offset that centre a 28×28 digit on the N×N grid. */
export function placement(N: number): { factor: number; offset: number } {
  if (!(Number.isInteger(N) && N >= MIN_N)) throw new Error(s2nnMessages.wrongN(N, MIN_N));
  const factor = Math.floor(N / 28);
  return { factor, offset: Math.floor((N - 28 * factor) / 2) };
}

/** Frames [n, N, N] of a split: binarised at 0.5 (x ≥ 0.5 → 1) or grayscale, nearest-upsampled and centred. */
export function framesOf(s: DigitSplit, N: number, binary: boolean): Float32Array {
  const { factor, offset } = placement(N);
  const out = new Float32Array(s.n * N * N);
  for (let i = 0; i < s.n; i++) {
    for (let y = 0; y < 28 * factor; y++) {
      for (let x = 0; x < 28 * factor; x++) {
        const v = s.images[i * PX + Math.floor(y / factor) * 28 + Math.floor(x / factor)];
        out[i * N * N + (y + offset) * N + x + offset] = binary ? (v >= 0.5 ? 1 : 0) : v;
      }
    }
  }
  return out;
}

/** Edge maps of binary frames [n, N, N]: a pixel that is on with at least one off 4-neighbour (off the grid counts off). */
export function edgeMaps(frames: Float32Array, n: number, N: number): Float32Array {
  const out = new Float32Array(n * N * N);
  const at = (i: number, y: number, x: number) => (y < 0 || x < 0 || y >= N || x >= N ? 0 : frames[i * N * N + y * N + x]);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) {
        if (at(i, y, x) < 0.5) continue;
        if (at(i, y - 1, x) < 0.5 || at(i, y + 1, x) < 0.5 || at(i, y, x - 1) < 0.5 || at(i, y, x + 1) < 0.5) out[i * N * N + y * N + x] = 1;
      }
    }
  }
  return out;
}

/** One mini-batch: frames [b, N, N], one-hot labels [b, 10], and the dataset indices. */
export interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor2D;
  idx: number[];
}

/** Mini-batches of one epoch in a seeded order (the last partial batch dropped). `x` stays on the caller. */
export function* batches(x: tf.Tensor3D, labels: Int32Array, batch: number, rng: Rng): Generator<Batch> {
  const n = x.shape[0];
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i + batch <= n; i += batch) {
    const idx = order.slice(i, i + batch);
    yield {
      x: tf.gather(x, tf.tensor1d(idx, "int32")) as tf.Tensor3D,
      y: tf.oneHot(tf.tensor1d(idx.map((j) => labels[j]), "int32"), 10).toFloat() as tf.Tensor2D,
      idx,
    };
  }
}
