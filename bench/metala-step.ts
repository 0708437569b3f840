/**
 * The tfjs side of bench/metala-step.py: one AdamW training step of the 2-block MetaLA MQAR model of
 * lib/papers/metala (same shapes: B 32, T 32, V 64, d 64, H 2, loss at B·kv query positions), median and min of
 * `--steps` after 5 warm-up steps, on the backend `initBackend` picks (PAPERLAB_BACKEND to force one). The model
 * settings are the default scale's (`SCALES.config("default").model`: Zoology's MQAR block, token mixer only, shared
 * kernel-2 conv); `--glu` adds the LM block's GLU channel mixer.
 *
 *   node dist/bench/metala-step.js [--d 64] [--T 32] [--steps 50] [--mixer metala] [--glu] [--profile]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { adamw } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { buildModel, SCALES, type MixerKind } from "../lib/papers/metala";
import { logitsAt } from "../lib/papers/metala/model";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const d = Number(flag("d", "64")), T = Number(flag("T", "32")), B = Number(flag("B", "32")), V = Number(flag("V", "64")), kv = Number(flag("kv", "4"));
  const steps = Number(flag("steps", "50"));
  const mixer = flag("mixer", "metala") as MixerKind;
  const glu = process.argv.includes("--glu");
  const m = buildModel({ ...SCALES.config("default").model, mixer, d, vocabSize: V, heads: 2, glu }, new Rng(0));
  const r = new Rng(1);
  const ids = tf.tensor2d(Array.from({ length: B * T }, () => r.int(V)), [B, T], "int32");
  const pos = tf.tensor1d(Array.from({ length: B * kv }, (_, i) => Math.floor(i / kv) * T + T - 2 * (i % kv) - 2), "int32");
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: B * kv }, () => V / 2 + r.int(V / 2)), "int32"), V);
  const opt = adamw({ learningRate: 3e-3, weightDecay: 0.1 });
  const vars = m.params.list();
  const step = () => {
    const l = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, logitsAt(m, ids, pos)) as tf.Scalar, true, vars)!;
    l.dataSync();
    l.dispose();
  };
  for (let i = 0; i < 5; i++) step();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / steps; // process CPU time per step: less sensitive to other jobs than wall time
  times.sort((a, b) => a - b);
  let kernels: number | undefined;
  if (process.argv.includes("--profile")) {
    const info = await tf.profile(() => tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, logitsAt(m, ids, pos)) as tf.Scalar, vars).value);
    kernels = info.kernels.length;
  }
  console.log(JSON.stringify({ tfjs: tf.version.tfjs, backend: be.name, mixer, d, T, B, glu, ms_per_step: +times[Math.floor(times.length / 2)].toFixed(3), ms_min: +times[0].toFixed(3), cpu_ms_per_step: +cpuMs.toFixed(3), kernels_fwd_bwd: kernels }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
