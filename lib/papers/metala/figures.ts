/**
 * MetaLA (arXiv 2411.10741) figures as typed Vega-Lite specs (`lab.kit.figure`, lib/viz's bars and curves): pure
 * functions of result rows; the notebook shows them with `lab.viz.show(spec, { name })`. Names follow the card §5:
 * fig3_mqar_acc_vs_dim, tab2_static_approx, c1_forgetting, tab8_ablation, learning_curves, figA2_efficiency, plus
 * c2_fixed_decay (C2's fixed-decay case, a card item the table alone does not show).
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule, spreadOf, withReference, type FigureBody } from "../../kit";
import type { MqarTask } from "./data";
import { groupedBars } from "../../viz/bars";
import { trainingCurves } from "../../viz/curves";
import type { RunResult } from "./train";
import { costSlope, curveRows, type CostSlope, type DistantRow, type EfficiencyRow, type StaticRow, type SummaryRow } from "./experiment";
import { TABLE2 } from "./static-approx";

/**
 * Chance levels of an MQAR answer: `uniform` = 2/V (values are drawn from the upper half of the vocabulary);
 * `context` = 1/kv, a model that has learned the format and copies one of the kv values in its context without
 * binding it to the queried key. Recall starts above 1/kv.
 */
export function mqarChance(task: Pick<MqarTask, "vocabSize" | "numKvPairs">): { uniform: number; context: number } {
  return { uniform: 2 / task.vocabSize, context: 1 / task.numKvPairs };
}

/** The two chance lines of an accuracy figure. */
function chanceRules(task: Pick<MqarTask, "vocabSize" | "numKvPairs">): FigureBody[] {
  const c = mqarChance(task);
  return [referenceRule(c.uniform, `uniform guess 2/V = ${c.uniform.toFixed(3)}`), referenceRule(c.context, `copy a context value 1/kv = ${c.context.toFixed(2)}`)];
}

/** Fig. 3: MQAR accuracy (best over lr, mean over seeds) vs width, one line per mixer, ± sd over seeds, chance line. */
export function fig3Spec(rows: readonly SummaryRow[], task: MqarTask, title = "MQAR accuracy vs width (best over learning rate, mean ± sd over seeds)"): TopLevelSpec {
  const values = rows.map((r) => ({ mixer: r.mixer, d: r.d, accuracy: r.best, lo: Math.max(0, r.best - r.sd), hi: Math.min(1, r.best + r.sd), mean: r.mean, seeds: r.seeds.length }));
  const y = { type: "quantitative", scale: { domain: [0, 1] }, title: "test accuracy" };
  return figure({
    title, width: 220, height: 180,
    layer: [
      {
        // mixers side by side within each width (xOffset), so the error bars of one width do not hide each other
        data: { values }, encoding: { x: { field: "d", type: "ordinal", title: "model width d", axis: { labelAngle: 0 } }, xOffset: { field: "mixer", type: "nominal" }, color: { field: "mixer", type: "nominal" } },
        layer: [
          { mark: { type: "line", point: true }, encoding: { y: { field: "accuracy", ...y }, tooltip: [{ field: "mixer" }, { field: "d" }, { field: "accuracy", format: ".3f" }, { field: "seeds" }, { field: "mean", format: ".3f", title: "mean over lr" }] } },
          // the error bar's y shares the line's title, so the axis is not titled "test accuracy, lo"
          { mark: { type: "errorbar" }, encoding: { y: { field: "lo", ...y }, y2: { field: "hi" } } },
        ],
      },
      ...chanceRules(task),
    ],
  });
}

/**
 * Table 2: log10 MSE per parameter group, one point per map and a bar at the mean, the paper's C2 verdict (✓/✗)
 * above each group, the fit and stall thresholds as dashed lines; one column per σ. Points rather than boxes: the
 * groups without Q stall at nearly the same MSE on every map, which a box draws as a hairline.
 */
export function tab2Spec(rows: readonly StaticRow[], fitMse: number, stallMse: number): TopLevelSpec {
  const decay = (g: string) => (g.endsWith("Λt") ? "dynamic" : g.includes("Λ") ? "fixed" : "none");
  const values = rows.map((r) => ({ ...r, decay: decay(r.group), paper: TABLE2[r.group].c2 ? "✓" : "✗" }));
  const groups = [...new Set(rows.map((r) => r.group))];
  // The verdict row sits above the highest point and above the stall rule's label (drawn just over the rule).
  const top = Math.max(...rows.map((r) => r.log10Mse), Math.log10(stallMse)) + 2;
  const x = { field: "group", type: "nominal", title: "parameter group", sort: groups, axis: { labelAngle: 0 } };
  const yAxis = { type: "quantitative", title: "log10 MSE", scale: { domain: [Math.min(-12, ...rows.map((r) => r.log10Mse)) - 0.5, top] } };
  return figure({
    title: { text: "Static approximation of causal softmax maps (Table 2, C2)", subtitle: `top row: the paper's C2 verdict; points: one map each, tick: mean; fit = MSE ≤ ${fitMse}, dashed: stall ≥ ${stallMse}` },
    data: { values },
    facet: { column: { field: "sigma", type: "ordinal", title: "σ of the logits" } },
    spec: {
      width: 300, height: 200,
      layer: [
        { mark: { type: "tick", thickness: 2, opacity: 0.6 }, encoding: { x, y: { aggregate: "mean", field: "log10Mse", ...yAxis }, color: { field: "decay", type: "nominal" } } },
        { mark: { type: "point", filled: true, size: 30 }, encoding: { x, y: { field: "log10Mse", ...yAxis }, color: { field: "decay", type: "nominal" }, tooltip: [{ field: "group" }, { field: "map" }, { field: "mse", format: ".2e" }] } },
        { transform: [{ filter: "datum.map === 0" }], mark: { type: "text", fontSize: 13, baseline: "top", dy: 2 }, encoding: { x, y: { datum: top }, text: { field: "paper" } } }, // one mark per group
        // Named in the subtitle, not at the line's end, where a map's point can sit on it (the fit line, ≤ fitMse, is just below).
        referenceRule(Math.log10(stallMse), ""),
      ],
    },
  });
}

/** C1: forgetting MQAR accuracy on updated and kept keys per mixer, mean ± sd over seeds, with the uniform-guess line. */
export function c1Spec(rows: readonly SummaryRow[], task: MqarTask): TopLevelSpec {
  const sd = (xs: number[]) => (xs.length > 1 ? spreadOf(xs).sd : 0);
  const values = rows.flatMap((r) => [
    { mixer: r.mixer, keys: "updated", accuracy: r.bestUpdated, sd: sd(r.updatedBySeed) },
    { mixer: r.mixer, keys: "kept", accuracy: r.bestKept, sd: sd(r.keptBySeed) },
  ]);
  const c = mqarChance(task);
  return withReference(groupedBars(values, { group: "mixer", series: "keys", value: "accuracy", err: "sd", domain: [0, 1], labels: ".2f", width: Math.max(240, 60 * rows.length), title: "Forgetting MQAR (C1): updated vs kept keys (mean ± sd over seeds)" }), c.uniform, `uniform guess 2/V = ${c.uniform.toFixed(3)}`);
}

/** Table 8 on MQAR: accuracy per variant, mean ± sd over seeds, with the chance lines. */
export function tab8Spec(rows: readonly SummaryRow[], task: MqarTask): TopLevelSpec {
  const values = rows.map((r) => ({ variant: r.mixer, accuracy: r.best, sd: r.sd }));
  const c = mqarChance(task);
  const bars = groupedBars(values, { group: "variant", value: "accuracy", err: "sd", domain: [0, 1], labels: ".2f", width: Math.max(240, 70 * values.length), title: "MetaLA ablations on MQAR (Table 8, mean ± sd over seeds)" });
  return withReference(withReference(bars, c.uniform, `uniform 2/V = ${c.uniform.toFixed(3)}`), c.context, `context value 1/kv = ${c.context.toFixed(2)}`);
}

/** C2's fixed-decay case: log10 MSE against map length n for a given fixed decay and for MetaLA's (Q,Λt), one point per map. */
export function c2FixedDecaySpec(rows: readonly DistantRow[], fitMse: number, stallMse: number): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, log10Mse: Math.log10(Math.max(r.mse, 1e-16)) }));
  const x = { field: "n", type: "quantitative", scale: { type: "log", base: 2 }, title: "map length n (mass 0.5 on token 0)" };
  return figure({
    title: { text: "C2: a fixed decay cannot reach distant tokens", subtitle: `maps with mass 0.5 on the first token; d_k = n, |q|, |k| ≤ 5; fit = MSE ≤ ${fitMse}; dashed: stall ≥ ${stallMse}` },
    width: 260, height: 180,
    layer: [
      {
        data: { values },
        layer: [
          { mark: "line", encoding: { x, y: { aggregate: "mean", field: "log10Mse", type: "quantitative", title: "log10 MSE" }, color: { field: "group", type: "nominal", title: "group" } } },
          { mark: { type: "point", filled: true }, encoding: { x, y: { field: "log10Mse", type: "quantitative", title: "log10 MSE" }, color: { field: "group", type: "nominal", title: "group" }, tooltip: [{ field: "group" }, { field: "n" }, { field: "mse", format: ".2e" }, { field: "unreachable", title: "rows out of reach" }] } },
        ],
      },
      referenceRule(Math.log10(stallMse), ""), // named in the subtitle (a point can sit on the line's end); fit (≤ fitMse) is just below
    ],
  });
}

/** Learning curves: test accuracy vs step per run. */
export function curvesSpec(runs: readonly RunResult[]): TopLevelSpec {
  return trainingCurves(curveRows(runs), { x: "step", y: "value", series: "run", seed: "seed", yTitle: "test accuracy", title: "MQAR learning curves" });
}

/**
 * Fig. A2: ms per token vs T (log–log), one line per mixer; filled points are the compute-dominated lengths the
 * slope is fitted on (`costSlope`), hollow ones are dominated by the fixed per-op cost; the legend gives each slope.
 */
export function figA2Spec(rows: readonly EfficiencyRow[], overheadT: number): TopLevelSpec {
  const slopes = new Map([...new Set(rows.map((r) => r.mixer))].map((m) => [m, costSlope(rows, m, overheadT)]));
  const values = rows.filter((r) => r.T !== overheadT).map((r) => {
    const s = slopes.get(r.mixer) as CostSlope;
    return { ...r, series: `${r.mixer} (slope ${Number.isFinite(s.slope) ? s.slope.toFixed(2) : "n/a"})`, fitted: s.lengths.includes(r.T) ? "compute-dominated" : "overhead-dominated" };
  });
  return figure({
    title: { text: "Time per token vs sequence length (fwd + bwd, one mixer)", subtitle: "slope of log time per token: 0 = linear cost, 1 = quadratic; fitted on filled points" },
    width: 260, height: 180, data: { values },
    encoding: {
      x: { field: "T", type: "quantitative", scale: { type: "log", base: 2 }, title: "sequence length T" },
      y: { field: "msPerToken", type: "quantitative", scale: { type: "log" }, title: "ms per token" },
      color: { field: "series", type: "nominal", title: "mixer" },
    },
    layer: [
      { mark: "line" },
      { transform: [{ filter: "datum.fitted === 'compute-dominated'" }], mark: { type: "point", size: 40, filled: true }, encoding: { tooltip: [{ field: "mixer" }, { field: "T" }, { field: "msPerStep", format: ".1f" }] } },
      { transform: [{ filter: "datum.fitted !== 'compute-dominated'" }], mark: { type: "point", size: 40, filled: false }, encoding: { tooltip: [{ field: "mixer" }, { field: "T" }, { field: "msPerStep", format: ".1f" }] } },
    ],
  });
}
