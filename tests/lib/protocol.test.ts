import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ProgressState, claimValueText, etaMs, formatClaimNumber, progressFraction } from "../../lib/protocol";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const base: ProgressState = { title: "t", epoch: 0, epochs: 4, step: 0, elapsedMs: 1000, metrics: {}, done: false };

test("progressFraction: known, estimated or unknown, never a made-up number", () => {
  assert.deepEqual(progressFraction({ ...base, step: 30, totalSteps: 120 }), { fraction: 0.25, estimated: false });
  assert.deepEqual(progressFraction({ ...base, step: 30, totalSteps: 120, totalEstimated: true }), { fraction: 0.25, estimated: true });
  assert.deepEqual(progressFraction({ ...base, step: 500, totalSteps: 120 }), { fraction: 1, estimated: false }, "capped at 1");
  // first epoch, length unknown: nothing to estimate from (the old bar said 0.0 % here for the whole epoch)
  assert.deepEqual(progressFraction({ ...base, step: 30, epochStep: 30 }), { fraction: undefined, estimated: false });
  assert.equal(etaMs({ ...base, step: 30, epochStep: 30 }), undefined);
  // third epoch, 20 steps per finished epoch, 5 into this one: (2 + 5/20) / 4
  assert.deepEqual(progressFraction({ ...base, epoch: 2, step: 45, epochStep: 5 }), { fraction: 0.5625, estimated: true });
  assert.deepEqual(progressFraction({ ...base, epoch: 2, step: 45 }), { fraction: undefined, estimated: false }, "no epochStep: no estimate");
  assert.deepEqual(progressFraction({ ...base, done: true }), { fraction: 1, estimated: false });
  assert.equal(etaMs({ ...base, step: 30, totalSteps: 120, elapsedMs: 3000 }), 9000);
});

test("claim values: numbers with their unit and spread, words as written (no doubled unit), null as a dash", () => {
  assert.equal(claimValueText(0.91234, "accuracy"), "0.9123 accuracy");
  assert.equal(claimValueText("1–5 points", "points"), "1–5 points");
  assert.equal(claimValueText("A > B", "accuracy difference"), "A > B");
  assert.equal(claimValueText(null, "m"), "—");
  assert.equal(claimValueText(0.92, "accuracy", { n: 3, mean: 0.92, sd: 0.02, min: 0.9, max: 0.94 }), "0.92 ± 0.02 (n = 3) accuracy");
  assert.equal(claimValueText(0.9, undefined, { n: 1, mean: 0.9, sd: 0, min: 0.9, max: 0.9 }), "0.9 (n = 1)");
  assert.equal(formatClaimNumber(1e-4), "1.000e-4");
  assert.equal(formatClaimNumber(2.123456), "2.123");
});

test("lib/protocol.ts has no imports (the extension's build compiles it) and the Vega-Lite $schema is written only there", () => {
  const src = fs.readFileSync(path.join(ROOT, "lib", "protocol.ts"), "utf8");
  assert.doesNotMatch(src, /^\s*import\s/m);
  assert.doesNotMatch(fs.readFileSync(path.join(ROOT, "lib", "viz", "ticks.ts"), "utf8"), /^\s*import\s/m);
  const hits: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || (e.name === "lib" && dir.endsWith("jupyterlab"))) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && fs.readFileSync(p, "utf8").includes("vega.github.io/schema/vega-lite")) hits.push(path.relative(ROOT, p));
    }
  };
  for (const d of ["lib", "kernel", "datasets", "bench", path.join("extensions", "jupyterlab", "src")]) walk(path.join(ROOT, d));
  assert.deepEqual(hits, [path.join("lib", "protocol.ts")]);
});
