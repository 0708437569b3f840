/**
 * `paperlab reproduce toxicn-mm --scale smoke`: the notebook runs end to end on the paperlab kernel, every claim of the
 * card gets a verdict, and the six named figures are written. At smoke scale one seed runs, so every claim guarded by
 * the seed count reads "not measured"; the exit code may be 0 (all hold) or 5 (some do not); a failed run is 4/1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { reproduceSmoke } from "../reproduce-smoke";

const CLAIM_IDS = [
  "c1-fusion-beats-unimodal", "c1-gain-on-fusion", "c2-mke-task1", "c2-mke-task2", "c2-gain-fusion-image", "c3-text-model-modality", "c3-image-model-modality",
  "c4-task2-harder", "c4-rarest-type-lowest", "c5-gain-shrinks-with-noise", "c5-no-gain-at-rho1", "c5-judgmental-leaks", "c6-test-selection-optimism",
];
const FIGURES = ["fig_confusion_task2", "fig_dataset_stats", "fig_knowledge_noise", "fig_main_detection", "fig_modality_recall", "fig_type_f1"];

test("paperlab reproduce toxicn-mm --scale smoke: runs, every claim gets a verdict, figures written", async (t) => {
  const run = await reproduceSmoke(t, "toxicn-mm", CLAIM_IDS);
  if (!run) return;
  const { dir, claims } = run;
  for (const c of claims) {
    const blocked = (c.guards ?? []).some((g) => !g.ok);
    if (c.guards?.length) assert.equal(c.verdict === "not measured", blocked, `${c.id}: "not measured" exactly when a guard fails (${c.verdict}: ${c.reason})`);
  }
  // one seed at smoke: the seed guard blocks every claim that carries it
  assert.equal(claims.find((c) => c.id === "c2-mke-task1")?.verdict, "not measured");
  assert.deepEqual(run.figures, FIGURES);
  const nb = fs.readFileSync(path.join(dir, "report.md"), "utf8");
  assert.match(nb, /`c2-mke-task1`/);
});
