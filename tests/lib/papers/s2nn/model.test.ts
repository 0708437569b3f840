/**
 * The S2NN-style network: shapes and normalisation (p sums to 1, detected energy ≤ the unit input power), the mask
 * modulations (levels and their straight-through gradients against the formula), the spike term's gradients against
 * their formulas (BCE of σ(β(p − κ)) and the hard spikes' sigmoid surrogate), the forward's gradient against finite
 * differences, and the input checks.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { forward, initExpert, inputField, kappaValues, makeBench, maskField, type DonnConfig } from "../../../../lib/papers/s2nn/model";
import { bceWithLogits, betaAt, ownedMask, spikeTerm, type RunSpec } from "../../../../lib/papers/s2nn/train";
import { SCALES } from "../../../../lib/papers/s2nn/config";
import { s2nnMessages } from "../../../../lib/papers/s2nn/messages";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const CFG: DonnConfig = { optics: { N: 32, dx: 8e-6, wavelength: 532e-9, z: 7.5e-3 }, layers: 2, modulation: "phase", detector: { size: 3, gap: 2 } };

function frames(n: number, seed: number): tf.Tensor3D {
  const r = new Rng(seed);
  return tf.tensor3d(Float32Array.from({ length: n * 32 * 32 }, () => (r.float() < 0.2 ? 1 : 0)), [n, 32, 32]);
}

test("forward: e and p are [B, 10], p sums to 1, detected energy ≤ the unit input power; κ starts at kappa0", () => {
  const bench = makeBench(CFG);
  const ex = initExpert(CFG, new Rng(1), { kappa0: 0.15, perClassKappa: false, initStd: 1, name: "t" });
  const x = frames(3, 2);
  const { e, p } = forward(bench, ex, x);
  assert.deepEqual(e.shape, [3, 10]);
  const ps = tf.sum(p, 1).dataSync();
  for (const s of ps) assert.ok(Math.abs(s - 1) < 1e-5);
  const es = tf.sum(e, 1).dataSync();
  for (const s of es) assert.ok(s > 0 && s < 1, `detected energy ${s}`);
  const u0 = inputField(x);
  assert.ok(Math.abs(tf.sum(tf.square(u0.u.re)).dataSync()[0] - 3) < 1e-4, "each frame's input power is 1");
  assert.ok(Math.abs((kappaValues(ex) as number) - 0.15) < 1e-6);
  const pc = initExpert(CFG, new Rng(1), { kappa0: 0.2, perClassKappa: true, initStd: 1, name: "t2" });
  assert.equal((kappaValues(pc) as number[]).length, 10);
  bench.dispose();
});

test("masks: phase8 has 256 levels, binary phase {0, π}, binary amplitude {0, 1}; their STE gradient is the continuous mask's", () => {
  const w = tf.tensor2d(Float32Array.from({ length: 16 }, (_, i) => (i - 8) / 3), [4, 4]);
  const phi = (t: { re: tf.Tensor; im: tf.Tensor }) => Array.from(tf.atan2(t.im, t.re).dataSync());
  const p8 = phi(maskField(w, "phase8"));
  for (const a of p8) { const q = (((a + 2 * Math.PI) % (2 * Math.PI)) * 256) / (2 * Math.PI); assert.ok(Math.abs(q - Math.round(q)) < 1e-3, `level ${q}`); }
  for (const a of phi(maskField(w, "binary-phase"))) assert.ok(Math.abs(a) < 1e-6 || Math.abs(Math.abs(a) - Math.PI) < 1e-6, `phase ${a}`);
  const amp = maskField(w, "binary-amplitude");
  assert.deepEqual([...new Set(amp.re.dataSync())].sort(), [0, 1]);
  // d/dw Σ t(w) for the binary amplitude: the continuous mask σ(w)'s gradient σ'(w) = σ(1 − σ)
  const g = tf.grad((v: tf.Tensor) => tf.sum(maskField(v as tf.Tensor2D, "binary-amplitude").re))(w).dataSync();
  const s = tf.sigmoid(w).dataSync();
  g.forEach((gi, i) => assert.ok(Math.abs(gi - s[i] * (1 - s[i])) < 1e-6, `STE gradient ${gi}`));
  // binary phase: forward π·round(σ), backward through the continuous e^{iπσ(w)}: d sin/dw = π·cos(πσ)·σ'(w)
  const gp = tf.grad((v: tf.Tensor) => tf.sum(maskField(v as tf.Tensor2D, "binary-phase").im))(w).dataSync();
  gp.forEach((gi, i) => assert.ok(Math.abs(gi - Math.PI * Math.cos(Math.PI * s[i]) * s[i] * (1 - s[i])) < 1e-5, `d sin φ/dw ${gi}`));
  const gc = tf.grad((v: tf.Tensor) => tf.sum(maskField(v as tf.Tensor2D, "binary-phase").re))(w).dataSync();
  gc.forEach((gi, i) => assert.ok(Math.abs(gi + Math.PI * Math.sin(Math.PI * s[i]) * s[i] * (1 - s[i])) < 1e-5, `d cos φ/dw ${gi}`));
});

test("spike term gradients: BCE of σ(β(p − κ)) gives β(σ − y)/B; hard spikes give (1 − 2y)·β·σ'(β(p − κ))/B", () => {
  const p = tf.tensor2d([[0.3, 0.1, 0.05, 0.02, 0.2, 0.1, 0.08, 0.05, 0.05, 0.05], [0.12, 0.4, 0.1, 0.03, 0.05, 0.1, 0.05, 0.05, 0.05, 0.05]]);
  const y = tf.oneHot(tf.tensor1d([0, 1], "int32"), 10).toFloat() as tf.Tensor2D;
  const kappa = tf.scalar(0.15), beta = 20;
  const pv = p.dataSync(), yv = y.dataSync();
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const g1 = tf.grad((q: tf.Tensor) => spikeTerm(q as tf.Tensor2D, kappa, y, beta, "card"))(p).dataSync();
  g1.forEach((g, i) => assert.ok(Math.abs(g - (beta * (sig(beta * (pv[i] - 0.15)) - yv[i])) / 2) < 1e-4, `BCE grad ${i}: ${g}`));
  const g2 = tf.grad((q: tf.Tensor) => spikeTerm(q as tf.Tensor2D, kappa, y, beta, "hard-spikes"))(p).dataSync();
  g2.forEach((g, i) => {
    const s = sig(beta * (pv[i] - 0.15));
    assert.ok(Math.abs(g - ((1 - 2 * yv[i]) * beta * s * (1 - s)) / 2) < 1e-4, `surrogate grad ${i}: ${g}`);
  });
  // the hard term's value counts errors: frame 0 fires 0 (✓) and 4 (✗); frame 1 fires 1 (✓); mean over 2 frames
  assert.equal(spikeTerm(p, kappa, y, beta, "hard-spikes").dataSync()[0], 0.5);
  // balanced BCE weights the positive by 9; the specialist mask keeps only owned classes
  const z = tf.tensor2d([[2, -1, 0, 0, 0, 0, 0, 0, 0, 0]]);
  const y0 = tf.oneHot(tf.tensor1d([0], "int32"), 10).toFloat() as tf.Tensor2D;
  const plain = bceWithLogits(z, y0).dataSync()[0], bal = bceWithLogits(z, y0, 9).dataSync()[0];
  const pos = Math.log(1 + Math.exp(-2));
  assert.ok(Math.abs(bal - plain - 8 * pos) < 1e-5);
  assert.deepEqual(ownedMask(1, 4), [0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const spec = { variant: "beta-anneal", train: { beta: 20 } } as unknown as RunSpec;
  assert.deepEqual([betaAt(spec, 0, 100), betaAt(spec, 50, 100), betaAt(spec, 100, 100)], [5, 12.5, 20]);
});

test("the forward's gradient w.r.t. a mask logit matches central finite differences (N = 32, L = 1, < 2 %)", () => {
  const cfg = { ...CFG, layers: 1 };
  const bench = makeBench(cfg);
  const ex = initExpert(cfg, new Rng(4), { kappa0: 0.15, perClassKappa: false, initStd: 1, name: "fd" });
  const x = frames(2, 5);
  const wts = tf.tensor1d([1, -2, 0.5, 3, -1, 2, 0.2, -0.3, 1.5, -0.7]);
  const f = (w: tf.Tensor) => { ex.masks[0].assign(w as tf.Tensor2D); return tf.sum(tf.mul(forward(bench, ex, x).p, wts)) as tf.Scalar; };
  const w0 = ex.masks[0].clone();
  const g = tf.variableGrads(() => tf.sum(tf.mul(forward(bench, ex, x).p, wts)) as tf.Scalar, [ex.masks[0]]).grads[ex.masks[0].name].dataSync();
  const base = w0.dataSync();
  const order = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a])).slice(0, 4); // the largest entries
  for (const i of order) {
    const eps = 1e-2;
    const plus = Float32Array.from(base); plus[i] += eps;
    const minus = Float32Array.from(base); minus[i] -= eps;
    const num = (f(tf.tensor2d(plus, [32, 32])).dataSync()[0] - f(tf.tensor2d(minus, [32, 32])).dataSync()[0]) / (2 * eps);
    assert.ok(Math.abs(num - g[i]) < 0.02 * Math.abs(g[i]) + 1e-6, `entry ${i}: autodiff ${g[i]} vs numeric ${num}`);
  }
  bench.dispose();
});

test("wrong N, L or field shape are errors; the scales define the same keys", () => {
  assert.throws(() => makeBench({ ...CFG, optics: { ...CFG.optics, N: 27 } }), { message: s2nnMessages.wrongN(27, 28) });
  assert.throws(() => makeBench({ ...CFG, layers: 0 }), /layers must be an integer ≥ 1/);
  const bench = makeBench(CFG);
  assert.throws(() => bench.prop.propagate({ u: { re: tf.zeros([1, 16, 16]) as tf.Tensor3D, im: tf.zeros([1, 16, 16]) as tf.Tensor3D }, transposed: false }), /the field must be \[B, 32, 32\]/);
  bench.dispose();
  assert.equal(SCALES.config("default").optics.N, 32);
  assert.throws(() => SCALES.config("default", { nope: 1 } as unknown as Partial<ReturnType<typeof SCALES.config>>), /unknown config key 'nope'/);
});
