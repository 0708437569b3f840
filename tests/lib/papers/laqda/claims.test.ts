/**
 * LAQDA claims and figures from small hand-made results: each claim computes the per-seed difference it states,
 * the regime guards turn a weak baseline into "not measured", and every named figure renders a non-blank SVG.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkRegime } from "../../../../lib/kit";
import { renderSvg } from "../../../../lib/viz/render";
import { claimSpecs, setClaimSpecs } from "../../../../lib/papers/laqda/claims";
import type { SetResults } from "../../../../lib/papers/laqda/sets";
import type { LaqdaResults, MethodRow } from "../../../../lib/papers/laqda/experiment";
import { assertFigureLayout } from "../../viz/helpers";
import { figAblation, figDifficulty, figFeatureSpace, figHardEpisodes, figMainTable, figSensitivity, figSetsTable, figTransportPrecision } from "../../../../lib/papers/laqda/figures";

const ACC: Record<string, number> = { "TF-IDF": 0.3, "mean-vector PN": 0.35, PN: 0.45, "PN+topR": 0.5, "PN+OT": 0.52, "PN+LA": 0.47, "LA+topR": 0.5, "LA+OT": 0.53, "LA (random names)": 0.452 };

function results(pn = 0.45, accDouble = pn + 0.004): LaqdaResults {
  const main: MethodRow[] = [];
  for (const seed of [0, 1, 2]) for (const K of [1, 5]) for (const [m, a] of Object.entries(ACC)) {
    const acc = (m === "PN" ? pn : a) + (K === 5 ? 0.1 : 0) + seed * 0.001 - (K === 5 && m === "LA+OT" ? 0.05 : 0);
    main.push({ seed, K, method: m, acc, ci: 0.02, hardAcc: acc - (m === "PN+LA" ? 0.05 : 0.1) });
  }
  return {
    main,
    fisher: [0, 1, 2].flatMap((seed) => [{ seed, K: 1, model: "PN" as const, ratio: 1 }, { seed, K: 1, model: "PN+LA" as const, ratio: 1.2 }]),
    sensitivity: [0, 1, 2].flatMap((seed) => [
      ...[1, 4, 16].map((value, i) => ({ seed, knob: "R" as const, value, method: "LA+topR" as const, acc: [0.5, 0.52, 0.4][i] })),
      ...[0.02, 0.2].map((value, i) => ({ seed, knob: "ε" as const, value, method: "LA+OT" as const, acc: [0.53, 0.52][i] })),
    ]),
    imbalance: [0, 1, 2].flatMap((seed) => [
      { seed, setting: "balanced" as const, plain: 0.47, ot: 0.53, topR: 0.5 }, { seed, setting: "imbalanced" as const, plain: 0.46, ot: 0.48, topR: 0.47 }, { seed, setting: "Q = 1" as const, plain: 0.4, ot: 0.405, topR: 0.4 },
    ]),
    transport: [0, 1, 2, 3].map((e) => ({ seed: 0, episode: e, mass: 0.3 + e * 0.1, delta: e * 0.02 - 0.02, topRPrecision: 0.5 })),
    feature: ["PN", "LA+OT"].flatMap((model) => [0, 1, 2].flatMap((cls) => [
      { model, kind: "support" as const, cls, x: cls, y: 0 }, { model, kind: "query" as const, cls, x: cls + 0.2, y: 0.3 },
      { model, kind: "prototype" as const, cls, x: cls, y: 0 }, { model, kind: "refined" as const, cls, x: cls + 0.1, y: 0.1, x0: cls, y0: 0 },
    ])),
    timing: [], plateau: [{ seed: 0, K: 1, steps: 100, acc: pn, accDouble }], coverage: 0.85, wallS: 1,
  };
}

test("claims: per-seed differences, directions and ranges as stated, guards from the PN regime", () => {
  const c = claimSpecs(results(), 5, "test");
  const by = (id: string) => c.find((x) => x.id === id)!;
  assert.equal(c.length, 13);
  assert.ok(Math.abs((by("c1-ot-beats-pn-1shot").ours ?? NaN) - 0.08) < 1e-9);
  assert.deepEqual(by("c1-ot-beats-pn-1shot").samples?.map((x) => Number(x.toFixed(6))), [0.08, 0.08, 0.08]);
  assert.ok(Math.abs((by("c1-gain-larger-1shot").ours ?? NaN) - 0.05) < 1e-9);
  assert.ok(Math.abs((by("c2-la-gain-hard").ours ?? NaN) - 0.05) < 1e-9, "hard gain − mixed gain");
  assert.ok(Math.abs((by("c2-random-names-no-gain").ours ?? NaN) - 0.002) < 1e-9);
  assert.ok(Math.abs((by("c3-fisher-ratio-up").ours ?? NaN) - 1.2) < 1e-9);
  assert.ok(Math.abs((by("c4-ot-flatter").ours ?? NaN) - (0.01 - 0.12)) < 1e-9);
  assert.ok(Math.abs((by("c4-topr-falls-past-q").ours ?? NaN) - (0.4 - 0.52)) < 1e-9);
  assert.ok(Math.abs((by("c5-imbalance-cuts-ot-gain").ours ?? NaN) - (0.02 - 0.06)) < 1e-9);
  assert.ok(Math.abs((by("c5-q1-gain-near-zero").ours ?? NaN) - 0.005) < 1e-9);
  assert.ok(checkRegime(by("c1-ot-beats-pn-1shot").guards ?? []).ok);
  const weak = claimSpecs(results(0.28), 5, "test");
  const g = checkRegime(weak[0].guards ?? []);
  assert.equal(g.ok, false, "PN at 0.28 (< chance + 0.10) is outside the regime");
  assert.match(g.reason, /PN 1-shot accuracy/);
  const moving = checkRegime(claimSpecs(results(0.45, 0.47), 5, "test")[0].guards ?? []);
  assert.equal(moving.ok, false, "PN still gaining 2 points with 2 × episodes: not at its plateau");
  assert.match(moving.reason, /PN plateau/);
  const unchecked = checkRegime(claimSpecs({ ...results(), plateau: [] }, 5, "test")[0].guards ?? []);
  assert.equal(unchecked.ok, false, "no plateau check: not measured");
});

/** Hand-made set results: synthetic over 3 seeds (PN+LA gains 0.02 at β 0.1, 0.06 at β 0.6), Brown one seed. */
function setResults(pn = 0.45, accDouble = pn + 0.003): SetResults {
  const rows: SetResults["rows"] = [];
  for (const seed of [0, 1, 2]) for (const K of [1, 5]) for (const [m, a] of Object.entries(ACC)) {
    if (m === "LA (random names)") continue;
    rows.push({ set: "synthetic", claim: true, seed, K, method: m, acc: (m === "PN" ? pn : a) + seed * 0.002 + (K === 5 ? 0.1 : 0), ci: 0.02 });
    if (seed === 0) rows.push({ set: "brown", claim: false, seed, K, method: m, acc: a - 0.1, ci: 0.03 });
  }
  const difficulty: SetResults["difficulty"] = [];
  for (const seed of [0, 1, 2]) for (const [knob, values] of [["β", [0.1, 0.35, 0.6]], ["M", [1, 3, 6]]] as const) values.forEach((value, i) => {
    const pnAcc = 0.6 - 0.1 * i;
    for (const [method, acc] of [["TF-IDF", pnAcc + 0.1], ["PN", pnAcc], ["PN+OT", pnAcc + 0.03], ["PN+LA", pnAcc + (knob === "β" ? 0.02 + 0.02 * i : 0.01)], ["LA+OT", pnAcc + 0.05]] as const) {
      difficulty.push({ seed, knob, value, method, acc: acc + seed * 0.001 });
    }
  });
  return { rows, difficulty, plateau: [{ set: "synthetic", seed: 0, K: 1, steps: 100, acc: pn, accDouble }], info: [] };
}

test("synthetic-set claims: per-seed gains, the β trend of the adapter's gain, guards on the synthetic PN", () => {
  const c = setClaimSpecs(setResults(), 5, "test");
  assert.deepEqual(c.map((x) => x.id), ["c1-synth-ot-beats-pn-1shot", "c2-synth-la-beats-pn-1shot", "c2-synth-la-gain-grows-with-beta"]);
  assert.deepEqual(c[0].samples?.map((x) => Number(x.toFixed(6))), [0.08, 0.08, 0.08]);
  assert.ok(Math.abs((c[1].ours ?? NaN) - 0.02) < 1e-9);
  assert.deepEqual(c[2].samples?.map((x) => Number(x.toFixed(6))), [0.04, 0.04, 0.04], "gain at β 0.6 (0.06) − gain at β 0.1 (0.02)");
  assert.ok(checkRegime(c[0].guards ?? []).ok);
  const weak = checkRegime(setClaimSpecs(setResults(0.25), 5, "test")[0].guards ?? []);
  assert.equal(weak.ok, false, "synthetic PN below TF-IDF and chance + 0.10: not measured");
  assert.match(weak.reason, /synthetic: PN/);
  assert.equal(checkRegime(setClaimSpecs(setResults(0.45, 0.47), 5, "test")[0].guards ?? []).ok, false, "synthetic PN still moving");
  assert.deepEqual(setClaimSpecs({ ...setResults(), rows: setResults().rows.filter((r) => r.set !== "synthetic") }, 5, "test"), [], "no synthetic rows, no claims (Brown is not a claim)");
});

test("every laqda figure compiles and renders a non-blank SVG", async () => {
  const r = results();
  const specs = {
    fig_main_table: figMainTable(r.main), fig_ablation: figAblation(r.main), fig_feature_space: figFeatureSpace(r.feature),
    fig_sensitivity: figSensitivity(r.sensitivity), fig_hard_episodes: figHardEpisodes(r.main), fig_transport_precision: figTransportPrecision(r.transport),
    fig_difficulty: figDifficulty(setResults().difficulty), fig_main_table_sets: figSetsTable(setResults().rows),
  };
  for (const [name, spec] of Object.entries(specs)) {
    await assertFigureLayout(`laqda ${name}`, spec);
    const svg = await renderSvg(spec);
    assert.ok(svg.startsWith("<svg") && svg.length > 2000, `${name}: SVG of ${svg.length} chars`);
    assert.ok((svg.match(/<path|<rect|<line/g) ?? []).length > 5, `${name}: drawn marks`);
  }
});
