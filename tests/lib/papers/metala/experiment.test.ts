import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateClaim } from "../../../../lib/claims";
import { costSlope, summarize, type DistantRow, type EfficiencyRow, type StaticRow, type SummaryRow } from "../../../../lib/papers/metala/experiment";
import { SCALES } from "../../../../lib/papers/metala/config";
import { growth, metalaClaims, notLearned, type MetalaResults } from "../../../../lib/papers/metala/claims";
import type { RunResult } from "../../../../lib/papers/metala/train";

const run = (mixer: string, lr: number, seed: number, acc: number, d = 64): RunResult => ({
  mixer, d, lr, seed, task: "{}", budget: 10, curve: [], acc, best: acc, accUpdated: NaN, accKept: NaN, steps: 10, msPerStep: 1, params: 1,
});

test("summaries: best over learning rate per seed, then mean ± sd over seeds; the mean over all runs separately", () => {
  const rows = summarize([run("metala", 1e-3, 0, 0.5), run("metala", 3e-3, 0, 0.9), run("metala", 1e-3, 1, 0.7), run("metala", 3e-3, 1, 0.3)]);
  assert.equal(rows.length, 1);
  assert.ok(Math.abs(rows[0].best - 0.8) < 1e-12, "mean of 0.9 (seed 0) and 0.7 (seed 1)");
  assert.ok(Math.abs(rows[0].sd - Math.SQRT2 * 0.1) < 1e-12, "sample sd (n − 1) of 0.9 and 0.7");
  assert.deepEqual(rows[0].seeds, [0, 1]);
  assert.deepEqual(rows[0].bestBySeed, [0.9, 0.7], "per seed, the best learning rate's run");
  assert.ok(Math.abs(rows[0].mean - 0.6) < 1e-12);
  assert.equal(rows[0].runs, 4);
});

test("configs: scales and overrides are checked", () => {
  assert.equal(SCALES.config("smoke").steps, 20);
  assert.equal(SCALES.config("full").task.vocabSize, 8192, "the paper's MQAR vocabulary at full scale");
  assert.throws(() => SCALES.config("huge"), /metala: unknown scale "huge"; known scales: smoke, default, full/);
  assert.throws(() => SCALES.config("default", { step: 3 } as never), /metala: unknown config key 'step'; known keys: seed, task/);
  // model holds only what differs from MODEL_DEFAULTS: any model field may be overridden, a typo may not
  assert.deepEqual(SCALES.config("default", { model: { chunk: 16 } }).model, { convRegime: "shared", glu: false, chunk: 16 });
  for (const scale of ["smoke", "default", "full"]) assert.equal(SCALES.config(scale).model.glu, false, `${scale}: MQAR runs use Zoology's block (no GLU)`);
  assert.throws(() => SCALES.config("default", { model: { chunks: 16 } } as never), /metala model: unknown config key 'chunks'; known keys: mixer, vocabSize/);
});

const SEEDS = [0, 1, 2];
/** A summary row with per-seed accuracies `acc ± 0.01` (seeds 0–2), as `summarize` writes it. */
function row(mixer: string, acc: number, updated = NaN, kept = NaN): SummaryRow {
  const jitter = [-0.01, 0, 0.01];
  const per = (x: number) => jitter.map((j) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x + j)) : NaN));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    mixer, d: 64, best: mean(per(acc)), sd: 0.01, mean: mean(per(acc)), bestUpdated: mean(per(updated)), bestKept: mean(per(kept)),
    seeds: SEEDS, bestBySeed: per(acc), updatedBySeed: per(updated), keptBySeed: per(kept), runs: 3,
  };
}

/** Step times c₀ + c₁T (+ c₂T² for softmax): the shapes Fig. A2's fit must tell apart. */
function efficiency(c0: number): EfficiencyRow[] {
  const cost: Record<string, (T: number) => number> = { metala: (T) => c0 + 0.5 * T, softmax: (T) => c0 + 0.5 * T + 0.004 * T * T };
  return Object.entries(cost).flatMap(([mixer, f]) => [4, 64, 128, 256, 512].map((T) => ({ mixer, T, msPerStep: f(T), msPerToken: f(T) / (8 * T) })));
}

function results(accs: Record<string, number>, updated: Record<string, number>, c0 = 5): MetalaResults {
  const stat = (group: StaticRow["group"], mse: number): StaticRow => ({ group, sigma: 1, map: 0, mse, log10Mse: Math.log10(mse) });
  const far = (group: string, n: number, mse: number): DistantRow => ({ group, n, map: 0, mse, unreachable: group === "Q,Λt" ? 0 : Math.max(0, n - 20) });
  return {
    fig3: ["softmax", "linear", "retnet", "gla", "metala"].map((m) => row(m, accs[m])),
    ablation: ["metala", "metala-noconv", "metala-noaug", "metala-key"].map((m) => row(m, accs[m])),
    forgetting: ["linear", "retnet", "gla", "metala"].map((m) => row(m, 0.5, updated[m], 0.9)),
    staticApprox: [stat("Q,K,Λt", 1e-5), stat("Q,Λt", 1e-9), stat("Q,K", 1e-5), stat("K,Λ", 1e-2), stat("K,Λt", 7e-3), stat("Λ", 30), stat("Λt", 1e-2)],
    distant: [far("Q,K,Λ α₀=0.7", 8, 1e-6), far("Q,K,Λ α₀=0.7", 32, 5e-3), far("Q,Λt", 8, 1e-9), far("Q,Λt", 32, 1e-8)],
    efficiency: efficiency(c0),
    overheadT: 4,
  };
}

const verdicts = (r: MetalaResults) => new Map(metalaClaims(r, "test").map((c) => [c.id, evaluateClaim({ paper: "metala", ...c })]));

test("claims hold on results shaped like the paper's and fail on reversed ones; accuracy claims carry their seeds", () => {
  const good = { softmax: 0.995, linear: 0.45, retnet: 0.55, gla: 0.8, metala: 0.85, "metala-noconv": 0.2, "metala-noaug": 0.84, "metala-key": 0.83 };
  const ok = verdicts(results(good, { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 }));
  assert.equal(ok.size, 15);
  for (const [id, c] of ok) assert.equal(c.verdict, "holds", `${id} should hold on paper-shaped results: ${c.reason}`);
  for (const id of ["fig3-softmax-solves", "fig3-metala-ge-gla", "c1-forgetting-updated", "tab8-noconv-hurts"]) assert.equal(ok.get(id)?.spread?.n, 3, `${id}: n = 3 seeds`);
  // reversed, with softmax and MetaLA in their regime so that the comparisons are decided
  const bad = { softmax: 0.9, linear: 0.9, retnet: 0.5, gla: 0.8, metala: 0.6, "metala-noconv": 0.7, "metala-noaug": 0.3, "metala-key": 0.9 };
  const r = results({ ...bad, softmax: 0.97 }, { linear: 0.9, retnet: 0.9, gla: 0.1, metala: 0.1 });
  r.distant = [{ group: "Q,K,Λ α₀=0.7", n: 8, map: 0, mse: 1e-4, unreachable: 0 }, { group: "Q,K,Λ α₀=0.7", n: 32, map: 0, mse: 2e-4, unreachable: 0 }, { group: "Q,Λt", n: 32, map: 0, mse: 1e-2, unreachable: 0 }, { group: "Q,Λt", n: 8, map: 0, mse: 1e-2, unreachable: 0 }];
  r.forgetting = r.forgetting.map((x) => (x.mixer === "metala" ? row("metala", 0.5, 0.1, 0.6) : x)); // forgets kept keys too
  r.staticApprox = r.staticApprox.map((x) => (x.group === "K,Λt" ? { ...x, mse: 1e-5 } : x));
  const failing = [...verdicts(r)].filter(([, c]) => c.verdict === "does not hold").map(([id]) => id);
  for (const id of ["fig3-metala-ge-gla", "fig3-retnet-ge-linear", "fig3-softmax-solves", "c1-forgetting-updated", "c1-forgetting-kept", "tab8-key-redundant", "tab8-noconv-hurts", "tab8-noaug-small", "tab2-c2-stall", "c2-fixed-decay-distance", "c2-dynamic-reaches-distant"]) {
    assert.ok(failing.includes(id), `${id} must be able to fail (failing: ${failing.join(", ")})`);
  }
  // the note states the spread: which seeds of each compared mixer stayed below the learned floor
  const spread = metalaClaims(results({ ...good, metala: 0.3, gla: 0.9 }, { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 }), "test");
  assert.match(spread.find((c) => c.id === "fig3-metala-ge-gla")?.note ?? "", /not learned \(< 0\.5\): metala 3 of 3 \(seeds 0, 1, 2\), gla 0 of 3$/);
  assert.match(notLearned([{ ...row("metala", 0.5), bestBySeed: [0.9, 0.27, 0.95] }], ["metala", "gla"]), /metala 1 of 3 \(seed 1\), gla not run$/);
  assert.equal(growth([{ mixer: "a", T: 64, msPerStep: 1, msPerToken: 2 }, { mixer: "a", T: 512, msPerStep: 1, msPerToken: 6 }], "a"), 3);
});

test("regime guards: with softmax below 0.95, or both compared mixers near chance, MQAR comparisons are not measured", () => {
  const shaped = { softmax: 0.99, linear: 0.3, retnet: 0.4, gla: 0.8, metala: 0.85, "metala-noconv": 0.2, "metala-noaug": 0.84, "metala-key": 0.83 };
  const weak = verdicts(results({ ...shaped, softmax: 0.27 }, { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 }));
  for (const id of ["fig3-metala-ge-gla", "fig3-gla-gt-retnet", "fig3-retnet-ge-linear", "c1-forgetting-updated", "c1-forgetting-kept", "tab8-key-redundant", "tab8-noconv-hurts", "tab8-noaug-small"]) {
    const c = weak.get(id);
    assert.equal(c?.verdict, "not measured", `${id}: ${c?.reason}`);
    assert.match(c?.reason ?? "", /softmax attention MQAR accuracy \(mean over seeds\) at 0\.27.*needs ≥ 0\.95/);
  }
  assert.equal(weak.get("fig3-softmax-solves")?.verdict, "does not hold", "the baseline's own claim is decided");
  assert.equal(weak.get("tab2-c2-fit")?.verdict, "holds", "claims without a baseline are unaffected");
  // softmax solves it, but RetNet and linear attention are both near chance: their order is noise
  const near = verdicts(results({ ...shaped, retnet: 0.06, linear: 0.04 }, { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 }));
  assert.equal(near.get("fig3-retnet-ge-linear")?.verdict, "not measured");
  assert.match(near.get("fig3-retnet-ge-linear")?.reason ?? "", /best of retnet, linear .* needs ≥ 0\.5/);
  assert.equal(near.get("fig3-gla-gt-retnet")?.verdict, "holds", "GLA learned: GLA > RetNet is decided");
  // a scale that does not run RetNet and linear attention (default), or runs fewer than 3 seeds, decides nothing about them
  const r = results(shaped, { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 });
  r.fig3 = r.fig3.filter((x) => x.mixer !== "retnet" && x.mixer !== "linear");
  r.forgetting = [];
  const missing = verdicts(r);
  for (const id of ["fig3-gla-gt-retnet", "fig3-retnet-ge-linear", "c1-forgetting-updated", "c1-forgetting-kept"]) {
    assert.equal(missing.get(id)?.verdict, "not measured", id);
    assert.match(missing.get(id)?.reason ?? "", /seeds run at this scale of .*retnet.* at 0 seeds, needs ≥ 3/);
  }
  assert.equal(missing.get("fig3-metala-ge-gla")?.verdict, "holds");
  r.fig3 = r.fig3.map((x) => ({ ...x, seeds: [0, 1], bestBySeed: x.bestBySeed.slice(0, 2) }));
  assert.equal(verdicts(r).get("fig3-metala-ge-gla")?.verdict, "not measured", "two seeds are not enough");
});

test("Fig. A2: the cost slope is fitted where compute dominates; overhead-dominated timings give no verdict", () => {
  const rows = efficiency(5);
  const m = costSlope(rows, "metala", 4), s = costSlope(rows, "softmax", 4);
  assert.deepEqual(m.lengths, [64, 128, 256, 512], "c₀ = 5 ms is under 25 % of every step from T = 64 on");
  assert.ok(Math.abs(m.slope) < 0.1, `linear cost: per-token time nearly flat, slope ${m.slope}`);
  assert.ok(s.slope > 0.4, `quadratic part: per-token time grows, slope ${s.slope}`);
  const noisy = efficiency(5).map((r) => (r.mixer === "metala" && r.T === 128 ? { ...r, msPerStep: 10 } : r));
  assert.deepEqual(costSlope(noisy, "metala", 4).lengths, [256, 512], "a length below the bar cuts the fit there: shorter lengths do not re-enter");
  const heavy = costSlope(efficiency(40), "metala", 4);
  assert.deepEqual(heavy.lengths, [256, 512], "a 40 ms fixed cost leaves only the longest lengths compute-dominated");
  const over = verdicts(results({ softmax: 0.99, linear: 0.3, retnet: 0.4, gla: 0.8, metala: 0.85, "metala-noconv": 0.2, "metala-noaug": 0.84, "metala-key": 0.83 }, { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 }, 1000));
  for (const id of ["figA2-metala-flat", "figA2-softmax-grows"]) {
    assert.equal(over.get(id)?.verdict, "not measured", `${id}: ${over.get(id)?.reason}`);
    assert.match(over.get(id)?.reason ?? "", /compute .* needs ≥ 2/);
  }
});
