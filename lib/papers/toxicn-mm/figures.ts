/**
 * ToxiCN MM figures as typed Vega-Lite specs (`lab.kit.figure`), pure functions of the results, named after the
 * card §5: fig_dataset_stats, fig_main_detection, fig_type_f1, fig_modality_recall, fig_knowledge_noise,
 * fig_confusion_task2. Error bars are sd over seeds; reference lines mark the paper's band and the latent ceiling.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule, spreadOf, withReference } from "../../kit";
import { groupedBars } from "../../viz/bars";
import { label, runsOf, summarizeMain, type StatRow, type ToxicnResults } from "./experiment";
import { MODAL_NAMES, TYPE_NAMES } from "./pools";
import { THRESHOLDS } from "./claims";

/** Dataset statistics: harmful train counts per type, stacked by modality; real counts beside the stand-in's. */
export function figDatasetStats(rows: readonly StatRow[]): TopLevelSpec {
  return figure({
    title: "Harmful train memes by type and modality: real ToxiCN MM v1 counts (numbers only) vs the neutral stand-in",
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { column: { field: "source", type: "nominal", title: null } },
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 220, height: 180, mark: "bar",
      encoding: {
        x: { field: "type", type: "nominal", sort: TYPE_NAMES.slice(1), title: null },
        y: { field: "count", type: "quantitative", title: "memes" },
        color: { field: "modality", type: "nominal", sort: MODAL_NAMES.slice(1) },
      },
    },
  });
}

/** Main detection table: macro-F1 per model (mean ± sd over seeds), per task; paper band and latent ceiling as lines. */
export function figMainDetection(r: ToxicnResults): TopLevelSpec {
  const values = summarizeMain(r.main).map((s) => ({ model: s.model, task: `task ${s.task}`, f1: s.f1, sd: s.f1Sd, f1Harm: s.f1Harm }));
  // The bars' value labels reach the band's height, so the two lines are labelled right of the plot (legend on top).
  let spec = groupedBars(values, { group: "model", series: "task", value: "f1", err: "sd", domain: [0, 100], labels: ".1f", title: "Macro-F1 on the stand-in test set (mean ± sd over seeds; not comparable to the paper)", config: { legend: { orient: "top" } } });
  spec = withReference(spec, THRESHOLDS.bandLo, `paper baseline band ${THRESHOLDS.bandLo}–${THRESHOLDS.bandHi} (task 1)`, { color: "#888", labelOutside: true });
  return withReference(spec, r.ceiling.task1.f1, `latent ceiling task 1 (${r.ceiling.task1.f1.toFixed(1)})`, { color: "#c44", labelOutside: true });
}

/** Type discrimination: per-type F1 of concat and MKE on task 2 (mean over seeds). */
export function figTypeF1(r: ToxicnResults): TopLevelSpec {
  const values = (["concat", "mke"] as const).flatMap((k) => {
    const rs = runsOf(r.main, k, 2);
    return TYPE_NAMES.map((t, c) => ({ model: k === "mke" ? "MKE" : k, type: t, f1: rs.length ? rs.reduce((s, x) => s + x.test.perClass[c], 0) / rs.length : NaN }));
  }).filter((x) => Number.isFinite(x.f1));
  return groupedBars(values, { group: "type", series: "model", value: "f1", domain: [0, 100], labels: ".0f", title: "Task 2: F1 per type (mean over seeds)" });
}

/** Modality analysis: harmful recall per model (task 1, mean over seeds) on each modality subset. */
export function figModalityRecall(r: ToxicnResults): TopLevelSpec {
  const values = (["text", "image", "concat", "mke"] as const).flatMap((k) => {
    const rs = runsOf(r.main, k, 1);
    return (["fusion", "text", "image", "both"] as const).map((m) => ({ model: k === "mke" ? "MKE" : k, subset: m, recall: rs.length ? rs.reduce((s, x) => s + x.recall[m], 0) / rs.length : NaN }));
  }).filter((x) => Number.isFinite(x.recall));
  return figure({
    title: "Harmful recall by modality subset (task 1, mean over seeds)", data: { values }, width: 240, height: 160,
    encoding: { x: { field: "subset", type: "nominal", sort: ["fusion", "text", "image", "both"] }, y: { field: "model", type: "nominal", sort: ["text", "image", "concat", "MKE"] } },
    layer: [
      { mark: "rect", encoding: { color: { field: "recall", type: "quantitative", scale: { domain: [0, 100] } } } },
      { mark: { type: "text" }, encoding: { text: { field: "recall", type: "quantitative", format: ".0f" } } },
    ],
  });
}

/** Knowledge noise: MKE task-1 macro-F1 over ρ per description style, mean ± sd over seeds; concat (mean) as a line. */
export function figKnowledgeNoise(r: ToxicnResults): TopLevelSpec {
  const seeds = new Set(r.noise.map((x) => x.spec.seed));
  const runs = [...runsOf(r.main, "mke", 1).filter((x) => seeds.has(x.spec.seed)), ...r.noise];
  const cells = new Map<string, { rho: number; style: string; f1: number[] }>();
  for (const x of runs) {
    const style = x.spec.style === "judged" ? "judgmental" : "judgment-free";
    const c = cells.get(`${style}|${x.spec.rho}`) ?? { rho: x.spec.rho, style, f1: [] };
    c.f1.push(x.test.f1);
    cells.set(`${style}|${x.spec.rho}`, c);
  }
  const values = [...cells.values()].map((c) => {
    const s = spreadOf(c.f1);
    return { rho: c.rho, style: c.style, task: "task 1", f1: s.mean, lo: s.mean - (s.sd || 0), hi: s.mean + (s.sd || 0), n: c.f1.length };
  });
  const concat = runsOf(r.main, "concat", 1);
  const c = concat.length ? spreadOf(concat.map((x) => x.test.f1)).mean : NaN;
  const x = { field: "rho", type: "quantitative", title: "ρ (share of descriptions replaced)" } as const;
  return figure({
    // A point at ρ = 1 can sit on the concat line's right end: its label goes right of the plot (legend on top).
    title: `MKE vs knowledge corruption ρ (mean ± sd over ${seeds.size} seed(s))`, data: { values }, width: 300, height: 180, config: { legend: { orient: "top" } },
    layer: [
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "f1", type: "quantitative", title: "macro-F1", scale: { zero: false } }, color: { field: "style", type: "nominal" }, strokeDash: { field: "task", type: "nominal" } } },
      { mark: "errorbar", encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color: { field: "style", type: "nominal" } } },
      ...(Number.isFinite(c) ? [referenceRule(c, `concat (${c.toFixed(1)})`, { labelOutside: true })] : []),
    ],
  });
}

/** Task-2 confusion matrix of MKE (first seed), normalised by row. */
export function figConfusionTask2(r: ToxicnResults): TopLevelSpec {
  const run = runsOf(r.main, "mke", 2)[0];
  const cm = run?.test.cm ?? [];
  const values = cm.flatMap((row, i) => {
    const n = row.reduce((a, b) => a + b, 0);
    return row.map((v, j) => ({ truth: TYPE_NAMES[i], predicted: TYPE_NAMES[j], share: n ? v / n : 0 }));
  });
  return figure({
    title: `Task 2 confusion of MKE (${run ? label(run.spec) : "not run"}, row-normalised)`, data: { values }, width: 220, height: 220,
    encoding: { x: { field: "predicted", type: "nominal", sort: [...TYPE_NAMES] }, y: { field: "truth", type: "nominal", sort: [...TYPE_NAMES] } },
    layer: [
      { mark: "rect", encoding: { color: { field: "share", type: "quantitative", scale: { domain: [0, 1] } } } },
      { mark: "text", encoding: { text: { field: "share", type: "quantitative", format: ".2f" } } },
    ],
  });
}

/** Every figure by name (what the notebook shows and `paperlab reproduce` writes). */
export function allFigures(r: ToxicnResults): Record<string, TopLevelSpec> {
  return {
    fig_dataset_stats: figDatasetStats(r.stats), fig_main_detection: figMainDetection(r), fig_type_f1: figTypeF1(r),
    fig_modality_recall: figModalityRecall(r), fig_knowledge_noise: figKnowledgeNoise(r), fig_confusion_task2: figConfusionTask2(r),
  };
}
