/**
 * ResNet-tiny + GLAM (lib/papers/rheed-qd/model.ts, glam.ts) on the WASM backend: shapes per variant and T, the
 * softmax axes (rows vs the flattened map), fusion weights, gradients through every parameter (dilated convs
 * included) and one against finite differences, clear errors for wrong frame stacks, variants and dilations.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { Rng } from "../../../../lib/core/train/seed";
import { ParamStore } from "../../../../lib/core/nn/params";
import { applyGlam, attentionSoftmax, initGlam, type GlamMaps } from "../../../../lib/papers/rheed-qd/glam";
import { buildModel, countParams, disposeModel, forward, VARIANT_BRANCHES, VARIANTS } from "../../../../lib/papers/rheed-qd/model";
import { rheedMessages } from "../../../../lib/papers/rheed-qd/messages";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const input = (B: number, S: number, T: number, seed = 1) => tf.tensor4d(new Rng(seed).floats(B * S * S * T, (r) => r.normal()), [B, S, S, T]);

test("every variant at T = 1 and 4: logits [B,3], regression [B,3]; A_ls [B,12,12] at S = 48 for the local variants", () => {
  for (const variant of VARIANTS) {
    for (const T of [1, 4]) {
      const m = buildModel({ variant, frames: T, size: 48 }, new Rng(0));
      const maps: GlamMaps = {};
      const out = tf.tidy(() => {
        const o = forward(m, input(2, 48, T), false, maps);
        return [o.logits, o.regression];
      });
      assert.deepEqual(out[0].shape, [2, 3]);
      assert.deepEqual(out[1].shape, [2, 3]);
      if (variant === "local" || variant === "full") assert.deepEqual(maps.localSpatial!.shape, [2, 12, 12]);
      else assert.equal(maps.localSpatial, undefined);
      if (variant === "plain") assert.equal(maps.fusion, undefined);
      else {
        const f = maps.fusion!;
        assert.equal(f.length, variant === "full" ? 3 : 2);
        assert.ok(f.every((w) => Math.abs(w - 1 / f.length) < 1e-6), `fusion starts uniform (θ = 0): ${f}`);
      }
      maps.localSpatial?.dispose();
      tf.dispose(out);
      disposeModel(m);
    }
  }
});

test("parameter counts grow plain < local-channel < local < full (ResNet-tiny ≈ 20k, full GLAM ≈ 30k at T = 1)", () => {
  const n = VARIANTS.map((v) => { const m = buildModel({ variant: v }, new Rng(0)); const c = countParams(m); disposeModel(m); return c; });
  const [plain, lc, local, , full] = n;
  assert.ok(plain < lc && lc < local && local < full, `${n}`);
  assert.equal(lc - plain, 3 + 3, "local channel adds a 3-tap conv1d and the fusion θ");
  assert.ok(plain > 15_000 && plain < 25_000 && full > 25_000 && full < 35_000, `${n}`);
});

test("attention softmax: rows sum to 1 by default; the flat quirk sums to 1 over the whole map", () => {
  const x = tf.tensor3d(new Rng(2).floats(2 * 5 * 7, (r) => r.normal()), [2, 5, 7]);
  const rows = attentionSoftmax(x, false).sum(2).arraySync() as number[][];
  for (const r of rows.flat()) assert.ok(Math.abs(r - 1) < 1e-5);
  const flat = attentionSoftmax(x, true);
  const tot = flat.sum([1, 2]).arraySync() as number[];
  for (const t of tot) assert.ok(Math.abs(t - 1) < 1e-5);
  assert.ok(Math.abs((flat.sum(2).arraySync() as number[][])[0][0] - 1) > 0.05, "flat softmax is not row-normalised");
  tf.dispose([x, flat]);
});

test("full GLAM with dilations {1,3,5} and both quirks trains on WASM: every parameter gets a finite gradient, not all zero", () => {
  const m = buildModel({ variant: "full", frames: 2, size: 32, glam: { k: 3, dilations: [1, 3, 5], reduction: 2, sharedQK: true, flatSoftmax: true } }, new Rng(3));
  const x = input(4, 32, 2);
  const { grads } = tf.variableGrads(() => tf.sum(tf.square(forward(m, x, true).logits)) as tf.Scalar, m.params.list());
  assert.equal(m.params.has("glam/gc_k"), false, "shared q/k: no separate key conv");
  for (const [name, g] of Object.entries(grads)) {
    const v = g.dataSync();
    assert.ok(v.every(Number.isFinite), `${name}: non-finite gradient`);
    assert.ok(v.some((u) => u !== 0), `${name}: all-zero gradient`);
  }
  tf.dispose([x, ...Object.values(grads)]);
  disposeModel(m);
});

test("GLAM gradient of a dilated local-spatial conv weight matches central finite differences (within 2 % of the largest entry)", () => {
  const p = new ParamStore(new Rng(4), "glam-fd");
  const o = { ...VARIANT_BRANCHES.full, k: 3, dilations: [1, 2], reduction: 2, sharedQK: false, flatSoftmax: false };
  initGlam(p, "g", 8, o);
  const f = tf.tensor4d(new Rng(5).floats(2 * 6 * 6 * 8, (r) => r.normal()), [2, 6, 6, 8]);
  const w = p.get("g/ls_d2");
  const loss = () => tf.sum(tf.square(applyGlam(p, "g", f, o))) as tf.Scalar;
  const { grads } = tf.variableGrads(loss, [w]);
  const analytic = grads[w.name].dataSync();
  const vals = w.dataSync().slice();
  const at = (i: number, d: number) => {
    const v = vals.slice();
    v[i] += d;
    w.assign(tf.tensor(v, w.shape));
    return tf.tidy(() => loss().dataSync()[0]);
  };
  const scale = Math.max(...Array.from(analytic, Math.abs));
  let worst = 0;
  for (const i of [0, 1, 2, 5, 13, 30]) {
    const eps = 1e-2; // float32 loss ≈ 700: central differences are good to ~1e-3 here
    const fd = (at(i, eps) - at(i, -eps)) / (2 * eps);
    worst = Math.max(worst, Math.abs(fd - analytic[i]) / scale);
  }
  w.assign(tf.tensor(vals, w.shape));
  assert.ok(worst < 0.02, `relative error ${worst}`);
  tf.dispose([f, ...Object.values(grads)]);
  p.dispose();
});

test("clear errors: a frame stack of the wrong shape, an unknown variant, bad dilations", () => {
  const m = buildModel({ frames: 4, size: 32 }, new Rng(0));
  const x = tf.zeros([2, 32, 32, 1]) as tf.Tensor4D;
  assert.throws(() => forward(m, x), { message: rheedMessages.badStack([2, 32, 32, 1], "[batch, 32, 32, 4]") });
  x.dispose();
  disposeModel(m);
  assert.throws(() => buildModel({ variant: "cbam" as "plain" }), { message: rheedMessages.badVariant("cbam", VARIANTS) });
  assert.throws(() => buildModel({ variant: "full", glam: { k: 3, dilations: [0], reduction: 2, sharedQK: false, flatSoftmax: false } }), { message: rheedMessages.badDilations([0]) });
});
