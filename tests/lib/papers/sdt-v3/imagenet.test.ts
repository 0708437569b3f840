/**
 * The full-scale ImageNet path on a tiny ImageFolder of JPEGs written here (jpeg-js): indexing and label order,
 * decoding, the train/eval transforms, seeded batches, and `trainImageNet` end to end with a checkpoint and resume.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { ARCHS } from "../../../../lib/papers/sdt-v3/model";
import {
  decodeJpegFile, evalTransform, imageFolderBatches, indexImageFolder, randomResizedCropBox, resizeCrop, trainImageNet, IMAGENET_MEAN, IMAGENET_STD,
} from "../../../../lib/papers/sdt-v3/imagenet";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const jpeg = require("jpeg-js") as { encode(img: { data: Uint8Array; width: number; height: number }, q: number): { data: Uint8Array } };

/** A JPEG of one colour (RGB) with a bright square whose place depends on `k`. */
function writeJpeg(file: string, w: number, h: number, rgb: [number, number, number], k: number): void {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const sq = Math.abs(x - (5 + 3 * k)) < 4 && Math.abs(y - 8) < 4;
      data[o] = sq ? 255 : rgb[0]; data[o + 1] = sq ? 255 : rgb[1]; data[o + 2] = sq ? 255 : rgb[2]; data[o + 3] = 255;
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, jpeg.encode({ data, width: w, height: h }, 95).data);
}

const COLOURS: Record<string, [number, number, number]> = { n0001: [200, 30, 30], n0002: [30, 200, 30], n0003: [30, 30, 200] };
let root = "";
before(async () => {
  await initBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sdt-imagenet-"));
  for (const [c, rgb] of Object.entries(COLOURS)) {
    for (let k = 0; k < 4; k++) writeJpeg(path.join(root, "train", c, `${c}_${k}.JPEG`), 40 + k, 32, rgb, k);
    for (let k = 0; k < 2; k++) writeJpeg(path.join(root, "val", c, `val_${c}_${k}.jpg`), 36, 30, rgb, k);
  }
  fs.writeFileSync(path.join(root, "train", "n0001", "notes.txt"), "not an image");
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

test("ImageFolder index: sorted classes as labels, images only, val uses train's label order; missing data says what to get", () => {
  const tr = indexImageFolder(root, "train");
  assert.deepEqual(tr.classes, ["n0001", "n0002", "n0003"]);
  assert.equal(tr.files.length, 12);
  assert.deepEqual(Array.from(tr.labels), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  const va = indexImageFolder(root, "val", ["n0003", "n0001", "n0002"]);
  const i1 = va.files.findIndex((f) => f.includes(`${path.sep}n0001${path.sep}`));
  assert.equal(va.labels[i1], 1); // n0001's images carry the label of n0001 in the given order
  assert.equal(va.labels[0], 0);
  assert.throws(() => indexImageFolder(undefined, "train"), /image-net\.org.*SDT_IMAGENET_DIR/);
  assert.throws(() => indexImageFolder(path.join(root, "nope"), "train"), /no ImageNet-1k folder/);
});

test("decode and transforms: colours survive JPEG, eval crop is centred, random crops stay inside, batches are seeded", () => {
  const img = decodeJpegFile(path.join(root, "train", "n0002", "n0002_0.JPEG"));
  assert.equal(img.width, 40); assert.equal(img.height, 32);
  assert.ok(Math.abs(img.data[(30 * 40 + 30) * 3 + 1] - 200) < 8, "green channel of a green image");
  // resize of a horizontal ramp keeps it a ramp; centre crop of the eval transform is symmetric
  const ramp = { width: 8, height: 4, data: new Float32Array(8 * 4 * 3).map((_, i) => Math.floor(i / 3) % 8) };
  const out = new Float32Array(4 * 4 * 3);
  resizeCrop(ramp, 0, 0, 8, 4, 4, 4, out);
  assert.deepEqual([0, 1, 2, 3].map((x) => out[x * 3]), [0.5, 2.5, 4.5, 6.5]);
  const e = new Float32Array(2 * 2 * 3);
  evalTransform(ramp, 4, 2, e, 0); // shorter side 4 → 4, centre 2×2 = columns 3 and 4 of 0..7
  const px = (x: number) => e[x * 3] * IMAGENET_STD[0] * 255 + IMAGENET_MEAN[0] * 255;
  assert.ok(Math.abs(px(0) - 3) < 1e-3 && Math.abs(px(1) - 4) < 1e-3, `eval crop columns ${px(0)}, ${px(1)}`);
  const rng = new Rng(3);
  for (let i = 0; i < 200; i++) {
    const b = randomResizedCropBox(500, 375, rng);
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= 500 && b.y + b.h <= 375 && b.w > 0 && b.h > 0);
  }
  const ix = indexImageFolder(root, "train");
  const batchOf = (seed: number) => {
    const b = imageFolderBatches(ix, { batch: 4, size: 16, train: true, rng: new Rng(seed), smoothing: 0.1 }).next().value!;
    const r = { x: Array.from(b.x.dataSync() as Float32Array), y: Array.from(b.y.dataSync() as Float32Array), labels: Array.from(b.labels) };
    assert.deepEqual(b.x.shape, [4, 16, 16, 3]);
    b.x.dispose(); b.y.dispose();
    return r;
  };
  const a = batchOf(1);
  assert.deepEqual(batchOf(1), a);
  assert.notDeepEqual(batchOf(2).x, a.x);
  assert.ok(Math.abs(a.y.slice(0, 3).reduce((p, q) => p + q, 0) - 1) < 1e-6 && Math.max(...a.y.slice(0, 3)) > 0.93 - 1e-6, "label smoothing 0.1 over 3 classes");
});

test("trainImageNet: the recipe runs end to end on a tiny folder, writes a checkpoint every epoch and resumes from it", async () => {
  const ck = path.join(root, "ckpt");
  const tiny = { ...ARCHS.tiny, inChannels: 3 };
  const opts = { dir: root, arch: tiny, epochs: 2, warmupEpochs: 1, batch: 4, trainCrop: 16, evalResize: 18, checkpointDir: ck, progress: "none" as const };
  const before = tf.memory().numTensors;
  const r = await trainImageNet(opts);
  assert.equal(r.result.epochs.length, 2);
  assert.equal(r.result.steps, 6); // 12 images / batch 4 × 2 epochs
  const top1 = r.result.epochs[1].valTop1 as number;
  assert.ok(top1 >= 0 && top1 <= 1);
  assert.ok(fs.existsSync(path.join(ck, "manifest.json")));
  r.model.params.dispose();
  const again = await trainImageNet({ ...opts, epochs: 3 }); // resumes at epoch 2, runs one more
  assert.equal(again.result.steps, 9);
  assert.equal(again.result.history.length, 3);
  again.model.params.dispose();
  assert.ok(tf.memory().numTensors - before < 50, `tensors left behind: ${tf.memory().numTensors - before}`);
});
