import { test } from "node:test";
import assert from "node:assert/strict";
import { summarize, type EfficiencyRow, type StaticRow, type SummaryRow } from "../../../../lib/papers/metala/experiment";
import { SCALES } from "../../../../lib/papers/metala/config";
import { growth, metalaClaims, type MetalaResults } from "../../../../lib/papers/metala/claims";
import type { RunResult } from "../../../../lib/papers/metala/train";

const run = (mixer: string, lr: number, seed: number, acc: number, d = 64): RunResult => ({
  mixer, d, lr, seed, task: "{}", budget: 10, curve: [], acc, best: acc, accUpdated: NaN, accKept: NaN, steps: 10, msPerStep: 1, params: 1,
});

test("summaries: best over learning rate per seed, then mean ± sd over seeds; the mean over all runs separately", () => {
  const rows = summarize([run("metala", 1e-3, 0, 0.5), run("metala", 3e-3, 0, 0.9), run("metala", 1e-3, 1, 0.7), run("metala", 3e-3, 1, 0.3)]);
  assert.equal(rows.length, 1);
  assert.ok(Math.abs(rows[0].best - 0.8) < 1e-12, "mean of 0.9 (seed 0) and 0.7 (seed 1)");
  assert.ok(Math.abs(rows[0].sd - 0.1) < 1e-12);
  assert.ok(Math.abs(rows[0].mean - 0.6) < 1e-12);
  assert.equal(rows[0].runs, 4);
});

test("configs: scales and overrides are checked", () => {
  assert.equal(SCALES.config("smoke").steps, 20);
  assert.equal(SCALES.config("full").task.vocabSize, 8192, "the paper's MQAR vocabulary at full scale");
  assert.throws(() => SCALES.config("huge"), /metala: unknown scale "huge"; known scales: smoke, default, full/);
  assert.throws(() => SCALES.config("default", { step: 3 } as never), /metala: unknown config key 'step'; known keys: seed, task/);
  // model holds only what differs from MODEL_DEFAULTS: any model field may be overridden, a typo may not
  assert.deepEqual(SCALES.config("default", { model: { chunk: 16 } }).model, { convRegime: "shared", chunk: 16 });
  assert.throws(() => SCALES.config("default", { model: { chunks: 16 } } as never), /metala model: unknown config key 'chunks'; known keys: mixer, vocabSize/);
});

function results(accs: Record<string, number>, updated: Record<string, number>): MetalaResults {
  const row = (mixer: string, best: number, bu = NaN, bk = NaN): SummaryRow => ({ mixer, d: 64, best, sd: 0, mean: best, bestUpdated: bu, bestKept: bk, runs: 1 });
  const stat = (group: StaticRow["group"], mse: number): StaticRow => ({ group, sigma: 1, map: 0, mse, log10Mse: Math.log10(mse) });
  const eff = (mixer: string, T: number, ms: number): EfficiencyRow => ({ mixer, T, msPerToken: ms });
  return {
    fig3: ["softmax", "linear", "retnet", "gla", "metala"].map((m) => row(m, accs[m])),
    ablation: ["metala", "metala-noconv", "metala-noaug", "metala-key"].map((m) => row(m, accs[m])),
    forgetting: ["linear", "retnet", "gla", "metala"].map((m) => row(m, 0, updated[m], 0.9)),
    staticApprox: [stat("Q,K,Λt", 1e-5), stat("Q,Λt", 1e-9), stat("Q,K", 1e-5), stat("K,Λ", 1e-2), stat("Λ", 30), stat("Λt", 1e-2)],
    efficiency: [eff("metala", 64, 1), eff("metala", 512, 1.1), eff("softmax", 64, 1), eff("softmax", 512, 4)],
  };
}

test("claims hold on results shaped like the paper's and fail on reversed ones", () => {
  const good = { softmax: 1, linear: 0.3, retnet: 0.4, gla: 0.8, metala: 0.85, "metala-noconv": 0.2, "metala-noaug": 0.84, "metala-key": 0.83 };
  const upd = { linear: 0.1, retnet: 0.2, gla: 0.7, metala: 0.8 };
  const ok = metalaClaims(results(good, upd), "test");
  assert.equal(ok.length, 13);
  const holds = (c: (typeof ok)[number]): boolean => {
    const x = c.ours as number, k = c.compare;
    if (k.kind === "atLeast") return x >= (k.value as number);
    if (k.kind === "atMost") return x <= (k.value as number);
    if (k.kind === "direction") return k.expect === "greater" ? x > (k.than ?? 0) : x < (k.than ?? 0);
    throw new Error(k.kind);
  };
  for (const c of ok) assert.ok(holds(c), `${c.id} should hold on paper-shaped results (ours ${c.ours})`);
  const bad = { softmax: 0.5, linear: 0.9, retnet: 0.5, gla: 0.4, metala: 0.2, "metala-noconv": 0.6, "metala-noaug": 0.05, "metala-key": 0.9 };
  const failing = metalaClaims(results(bad, { linear: 0.9, retnet: 0.9, gla: 0.1, metala: 0.1 }), "test").filter((c) => !holds(c)).map((c) => c.id);
  for (const id of ["fig3-metala-ge-gla", "fig3-gla-gt-retnet", "fig3-retnet-ge-linear", "fig3-softmax-solves", "c1-forgetting-updated", "tab8-key-redundant", "tab8-noconv-hurts", "tab8-noaug-small"]) {
    assert.ok(failing.includes(id), `${id} must be able to fail`);
  }
  assert.equal(growth([{ mixer: "a", T: 64, msPerToken: 2 }, { mixer: "a", T: 512, msPerToken: 6 }], "a"), 3);
});
