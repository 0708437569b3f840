/**
 * paperlab's SIMD WebAssembly kernels (batched matmul, fused Adam) and fused ops (LayerNorm, softmax cross-entropy,
 * clipped quantizer, training-mode batch norm):
 * wasm against the cpu backend's tf-ops computation, forward and gradient, rel. error < 1e-5.
 */
import { before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { randoms, runOn, wasmVsCpu, relError } from "../compare-backends";
import { simdModuleBytes, WebAssemblyApi } from "../../../../lib/core/kernels/simd/kernels";
import { uleb, sleb } from "../../../../lib/core/kernels/simd/wasm-asm";
import { layerNorm, layerNormComposite } from "../../../../lib/core/kernels/layer-norm";
import { softmaxCrossEntropy } from "../../../../lib/core/kernels/softmax-cross-entropy";
import { adamw } from "../../../../lib/core/train/optim/adamw";
import { quantizeClipped } from "../../../../lib/core/train/ste";
import { batchNormTrain, batchNormTrainComposite } from "../../../../lib/core/kernels/batch-norm";

const TOL = 1e-5;
before(async () => { await tf.setBackend("cpu"); });
const t = (shape: number[], seed: number) => tf.tensor(randoms(shape.reduce((a, b) => a * b, 1), seed), shape);

test("wasm assembler: LEB128 encodings and a module that validates (plain and shared memory)", () => {
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.ok(WebAssemblyApi.validate(simdModuleBytes(false)));
  assert.ok(WebAssemblyApi.validate(simdModuleBytes(true)));
});

test("matmul on the SIMD kernel (batched, and Aᵀ·B): random shapes, broadcasting and transposes match cpu", async () => {
  const cases: Array<[number[], number[], boolean, boolean]> = [
    [[3, 2, 8, 12], [3, 2, 12, 16], false, false], [[5, 4, 20], [20, 8], false, false], [[12, 7], [3, 7, 4], false, false],
    [[2, 2, 8, 5], [2, 2, 12, 5], false, true], [[4, 6, 8], [4, 6, 12], true, false], [[2, 3, 32, 32], [2, 3, 32, 32], false, true],
    [[6, 4, 1], [6, 1, 4], false, false], [[2, 8, 3], [2, 3, 6], false, false], // N % 4 ≠ 0: the XNNPACK path
    // Aᵀ·B with A read transposed in place (weight gradients): plain, broadcast A, broadcast B
    [[37, 8], [37, 12], true, false], [[20, 8], [3, 20, 12], true, false], [[2, 30, 4], [30, 8], true, false],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    const r = await wasmVsCpu(() => tf.matMul(t(sa, 11), t(sb, 12), ta, tb));
    assert.ok(r.err < TOL, `matMul ${sa} ${sb} ${ta} ${tb}: ${r.err}`);
  }
  const g = await wasmVsCpu(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, false, true).square().sum())(
    [t([3, 2, 8, 4], 13), t([3, 2, 12, 4], 14)]));
  assert.ok(g.err < TOL, `batched matMul gradient: ${g.err}`);
});

/** Runs AdamW for 3 steps on a quadratic over variables of awkward sizes; returns the final values. */
function adamRun(weightDecay: number) {
  return () => {
    const vars = [[1], [6], [1027], [3, 5]].map((s, i) => tf.variable(t(s, 20 + i)));
    const targets = vars.map((v, i) => t(v.shape, 40 + i));
    const opt = adamw({ learningRate: 0.05, weightDecay, epsilon: 1e-8, decay: () => true });
    for (let s = 0; s < 3; s++) {
      opt.minimize(() => tf.addN(vars.map((v, i) => v.sub(targets[i]).square().mul(i + 1).sum())) as tf.Scalar, false, vars);
    }
    opt.dispose();
    return vars;
  };
}

test("AdamW fused in-place update on wasm matches the tf-ops update on cpu (vector part and < 4 element tails)", async () => {
  for (const wd of [0, 0.1]) {
    const r = await wasmVsCpu(adamRun(wd));
    assert.ok(r.err < TOL, `adamw wd=${wd}: ${r.err}`);
    // it really moved the weights (a no-op would compare equal only if both were no-ops)
    const start = Array.from(randoms(1027, 22));
    assert.ok(relError(r.wasm[2], start) > 1e-3);
  }
});

test("fused AdamW never writes through to a tensor that shares the variable's memory", async () => {
  await runOn("wasm", () => {
    const init = t([10], 3);
    const before = Array.from(init.dataSync());
    const v = tf.variable(init); // shares init's buffer
    const opt = adamw({ learningRate: 0.1, weightDecay: 0 });
    opt.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
    assert.deepEqual(Array.from(init.dataSync()), before);
    assert.notDeepEqual(Array.from(v.dataSync()), before);
    opt.dispose();
    v.dispose();
    return init;
  });
});

test("fused AdamW copies moment buffers shared with other tensors before updating them in place", async () => {
  await runOn("wasm", () => tf.scalar(0)); // activates wasm with paperlab's kernels
  const v = tf.variable(t([9], 4));
  const opt = adamw({ learningRate: 0.1, weightDecay: 0 });
  opt.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
  const state = (await opt.getWeights()).map((w) => ({ name: w.name, tensor: tf.tensor(w.tensor.dataSync(), w.tensor.shape) }));
  const before = state.map((w) => Array.from(w.tensor.dataSync()));
  const opt2 = adamw({ learningRate: 0.1, weightDecay: 0 });
  await opt2.setWeights(state); // the moments now share memory with state's tensors
  opt2.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
  assert.deepEqual(state.map((w) => Array.from(w.tensor.dataSync())), before);
  const after = (await opt2.getWeights()).slice(1).map((w) => Array.from(w.tensor.dataSync()));
  assert.notDeepEqual(after, before.slice(1), "the moments moved");
  tf.dispose([v, ...state.map((w) => w.tensor)]);
  opt.dispose();
  opt2.dispose();
});

test("after a fused AdamW step, matMul sees the new weights (tfjs-wasm caches packed weights per tensor id)", async () => {
  await runOn("wasm", () => {
    const x = t([8, 16], 30);
    const w = tf.variable(t([16, 8], 31));
    const opt = adamw({ learningRate: 0.5, weightDecay: 0 });
    for (let s = 0; s < 2; s++) {
      tf.matMul(x, w).dispose(); // XNNPACK packs w for this tensor id
      opt.minimize(() => tf.matMul(x, w).square().sum() as tf.Scalar, false, [w]);
      const fresh = tf.tensor(w.dataSync(), w.shape); // same values, a new tensor id
      assert.ok(relError(Array.from(tf.matMul(x, w).dataSync()), Array.from(tf.matMul(x, fresh).dataSync())) < TOL);
    }
    opt.dispose();
    w.dispose();
    return x;
  });
});

test("layerNorm (fused kernels) on wasm matches the tf-ops LayerNorm on cpu: value, ∂x, ∂γ, ∂β", async () => {
  for (const shape of [[3, 5], [2, 4, 64], [7, 33]]) {
    const n = shape[shape.length - 1];
    const ref = await runOn("cpu", () => {
      const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => layerNormComposite(x, g, 1e-5).add(b).mul(t(shape, 9)).sum();
      return [layerNormComposite(t(shape, 1), t([n], 2)), ...tf.grads(f)([t(shape, 1), t([n], 2), t([n], 3)])];
    });
    for (const backend of ["wasm", "cpu"]) {
      const got = await runOn(backend, () => {
        const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => layerNorm(x, g, b).mul(t(shape, 9)).sum();
        return [layerNorm(t(shape, 1), t([n], 2)), ...tf.grads(f)([t(shape, 1), t([n], 2), t([n], 3)])];
      });
      const err = Math.max(...got.map((g, i) => relError(g, ref[i])));
      assert.ok(err < TOL, `layerNorm ${shape} on ${backend}: ${err}`);
    }
  }
});

test("softmaxCrossEntropy (fused kernels) matches tf ops: one-hot and soft labels, ∂logits and ∂labels", async () => {
  const soft = (shape: number[], seed: number) => tf.softmax(t(shape, seed).mul(3));
  for (const [shape, labels] of [[[16, 10], "onehot"], [[2, 5, 7], "soft"]] as const) {
    const make = () => labels === "onehot"
      ? tf.oneHot(tf.tensor1d(Array.from({ length: shape[0] }, (_, i) => (i * 7) % shape[1]), "int32"), shape[1]).toFloat()
      : soft([...shape], 5);
    const ref = await runOn("cpu", () => {
      const f = (y: tf.Tensor, z: tf.Tensor) => tf.mean(tf.neg(tf.sum(y.mul(tf.logSoftmax(z)), -1))).mul(1.5);
      return [tf.losses.softmaxCrossEntropy(make(), t([...shape], 6)), ...tf.grads(f)([make(), t([...shape], 6)])];
    });
    const got = await runOn("wasm", () => {
      const f = (y: tf.Tensor, z: tf.Tensor) => softmaxCrossEntropy(y, z).mul(1.5);
      return [softmaxCrossEntropy(make(), t([...shape], 6)), ...tf.grads(f)([make(), t([...shape], 6)])];
    });
    const err = Math.max(...got.map((g, i) => relError(g, ref[i])));
    assert.ok(err < TOL, `softmaxCrossEntropy ${shape} ${labels}: ${err}`);
  }
});

test("quantizeClipped (fused kernels, wasm SIMD + tail and cpu) matches its tf-ops definition: both roundings, both windows", async () => {
  // exact halves, window edges, out-of-range values, and a length that leaves a < 4 element tail
  const edges = [-1, -0.25, 0, 0.25, 0.5, 1.5, 2.5, 3.5, 4, 4.5, 7, 1.49999, 2.50001];
  const u = [...edges, ...Array.from(randoms(60, 31), (v) => v * 6 - 1)]; // 73 values
  const w = Array.from(randoms(u.length, 32));
  for (const rounding of ["half-up", "half-even"] as const) {
    for (const window of ["closed", "open"] as const) {
      for (const norm of [4, 1, 3]) {
        const ref = await runOn("cpu", () => {
          const x = tf.tensor1d(u);
          const c = tf.clipByValue(x, 0, 4);
          const q = (rounding === "half-up" ? tf.floor(c.add(0.5)) : tf.round(c)).div(norm);
          const inside = window === "closed" ? tf.logicalAnd(x.greaterEqual(0), x.lessEqual(4)) : tf.logicalAnd(x.greater(0), x.less(4));
          return [q, inside.cast("float32").mul(tf.tensor1d(w)).div(norm)];
        });
        for (const backend of ["wasm", "cpu"]) {
          const got = await runOn(backend, () => {
            const f = (x: tf.Tensor) => quantizeClipped(x, 4, { norm, rounding, window });
            return [f(tf.tensor1d(u)), tf.grad((x: tf.Tensor) => f(x).mul(tf.tensor1d(w)).sum())(tf.tensor1d(u))];
          });
          assert.deepEqual(got[0], ref[0], `values ${rounding} ${window} norm ${norm} on ${backend}`);
          assert.ok(relError(got[1], ref[1]) < 1e-7, `gradient ${rounding} ${window} norm ${norm} on ${backend}`);
        }
      }
    }
  }
});

test("batchNormTrain (fused kernels) matches the tf-ops batch norm: y, ∂x, ∂γ, ∂β and the running statistics", async () => {
  // C % 4 = 0 runs the SIMD passes on wasm, C = 3 the JS loops
  for (const shape of [[8, 7, 7, 16], [5, 3], [2, 3, 4, 8], [64, 49, 32]]) {
    const C = shape[shape.length - 1];
    const run = (fused: boolean) => () => {
      const mean = tf.variable(t([C], 4)); const variance = tf.variable(t([C], 5).abs().add(0.5));
      const bn = fused ? batchNormTrain : batchNormTrainComposite;
      const x = t(shape, 1).mul(3).add(0.7);
      const y = bn(x, t([C], 2), t([C], 3), { mean, variance, momentum: 0.2 });
      const f = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => bn(xx, g, b).mul(t(shape, 9)).sum();
      return [y, mean, variance, ...tf.grads(f)([x, t([C], 2), t([C], 3)])];
    };
    const ref = await runOn("cpu", run(false));
    for (const backend of ["wasm", "cpu"]) {
      const got = await runOn(backend, run(true));
      const errs = got.map((g, i) => relError(g, ref[i]));
      assert.ok(Math.max(...errs) < 1e-4, `batchNormTrain ${shape} on ${backend}: [y, μ_run, σ²_run, ∂x, ∂γ, ∂β] errors ${errs.map((e) => e.toExponential(1))}`);
    }
  }
  await runOn("wasm", () => { // no tensors left behind by the running-statistics update, inside and outside a tape
    const mean = tf.variable(tf.zeros([8])); const variance = tf.variable(tf.ones([8]));
    const x = t([4, 8], 7); const g = tf.ones([8]); const b = tf.zeros([8]);
    const step = () => tf.tidy(() => { tf.grads((xx: tf.Tensor) => batchNormTrain(xx, g, b, { mean, variance }).sum())([x]); });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    assert.equal(tf.memory().numTensors, before);
    return tf.scalar(0);
  });
});

test("fused ops reject bad input with a message that says what to do", async () => {
  await runOn("wasm", () => {
    assert.throws(() => layerNorm(tf.zeros([2, 4]), tf.ones([3])), /gamma must have shape \[4\]/);
    assert.throws(() => softmaxCrossEntropy(tf.zeros([2, 4]), tf.zeros([2, 5])), /must have the same shape/);
    assert.throws(() => softmaxCrossEntropy(tf.zeros([2, 4], "int32"), tf.zeros([2, 4])), /float32/);
    assert.throws(() => batchNormTrain(tf.zeros([2, 4]), tf.ones([3]), tf.zeros([4])), /gamma must have shape \[4\]/);
    assert.throws(() => quantizeClipped(tf.zeros([2]), 0), /positive number of levels/);
    return tf.scalar(0);
  });
});
