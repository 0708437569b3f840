/**
 * PclGPT figures as typed Vega-Lite specs, pure functions of the results, named after the card §5: fig_main_table,
 * fig_tii_ablation, fig_group_detection, fig_grade_confusion, fig_training_curves, fig_sft_size. Error bars are sd over
 * seeds (bootstrap-free: three seeds); reference lines mark chance (macro-F1 50) and the paper's PclGPT numbers.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, withReference } from "../../kit";
import { groupedBars } from "../../viz/bars";
import { trainingCurves } from "../../viz/curves";
import { confusionMatrix } from "../../viz/heatmap";
import { spreadOf } from "../../kit";
import { f1s } from "./claims";
import { MODELS, SET_LABEL, type PclResults, type SetName } from "./experiment";
import { GRADES } from "./generator";
import { GROUPS_EN } from "./templates";

const SETS: SetName[] = ["dpm", "td", "cpcl"];
const present = (r: PclResults) => SETS.filter((s) => r.rows.some((x) => x.set === s));

/** Main table: macro-F1 per model (mean ± sd over seeds) per stand-in set; chance line at 50. */
export function figMainTable(r: PclResults): TopLevelSpec {
  const values = present(r).flatMap((s) => MODELS.flatMap((m) => {
    const xs = f1s(r, s, m).map((x) => x.f1);
    if (!xs.length) return [];
    const sp = spreadOf(xs);
    return [{ set: SET_LABEL[s], model: m, f1: sp.mean, sd: sp.sd }];
  }));
  // Bars near 50 put their value labels on the line, so it is labelled right of the plot (legend on top).
  const spec = groupedBars(values, { group: "set", series: "model", value: "f1", err: "sd", domain: [0, 100], labels: ".0f", valueTitle: "macro-F1 (%)", title: "Macro-F1 on the stand-in test sets (mean ± sd over seeds; not comparable to the paper)", config: { legend: { orient: "top" } } });
  return withReference(spec, 50, "macro-F1 50 (base LLMs in the paper: 46–51)", { color: "#888", labelOutside: true });
}

/** TII variants as the figure names them: (a) in training only (the default), −TII, (b) generated before the label. */
const TII_VARIANTS = { "PclGPT-mini": "TII in training only (a)", "−TII": "without TII", "TII generated": "TII generated before the label (b)" } as const;

/** −TII ablation: paired dots with a connecting rule per set (mean ± sd over seeds; n seeds in the tooltip). */
export function figTiiAblation(r: PclResults): TopLevelSpec {
  const values = present(r).flatMap((s) => (Object.keys(TII_VARIANTS) as (keyof typeof TII_VARIANTS)[]).flatMap((m) => {
    const xs = f1s(r, s, m).map((x) => x.f1);
    if (!xs.length) return []; // (b) runs on the EN sets only
    const sp = spreadOf(xs);
    return [{ set: SET_LABEL[s], variant: TII_VARIANTS[m], f1: sp.mean, lo: sp.mean - sp.sd, hi: sp.mean + sp.sd, seeds: xs.length }];
  }));
  return figure({
    title: "TII ablation: macro-F1 with TII in training only (a), generated before the label (b), or without (mean ± sd over seeds)",
    data: { values }, width: 320, height: 220,
    encoding: { x: { field: "set", type: "nominal", title: null } },
    layer: [
      { mark: { type: "rule", color: "#999" }, encoding: { y: { aggregate: "min", field: "f1", type: "quantitative" }, y2: { aggregate: "max", field: "f1" } } },
      { mark: { type: "errorbar" }, encoding: { y: { field: "lo", type: "quantitative", title: "macro-F1 (%)", scale: { zero: false } }, y2: { field: "hi" }, color: { field: "variant", type: "nominal" } } },
      { mark: { type: "point", filled: true, size: 80 }, encoding: { y: { field: "f1", type: "quantitative" }, color: { field: "variant", type: "nominal", title: null } } },
    ],
  });
}

/** Group detection: positive-prediction rate per group and model (mean ± sd over seeds), tick = true test rate. */
export function figGroupDetection(r: PclResults): TopLevelSpec {
  const models = ["PclGPT-mini", "encoder", "SFT only"] as const;
  const values = models.flatMap((m) => GROUPS_EN.map((g) => {
    const rows = r.groups.filter((x) => x.model === m && x.group === g);
    const sp = spreadOf(rows.length ? rows.map((x) => x.rate) : [NaN]);
    return { model: m, group: g, rate: sp.mean, sd: sp.sd, truth: rows.length ? rows[0].trueRate : NaN };
  })).filter((v) => Number.isFinite(v.rate));
  return figure({
    title: "DPM-like test: positive-prediction rate per group (mean ± sd over seeds); black tick = true PCL rate",
    data: { values }, width: 420, height: 220,
    encoding: { x: { field: "group", type: "nominal", sort: [...GROUPS_EN], title: null, axis: { labelAngle: -30 } }, xOffset: { field: "model", type: "nominal", sort: [...models] } },
    layer: [
      { mark: "bar", encoding: { y: { field: "rate", type: "quantitative", title: "positive-prediction rate" }, color: { field: "model", type: "nominal", sort: [...models], title: null } } },
      { mark: { type: "errorbar" }, encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } }, transform: [{ calculate: "datum.rate - datum.sd", as: "lo" }, { calculate: "datum.rate + datum.sd", as: "hi" }] },
      { mark: { type: "tick", color: "black", thickness: 2 }, encoding: { y: { field: "truth", type: "quantitative" } } },
    ],
  });
}

/** CN grade confusion (PclGPT-mini, summed over seeds), row-normalised. */
export function figGradeConfusion(r: PclResults): TopLevelSpec {
  return confusionMatrix(r.gradeConfusion, [...GRADES], { title: "CPCL-like grades A–D: PclGPT-mini confusion (rows = true, row-normalised, summed over seeds)" });
}

/** Training curves: loss per step, PT and SFT stages, one panel per language (first seed). */
export function figTrainingCurves(r: PclResults): TopLevelSpec {
  const rows = r.curves.map((c) => ({ step: c.step, loss: c.loss, stage: c.stage, language: c.lang === "en" ? "English" : "Chinese" }));
  return trainingCurves(rows, { x: "step", y: "loss", series: "stage", facet: "language", smooth: 0.6, logY: true, yTitle: "cross-entropy", title: "Training loss: pre-training (next token) and SFT (answer slot), first seed" });
}

/** SFT size: TD-like macro-F1 vs SFT examples, with and without pre-training (one seed). */
export function figSftSize(r: PclResults): TopLevelSpec {
  return figure({
    title: "TD-like macro-F1 vs SFT examples (one seed)",
    data: { values: r.sftSize.map((x) => ({ ...x })) }, width: 320, height: 200,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "size", type: "quantitative", scale: { type: "log" }, title: "SFT examples" },
      y: { field: "f1", type: "quantitative", title: "macro-F1 (%)", scale: { zero: false } },
      color: { field: "pt", type: "nominal", title: null },
    },
  });
}

/** All six figures by name, in the notebook's order. */
export function allFigures(r: PclResults): Record<string, TopLevelSpec> {
  return {
    fig_main_table: figMainTable(r), fig_tii_ablation: figTiiAblation(r), fig_group_detection: figGroupDetection(r),
    fig_grade_confusion: figGradeConfusion(r), fig_training_curves: figTrainingCurves(r), fig_sft_size: figSftSize(r),
  };
}
