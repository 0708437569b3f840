/**
 * rheed-qd (arXiv 2411.00332) figures as typed Vega-Lite specs (lab.kit.figure and lib/viz builders), named after
 * the card's §5.4 (the paper's figure numbers are unverified; each names the figure it mirrors):
 * r1_frames / r1_spectra (RHEED vs PL), r2_curves / r2_confusion (training), r3_glam_ablation, r4_closed_loop,
 * r5_spectra / r5_controllers (before/after), r6_attention. Pure functions of result rows.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule } from "../../kit/figures";
import { confusionMatrix, imageGrid } from "../../viz/heatmap";
import { PAPER_NUMBERS, THRESHOLDS } from "./claims";
import type { CellResult, ControlResults } from "./experiment";
import type { LoopResult } from "./closed-loop";

const CLASS_NAMES = ["poor", "fair", "good"];

/** R1 (a): synthetic frames, columns T_set, rows θ (0 = anneal before InAs). */
export function r1Frames(grid: readonly { tSet: number; theta: number; frame: Float32Array }[], size: number): TopLevelSpec {
  const panels = grid.map((g) => ({ data: { values: Array.from(g.frame), shape: [size, size] as [number, number] }, row: g.theta === 0 ? "anneal" : `θ = ${g.theta} ML`, column: `${g.tSet} °C` }));
  return imageGrid(panels, { title: "Synthetic RHEED: set point (columns) × InAs coverage (rows), nominal recipe", scheme: "greys", rowTitle: "coverage", columnTitle: "T_set (true = set here)", domain: [0, 1] });
}

/** R1 (b) / R5 (a): PL spectra, one line per condition, with FWHM in the legend labels. */
export function plSpectraFigure(rows: readonly { nm: number; intensity: number; condition: string }[], title: string): TopLevelSpec {
  return figure({
    title, width: 360, height: 200, data: { values: rows }, mark: { type: "line" },
    encoding: {
      x: { field: "nm", type: "quantitative", title: "wavelength (nm)", scale: { domain: [1100, 1350] } },
      y: { field: "intensity", type: "quantitative", title: "PL intensity (optimum of the nominal recipe = 1)" },
      color: { field: "condition", type: "nominal", sort: null, title: null },
    },
  });
}

/** R2 (a): training loss and validation macro-F1 against epoch, one line per seed (first cell of `cells`). */
export function r2Curves(cells: readonly CellResult[]): TopLevelSpec {
  const values = cells.flatMap((c) => c.runs.flatMap((r) => r.curve.flatMap((p) => [
    { epoch: p.epoch, value: p.loss, metric: "training loss (CE + 0.5·MSE)", run: `${c.label} seed ${r.seed}` },
    { epoch: p.epoch, value: p.valF1, metric: "validation macro-F1", run: `${c.label} seed ${r.seed}` },
  ])));
  return figure({
    title: "Training curves", data: { values },
    facet: { column: { field: "metric", type: "nominal", title: null } },
    spec: { width: 240, height: 170, mark: { type: "line", point: true }, encoding: { x: { field: "epoch", type: "quantitative" }, y: { field: "value", type: "quantitative", title: null }, color: { field: "run", type: "nominal", title: null } } },
    resolve: { scale: { y: "independent" } },
  });
}

/** R2 (b): confusion matrix of the test windows, summed over a cell's seeds, row-normalised. */
export function r2Confusion(c: CellResult): TopLevelSpec {
  const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => c.runs.reduce((s, r) => s + r.confusion[i][j], 0)));
  return confusionMatrix(m, CLASS_NAMES, { title: `Test confusion, ${c.label} (${c.n} seed${c.n > 1 ? "s" : ""})` });
}

/** R3: test macro-F1 per variant (mean ± sd over seeds), one panel per (phase, T), chance as a rule. */
export function r3Ablation(cells: readonly CellResult[], ceiling?: number): TopLevelSpec {
  const values = cells.map((c) => ({
    variant: c.dilations.join(",") === "1,2,3" ? c.variant : `${c.variant} R={${c.dilations.join(",")}}`, panel: `${c.phase}, T=${c.frames}${c.informative ? "" : ", PL features off"}`,
    f1: c.mean, lo: c.mean - c.sd, hi: c.mean + c.sd, n: c.n,
  }));
  const layers: Record<string, unknown>[] = [
    { data: { values }, mark: { type: "bar" }, encoding: { x: { field: "variant", type: "nominal", sort: null, title: null }, y: { field: "f1", type: "quantitative", title: "test macro-F1", scale: { domain: [0, 1] } }, color: { field: "panel", type: "nominal", title: "frames" }, xOffset: { field: "panel" }, tooltip: [{ field: "f1", format: ".3f" }, { field: "n" }] } },
    { data: { values }, mark: { type: "errorbar" }, encoding: { x: { field: "variant", type: "nominal", sort: null }, xOffset: { field: "panel" }, y: { field: "lo", type: "quantitative", title: "test macro-F1" }, y2: { field: "hi" } } },
    referenceRule(THRESHOLDS.chance, "chance"),
  ];
  if (ceiling !== undefined && Number.isFinite(ceiling)) layers.push(referenceRule(ceiling, "ceiling (true latents)", { color: "#2a7" }));
  return figure({ title: "GLAM ablation: macro-F1 on held-out runs (mean ± sd over seeds)", width: 420, height: 220, layer: layers });
}

/** R4: one closed-loop run: set point (solid), hidden true temperature (dashed), class probabilities (stacked area), shutter rule. */
export function r4Trace(run: LoopResult): TopLevelSpec {
  const temps = run.trace.flatMap((r) => [
    { t: r.t, value: r.tSet, series: "T_set (heater)" },
    { t: r.t, value: r.tTrue, series: "true T (hidden)" },
  ]);
  const probs = run.trace.filter((r) => Number.isFinite(r.probs[0])).flatMap((r) => r.probs.map((p, k) => ({ t: r.t, p, cls: CLASS_NAMES[k], order: k })));
  const end = run.trace[run.trace.length - 1].t;
  const shutter = { data: { values: [{ t: end, label: "In shutter opens" }] }, mark: { type: "rule", color: "#c33" }, encoding: { x: { field: "t", type: "quantitative" } } };
  return figure({
    title: { text: `Closed loop (${run.policy}), run ${run.run}`, subtitle: `hidden offset ΔT = ${run.dT.toFixed(1)} °C; final true T ${run.finalTrue.toFixed(1)} °C` },
    vconcat: [
      { width: 420, height: 160, layer: [
        { data: { values: temps }, mark: { type: "line" }, encoding: { x: { field: "t", type: "quantitative", title: "time (s)" }, y: { field: "value", type: "quantitative", title: "°C", scale: { zero: false } }, color: { field: "series", type: "nominal", title: null }, strokeDash: { field: "series", type: "nominal", scale: { range: [[1, 0], [4, 3]] }, legend: null } } },
        shutter,
      ] },
      { width: 420, height: 110, layer: [
        { data: { values: probs }, mark: { type: "area" }, encoding: { x: { field: "t", type: "quantitative", title: "time (s)" }, y: { field: "p", type: "quantitative", stack: "zero", title: "p(class)", scale: { domain: [0, 1] } }, color: { field: "cls", type: "nominal", sort: CLASS_NAMES, title: "predicted" }, order: { field: "order" } } },
        shutter,
      ] },
    ],
    resolve: { scale: { color: "independent" } },
  });
}

/** R5 (b): intensity ratio and ΔFWHM against the open loop per controller (box over runs), paper values as rules. */
export function r5Controllers(c: ControlResults): TopLevelSpec {
  const open = new Map(c.results.filter((r) => r.policy === "open-loop").map((r) => [r.run, r.outcome]));
  const rows = c.results.filter((r) => r.policy !== "open-loop").map((r) => ({ policy: r.policy, ratio: r.outcome.intensity / open.get(r.run)!.intensity, dFwhm: r.outcome.fwhm - open.get(r.run)!.fwhm }));
  const panel = (field: string, title: string, paper: number, label: string, log: boolean) => ({
    width: 260, height: 200,
    layer: [
      { data: { values: rows }, mark: { type: "boxplot", extent: "min-max" }, encoding: { x: { field: "policy", type: "nominal", title: null, sort: null }, y: { field, type: "quantitative", title, ...(log ? { scale: { type: "log" } } : {}) } } },
      referenceRule(paper, label),
    ],
  });
  return figure({
    title: { text: "Closed loop vs the nominal open-loop recipe", subtitle: `${open.size} runs with a hidden thermocouple offset; start ${c.options.startC} °C` },
    hconcat: [
      panel("ratio", "final PL intensity / open loop", PAPER_NUMBERS.intensityGain, `paper ${PAPER_NUMBERS.intensityGain}×`, true),
      panel("dFwhm", "ΔFWHM vs open loop (meV)", PAPER_NUMBERS.fwhmAfter - PAPER_NUMBERS.fwhmBefore, "paper −8.52 meV", false),
    ],
  });
}

/** R6: a test frame (grey) with the GLAM local-spatial attention A_ls, upsampled, overlaid with opacity. */
export function r6Attention(o: { frame: number[][]; attention: number[][] | null; mapSize: number; run: string }): TopLevelSpec {
  const S = o.frame.length;
  const values = o.frame.flatMap((row, y) => row.map((v, x) => ({ x, y, frame: +v.toFixed(3), attention: o.attention ? +o.attention[y][x].toFixed(3) : null })));
  const enc = { x: { field: "x", type: "ordinal", axis: null }, y: { field: "y", type: "ordinal", axis: null } };
  const layer: Record<string, unknown>[] = [{ mark: { type: "rect" }, encoding: { ...enc, color: { field: "frame", type: "quantitative", scale: { scheme: "greys", reverse: true }, legend: null } } }];
  if (o.attention) layer.push({ mark: { type: "rect", opacity: 0.45 }, encoding: { ...enc, color: { field: "attention", type: "quantitative", scale: { scheme: "inferno" }, title: "A_ls" } } });
  return figure({
    title: { text: "Where the local spatial attention looks", subtitle: o.attention ? `test run ${o.run}; A_ls (${o.mapSize}×${o.mapSize}) upsampled to the ${S}×${S} frame` : `test run ${o.run} (this variant has no local spatial attention)` },
    width: 4 * S, height: 4 * S, data: { values }, layer, resolve: { scale: { color: "independent" } },
  });
}
