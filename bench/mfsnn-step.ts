/**
 * The tfjs side of bench/mfsnn-step.py: one Adam training step of MFSNN (lib/papers/mfsnn, default scale: C 96, T 10,
 * F 32, B 60, K 8, cross-entropy) and of the matmul GRU (hidden 64, mean-pooled states), median and min of `--steps`
 * after 5 warm-up steps, plus process CPU time per step, on the backend `initBackend` picks (PAPERLAB_BACKEND to force).
 *
 *   node dist/bench/mfsnn-step.js [--T 10] [--F 32] [--B 60] [--steps 30]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { adamw } from "../lib/core/train/optim/adamw";
import { softmaxCrossEntropy } from "../lib/core/kernels/softmax-cross-entropy";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit/timing";
import { buildGru, buildMfsnn, gruForward, mfsnnForward } from "../lib/papers/mfsnn";

function flag(name: string, def: string): number {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 ? process.argv[i + 1] : def);
}

async function timed(forward: (x: tf.Tensor) => tf.Tensor2D, vars: tf.Variable[], x: tf.Tensor, y: tf.Tensor, lr: number, steps: number, params: number) {
  const opt = adamw({ learningRate: lr, weightDecay: 0 });
  const step = () => {
    const l = opt.minimize(() => softmaxCrossEntropy(y, forward(x)), true, vars)!;
    l.dataSync();
    l.dispose();
  };
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" });
  return { params, median_ms: +wall.medianMs.toFixed(3), min_ms: +wall.minMs.toFixed(3), cpu_ms: +(cpu.timesMs.reduce((a, b) => a + b, 0) / steps).toFixed(3) };
}

async function main(): Promise<void> {
  const be = await initBackend();
  const T = flag("T", "10"), F = flag("F", "32"), B = flag("B", "60"), C = flag("C", "96"), steps = flag("steps", "30");
  const r = new Rng(0);
  const x = tf.tensor3d(Array.from({ length: B * T * C }, () => r.normal()), [B, T, C]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => i % 8), "int32"), 8).toFloat();
  const m = buildMfsnn({ C, T, K: 8, F }, new Rng(1));
  const g = buildGru({ T, C, K: 8, H: 64, readout: "mean" }, new Rng(2));
  const out = {
    tfjs: tf.version.tfjs, backend: be.name, T, F, B,
    mfsnn: await timed((xi) => mfsnnForward(m, xi, true).scores, m.params.list(), x, y, 3e-3, steps, m.params.count()),
    gru: await timed((xi) => gruForward(g, xi), g.params.list(), x, y, 1e-2, steps, g.params.count()),
  };
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
