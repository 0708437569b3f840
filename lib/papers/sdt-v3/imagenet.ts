/**
 * The full-scale path of SDT-V3 (card §2.6, §7): ImageNet-1k in ImageFolder layout (`train/<wnid>/*.JPEG`,
 * `val/<wnid>/*.JPEG`), listed and decoded by datasets' one image-folder scanner (datasets/formats/image-folder.ts:
 * sorted class folders, JPEG through jpeg-js, pure JS on every backend), the training and evaluation
 * transforms of the recipe, and `trainImageNet`, the paper's recipe (`FULL_RECIPE`: E-SpikeFormer-10M, I-LIF 1×4,
 * LAMB, warmup + cosine, label smoothing) through lab's `train()` with a checkpoint every epoch and resume, so a
 * multi-day GPU run survives restarts. A user with the data runs it on tfjs-node-gpu; tests run it on a tiny folder.
 *
 * Transforms (torchvision / timm semantics, pixels HWC):
 *   train: RandomResizedCrop(S, scale 0.08–1, ratio 3/4–4/3, bilinear) → horizontal flip p 0.5 → normalise
 *          (ImageNet mean/std) → RandomErasing (p 0.25, area 0.02–1/3, log-ratio 0.3–3.3, per-pixel normal fill)
 *   eval:  resize the shorter side to R (232) → centre crop S (224) → normalise
 * Not implemented: RandAugment (rand-m9-mstd0.5-inc1, 14 PIL colour/geometry ops) — a deviation from the recipe,
 * named in `RECIPE_DEVIATIONS`.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { folderImagePath, listImageFolder, readImage } from "../../../datasets/formats/image-folder";
import { Rng } from "../../core/train/seed";
import { lamb } from "../../core/train/optim/lamb";
import { warmupCosine } from "../../core/train/schedule";
import { train, type TrainResult } from "../../core/train/loop";
import type { ProgressMode } from "../../core/train/progress";
import { ARCHS, buildSpikeFormer, forward, type ArchConfig, type SpikeFormer } from "./model";
import type { NeuronSpec } from "./neurons";
import { sdtMessages } from "./messages";

/** ImageNet's per-channel mean and standard deviation (RGB, pixels in [0, 1]). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** What the full-scale run does differently from the paper's recipe. */
export const RECIPE_DEVIATIONS = [
  "RandAugment (rand-m9-mstd0.5-inc1) is not applied: crop, flip and random erasing only",
  "JPEG decoding and resizing run in JS on the CPU (jpeg-js, bilinear without antialiasing), not PIL",
] as const;

/** One split of an ImageFolder: class names (sorted, as torchvision's ImageFolder) and files with labels. */
export interface ImageFolderIndex {
  root: string;
  split: string;
  classes: string[];
  files: string[];
  labels: Int32Array;
}

/**
 * Indexes `root/<split>/<class>/*.JPEG|jpg|jpeg` (any case) with datasets' image-folder scanner. Labels follow the
 * sorted class folder names; `classes` given (the training split's) makes the validation split use the same label
 * order. A missing root says what to get and where; an empty or unknown class folder is a DatasetError naming it.
 */
export function indexImageFolder(root: string | undefined, split: string, classes?: string[]): ImageFolderIndex {
  const dir = path.join(root ?? "", split);
  if (!root || !fs.existsSync(dir)) throw new Error(sdtMessages.noImageNet(root ? dir : "(SDT_IMAGENET_DIR not set)"));
  const f = listImageFolder(dir, { classes, extensions: [".jpeg", ".jpg"], fix: sdtMessages.imageNetLayout });
  return { root, split, classes: f.classes, files: f.items.map((it) => folderImagePath(f, it)), labels: Int32Array.from(f.items, (it) => it.label) };
}

/** An RGB image, float pixels in [0, 255], HWC. */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Decodes an image file to RGB floats (JPEG, or a PNG misnamed .JPEG; grayscale and CMYK converted); a corrupt file
 * throws a DatasetError naming it.
 */
export function decodeJpegFile(file: string): RgbImage {
  const d = readImage(file, sdtMessages.badImageFix);
  const n = d.width * d.height;
  const data = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[3 * i] = d.data[4 * i];
    data[3 * i + 1] = d.data[4 * i + 1];
    data[3 * i + 2] = d.data[4 * i + 2];
  }
  return { width: d.width, height: d.height, data };
}

/**
 * Bilinear resize of the crop (x0, y0, w, h) of `img` to out×outW (half-pixel centres, align_corners = false),
 * written into `dst` at `offset` as HWC floats.
 */
export function resizeCrop(img: RgbImage, x0: number, y0: number, w: number, h: number, outH: number, outW: number, dst: Float32Array, offset = 0): void {
  const { width: W, height: H, data } = img;
  const sy = h / outH, sx = w / outW;
  for (let oy = 0; oy < outH; oy++) {
    const fy = Math.min(Math.max(y0 + (oy + 0.5) * sy - 0.5, 0), H - 1);
    const y1 = Math.floor(fy), y2 = Math.min(y1 + 1, H - 1), ay = fy - y1;
    for (let ox = 0; ox < outW; ox++) {
      const fx = Math.min(Math.max(x0 + (ox + 0.5) * sx - 0.5, 0), W - 1);
      const x1 = Math.floor(fx), x2 = Math.min(x1 + 1, W - 1), ax = fx - x1;
      const o = offset + (oy * outW + ox) * 3;
      for (let c = 0; c < 3; c++) {
        const p11 = data[(y1 * W + x1) * 3 + c], p12 = data[(y1 * W + x2) * 3 + c];
        const p21 = data[(y2 * W + x1) * 3 + c], p22 = data[(y2 * W + x2) * 3 + c];
        dst[o + c] = (1 - ay) * ((1 - ax) * p11 + ax * p12) + ay * ((1 - ax) * p21 + ax * p22);
      }
    }
  }
}

/** torchvision RandomResizedCrop's box: 10 tries at a random area and aspect ratio, then a centre crop fallback. */
export function randomResizedCropBox(W: number, H: number, rng: Rng, scale: [number, number] = [0.08, 1], ratio: [number, number] = [3 / 4, 4 / 3]): { x: number; y: number; w: number; h: number } {
  const area = W * H;
  const [lr0, lr1] = [Math.log(ratio[0]), Math.log(ratio[1])];
  for (let i = 0; i < 10; i++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const ar = Math.exp(rng.uniform(lr0, lr1));
    const w = Math.round(Math.sqrt(target * ar)), h = Math.round(Math.sqrt(target / ar));
    if (w > 0 && h > 0 && w <= W && h <= H) return { x: rng.int(W - w + 1), y: rng.int(H - h + 1), w, h };
  }
  const inRatio = W / H;
  const [w, h] = inRatio < ratio[0] ? [W, Math.round(W / ratio[0])] : inRatio > ratio[1] ? [Math.round(H * ratio[1]), H] : [W, H];
  return { x: Math.floor((W - w) / 2), y: Math.floor((H - h) / 2), w, h };
}

/** Normalises HWC pixels in [0, 255] in place: (p/255 − mean) / std per channel. */
function normalise(px: Float32Array, offset: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    px[offset + i] = (px[offset + i] / 255 - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
  }
}

/** Train transform of one image into `dst` at `offset` (S×S×3, normalised). */
export function trainTransform(img: RgbImage, S: number, rng: Rng, dst: Float32Array, offset: number, erasing = 0.25): void {
  const b = randomResizedCropBox(img.width, img.height, rng);
  resizeCrop(img, b.x, b.y, b.w, b.h, S, S, dst, offset);
  if (rng.bernoulli(0.5)) { // horizontal flip
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S / 2; x++) {
        const a = offset + (y * S + x) * 3, z = offset + (y * S + (S - 1 - x)) * 3;
        for (let c = 0; c < 3; c++) { const t = dst[a + c]; dst[a + c] = dst[z + c]; dst[z + c] = t; }
      }
    }
  }
  normalise(dst, offset, S * S * 3);
  if (rng.bernoulli(erasing)) { // timm RandomErasing, mode "pixel": a box of normal noise (after normalisation)
    for (let i = 0; i < 10; i++) {
      const target = S * S * rng.uniform(0.02, 1 / 3);
      const ar = Math.exp(rng.uniform(Math.log(0.3), Math.log(1 / 0.3)));
      const h = Math.round(Math.sqrt(target * ar)), w = Math.round(Math.sqrt(target / ar));
      if (w < S && h < S) {
        const y0 = rng.int(S - h + 1), x0 = rng.int(S - w + 1);
        for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) for (let c = 0; c < 3; c++) dst[offset + (y * S + x) * 3 + c] = rng.normal();
        break;
      }
    }
  }
}

/** Eval transform into `dst` at `offset`: shorter side → R, centre crop S, normalise. */
export function evalTransform(img: RgbImage, R: number, S: number, dst: Float32Array, offset: number): void {
  const scale = R / Math.min(img.width, img.height); // resized size W·scale × H·scale; crop S at its centre
  const cw = S / scale, ch = S / scale;
  resizeCrop(img, (img.width - cw) / 2, (img.height - ch) / 2, cw, ch, S, S, dst, offset);
  normalise(dst, offset, S * S * 3);
}

/** Mini-batches `{ x [b, S, S, 3], y one-hot (label-smoothed) [b, K] }` of one pass over `ix`, seeded order. */
export function* imageFolderBatches(ix: ImageFolderIndex, o: { batch: number; size: number; evalResize?: number; train: boolean; rng: Rng; smoothing?: number; erasing?: number; limit?: number }): Generator<{ x: tf.Tensor4D; y: tf.Tensor2D; labels: Int32Array }> {
  const K = ix.classes.length, S = o.size, eps = o.smoothing ?? 0;
  const order = o.train ? o.rng.shuffle(Array.from({ length: ix.files.length }, (_, i) => i)) : Array.from({ length: ix.files.length }, (_, i) => i);
  const n = Math.min(order.length, o.limit ?? Infinity);
  for (let i = 0; i < n; i += o.batch) {
    const idx = order.slice(i, Math.min(i + o.batch, n));
    if (o.train && idx.length < o.batch) break; // drop_last for training, as the recipe's loader
    const px = new Float32Array(idx.length * S * S * 3);
    const y = new Float32Array(idx.length * K).fill(eps / K);
    const labels = new Int32Array(idx.length);
    idx.forEach((j, b) => {
      const img = decodeJpegFile(ix.files[j]);
      if (o.train) trainTransform(img, S, o.rng, px, b * S * S * 3, o.erasing ?? 0.25);
      else evalTransform(img, o.evalResize ?? Math.round(S * 232 / 224), S, px, b * S * S * 3);
      labels[b] = ix.labels[j];
      y[b * K + ix.labels[j]] += 1 - eps;
    });
    yield { x: tf.tensor4d(px, [idx.length, S, S, 3]), y: tf.tensor2d(y, [idx.length, K]), labels };
  }
}

/** Options of `trainImageNet` (defaults: the paper's recipe, `FULL_RECIPE`). */
export interface ImageNetRunOptions {
  /** ImageFolder root (default $SDT_IMAGENET_DIR). */
  dir?: string;
  /** Architecture (default ARCHS[FULL_RECIPE.arch]); its classes and imageSize are set from the data and crop. */
  arch?: ArchConfig;
  neuron?: NeuronSpec;
  epochs?: number;
  warmupEpochs?: number;
  /** Global batch (the paper's 2048 over 8 GPUs; lr = blr · batch / 256). */
  batch?: number;
  blr?: number;
  minLr?: number;
  weightDecay?: number;
  labelSmoothing?: number;
  randomErasing?: number;
  trainCrop?: number;
  evalResize?: number;
  /** Cap on training / validation images per epoch (smoke runs, tests). */
  limitTrain?: number;
  limitVal?: number;
  /** Checkpoint folder: saved every epoch, resumed from when it holds one. */
  checkpointDir?: string;
  seed?: number;
  progress?: ProgressMode;
}

/** Validation top-1 of `m` over `ix` (eval transform, integer inference). */
export function evaluateImageFolder(m: SpikeFormer, ix: ImageFolderIndex, neuron: NeuronSpec, o: { batch: number; size: number; evalResize: number; limit?: number }): number {
  let correct = 0, seen = 0;
  for (const b of imageFolderBatches(ix, { batch: o.batch, size: o.size, evalResize: o.evalResize, train: false, rng: new Rng(0), limit: o.limit })) {
    const pred = tf.tidy(() => forward(m, b.x, { training: false, neuron }).argMax(-1).dataSync());
    pred.forEach((p, i) => { if (p === b.labels[i]) correct++; });
    seen += b.labels.length;
    b.x.dispose(); b.y.dispose();
  }
  return correct / Math.max(1, seen);
}

/**
 * The paper's ImageNet run: E-SpikeFormer (10M by default) with I-LIF 1×4 on `dir`, LAMB (lr = blr·batch/256,
 * weight decay on ≥ 2-D weights), linear warmup then cosine to minLr, label smoothing, the train/eval transforms
 * above; top-1 on the validation split after every epoch; a checkpoint every epoch in `checkpointDir` (resumed).
 */
export async function trainImageNet(o: ImageNetRunOptions = {}): Promise<{ model: SpikeFormer; result: TrainResult; classes: string[] }> {
  const dir = o.dir ?? process.env.SDT_IMAGENET_DIR;
  const trainIx = indexImageFolder(dir, "train");
  const valIx = indexImageFolder(dir, "val", trainIx.classes);
  const S = o.trainCrop ?? 224, R = o.evalResize ?? 232;
  const base = o.arch ?? ARCHS["10M"];
  const arch: ArchConfig = { ...base, inChannels: 3, classes: trainIx.classes.length, imageSize: S };
  const neuron = o.neuron ?? ({ kind: "ilif", D: 4, T: 1 } as NeuronSpec);
  const seed = o.seed ?? 0;
  const batch = o.batch ?? 2048, epochs = o.epochs ?? 200;
  const m = buildSpikeFormer(arch, new Rng(seed).fork("weights"));
  const stepsPerEpoch = Math.max(1, Math.floor(Math.min(trainIx.files.length, o.limitTrain ?? Infinity) / batch));
  const peak = (o.blr ?? 6e-4) * batch / 256;
  const opt = lamb({
    learningRate: warmupCosine({ peak, warmupSteps: Math.min((o.warmupEpochs ?? 5) * stepsPerEpoch, epochs * stepsPerEpoch - 1), totalSteps: epochs * stepsPerEpoch, min: o.minLr ?? 1e-6 }),
    weightDecay: o.weightDecay ?? 0.05,
  });
  const rng = new Rng(seed).fork("imagenet-batches");
  const result = await train({
    data: (epoch) => imageFolderBatches(trainIx, { batch, size: S, train: true, rng: rng.fork(epoch), smoothing: o.labelSmoothing ?? 0.1, erasing: o.randomErasing ?? 0.25, limit: o.limitTrain }),
    loss: (b) => tf.losses.softmaxCrossEntropy(b.y, forward(m, b.x, { training: true, neuron })) as tf.Scalar,
    optimizer: opt,
    variables: m.params.trainable(),
    epochs,
    stepsPerEpoch,
    evaluate: () => ({ valTop1: evaluateImageFolder(m, valIx, neuron, { batch: Math.min(batch, 256), size: S, evalResize: R, limit: o.limitVal }) }),
    checkpoint: o.checkpointDir ? { dir: o.checkpointDir } : undefined,
    resume: o.checkpointDir,
    progress: o.progress ?? "auto",
    title: `E-SpikeFormer on ImageNet (${trainIx.files.length} train / ${valIx.files.length} val images, ${trainIx.classes.length} classes)`,
  });
  opt.dispose();
  return { model: m, result, classes: trainIx.classes };
}
