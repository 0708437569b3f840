/**
 * The tfjs side of bench/s2nn-step.py: one S2NN-style BAT training step of lib/papers/s2nn (the card's BAT: CE(τp) +
 * λ_s·ΣBCE(σ(β(p − κ))), learnable κ, Adam lr 0.02) at N = 32, L = 2, batch 64 on random binary frames, through the
 * library's own loss and model (lossOf, Fresnel hops as complex matmuls), median and min of `--steps` after 5 warm-up
 * steps (lab.kit's timeSteps), then the median and mean process CPU time of as many more steps, on the backend `initBackend` picks (PAPERLAB_BACKEND to force one).
 *
 *   node dist/bench/s2nn-step.js [--N 32] [--L 2] [--batch 64] [--steps 50]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { adamw } from "../lib/core/train/optim/adamw";
import { Rng } from "../lib/core/train/seed";
import { timeSteps } from "../lib/kit";
import { initExpert, lossOf, makeBench, SCALES, specOf } from "../lib/papers/s2nn";

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const be = await initBackend();
  const N = Number(flag("N", "32")), L = Number(flag("L", "2")), B = Number(flag("batch", "64")), steps = Number(flag("steps", "50"));
  const cfg = SCALES.config("default");
  const scale = N / 32;
  const bench = makeBench({ optics: { ...cfg.optics, N, z: cfg.optics.z * scale }, layers: L, modulation: "phase", detector: { size: 3 * scale, gap: 2 * scale } });
  const spec = specOf(cfg, "bat", 0);
  const ex = initExpert(bench.cfg, new Rng(0), { kappa0: 0.15, perClassKappa: false, initStd: 1, name: "bench" });
  const r = new Rng(1);
  const x = tf.tensor3d(Float32Array.from({ length: B * N * N }, () => (r.float() < 0.2 ? 1 : 0)), [B, N, N]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: B }, () => r.int(10)), "int32"), 10).toFloat() as tf.Tensor2D;
  const opt = adamw({ learningRate: 0.02, weightDecay: 0 });
  const vars = [...ex.masks, ex.kappaLogit];
  const step = () => {
    const l = opt.minimize(() => lossOf(bench, [ex], x, y, spec, spec.train.beta), true, vars)!;
    l.dataSync();
    l.dispose();
  };
  const t = await timeSteps(step, { warmup: 5, reps: steps }); // wall clock
  const c = await timeSteps(step, { warmup: 0, reps: steps, clock: "cpu" }); // this process's CPU time, robust under load
  const cpuMean = c.timesMs.reduce((a, b) => a + b, 0) / c.timesMs.length;
  console.log(JSON.stringify({ tfjs: tf.version.tfjs, backend: be.name, N, L, batch: B, median_ms: +t.medianMs.toFixed(3), min_ms: +t.minMs.toFixed(3), cpu_median_ms: +c.medianMs.toFixed(3), cpu_ms_per_step: +cpuMean.toFixed(3) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
