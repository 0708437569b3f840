/**
 * `paperlab reproduce rheed-qd --scale smoke`: the notebook runs end to end on the paperlab kernel, every claim of
 * the card gets a verdict ("not measured" is one: at smoke scale the baselines are far from their regime), and all
 * ten named figures are written. Exit code 0 (all hold) or 5 (some do not); a failed run is 4/1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { reproduceSmoke } from "../reproduce-smoke";

const CLAIM_IDS = ["c1-learnable", "c1-control-chance", "c2-full-ge-plain", "c2-plain-ge-local-channel", "c3-temporal", "c4-intensity", "c4-fwhm", "c5-realtime"];
const FIGURES = ["r1_frames", "r1_spectra", "r2_confusion", "r2_curves", "r3_glam_ablation", "r4_closed_loop", "r5_controllers", "r5_spectra", "r6_attention"];

test("paperlab reproduce rheed-qd --scale smoke: runs, every claim gets a verdict, figures written", async (t) => {
  const run = await reproduceSmoke(t, "rheed-qd", CLAIM_IDS);
  if (!run) return;
  const { claims } = run;
  for (const c of claims) {
    assert.equal(c.provenance.seed, 0);
    assert.equal(c.provenance.backend, "wasm");
  }
  assert.deepEqual(run.figures, FIGURES);
});
