/**
 * Where a training step's time goes: kernel counts and kernel time by kernel name for one E-SpikeFormer-tiny training
 * step (I-LIF T1×D4, AdamW) on the active backend, via tf.profile (nested kernels are counted in their parent too).
 *   node dist/bench/profile-step.js [--batch 64] [--shapes=BatchMatMul,Mean]   (shapes: list each call of those kernels)
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/core/backend";
import { sdtTinyStep } from "./sdt-v3-step";

async function main(): Promise<void> {
  const batch = Number(process.argv[process.argv.indexOf("--batch") + 1]) || 64;
  await initBackend();
  const { step } = sdtTinyStep(batch);
  step(); step();
  const t0 = performance.now(); step(); const wall = performance.now() - t0;
  const prof = await tf.profile(() => step());
  const by = new Map<string, { n: number; ms: number }>();
  let total = 0;
  for (const k of prof.kernels) {
    const e = by.get(k.name) ?? { n: 0, ms: 0 };
    e.n++; e.ms += Number(k.kernelTimeMs) || 0; total += Number(k.kernelTimeMs) || 0;
    by.set(k.name, e);
  }
  console.log(`step wall ${wall.toFixed(1)} ms, kernels ${prof.kernels.length}, kernel time ${total.toFixed(1)} ms`);
  const show = (process.argv.find((a) => a.startsWith("--shapes=")) ?? "").slice(9).split(",").filter(Boolean);
  for (const name of show) {
    const rows = prof.kernels.filter((k) => k.name === name).map((k) => `${Number(k.kernelTimeMs).toFixed(2)} ms ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`);
    console.log(`-- ${name}\n  ` + rows.join("\n  "));
  }
  for (const [name, e] of [...by].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${name.padEnd(34)} ${String(e.n).padStart(5)} ${e.ms.toFixed(2).padStart(9)} ms`);
}
main().catch((e) => { console.error(e); process.exit(1); });
