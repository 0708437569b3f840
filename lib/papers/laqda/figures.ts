/**
 * LAQDA (arXiv 2410.10454) figures as typed Vega-Lite specs (`lab.kit.figure`), pure functions of result rows, named
 * after the card §5: fig_main_table (WordNet; fig_main_table_sets: the other sets), fig_ablation, fig_feature_space,
 * fig_sensitivity, fig_difficulty (synthetic β, M; fig_hard_episodes: WordNet's one-part-of-speech episodes),
 * fig_transport_precision. Accuracy figures draw the 5-way chance line; error bars are sd over seeds.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule, spreadOf, withReference } from "../../kit";
import { groupedBars } from "../../viz/bars";
import { summarize, type LaqdaResults, type MethodRow } from "./experiment";
import { DIFFICULTY_METHODS, type DifficultyRow, type SetRow } from "./sets";

/** Method order of the tables. */
export const METHOD_ORDER = ["TF-IDF", "mean-vector PN", "PN", "PN [CLS]", "PN+topR", "PN+OT", "PN+LA", "LA+topR", "LA+OT", "LA (random names)"];

/** Main table (the paper's main comparison): accuracy per method, one bar per K, sd over seeds, chance line. */
export function figMainTable(rows: readonly MethodRow[], N = 5): TopLevelSpec {
  const values = summarize(rows).sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || a.K - b.K).map((r) => ({ method: r.method, shots: `${r.K}-shot`, accuracy: r.acc, sd: r.sd }));
  const spec = groupedBars(values, { group: "method", series: "shots", value: "accuracy", err: "sd", domain: [0, 1], labels: ".2f", title: `${N}-way accuracy on WordNet lexname glosses (mean ± sd over seeds; OT = card's reconstruction, topR = as released)` });
  return withReference(spec, 1 / N, `chance (${N}-way)`);
}

/** Ablation (without LA / without QDA / top-R instead of OT): Δaccuracy vs the full model LA+OT, per K. */
export function figAblation(rows: readonly MethodRow[]): TopLevelSpec {
  const s = summarize(rows);
  const variants: [string, string][] = [["PN+OT", "w/o label adapter"], ["PN+LA", "w/o query augmentation"], ["PN", "w/o both (PN)"], ["LA+topR", "top-R instead of OT"]];
  const values = variants.flatMap(([m, label]) => [...new Set(s.map((r) => r.K))].map((K) => {
    const full = s.find((r) => r.method === "LA+OT" && r.K === K), v = s.find((r) => r.method === m && r.K === K);
    return { variant: label, shots: `${K}-shot`, delta: v && full ? v.acc - full.acc : NaN, sd: v?.sd ?? 0 };
  })).filter((x) => Number.isFinite(x.delta)).map((x) => ({ ...x, lo: x.delta - x.sd, hi: x.delta + x.sd }));
  return figure({
    title: "Ablation: Δaccuracy vs LA+OT (negative = the removed part helped)", width: 320, height: 160, data: { values },
    encoding: { y: { field: "variant", type: "nominal", title: null, sort: null }, color: { field: "shots", type: "nominal" }, yOffset: { field: "shots" } },
    layer: [
      { mark: { type: "point", filled: true, size: 60 }, encoding: { x: { field: "delta", type: "quantitative", title: "Δ accuracy vs LA+OT" } } },
      { mark: "rule", encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
      referenceRule(0, "full model", { channel: "x" }),
    ],
  });
}

/** Feature space of one 3-way 1-shot episode (2-D PCA per model): supports, queries, c⁰ and its refined prototype. */
export function figFeatureSpace(points: LaqdaResults["feature"]): TopLevelSpec {
  return figure({
    title: "One 3-way 1-shot episode (PCA): plain prototypes c⁰ → OT-refined prototypes", data: { values: points.map((p) => ({ ...p, cls: `class ${p.cls}` })) },
    facet: { column: { field: "model", type: "nominal", title: null } }, resolve: { scale: { x: "independent", y: "independent" } },
    spec: {
      width: 220, height: 200,
      layer: [
        { transform: [{ filter: "datum.kind === 'refined'" }], mark: { type: "rule", strokeDash: [3, 2] }, encoding: { x: { field: "x0", type: "quantitative" }, y: { field: "y0", type: "quantitative" }, x2: { field: "x" }, y2: { field: "y" }, color: { field: "cls", type: "nominal" } } },
        {
          mark: { type: "point", filled: true },
          encoding: {
            x: { field: "x", type: "quantitative", title: "PC 1" }, y: { field: "y", type: "quantitative", title: "PC 2" }, color: { field: "cls", type: "nominal", title: "class" },
            shape: { field: "kind", type: "nominal", scale: { domain: ["support", "query", "prototype", "refined"], range: ["square", "circle", "triangle-up", "diamond"] } },
            size: { field: "kind", type: "nominal", scale: { domain: ["support", "query", "prototype", "refined"], range: [90, 30, 140, 140] }, legend: null },
          },
        },
      ],
    },
  });
}

/** Sensitivity: LA+topR over R and LA+OT over ε (log x), mean ± sd over seeds. */
export function figSensitivity(rows: LaqdaResults["sensitivity"], N = 5): TopLevelSpec {
  const keys = [...new Set(rows.map((r) => `${r.knob}|${r.value}|${r.method}`))];
  const values = keys.map((k) => {
    const rs = rows.filter((r) => `${r.knob}|${r.value}|${r.method}` === k);
    const m = rs.reduce((a, r) => a + r.acc, 0) / rs.length;
    const sd = rs.length > 1 ? Math.sqrt(rs.reduce((a, r) => a + (r.acc - m) ** 2, 0) / (rs.length - 1)) : 0;
    return { knob: rs[0].knob === "R" ? "top-R: R (queries per support)" : "OT: ε (mean-normalised cost)", value: rs[0].value, method: rs[0].method, accuracy: m, lo: m - sd, hi: m + sd };
  });
  return figure({
    title: "Sensitivity (1-shot, adapter model): top-R over R, OT over ε", data: { values },
    facet: { column: { field: "knob", type: "nominal", title: null } }, resolve: { scale: { x: "independent" } },
    spec: {
      width: 220, height: 180,
      encoding: { x: { field: "value", type: "quantitative", scale: { type: "log" }, title: "value" }, color: { field: "method", type: "nominal" } },
      layer: [
        { mark: { type: "line", point: true }, encoding: { y: { field: "accuracy", type: "quantitative", scale: { zero: false }, title: "accuracy" } } },
        { mark: "errorbar", encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
        referenceRule(1 / N, `chance (${N}-way)`),
      ],
    },
  });
}

/** Hard episodes on WordNet: accuracy on mixed vs hard (one part of speech) episodes per method (C2). */
export function figHardEpisodes(rows: readonly MethodRow[], N = 5): TopLevelSpec {
  const values = summarize(rows).filter((r) => ["TF-IDF", "PN", "PN+LA", "LA+OT", "LA+topR"].includes(r.method)).flatMap((r) => [
    { method: r.method, shots: `${r.K}-shot`, episodes: "mixed", accuracy: r.acc },
    { method: r.method, shots: `${r.K}-shot`, episodes: "hard (one part of speech)", accuracy: r.hardAcc },
  ]);
  return figure({
    // The chance line is named in the subtitle, not at its right end, where a method's "hard" point can sit on it.
    title: { text: "Episode difficulty: classes from both parts of speech vs from one", subtitle: `dashed: chance (${N}-way) = ${(1 / N).toFixed(2)}` }, data: { values },
    facet: { column: { field: "shots", type: "nominal", title: null } },
    spec: {
      width: 200, height: 180,
      layer: [
        { mark: { type: "line", point: true }, encoding: { x: { field: "episodes", type: "nominal", sort: ["mixed", "hard (one part of speech)"], title: null }, y: { field: "accuracy", type: "quantitative", scale: { domain: [0, 1] } }, color: { field: "method", type: "nominal" } } },
        referenceRule(1 / N, ""),
      ],
    },
  });
}

/**
 * Difficulty on the synthetic set (card: x = generator β, a second facet for M): accuracy of the default-trained
 * encoders on first-K test episodes of the set regenerated at each value, mean ± sd over seeds, chance line.
 */
export function figDifficulty(rows: readonly DifficultyRow[], N = 5): TopLevelSpec {
  const keys = [...new Set(rows.map((r) => `${r.knob}|${r.value}|${r.method}`))];
  const values = keys.map((k) => {
    const rs = rows.filter((r) => `${r.knob}|${r.value}|${r.method}` === k);
    const sp = spreadOf(rs.map((r) => r.acc));
    const sd = sp.n > 1 ? sp.sd : 0;
    const knob = rs[0].knob === "β" ? "β: P(super-topic word), closeness of sibling classes" : "M: sub-modes per class (intra-class spread)";
    return { knob, value: rs[0].value, method: rs[0].method, accuracy: sp.mean, lo: sp.mean - sd, hi: sp.mean + sd };
  });
  return figure({
    title: { text: "Synthetic set: accuracy vs the generator's difficulty knobs (1-shot)", subtitle: `dashed: chance (${N}-way) = ${(1 / N).toFixed(2)}; one encoder per seed, tested on regenerated sets` }, data: { values },
    facet: { column: { field: "knob", type: "nominal", title: null } }, resolve: { scale: { x: "independent" } },
    spec: {
      width: 220, height: 180,
      encoding: { x: { field: "value", type: "quantitative", title: "value" }, color: { field: "method", type: "nominal", sort: DIFFICULTY_METHODS } },
      layer: [
        { mark: { type: "line", point: true }, encoding: { y: { field: "accuracy", type: "quantitative", scale: { domain: [0, 1] } } } },
        { mark: "errorbar", encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
        referenceRule(1 / N, ""),
      ],
    },
  });
}

/** The card's main-table facet per dataset for the other sets: accuracy per method and K (sd over seeds where > 1). */
export function figSetsTable(rows: readonly SetRow[], N = 5): TopLevelSpec {
  const values = [...new Set(rows.map((r) => r.set))].flatMap((set) => summarize(rows.filter((r) => r.set === set)).map((r) => ({ set: `${set}${rows.find((x) => x.set === set)?.claim ? "" : " (1 seed, not a claim)"}`, method: r.method, shots: `${r.K}-shot`, accuracy: r.acc, lo: r.acc - r.sd, hi: r.acc + r.sd })));
  return figure({
    title: { text: "Other sets: accuracy per method (synthetic: mean ± sd over seeds)", subtitle: `dashed: chance (${N}-way) = ${(1 / N).toFixed(2)}; OT = card's reconstruction, topR = as released` }, data: { values },
    facet: { column: { field: "set", type: "nominal", title: null } },
    spec: {
      width: 200, height: 180,
      encoding: { x: { field: "method", type: "nominal", sort: METHOD_ORDER, title: null }, xOffset: { field: "shots" }, color: { field: "shots", type: "nominal" } },
      layer: [
        { mark: "bar", encoding: { y: { field: "accuracy", type: "quantitative", scale: { domain: [0, 1] } } } },
        { mark: "errorbar", encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
        referenceRule(1 / N, ""),
      ],
    },
  });
}

/** Transport precision: per test episode, Π's mass on the right class vs OT's accuracy gain over plain prototypes. */
export function figTransportPrecision(rows: LaqdaResults["transport"]): TopLevelSpec {
  return figure({
    title: "Per episode: OT plan's mass on the right class vs Δaccuracy (LA+OT − LA), 1-shot", width: 300, height: 220, data: { values: rows },
    layer: [
      { mark: { type: "point", opacity: 0.4 }, encoding: { x: { field: "mass", type: "quantitative", title: "mass of Π on correct-class queries", scale: { domain: [0, 1] } }, y: { field: "delta", type: "quantitative", title: "Δ accuracy (OT − plain)" }, color: { field: "seed", type: "nominal" } } },
      { mark: { type: "line", color: "black" }, transform: [{ loess: "delta", on: "mass" }], encoding: { x: { field: "mass", type: "quantitative" }, y: { field: "delta", type: "quantitative" } } },
      referenceRule(0, "no gain"),
    ],
  });
}
