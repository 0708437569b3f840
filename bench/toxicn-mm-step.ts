/**
 * The tfjs side of bench/toxicn-mm-step.py: one AdamW training step of the MKE model of lib/papers/toxicn-mm (shared
 * character text tower on t, d_txt, d_img — embedding 64, masked mean+max pool, MLP 128→64→64 —, patch image tower —
 * 4×4 patches 48→64, relu, mean, MLP 64→64→64 —, f_tk = f_t + f_dt + f_di, logits = W [f_tk ; f_v] + b, BCE-with-logits
 * on one-hot, mean over B·C). Batch 32 of three L-character strings and 32×32×3 pictures, vocabulary 770, 2 classes.
 * Median and min of `--steps` after 5 warm-up steps (lib/kit timeSteps), and mean CPU time per step.
 *
 *   node dist/bench/toxicn-mm-step.js [--L 24] [--B 32] [--steps 30]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { adamw } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit/timing";
import { buildModel, forward, memeLoss } from "../lib/papers/toxicn-mm/model";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const L = Number(flag("L", "24")), B = Number(flag("B", "32")), steps = Number(flag("steps", "30")), V = 770;
  const r = new Rng(1);
  const m = buildModel({ kind: "mke", classes: 2, vocab: V, embed: 64, hidden: 64, dim: 64, dImg: 1, dTxt: true, fusion: "sum" }, 0);
  const ids = () => {
    const a = new Int32Array(B * L);
    for (let i = 0; i < B; i++) {
      const len = 8 + r.int(L - 7);
      for (let j = 0; j < len; j++) a[i * L + j] = 2 + r.int(V - 2);
    }
    return tf.tensor2d(a, [B, L], "int32");
  };
  const batch = { t: ids(), dt: ids(), di: ids(), x: tf.tensor4d(r.floats(B * 32 * 32 * 3), [B, 32, 32, 3]), y: tf.oneHot(tf.tensor1d(Array.from({ length: B }, () => r.int(2)), "int32"), 2).toFloat() as tf.Tensor2D };
  const opt = adamw({ learningRate: 2e-3, weightDecay: 0.01 });
  const vars = m.p.list();
  const step = () => {
    const l = opt.minimize(() => memeLoss(forward(m, batch), batch.y), true, vars)!;
    l.dataSync();
    l.dispose();
  };
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" });
  console.log(JSON.stringify({ tfjs: tf.version.tfjs, backend: be.name, L, B, params: m.p.count(), ms_per_step: +wall.medianMs.toFixed(3), ms_min: +wall.minMs.toFixed(3), cpu_ms_per_step: +(cpu.timesMs.reduce((a, b) => a + b, 0) / steps).toFixed(3) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
