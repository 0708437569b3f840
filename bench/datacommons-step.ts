/**
 * The tfjs side of bench/datacommons-step.py: one AdamW training step (global-norm clip 1) of the DataGemma
 * reproduction's local LM (lib/llm CausalLM: 2 pre-LN blocks, d 64, 4 heads, FFN 256, tied embedding, V 340) on a
 * batch shaped like its RIG lines (B 32, T 24, loss at the last 13 positions of each row), median and min of
 * `--steps` after 5 warm-up steps, plus process CPU time per step.
 *
 *   node dist/bench/datacommons-step.js [--B 32] [--T 24] [--V 340] [--steps 50]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { AdamW } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit/timing";
import { CausalLM, TINY_LM } from "../lib/llm/causal-lm";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const B = Number(flag("B", "32")), T = Number(flag("T", "24")), V = Number(flag("V", "340")), steps = Number(flag("steps", "50"));
  const scored = 13;
  const m = new CausalLM({ ...TINY_LM, vocabSize: V, context: 72 }, 0);
  const r = new Rng(1);
  const ids = Int32Array.from({ length: B * T }, () => r.int(V));
  const positions = Int32Array.from({ length: B * scored }, (_, i) => Math.floor(i / scored) * T + T - 1 - scored + (i % scored));
  const targets = Int32Array.from(positions, (p) => ids[p + 1] ?? 0);
  const batch = { B, T, ids, positions, targets };
  const opt = new AdamW({ learningRate: 3e-3, weightDecay: 0.01 });
  const vars = m.params.trainable();
  const list = Object.values(vars);
  const step = () => {
    // loss, grads, global-norm clip to 1, AdamW update (what lib/core's train() does with clipNorm 1)
    const { value, grads } = tf.variableGrads(() => m.loss(batch), list);
    const names = Object.keys(grads);
    const norm = tf.tidy(() => tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))))));
    const scale = Math.min(1, 1 / Math.max(norm.dataSync()[0], 1e-12));
    const clipped = Object.fromEntries(names.map((n) => [n, tf.mul(grads[n], scale)]));
    opt.applyGradients(clipped);
    value.dataSync();
    tf.dispose([value, norm, ...Object.values(grads), ...Object.values(clipped)]);
  };
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" });
  console.log(JSON.stringify({ tfjs: tf.version.tfjs, backend: be.name, B, T, V, params: m.count(), ms_per_step: +wall.medianMs.toFixed(3), ms_min: +wall.minMs.toFixed(3), cpu_ms_per_step: +(cpu.timesMs.reduce((x, y) => x + y, 0) / steps).toFixed(3) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
