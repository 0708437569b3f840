/**
 * MetaLA (arXiv 2411.10741) figures as typed Vega-Lite specs (`lab.kit.figure`, lib/viz's bars and curves): pure
 * functions of result rows; the notebook shows them with `lab.viz.show(spec, { name })`. Names follow the card §5:
 * fig3_mqar_acc_vs_dim, tab2_static_approx, c1_forgetting, tab8_ablation, learning_curves, figA2_efficiency.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure } from "../../kit";
import { groupedBars } from "../../viz/bars";
import { trainingCurves } from "../../viz/curves";
import type { RunResult } from "./train";
import type { EfficiencyRow, StaticRow, SummaryRow } from "./experiment";
import { curveRows } from "./experiment";

/** Fig. 3: MQAR accuracy (best over lr) vs width, one line per mixer, ± sd over seeds. */
export function fig3Spec(rows: readonly SummaryRow[], title = "MQAR accuracy vs width (best over learning rate)"): TopLevelSpec {
  const values = rows.map((r) => ({ mixer: r.mixer, d: r.d, accuracy: r.best, lo: Math.max(0, r.best - r.sd), hi: Math.min(1, r.best + r.sd), mean: r.mean }));
  return figure({
    title, width: 260, height: 180, data: { values },
    encoding: { x: { field: "d", type: "ordinal", title: "model width d" }, color: { field: "mixer", type: "nominal" } },
    layer: [
      { mark: { type: "line", point: true }, encoding: { y: { field: "accuracy", type: "quantitative", scale: { domain: [0, 1] }, title: "test accuracy" }, tooltip: [{ field: "mixer" }, { field: "d" }, { field: "accuracy", format: ".3f" }, { field: "mean", format: ".3f", title: "mean over lr" }] } },
      { mark: "errorbar", encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
    ],
  });
}

/** Table 2: log10 MSE per parameter group (box over maps), one column per σ. */
export function tab2Spec(rows: readonly StaticRow[]): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, decay: r.group.endsWith("Λt") ? "dynamic" : r.group.includes("Λ") ? "fixed" : "none" }));
  return figure({
    title: "Static approximation of causal softmax maps (Table 2, C2)", data: { values },
    facet: { column: { field: "sigma", type: "ordinal", title: "σ of the logits" } },
    spec: {
      width: 240, height: 180, mark: { type: "boxplot", extent: "min-max" },
      encoding: {
        x: { field: "group", type: "nominal", title: "parameter group", sort: null },
        y: { field: "log10Mse", type: "quantitative", title: "log10 MSE" },
        color: { field: "decay", type: "nominal" },
      },
    },
  });
}

/** C1: forgetting MQAR accuracy on updated and kept keys per mixer. */
export function c1Spec(rows: readonly SummaryRow[]): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { mixer: r.mixer, keys: "updated", accuracy: r.bestUpdated },
    { mixer: r.mixer, keys: "kept", accuracy: r.bestKept },
  ]);
  return groupedBars(values, { group: "mixer", series: "keys", value: "accuracy", domain: [0, 1], labels: ".2f", title: "Forgetting MQAR (C1): updated vs kept keys" });
}

/** Table 8 on MQAR: accuracy per variant, mean ± sd over seeds. */
export function tab8Spec(rows: readonly SummaryRow[]): TopLevelSpec {
  const values = rows.map((r) => ({ variant: r.mixer, accuracy: r.best, sd: r.sd }));
  return groupedBars(values, { group: "variant", value: "accuracy", err: "sd", domain: [0, 1], labels: ".2f", title: "MetaLA ablations on MQAR (Table 8)" });
}

/** Learning curves: test accuracy vs step per run. */
export function curvesSpec(runs: readonly RunResult[]): TopLevelSpec {
  return trainingCurves(curveRows(runs), { x: "step", y: "value", series: "run", seed: "seed", yTitle: "test accuracy", title: "MQAR learning curves" });
}

/** Fig. A2: ms per token vs T (log–log), one line per mixer. */
export function figA2Spec(rows: readonly EfficiencyRow[]): TopLevelSpec {
  return figure({
    title: "Time per token vs sequence length (fwd + bwd, one mixer)", width: 260, height: 180, data: { values: rows },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "T", type: "quantitative", scale: { type: "log", base: 2 }, title: "sequence length T" },
      y: { field: "msPerToken", type: "quantitative", scale: { type: "log" }, title: "ms per token" },
      color: { field: "mixer", type: "nominal" },
    },
  });
}
