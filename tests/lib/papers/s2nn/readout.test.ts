/**
 * Readouts on crafted frames: hard spikes H(p − κ), strict and tie-break scores, ambiguity, spikes per frame, OPMoE
 * votes with the fixed tie priority, the post-hoc κ search, κ drift, and the detector layout (3-4-3, checks).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { analogAccuracy, checkKappa, posthocKappa, scoreSpikes, scoreVotes, shiftKappa, spikesOf, voteDecision } from "../../../../lib/papers/s2nn/readout";
import { checkRegions, regionLayout, regionMatrix } from "../../../../lib/papers/s2nn/detector";
import { s2nnMessages } from "../../../../lib/papers/s2nn/messages";

const frame = (hot: Record<number, number>) => Array.from({ length: 10 }, (_, c) => hot[c] ?? 0.01);
// frame 0: one spike on the label (3); 1: no spike; 2: two spikes (2 and 5, label 5); 3: one spike on the wrong class
const P = [...frame({ 3: 0.6 }), ...frame({ 3: 0.12 }), ...frame({ 2: 0.4, 5: 0.4 }), ...frame({ 7: 0.5 })];
const LABELS = [3, 0, 5, 1];

test("spikes H(p − κ), strict / tie-break / ambiguous / spikes per frame on crafted frames", () => {
  const s = spikesOf(P, 0.2);
  assert.deepEqual(Array.from(s.subarray(20, 30)), [0, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(spikesOf([0.2, ...new Array(9).fill(0)], 0.2)[0], 1, "H(0) = 1, as lab.spike");
  const r = scoreSpikes(P, 0.2, LABELS);
  assert.equal(r.strict, 1 / 4, "only frame 0 is a unique, correct spike");
  // tie-break: frame 1 (no spike) → class 0 = label 0 ✓; frame 2 (2 and 5) → 2 ≠ 5 ✗
  assert.equal(r.tieBreak, 2 / 4);
  assert.equal(r.ambiguous, 2 / 4);
  assert.equal(r.spikesPerFrame, (1 + 0 + 2 + 1) / 4);
  // argmax: frame 0 → 3 ✓, 1 → 3 ✗, 2 → 2 (first of the tie) ✗, 3 → 7 ✗
  assert.equal(analogAccuracy(P, LABELS), 1 / 4);
  const perClass = scoreSpikes(P, [0.2, 0.2, 0.5, 0.2, 0.2, 0.3, 0.2, 0.2, 0.2, 0.2], LABELS);
  assert.equal(perClass.strict, 2 / 4, "κ_2 = 0.5 silences class 2 in frame 2, leaving 5 alone");
});

test("OPMoE votes: unique maximum wins; ties and silence are ambiguous, broken by the lowest class index", () => {
  assert.deepEqual(voteDecision([0, 2, 0, 1, 0, 0, 0, 0, 0, 0]), { pred: 1, ambiguous: false });
  assert.deepEqual(voteDecision([0, 0, 0, 2, 0, 0, 2, 0, 0, 0]), { pred: 3, ambiguous: true });
  assert.deepEqual(voteDecision(new Array(10).fill(0)), { pred: 0, ambiguous: true });
  const e1 = spikesOf([...frame({ 4: 0.5, 6: 0.5 })], 0.2); // votes 4 and 6
  const e2 = spikesOf([...frame({ 6: 0.5 })], 0.2); // votes 6
  const e3 = spikesOf([...frame({ 4: 0.5 })], 0.2); // votes 4
  assert.equal(scoreVotes([e1], [6]).strict, 0, "one expert, two spikes: ambiguous");
  const two = scoreVotes([e1, e2], [6]);
  assert.deepEqual([two.strict, two.ambiguous, two.spikesPerFrame], [1, 0, 1.5], "the second expert breaks the tie");
  const three = scoreVotes([e1, e2, e3], [6]);
  assert.deepEqual([three.strict, three.tieBreak, three.ambiguous], [0, 0, 1], "2:2 tie → lowest index 4, wrong");
  assert.throws(() => scoreVotes([], [6]), { message: s2nnMessages.noExperts() });
  assert.throws(() => scoreVotes([e1, new Uint8Array(20)], [6]), /expert 1 has 20 spike values, expected 10/);
});

test("post-hoc κ maximises strict training accuracy (smallest κ on ties); κ drift; κ ∉ (0, 1) is an error", () => {
  // labels = class with 0.5; a distractor at 0.3 in every frame: κ must sit in (0.3, 0.5]
  const p = [...frame({ 1: 0.5, 2: 0.3 }), ...frame({ 4: 0.5, 8: 0.3 }), ...frame({ 9: 0.5, 0: 0.3 })];
  const r = posthocKappa(p, [1, 4, 9]);
  assert.equal(r.strict, 1);
  assert.ok(Math.abs(r.kappa - 0.305) < 1e-9, `κ ${r.kappa}`);
  assert.equal(shiftKappa(0.2, 0.2), 0.2 * 1.2);
  assert.deepEqual(shiftKappa([0.1, 0.2], -0.5), [0.05, 0.1]);
  for (const bad of [0, 1, -0.1, 1.5, NaN]) assert.throws(() => checkKappa(bad), { message: s2nnMessages.badKappa(bad) });
  assert.throws(() => checkKappa([0.1, 0.2]), /κ is a scalar or one per class \(10 values\), got 2/);
  assert.throws(() => spikesOf(new Array(15).fill(0), 0.2), /expected 2×10 region values/);
});

test("detector: 3-4-3 regions centred, disjoint; R sums each region's pixels (also transposed); overlap and off-grid are errors", () => {
  const rs = regionLayout(32, { size: 3, gap: 2 });
  assert.equal(rs.length, 10);
  assert.deepEqual(rs.slice(0, 3).map((r) => [r.x, r.y]), [[9, 9], [14, 9], [19, 9]]);
  assert.deepEqual(rs.slice(3, 7).map((r) => [r.x, r.y]), [[7, 14], [12, 14], [17, 14], [22, 14]]);
  const R = regionMatrix(rs, 32), RT = regionMatrix(rs, 32, true);
  assert.deepEqual(Array.from(tf.sum(R, 0).dataSync()), new Array(10).fill(9));
  assert.equal(tf.sum(tf.sum(R, 1).greater(1)).dataSync()[0], 0, "no pixel in two regions");
  // a one-hot intensity at (row 15, col 8) lies in region 3; its transposed storage index is 8·32 + 15
  const I = new Float32Array(1024); I[15 * 32 + 8] = 1;
  const It = new Float32Array(1024); It[8 * 32 + 15] = 1;
  assert.equal(tf.matMul(tf.tensor2d(I, [1, 1024]), R).argMax(1).dataSync()[0], 3);
  assert.equal(tf.matMul(tf.tensor2d(It, [1, 1024]), RT).argMax(1).dataSync()[0], 3);
  assert.throws(() => regionLayout(32, { size: 3, gap: -1 }), { message: s2nnMessages.regionsOverlap(0, 1) });
  assert.throws(() => regionLayout(32, { size: 8, gap: 2 }), /region 3 at \(x -3, y 12\) of side 8 px leaves the 32×32 grid/);
  assert.throws(() => checkRegions(rs.slice(0, 9), 32), /must have 10 regions/);
  tf.dispose([R, RT]);
});
