/**
 * The tfjs side of bench/pclgpt-step.py: one AdamW pre-training step (next-token loss at every position) of PclGPT-mini,
 * lib/llm's causal LM (2 layers, d 64, 4 heads, FFN 256, tied embeddings; B 16, T 64, V 1000 unless overridden), median
 * and min of `--steps` after 5 warm-up steps, and process CPU time per step, on the backend `initBackend` picks
 * (PAPERLAB_BACKEND to force one). `--sft` times an SFT step instead (loss at one answer slot per row).
 *
 *   node dist/bench/pclgpt-step.js [--B 16] [--T 64] [--V 1000] [--steps 30] [--sft]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { adamw } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit/timing";
import { CausalLM, TINY_LM, answerBatch, nextTokenBatch } from "../lib/llm/causal-lm";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const B = Number(flag("B", "16")), T = Number(flag("T", "64")), V = Number(flag("V", "1000")), steps = Number(flag("steps", "30"));
  const sftMode = process.argv.includes("--sft");
  const m = new CausalLM({ ...TINY_LM, vocabSize: V, context: T }, 0);
  const r = new Rng(1);
  const rows = Array.from({ length: B }, () => Array.from({ length: T }, () => r.int(V)));
  const batch = sftMode ? answerBatch(rows, rows.map(() => r.int(V)), T) : nextTokenBatch(rows, T);
  const opt = adamw({ learningRate: 3e-3, weightDecay: 0.01 });
  const vars = m.params.list();
  const step = () => {
    const l = opt.minimize(() => m.loss(batch), true, vars)!;
    l.dataSync();
    l.dispose();
  };
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" }); // process CPU time: robust on a shared machine
  console.log(JSON.stringify({ tfjs: tf.version.tfjs, backend: be.name, mode: sftMode ? "sft" : "pt", B, T, V, params: m.count(), ms_per_step: +wall.medianMs.toFixed(3), ms_min: +wall.minMs.toFixed(3), cpu_ms_per_step: +cpu.medianMs.toFixed(3) }));
  m.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
