/**
 * The tfjs side of bench/laqda-step.py: one AdamW training step of the LAQDA label-adapter model of lib/papers/laqda
 * (PN+LA, plain prototypes, CE ÷ N): frozen [V + 1, 64] table, learned [CLS], one post-LN transformer layer (4 heads,
 * FFN 128, GELU tanh), adapter Linear + Dropout 0.1 + a copy of the layer, z = (0.1·A + 0.9·Z)[0]; one 5-way 1-shot
 * episode with Q = 10 (55 texts of T tokens, 5 label names of 4). Median and min of `--steps` after 5 warm-up steps (lib/kit timeSteps), and mean CPU time per step.
 *
 *   node dist/bench/laqda-step.js [--T 12] [--K 1] [--Q 10] [--steps 30] [--adapter 1]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { adamw } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit/timing";
import { createModel } from "../lib/papers/laqda/model";
import { episodeLoss, type TrainSpec } from "../lib/papers/laqda/train";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const T = Number(flag("T", "12")), K = Number(flag("K", "1")), Q = Number(flag("Q", "10")), N = 5, V = 8000, d = 64;
  const steps = Number(flag("steps", "30")), adapter = flag("adapter", "1") === "1";
  const r = new Rng(1);
  const m = createModel(r.floats(V * d, (x) => x.normal(0, 0.5)), { maxLen: T, adapter }, 0);
  const B = N * (K + Q);
  // token ids: each text has 4..T known words, then padding (id 0)
  const ids = new Int32Array(B * T);
  for (let i = 0; i < B; i++) {
    const len = 4 + r.int(T - 3);
    for (let j = 0; j < len; j++) ids[i * T + j] = 1 + r.int(V);
  }
  const tok = { ids, n: B, maxLen: T, coverage: 1 };
  const names = tf.tensor2d(Array.from({ length: N * 4 }, (_, i) => (i % 4 < 2 ? 1 + r.int(V) : 0)), [N, 4], "int32");
  const ep = { classes: [0, 1, 2, 3, 4], support: Array.from({ length: N * K }, (_, i) => i), query: Array.from({ length: N * Q }, (_, i) => N * K + i), queryLabels: Array.from({ length: N * Q }, (_, i) => Math.floor(i / Q)), K };
  const spec: TrainSpec = { model: {}, proto: "plain", episode: { N, K, Q }, steps: 1, lr: 1e-3, weightDecay: 0.01, lambdaG: 0.1, ceOverN: true, refine: { R: 4, ot: { eps: 0.05, iters: 50, gamma: 1 } }, seed: 0 };
  const opt = adamw({ learningRate: 1e-3, weightDecay: 0.01 });
  const vars = m.params.list();
  let seed = 0;
  const step = () => {
    const l = opt.minimize(() => episodeLoss(m, ep, tok, adapter ? names : undefined, spec, seed++), true, vars)!;
    l.dataSync();
    l.dispose();
  };
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" });
  console.log(JSON.stringify({ tfjs: tf.version.tfjs, backend: be.name, adapter, T, K, Q, params: m.params.count(), ms_per_step: +wall.medianMs.toFixed(3), ms_min: +wall.minMs.toFixed(3), cpu_ms_per_step: +(cpu.timesMs.reduce((a, b) => a + b, 0) / steps).toFixed(3) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
