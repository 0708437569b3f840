/**
 * `paperlab reproduce pclgpt --scale smoke`: the notebook runs end to end on the paperlab kernel, every claim of the
 * card gets a verdict, and the six named figures are written. At smoke scale one seed runs, so every claim guarded by
 * the seed count reads "not measured"; the exit code may be 0 (all hold) or 5 (some do not); a failed run is 4/1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { reproduceSmoke } from "../reproduce-smoke";

const CLAIM_IDS = [
  "c1-staged-dpm", "c1-staged-td", "c2-base-near-chance", "c3-tii-seeds", "c3-tii-mean", "c4-lm-vs-encoder-dpm", "c4-lm-vs-encoder-td",
  "c5-group-rank", "c5-subtle-under", "c6-adjacent-grades",
];
const FIGURES = ["fig_grade_confusion", "fig_group_detection", "fig_main_table", "fig_sft_size", "fig_tii_ablation", "fig_training_curves"];

test("paperlab reproduce pclgpt --scale smoke: runs, every claim gets a verdict, figures written", async (t) => {
  const run = await reproduceSmoke(t, "pclgpt", CLAIM_IDS);
  if (!run) return;
  for (const c of run.claims) {
    const blocked = (c.guards ?? []).some((g) => !g.ok);
    if (c.guards?.length) assert.equal(c.verdict === "not measured", blocked, `${c.id}: "not measured" exactly when a guard fails (${c.verdict}: ${c.reason})`);
  }
  // one seed at smoke: the seed guard blocks every claim that carries it
  assert.equal(run.claims.find((c) => c.id === "c1-staged-dpm")?.verdict, "not measured");
  assert.deepEqual(run.figures, FIGURES);
});
