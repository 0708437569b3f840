import { test } from "node:test";
import assert from "node:assert/strict";
import { claimSpecs, GROUPS_EN, MODELS, SCALES, THRESHOLDS, type PclResults } from "../../../../lib/papers/pclgpt";
import { evaluateClaim } from "../../../../lib/claims";

/** Hand-made results of 3 seeds: the encoder at `enc` on DPM-like, the LM `gain` points above SFT only. */
function results(enc: number, gain: number): PclResults {
  const rows: PclResults["rows"] = [];
  const base: Record<string, number> = { "PclGPT-mini": 75 + gain, "−TII": 74, "SFT only": 75, "PT only": 48, encoder: enc };
  for (const set of ["dpm", "td", "cpcl"] as const) for (const m of MODELS) for (const seed of m === "PT only" ? [0] : [0, 1, 2]) {
    if (!(m in base)) continue;
    const f1 = (set === "dpm" ? base[m] : base[m] + 15) + seed * 0.3;
    rows.push({ set, model: m, seed, p: f1, r: f1, f1 });
  }
  const groups = (["PclGPT-mini", "encoder", "SFT only"] as const).flatMap((model) => [0, 1, 2].flatMap((seed) => GROUPS_EN.map((group, g) => ({ model, group, seed, rate: 0.3 - 0.04 * g, trueRate: 0.2 - 0.03 * g }))));
  return {
    seeds: [0, 1, 2], hash: "x", stats: [], coverage: [], rows, groups,
    gradeRecall: [0, 1, 2].flatMap((seed) => [1, 2, 3].map((grade) => ({ model: "PclGPT-mini" as const, seed, grade, recall: 0.6 + 0.1 * grade }))),
    gradeConfusion: [[50, 3, 1, 0], [4, 20, 2, 0], [1, 3, 18, 2], [0, 0, 5, 8]],
    curves: [0, 1, 2, 3].flatMap((step) => [{ lang: "en" as const, stage: "PT", step, loss: 6 - step }, { lang: "cn" as const, stage: "PT", step, loss: 7 - step }]),
    sftSize: [{ size: 100, pt: "PT + SFT", f1: 70 }, { size: 300, pt: "PT + SFT", f1: 80 }, { size: 100, pt: "SFT only", f1: 60 }, { size: 300, pt: "SFT only", f1: 78 }],
    api: [], parseRate: 1, timing: { wallMs: 1, cpuMs: 1, ptStepMs: 1, sftStepMs: 1 },
  };
}

test("claims: verdicts follow the numbers inside the regime; the encoder band guards the DPM-like claims", () => {
  const verdict = (r: PclResults, id: string) => evaluateClaim({ ...claimSpecs(r, "test").find((c) => c.id === id)!, paper: "pclgpt", scale: "default", seed: 0, backend: "wasm", wallTimeS: 0 }).verdict;
  assert.equal(verdict(results(72, 4), "c1-staged-dpm"), "holds");
  assert.equal(verdict(results(72, 1), "c1-staged-dpm"), "does not hold");
  assert.equal(verdict(results(80, 4), "c1-staged-dpm"), "not measured", "encoder above the PLM band");
  assert.equal(verdict(results(72, 4), "c5-group-rank"), "holds");
  assert.equal(verdict(results(72, 4), "c6-adjacent-grades"), "holds");
  assert.equal(verdict(results(72, 4), "c2-base-near-chance"), "does not hold", "PT only 48 on DPM-like but 63 on the others");
});

test("default scale: every seeded claim gets ≥ THRESHOLDS.minSeeds seeds; reading (b) is cut to fewer seeds, never to none", () => {
  const cfg = SCALES.config("default");
  assert.ok(cfg.seeds >= THRESHOLDS.minSeeds, `default runs ${cfg.seeds} seeds, the claims need ${THRESHOLDS.minSeeds}`);
  assert.ok(cfg.tiiGenerated >= 1 && cfg.tiiGenerated <= cfg.seeds, `tiiGenerated ${cfg.tiiGenerated}`);
  assert.deepEqual(cfg.sets, ["dpm", "td", "cpcl"], "C3's mean and C6 need all three sets");
});
