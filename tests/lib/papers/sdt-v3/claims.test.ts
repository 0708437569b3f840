/**
 * SDT-V3 claims over made-up result rows (not results): per-seed samples, regime guards that turn a comparison with an
 * untrained baseline into "not measured", and claims that fail when the numbers say so.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateClaim, type ClaimSpec } from "../../../../lib/claims";
import { claimSpecs, REGIME, slope, type SdtResults } from "../../../../lib/papers/sdt-v3/claims";
import { scaleNotes } from "../../../../lib/papers/sdt-v3/summary";
import { SCALES } from "../../../../lib/papers/sdt-v3/config";
import type { AccRow, MaeRow } from "../../../../lib/papers/sdt-v3/experiment";

const row = (kind: "I-LIF" | "LIF", T: number, D: number, seed: number, acc: number, spikes = 1000 * D, snnUj = 0.4 * D): AccRow => ({
  config: kind === "LIF" ? `LIF T${T}` : `I-LIF T${T}×D${D}`, kind, T, D, attention: "sdsa", seed, acc, secPerEpoch: 1, snnUj, annUj: 15, spikesPerImage: spikes,
});

/** Three seeds; binary LIF T1 / T4 at `lif1` / `lif4` accuracy (+ a small per-seed wobble). */
function results(o: { lif1?: number; lif4?: number; ilif?: number; scratch?: number; mae?: number } = {}): SdtResults {
  const seeds = [0, 1, 2];
  const w = (s: number) => 0.002 * (s - 1);
  const neuronRows = seeds.flatMap((s) => [row("I-LIF", 1, 4, s, (o.ilif ?? 0.97) + w(s)), row("LIF", 1, 1, s, (o.lif1 ?? 0.92) + w(s), 300, 0.3), row("LIF", 4, 1, s, (o.lif4 ?? 0.95) + w(s), 2000, 1.9)]);
  const dAcc: Record<number, number> = { 1: 0.3, 2: 0.9, 4: o.ilif ?? 0.97, 8: (o.ilif ?? 0.97) + 0.003 };
  const dRows = seeds.flatMap((s) => [1, 2, 4, 8].map((D) => (D === 4 ? neuronRows.find((r) => r.kind === "I-LIF" && r.seed === s)! : row("I-LIF", 1, D, s, dAcc[D] + w(s)))));
  const mae: MaeRow[] = seeds.flatMap((s) => [
    { mask: "none" as const, labels: 256, seed: s, acc: (o.scratch ?? 0.8) + w(s), pretrainLoss: null },
    { mask: 0.5, labels: 256, seed: s, acc: (o.scratch ?? 0.8) + (o.mae ?? 0.02) + w(s), pretrainLoss: 0.7 },
  ]);
  return {
    neuronRows, dRows, mae, D: 4, lifT: 4, energy: { snnUj: 1.6, annUj: 15 },
    equivalence: { maxAbsDiff: 0, argmaxAgreement: 1, floatMaxAbsDiff: 1e-6, floatArgmaxAgreement: 1, bits: 16, pairs: [] },
    cost: [{ config: "I-LIF T1×D4", msPerStep: 100, peakMB: 150 }, { config: "LIF T4", msPerStep: 450, peakMB: 640 }],
  };
}

const byId = (specs: ClaimSpec[]) => Object.fromEntries(specs.map((c) => [c.id, evaluateClaim({ ...c, paper: "sdt-v3", scale: "default", seed: 0 })]));

test("claims in the regime: per-seed samples, verdicts on the mean, spread recorded", () => {
  const c = byId(claimSpecs(results()));
  assert.equal(c["ilif-beats-binary-t1"].verdict, "holds");
  assert.deepEqual(c["ilif-beats-binary-t1"].samples, [5, 5, 5]);
  assert.equal(c["ilif-beats-binary-t1"].spread?.n, 3);
  assert.equal(c["ilif-matches-bptt"].verdict, "holds");
  assert.equal(c["accuracy-vs-d"].verdict, "holds");
  assert.equal(c["accuracy-saturates"].verdict, "holds");
  assert.deepEqual(c["accuracy-saturates"].samples, [0.3, 0.3, 0.3]);
  assert.equal(c["spikes-rise-with-d"].verdict, "holds");
  assert.equal(c["d-pareto-over-bptt"].verdict, "holds", "D 4: 97 % at 1.6 µJ against BPTT's 95 % at 1.9 µJ");
  assert.equal(c["d-pareto-over-bptt"].ours, 1);
});

test("a baseline below its MNIST regime makes the comparison 'not measured', naming the baseline and the floor", () => {
  const c = byId(claimSpecs(results({ lif1: 0.26, lif4: 0.21 })));
  for (const id of ["ilif-beats-binary-t1", "ilif-matches-bptt", "d-pareto-over-bptt"]) {
    assert.equal(c[id].verdict, "not measured", id);
    assert.match(c[id].reason, new RegExp(`binary LIF T[14].*needs ≥ ${REGIME.mnistAccuracy}`), id);
  }
  // claims without that baseline are still decided
  assert.equal(c["accuracy-vs-d"].verdict, "holds");
  assert.equal(c["energy-advantage"].verdict, "holds");
  // the I-LIF model itself below the floor: the D-sweep claims are not decided either
  const low = byId(claimSpecs(results({ ilif: 0.6 })));
  for (const id of ["accuracy-vs-d", "accuracy-saturates", "spikes-rise-with-d"]) assert.equal(low[id].verdict, "not measured", id);
});

test("claims fail when the numbers say so", () => {
  const c = byId(claimSpecs(results({ lif1: 0.96, lif4: 0.99 })));
  assert.equal(c["ilif-beats-binary-t1"].verdict, "does not hold"); // +1 point < 3
  assert.equal(c["ilif-matches-bptt"].verdict, "does not hold"); // −2 points < −1
  assert.equal(c["d-pareto-over-bptt"].verdict, "does not hold"); // nothing reaches 99 %
  const mae = byId(claimSpecs(results({ mae: -0.01 })));
  assert.equal(mae["mae-few-labels"].verdict, "does not hold");
  assert.equal(mae["mae-gain-1-5-points"].verdict, "does not hold");
  const big = byId(claimSpecs(results({ mae: 0.08 })));
  assert.equal(big["mae-few-labels"].verdict, "holds");
  assert.equal(big["mae-gain-1-5-points"].verdict, "does not hold", "an 8-point gain is outside the card's 1–5");
  const untrained = byId(claimSpecs(results({ scratch: 0.4 })));
  assert.equal(untrained["mae-few-labels"].verdict, "not measured");
});

test("peak memory and speed-up read the cost rows; a missing row is not measured", () => {
  const r = results();
  const c = byId(claimSpecs(r));
  assert.equal(c["peak-memory"].ours, 4.27);
  assert.equal(c["training-speedup"].ours, 4.5);
  const none = byId(claimSpecs({ ...r, cost: [] }));
  assert.equal(none["peak-memory"].verdict, "not measured");
});

test("with the headline D alone (no sweep, as at default) the D claims are not measured; the Pareto check still runs", () => {
  const r = results();
  const c = byId(claimSpecs({ ...r, dRows: r.dRows.filter((x) => x.D === 4) }));
  for (const id of ["accuracy-vs-d", "accuracy-saturates", "spikes-rise-with-d"]) {
    assert.equal(c[id].verdict, "not measured", id);
    assert.match(c[id].note ?? "", /D sweep not run at this scale/, id);
  }
  assert.equal(c["d-pareto-over-bptt"].verdict, "holds", "D 4 alone: 97 % at 1.6 µJ against BPTT's 95 % at 1.9 µJ");
  assert.equal(byId(claimSpecs({ ...r, dRows: [] }))["accuracy-saturates"].verdict, "not measured");
});

test("closing notes: claims not run at this scale are listed apart from baselines outside their regime", () => {
  const cfg = SCALES.config("default");
  const r = { ...results(), mae: [], dRows: results().dRows.filter((x) => x.D === 4) };
  const notes = scaleNotes("default", cfg, r, claimSpecs(r));
  assert.match(notes, /Not run at this scale.*`accuracy-vs-d`.*`mae-few-labels`/);
  assert.doesNotMatch(notes, /Not decided at this scale/, "nothing was decided against a baseline outside its regime");
  const low = { ...r, neuronRows: results({ lif1: 0.6 }).neuronRows };
  const lowNotes = scaleNotes("default", cfg, low, claimSpecs(low));
  assert.match(lowNotes, /Not decided at this scale\*\*: `ilif-beats-binary-t1` — .*binary LIF T1/);
  assert.doesNotMatch(lowNotes.split("Not run at this scale")[0], /mae-few-labels/, "MAE not run is not a baseline below its regime");
});

test("slope: least squares, exact on a line, NaN without spread in x", () => {
  assert.equal(slope([0, 1, 2, 3], [1, 3, 5, 7]), 2);
  assert.ok(Number.isNaN(slope([2, 2], [1, 3])));
});

test("directional claims are decided on the bootstrap interval over seeds, not on the sign of the mean", () => {
  const r = results();
  const gains = [0.08, -0.01, 0.06]; // mean +4.3 points, but one seed loses
  const mae: MaeRow[] = gains.flatMap((g, s) => [
    { mask: "none" as const, labels: 256, seed: s, acc: 0.8, pretrainLoss: null },
    { mask: 0.5, labels: 256, seed: s, acc: 0.8 + g, pretrainLoss: 0.7 },
  ]);
  const c = byId(claimSpecs({ ...r, mae }))["mae-few-labels"];
  assert.ok(c.interval && c.interval.lo < 0 && c.interval.hi > 0, JSON.stringify(c.interval));
  assert.equal(c.interval?.n, 3);
  assert.equal(c.verdict, "does not hold", "an interval straddling 0 does not show a gain");
  const all = byId(claimSpecs(results({ mae: 0.03 })))["mae-few-labels"];
  assert.equal(all.verdict, "holds", "every seed gains 3 points");
  assert.ok(byId(claimSpecs(r))["spikes-rise-with-d"].interval, "spikes vs D carries its interval");
});
