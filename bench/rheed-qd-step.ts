/**
 * The tfjs side of bench/rheed-qd-step.py: one Adam training step of the ResNet-tiny(+GLAM) of lib/papers/rheed-qd
 * (loss = cross-entropy + 0.5 × MSE of the regression head, as in training) at batch B, T×S×S input, median and min
 * of `--steps` after 5 warm-up steps (lab.kit.timeSteps), the median process CPU time of as many more, and one
 * single-sample inference, on the backend
 * `initBackend` picks (PAPERLAB_BACKEND to force one).
 *
 *   node dist/bench/rheed-qd-step.js [--variant plain|full] [--T 1] [--S 32] [--B 32] [--steps 30]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { softmaxCrossEntropy } from "../lib/core/kernels/softmax-cross-entropy";
import { adamw } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit/timing";
import { buildModel, countParams, forward, type Variant } from "../lib/papers/rheed-qd/model";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const variant = flag("variant", "plain") as Variant, T = Number(flag("T", "1")), S = Number(flag("S", "32")), B = Number(flag("B", "32"));
  const steps = Number(flag("steps", "30"));
  const m = buildModel({ variant, frames: T, size: S }, new Rng(0));
  const r = new Rng(1);
  const x = tf.tensor4d(r.floats(B * S * S * T, (q) => q.normal()), [B, S, S, T]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: B }, () => r.int(3)), "int32"), 3).toFloat();
  const targets = tf.tensor2d(r.floats(B * 3, (q) => q.normal()), [B, 3]);
  const opt = adamw({ learningRate: 5e-3, weightDecay: 0 });
  const vars = m.params.list();
  const loss = () => {
    const o = forward(m, x as tf.Tensor4D, true);
    return tf.add(softmaxCrossEntropy(y, o.logits), tf.mul(tf.mean(tf.square(tf.sub(o.regression, targets))), 0.5)) as tf.Scalar;
  };
  const step = () => {
    const l = opt.minimize(loss, true, vars)!;
    l.dataSync();
    l.dispose();
  };
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" }); // process CPU time: steadier on a shared machine
  const x1 = tf.slice(x, [0, 0, 0, 0], [1, S, S, T]) as tf.Tensor4D;
  const inf = await timeSteps(() => tf.tidy(() => tf.softmax(forward(m, x1).logits).dataSync()), { warmup: 5, reps: 20 });
  console.log(JSON.stringify({
    tfjs: tf.version.tfjs, backend: be.name, variant, T, S, B, params: countParams(m), ms_per_step: +wall.medianMs.toFixed(3), ms_min: +wall.minMs.toFixed(3),
    cpu_ms_per_step: +cpu.medianMs.toFixed(3), infer_ms: +inf.medianMs.toFixed(3),
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
