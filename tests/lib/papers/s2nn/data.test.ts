/**
 * Data: the 7-segment glyph generator's pinned hash, placement on the grid (N = 32, 64; N < 28 refused), binarising
 * at 0.5, edge maps on a crafted frame, the IDX-folder loader (full scale) on a tiny fixture (plain and gzipped), and
 * the accounting arithmetic of claim 6.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { initBackend } from "../../../../lib/core/backend";
import { edgeMaps, framesOf, loadDigitSets, placement, sevenSegmentGlyphs, GLYPH_VERSION } from "../../../../lib/papers/s2nn/data";
import { accountingRows, impliedByAbstract, opsPerFrame } from "../../../../lib/papers/s2nn/accounting";
import { encodeIdxUint8 } from "../../../../datasets/formats/idx";
import { s2nnMessages } from "../../../../lib/papers/s2nn/messages";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("7-segment glyphs: binary 28×28, labels cycle 0–9, seeded; the stream's SHA-256 is pinned (version 1)", () => {
  const g = sevenSegmentGlyphs(100, 0);
  assert.equal(GLYPH_VERSION, 1);
  assert.deepEqual(Array.from(g.labels.slice(0, 12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  assert.ok(g.images.every((v) => v === 0 || v === 1));
  const on = (i: number) => g.images.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0);
  assert.ok(on(8) > on(1) + 40, `an 8 lights more pixels than a 1 (${on(8)} vs ${on(1)})`);
  const hash = crypto.createHash("sha256").update(Buffer.from(Uint8Array.from(g.images))).update(Buffer.from(g.labels.buffer)).digest("hex");
  assert.equal(hash, "6c3f384739f7e73f259d0acf0cf47acc969ef8920b9cc3064d48bd50f9d7fecf");
  assert.notDeepEqual(sevenSegmentGlyphs(10, 1).images, sevenSegmentGlyphs(10, 0).images);
});

test("framesOf: centred (N = 32: offset 2), nearest-upsampled (N = 64: ×2, offset 4), binarised at 0.5; N < 28 refused", () => {
  const img = new Float32Array(784); img[0] = 0.5; img[1] = 0.49; img[28 * 27 + 27] = 1;
  const s = { images: img, labels: Int32Array.of(0), n: 1 };
  const f32 = framesOf(s, 32, true);
  assert.equal(f32[2 * 32 + 2], 1); assert.equal(f32[2 * 32 + 3], 0); assert.equal(f32[29 * 32 + 29], 1);
  assert.equal(framesOf(s, 32, false)[2 * 32 + 3], img[1], "grayscale keeps the value");
  assert.deepEqual(placement(64), { factor: 2, offset: 4 });
  const f64 = framesOf(s, 64, true);
  assert.deepEqual([f64[4 * 64 + 4], f64[5 * 64 + 5], f64[4 * 64 + 6]], [1, 1, 0]);
  assert.throws(() => framesOf(s, 27, true), { message: s2nnMessages.wrongN(27, 28) });
});

test("edge maps: an on pixel with an off 4-neighbour (grid border counts off)", () => {
  const N = 5, f = new Float32Array(25);
  for (let y = 1; y < 4; y++) for (let x = 0; x < 4; x++) f[y * N + x] = 1; // 3×4 block touching the left border
  const e = edgeMaps(f, 1, N);
  const rows = Array.from({ length: 5 }, (_, y) => Array.from(e.subarray(y * N, y * N + N)).join(""));
  assert.deepEqual(rows, ["00000", "11110", "10010", "11110", "00000"]);
});

test("IDX folder loader (full scale) on a tiny fixture: plain and gzipped files, stratified subsets; a missing folder says what to get", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s2nn-idx-"));
  const n = 40, img = new Uint8Array(n * 784), lbl = new Uint8Array(n);
  for (let i = 0; i < n; i++) { lbl[i] = i % 10; img[i * 784 + 100 + lbl[i]] = 255; }
  fs.writeFileSync(path.join(dir, "train-images-idx3-ubyte"), encodeIdxUint8([n, 28, 28], img));
  fs.writeFileSync(path.join(dir, "train-labels-idx1-ubyte"), encodeIdxUint8([n], lbl));
  fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte.gz"), zlib.gzipSync(encodeIdxUint8([n, 28, 28], img)));
  fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), zlib.gzipSync(encodeIdxUint8([n], lbl)));
  const sets = await loadDigitSets({ dataset: "mnist", dataDir: dir, train: 20, val: 10, test: 10 }, 3);
  assert.deepEqual([sets.train.n, sets.val.n, sets.test.n], [20, 10, 10]);
  for (const s of [sets.train, sets.val, sets.test]) {
    for (let i = 0; i < s.n; i++) assert.equal(s.images[i * 784 + 100 + s.labels[i]], 1, "pixel marks its label; scaled to [0, 1]");
  }
  assert.deepEqual(Array.from(sets.val.labels).sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "stratified");
  await assert.rejects(loadDigitSets({ dataset: "mnist", dataDir: path.join(dir, "nope"), train: 2, val: 1, test: 1 }, 0), { message: s2nnMessages.noIdxFiles(path.join(dir, "nope")) });
  fs.rmSync(dir, { recursive: true });
});

test("accounting: 417.96 TOPS / 3649 FPS = 1.145e11 ops/frame, M ≈ 2.39e5 (L = 1), ≈ 33 W, ≈ 120 FPS before; 2·L·M²", () => {
  const a = impliedByAbstract([1, 2]);
  assert.ok(Math.abs(a.opsPerFrame / 1.145e11 - 1) < 1e-3, `${a.opsPerFrame}`);
  assert.ok(Math.abs(a.pixels[0].M / 2.39e5 - 1) < 2e-3, `${a.pixels[0].M}`);
  assert.ok(Math.abs(a.pixels[0].side - 489) < 1, `side ${a.pixels[0].side}`);
  assert.ok(Math.abs(a.pixels[1].M / 1.69e5 - 1) < 3e-3);
  assert.ok(Math.abs(a.watts - 33.17) < 0.01 && Math.abs(a.priorFps - 121.6) < 0.1);
  assert.equal(opsPerFrame(2, 1024), 2 * 2 * 1024 * 1024);
  const [r] = accountingRows([{ name: "K=4", N: 32, layers: 2, K: 4 }]);
  assert.equal(r.M, 4096);
  assert.equal(r.opsPerFrame, 4 * 2 * 2 * 1024 * 1024);
});
