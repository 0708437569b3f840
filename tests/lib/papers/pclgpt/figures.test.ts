/**
 * PclGPT's six named figures on pinned, made-up results (three seeds, every model on every stand-in set): each is
 * valid Vega-Lite v5, renders with ink, and keeps its text inside the canvas and apart (issue 27's figure-layout
 * check). The numbers are test data, not results.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { allFigures, figTiiAblation } from "../../../../lib/papers/pclgpt/figures";
import { MODELS, type PclResults } from "../../../../lib/papers/pclgpt/experiment";
import { GROUPS_EN } from "../../../../lib/papers/pclgpt/templates";
import { assertFigureRenders, rng } from "../../viz/helpers";

function results(): PclResults {
  const r = rng(27);
  const seeds = [0, 1, 2];
  const sets = ["dpm", "td", "cpcl"] as const;
  return {
    seeds,
    hash: "0".repeat(64),
    stats: [],
    coverage: [],
    rows: sets.flatMap((set) => MODELS.flatMap((model, m) => seeds.map((seed) => ({ set, model, seed, p: 60, r: 60, f1: 50 + 4 * m + 6 * r() })))),
    groups: ["PclGPT-mini", "encoder", "SFT only"].flatMap((model) => GROUPS_EN.flatMap((group) => seeds.map((seed) => ({ model: model as PclResults["groups"][number]["model"], group, seed, rate: 0.2 + 0.3 * r(), trueRate: 0.35 })))),
    gradeRecall: [],
    gradeConfusion: [[30, 5, 2, 1], [6, 20, 6, 2], [2, 7, 18, 5], [1, 2, 6, 25]],
    curves: (["en", "cn"] as const).flatMap((lang) => ["PT", "SFT"].flatMap((stage) => Array.from({ length: 40 }, (_, step) => ({ lang, stage, step, loss: 4 * Math.exp(-step / 15) + 0.3 + 0.1 * r() })))),
    sftSize: [50, 100, 200, 400].flatMap((size, k) => [{ size, pt: "with PT", f1: 60 + 5 * k }, { size, pt: "without PT", f1: 52 + 4 * k }]),
    api: [], parseRate: 0.9,
    timing: { wallMs: 1, cpuMs: 1, ptStepMs: 1, sftStepMs: 1 },
  };
}

test("every PclGPT figure is valid Vega-Lite v5, renders, and is laid out cleanly", async () => {
  const figs = allFigures(results());
  assert.deepEqual(Object.keys(figs), ["fig_main_table", "fig_tii_ablation", "fig_group_detection", "fig_grade_confusion", "fig_training_curves", "fig_sft_size"]);
  for (const [name, spec] of Object.entries(figs)) await assertFigureRenders(`pclgpt ${name}`, spec);
});

test("fig_tii_ablation: TII reading (b) appears where it ran (EN sets) and is left out on the CN set", () => {
  const r = results();
  r.rows = r.rows.filter((x) => !(x.model === "TII generated" && x.set === "cpcl"));
  const spec = figTiiAblation(r) as { data: { values: { set: string; variant: string; seeds: number }[] } };
  const vals = spec.data.values;
  assert.equal(vals.filter((v) => v.variant.includes("(b)")).map((v) => v.set).join(","), "DPM-like,TD-like");
  assert.equal(vals.length, 3 * 3 - 1);
  assert.ok(vals.every((v) => v.seeds > 0));
});
