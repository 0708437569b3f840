/**
 * Side by side: one training step of E-SpikeFormer-tiny (I-LIF T=1, D=4, batch 64, AdamW) in paperlab on
 * tfjs (WASM by default) and in PyTorch (bench/sdt-v3-step.py, Debian python3-torch), both on one thread.
 *
 *   node dist/bench/sdt-v3-step.js [--steps 20] [--batch 64]
 * Prints both sides' median and minimum wall time and process CPU time per step (the keys of bench/torch/steptime.py,
 * which times the PyTorch side) and the ratios. Timings on a shared machine are noisy: run it on an idle one and read
 * the ratios (the CPU-time one is the least sensitive to other jobs), not the absolute numbers.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { Rng } from "../lib/core/train/seed";
import { adamw } from "../lib/core/train/optim/adamw";
import { timeSteps } from "../lib/kit";
import { ARCHS, buildSpikeFormer, forward } from "../lib/papers/sdt-v3/model";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/**
 * One training step of E-SpikeFormer-tiny (I-LIF T1×D4, AdamW, random batch), the workload this benchmark times and
 * bench/profile-step.ts profiles. Call after the backend is initialised.
 */
export function sdtTinyStep(batch: number): { step: () => void; params: number } {
  const m = buildSpikeFormer(ARCHS.tiny, new Rng(0));
  const vars = [...m.params.vars.values()];
  const opt = adamw({ learningRate: 1e-3, weightDecay: 0.05 });
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, "float32", 1) as tf.Tensor4D;
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, "int32", 2) as tf.Tensor1D, 10);
  const neuron = { kind: "ilif", D: 4, T: 1 } as const;
  const step = () => tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, forward(m, x, { training: true, neuron })) as tf.Scalar, vars);
    opt.applyGradients(grads);
    value.dataSync();
  });
  return { step, params: m.params.count() };
}

async function main(): Promise<void> {
  const steps = arg("steps", 20), batch = arg("batch", 64);
  const report = await initBackend();
  const { step, params } = sdtTinyStep(batch);
  const wall = await timeSteps(step, { warmup: 5, reps: steps });
  const cpu = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" });
  const ours = { ms_per_step: +wall.medianMs.toFixed(3), ms_min: +wall.minMs.toFixed(3), cpu_ms_per_step: +(cpu.timesMs.reduce((a, b) => a + b, 0) / steps).toFixed(3) };
  const py = spawnSync("/usr/bin/python3", [path.join(__dirname, "..", "..", "bench", "sdt-v3-step.py"), "--steps", String(steps), "--batch", String(batch), "--threads", "1"], { encoding: "utf8" });
  const torch = py.status === 0 ? (JSON.parse(py.stdout.trim().split("\n").pop()!) as { torch: string; params: number; ms_per_step: number; ms_min: number; cpu_ms_per_step: number }) : null;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  console.log(JSON.stringify({
    tfjs: tf.version.tfjs, backend: report.name, params, batch, steps,
    paperlab: ours,
    torch: torch ?? { error: (py.stderr || "python3-torch not available").slice(0, 300) },
    ratio: torch ? { median: r3(ours.ms_per_step / torch.ms_per_step), min: r3(ours.ms_min / torch.ms_min), cpu: r3(ours.cpu_ms_per_step / torch.cpu_ms_per_step) } : null,
  }, null, 1));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
