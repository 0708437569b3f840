import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as tf from "@tensorflow/tfjs";
import { baselineOps, buildGru, buildLogreg, buildMlp, gruForward, gruStates, mlpForward } from "../../../../lib/papers/mfsnn/baselines";
import { Rng } from "../../../../lib/core/train/seed";
import { useBackend } from "../../core/train/backends";

const hasTorch = spawnSync("/usr/bin/python3", ["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)"]).status === 0;

// PyTorch's nn.GRU with seeded weights on a fixed input: prints weights, input and every hidden state as JSON
const TORCH_GRU = `
import json, torch
torch.manual_seed(0)
B, T, C, H = 3, 4, 5, 6
g = torch.nn.GRU(C, H, batch_first=True)
x = torch.randn(B, T, C)
out, _ = g(x)
print(json.dumps({"wih": g.weight_ih_l0.T.tolist(), "whh": g.weight_hh_l0.T.tolist(), "bih": g.bias_ih_l0.tolist(), "bhh": g.bias_hh_l0.tolist(), "x": x.tolist(), "out": out.transpose(0, 1).tolist()}))
`;

test("matmul GRU equals PyTorch's nn.GRU (gate order r, z, n; n's recurrent bias inside r ⊙ ·)", { skip: hasTorch ? false : "needs Debian's python3-torch" }, async () => {
  await useBackend("wasm");
  const r = spawnSync("/usr/bin/python3", ["-c", TORCH_GRU], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const ref = JSON.parse(r.stdout) as { wih: number[][]; whh: number[][]; bih: number[]; bhh: number[]; x: number[][][]; out: number[][][] };
  const hs = gruStates(tf.tensor3d(ref.x), { wih: tf.tensor2d(ref.wih), whh: tf.tensor2d(ref.whh), bih: tf.tensor1d(ref.bih), bhh: tf.tensor1d(ref.bhh) }, 4, 5).arraySync(); // [T, B, H]
  let err = 0;
  ref.out.forEach((bt, t) => bt.forEach((h, b) => h.forEach((v, j) => (err = Math.max(err, Math.abs(v - hs[t][b][j]))))));
  assert.ok(err < 1e-5, `max |tfjs − torch| = ${err}`);
});

test("GRU, MLP and logistic-regression decoders: shapes, readouts, and their MAC counts by hand", async () => {
  await useBackend("wasm");
  const T = 4, C = 6, K = 3;
  const x = tf.randomNormal([2, T, C], 0, 1, "float32", 1);
  const last = buildGru({ T, C, K, H: 5, readout: "last" }, new Rng(0)), mean = buildGru({ T, C, K, H: 5, readout: "mean" }, new Rng(0));
  const yl = gruForward(last, x), ym = gruForward(mean, x);
  assert.deepEqual(yl.shape, [2, K]);
  assert.notDeepEqual(Array.from(yl.dataSync()), Array.from(ym.dataSync()), "last state and mean-pooled readouts differ");
  const mlp = buildMlp({ T, C, K, hidden: [7, 4], dropout: 0.5 }, new Rng(1));
  assert.deepEqual(mlpForward(mlp, x, false).shape, [2, K]);
  assert.deepEqual(Array.from(mlpForward(mlp, x, false).dataSync()), Array.from(mlpForward(mlp, x, false).dataSync()), "no dropout at evaluation");
  assert.notDeepEqual(Array.from(mlpForward(mlp, x, true, 1).dataSync()), Array.from(mlpForward(mlp, x, false).dataSync()), "dropout in training");
  // MACs: GRU T·3(C·H + H·H) + H·K; MLP Σ in·out; logistic regression C·K
  assert.equal(baselineOps(last).total().macs, T * 3 * (C * 5 + 5 * 5) + 5 * K);
  assert.equal(baselineOps(mlp).total().macs, T * C * 7 + 7 * 4 + 4 * K);
  const lr = buildLogreg({ T, C, K }, new Rng(2));
  assert.equal(baselineOps(lr).total().macs, C * K);
  assert.equal(baselineOps(mlp).total().acs, 0, "ANN baselines accumulate nothing spike-driven");
  assert.ok(Math.abs(baselineOps(lr).total().energyPj - 4.6 * C * K) < 1e-9, "4.6 pJ per MAC");
  for (const m of [last, mean, mlp, lr]) m.params.dispose();
});
