/**
 * MetaLA figures (lib/papers/metala/figures.ts): every named figure is valid Vega-Lite and renders, and the defects a
 * reviewer found stay fixed: Fig. 3's y title does not absorb the error-bar field, Table 2 draws the paper's ✓/✗
 * and one visible mark per map (no hairline boxes), Fig. A2 marks which lengths its slope is fitted on.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as viz from "../../../../lib/viz";
import type { DistantRow, EfficiencyRow, StaticRow, SummaryRow } from "../../../../lib/papers/metala/experiment";
import { c1Spec, c2FixedDecaySpec, curvesSpec, fig3Spec, figA2Spec, mqarChance, tab2Spec, tab8Spec } from "../../../../lib/papers/metala/figures";
import { PARAM_GROUPS } from "../../../../lib/papers/metala/static-approx";
import type { RunResult } from "../../../../lib/papers/metala/train";
import { assertFigureRenders, countItems, findAll, parseXml } from "../../viz/helpers";

const task = { vocabSize: 64, seqLen: 32, numKvPairs: 4, numUpdates: 0 };
const row = (mixer: string, best: number, d = 64): SummaryRow => ({
  mixer, d, best, sd: 0.02, mean: best, bestUpdated: best - 0.1, bestKept: best, seeds: [0, 1, 2], bestBySeed: [best - 0.02, best, best + 0.02],
  updatedBySeed: [best - 0.12, best - 0.1, best - 0.08], keptBySeed: [best - 0.02, best, best + 0.02], runs: 3,
});
const texts = (svg: string): string[] => findAll(parseXml(svg), (n) => n.name === "text").map((n) => n.text.trim());

test("chance levels of MQAR: 2/V for a uniform guess among values, 1/kv for copying a context value", () => {
  assert.deepEqual(mqarChance(task), { uniform: 2 / 64, context: 0.25 });
});

test("every MetaLA figure is valid Vega-Lite v5 and renders", async () => {
  const fig3 = ["softmax", "gla", "metala"].flatMap((m, i) => [row(m, 0.5 + 0.2 * i, 32), row(m, 0.6 + 0.2 * i, 64)]);
  const stat: StaticRow[] = PARAM_GROUPS.flatMap((group, g) => [0, 1, 2].map((map) => ({ group, sigma: 4, map, mse: 10 ** (-10 + g), log10Mse: -10 + g + 0.01 * map })));
  const distant: DistantRow[] = [8, 16, 32].flatMap((n) => [{ group: "Q,K,Λ α₀=0.7", n, map: 0, mse: 1e-5 * n * n, unreachable: Math.max(0, n - 20) }, { group: "Q,Λt", n, map: 0, mse: 1e-12, unreachable: 0 }]);
  const eff: EfficiencyRow[] = ["softmax", "metala"].flatMap((mixer) => [4, 64, 128, 256].map((T) => ({ mixer, T, msPerStep: 5 + T, msPerToken: (5 + T) / (8 * T) })));
  const runs: RunResult[] = [0, 1].map((seed) => ({ mixer: "metala", d: 64, lr: 0.01, seed, task: "{}", budget: 50, curve: [{ step: 25, acc: 0.1, loss: 2 }, { step: 50, acc: 0.3, loss: 1 }], acc: 0.3, best: 0.3, accUpdated: NaN, accKept: NaN, steps: 50, msPerStep: 1, params: 1 }));
  const figs = {
    fig3_mqar_acc_vs_dim: fig3Spec(fig3, task),
    learning_curves: curvesSpec(runs),
    tab2_static_approx: tab2Spec(stat, 5e-4, 1e-3),
    c2_fixed_decay: c2FixedDecaySpec(distant, 5e-4, 1e-3),
    c1_forgetting: c1Spec(["linear", "metala"].map((m) => row(m, 0.6)), { ...task, seqLen: 48, numUpdates: 2 }),
    tab8_ablation: tab8Spec(["metala", "metala-noconv"].map((m) => row(m, 0.6)), task),
    figA2_efficiency: figA2Spec(eff, 4),
  };
  for (const [name, spec] of Object.entries(figs)) await assertFigureRenders(name, spec);

  const f3 = texts(await viz.renderSvg(figs.fig3_mqar_acc_vs_dim));
  assert.ok(f3.includes("test accuracy"), "the y axis is titled 'test accuracy'");
  assert.ok(!f3.some((t) => /lo|hi/.test(t) && /accuracy/.test(t)), `no error-bar field in the axis title: ${f3.filter((t) => /accuracy/.test(t)).join(" | ")}`);
  assert.ok(f3.some((t) => t.startsWith("uniform guess 2/V")) && f3.some((t) => t.startsWith("copy a context value 1/kv")), "both chance lines are labelled");

  const t2svg = await viz.renderSvg(figs.tab2_static_approx);
  const t2 = texts(t2svg);
  assert.equal(t2.filter((t) => t === "✓").length, 3, "the paper's ✓ over its three C2 groups");
  assert.equal(t2.filter((t) => t === "✗").length, 5, "and ✗ over the other five");
  assert.equal(countItems(parseXml(t2svg), "symbol"), stat.length, "one point per fitted map, visible whatever the spread");

  const a2 = await viz.renderSvg(figs.figA2_efficiency);
  assert.ok(texts(a2).some((t) => /^softmax \(slope -?\d\.\d\d\)$/.test(t)), `the legend gives each fitted slope: ${texts(a2).join(" | ")}`);
});
