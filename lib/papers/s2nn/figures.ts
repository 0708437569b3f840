/**
 * S2NN-style figures (card §5, G1–G7) as Vega-Lite specs on the one schema (lib/kit `figure`), named after the card:
 * G1 masks/intensity/detectors, G2 accuracy per readout, G3 accuracy and ambiguity vs K, G4 FPS vs TOPS/W (the
 * paper's point only), G5 accuracy vs κ offset, G6 spikes per frame, G7 edge IoU and examples; plus the ablations.
 * Error bars are mean ± sd over seeds where there are several.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule, spreadOf, type FigureBody } from "../../kit";
import { PAPER_HARDWARE } from "./accounting";
import type { Region } from "./detector";
import type { AblationRow, EdgeResult } from "./ablation";
import type { DriftRow, ReadoutResults } from "./experiment";
import type { ExpertRow } from "./experts";

const q = (field: string, title?: string, extra: Record<string, unknown> = {}) => ({ field, type: "quantitative", ...(title ? { title } : {}), ...extra });
const n = (field: string, title?: string, extra: Record<string, unknown> = {}) => ({ field, type: "nominal", ...(title ? { title } : {}), ...extra });

/** Mean and mean ± sd of `value` per group key. */
function summarise<T>(rows: readonly T[], key: (r: T) => string, value: (r: T) => number): Map<string, { mean: number; lo: number; hi: number; n: number }> {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const v = value(r);
    if (!Number.isFinite(v)) continue;
    groups.set(key(r), [...(groups.get(key(r)) ?? []), v]);
  }
  return new Map([...groups].map(([k, xs]) => { const s = spreadOf(xs); return [k, { mean: s.mean, lo: s.mean - s.sd, hi: s.mean + s.sd, n: s.n }]; }));
}

/** One heatmap panel of an N×N grid (row 0 at the top) with optional detector boxes, all on pixel coordinates. */
function panel(title: string, values: ArrayLike<number>, N: number, scheme: string, boxes: readonly Region[] = []): FigureBody {
  const cells = Array.from({ length: N * N }, (_, i) => ({ x: (i % N) - 0.5, x2: (i % N) + 0.5, y: Math.floor(i / N) - 0.5, y2: Math.floor(i / N) + 0.5, v: values[i] }));
  const X = { ...q("x"), scale: { domain: [-0.5, N - 0.5] }, axis: null };
  const Y = { ...q("y"), scale: { domain: [N - 0.5, -0.5] }, axis: null };
  const layer: FigureBody[] = [{ data: { values: cells }, mark: "rect", encoding: { x: X, x2: { field: "x2" }, y: Y, y2: { field: "y2" }, color: { ...q("v", title), scale: { scheme }, legend: null } } }];
  if (boxes.length) {
    const b = boxes.map((r, c) => ({ x: r.x - 0.5, x2: r.x + r.size - 0.5, y: r.y - 0.5, y2: r.y + r.size - 0.5, cx: r.x + r.size / 2 - 0.5, c: String(c) }));
    layer.push({ data: { values: b }, mark: { type: "rect", fill: null, stroke: "#4fc3f7", strokeWidth: 1 }, encoding: { x: X, x2: { field: "x2" }, y: Y, y2: { field: "y2" } } });
    layer.push({ data: { values: b }, mark: { type: "text", color: "#4fc3f7", fontSize: 8, baseline: "bottom", dy: -1 }, encoding: { x: { ...q("cx"), scale: X.scale, axis: null }, y: Y, text: { field: "c" } } });
  }
  return { title, width: 150, height: 150, layer };
}

/** G1: the binary input, each learned mask (phase in rad, or amplitude), and the detector intensity with the 3-4-3 regions. */
export function figG1(p: { input: ArrayLike<number>; masks: ArrayLike<number>[]; intensity: ArrayLike<number>; N: number }, regions: readonly Region[]): TopLevelSpec {
  return figure({
    title: "G1: binary input, learned phase masks, detector intensity and regions (S2NN-style)",
    hconcat: [panel("input b", p.input, p.N, "greys"), ...p.masks.map((m, l) => panel(`mask ${l + 1} φ (rad)`, m, p.N, "sinebow")), panel("|U|² at the detector", p.intensity, p.N, "inferno", regions)],
    resolve: { scale: { color: "independent" } },
  });
}

/** G2: strict and tie-break accuracy per readout (mean ± sd over seeds), the analog accuracy as a reference line. */
export function figG2(r: ReadoutResults): TopLevelSpec {
  const rows = r.rows.flatMap((x) => [{ readout: x.readout, score: "strict", v: x.strict }, { readout: x.readout, score: "tie-break", v: x.tieBreak }]);
  const s = summarise(rows, (x) => `${x.readout}|${x.score}`, (x) => x.v);
  const values = [...s].map(([k, v]) => ({ readout: k.split("|")[0], score: k.split("|")[1], ...v }));
  const analog = s.get("analog|strict")?.mean ?? NaN;
  return figure({
    title: "G2: accuracy per readout (mean ± sd over seeds)", width: 320, height: 220,
    layer: [
      { data: { values }, mark: "bar", encoding: { x: n("readout", undefined, { sort: null, axis: { labelAngle: -25 } }), xOffset: n("score"), y: q("mean", "test accuracy", { scale: { domain: [0, 1] } }), color: n("score") } },
      { data: { values }, mark: { type: "errorbar" }, encoding: { x: n("readout", undefined, { sort: null }), xOffset: n("score"), y: q("lo", "test accuracy"), y2: { field: "hi" } } },
      ...(Number.isFinite(analog) ? [referenceRule(analog, "analog readout", { field: "mean" })] : []),
    ],
  });
}

/** G3: strict vote accuracy and ambiguous-frame rate against K, one line per training mode (mean ± sd over seeds). */
export function figG3(rows: readonly ExpertRow[]): TopLevelSpec {
  const panelOf = (key: "strict" | "ambiguous", title: string): FigureBody => {
    const s = summarise(rows, (x) => `${x.mode}|${x.K}`, (x) => x[key]);
    const values = [...s].map(([k, v]) => ({ mode: k.split("|")[0], K: Number(k.split("|")[1]), ...v }));
    return {
      width: 220, height: 180, title,
      layer: [
        { data: { values }, mark: { type: "line", point: true }, encoding: { x: { field: "K", type: "ordinal", title: "experts K", axis: { labelAngle: 0 } }, y: q("mean", title, { scale: { zero: false } }), color: n("mode", "training") } },
        { data: { values }, mark: "errorbar", encoding: { x: { field: "K", type: "ordinal" }, y: q("lo", title), y2: { field: "hi" }, color: n("mode") } },
      ],
    };
  };
  return figure({ title: "G3: OPMoE — votes over K experts", hconcat: [panelOf("strict", "strict accuracy"), panelOf("ambiguous", "ambiguous-frame rate")] });
}

/** G4: FPS against TOPS/W on log axes: the abstract's point; rows a user adds ({ system, fps, topsPerWatt }) beside it. */
export function figG4(extra: readonly { system: string; fps: number; topsPerWatt: number }[] = []): TopLevelSpec {
  const values = [{ system: "S2NN (paper, abstract)", fps: PAPER_HARDWARE.fps, topsPerWatt: PAPER_HARDWARE.topsPerWatt }, ...extra];
  return figure({
    title: "G4: speed against efficiency (hardware numbers; only the paper's point is shipped)", width: 300, height: 220, data: { values },
    layer: [
      { mark: { type: "point", filled: true, size: 80 }, encoding: { x: q("topsPerWatt", "TOPS/W", { scale: { type: "log" } }), y: q("fps", "frames per second", { scale: { type: "log" } }), color: n("system") } },
      { mark: { type: "text", dx: 6, align: "left", fontSize: 10 }, encoding: { x: q("topsPerWatt"), y: q("fps"), text: { field: "system" } } },
    ],
  });
}

/** G5: strict accuracy against the test-time κ offset, one line per readout (mean ± sd over seeds). */
export function figG5(drift: readonly DriftRow[]): TopLevelSpec {
  const s = summarise(drift, (x) => `${x.readout}|${x.offset}`, (x) => x.strict);
  const values = [...s].map(([k, v]) => ({ readout: k.split("|")[0], offset: 100 * Number(k.split("|")[1]), ...v }));
  return figure({
    title: "G5: strict accuracy under threshold drift κ·(1 + offset)", width: 300, height: 200,
    layer: [
      { data: { values }, mark: { type: "line", point: true }, encoding: { x: q("offset", "κ offset (%)"), y: q("mean", "strict accuracy", { scale: { zero: false } }), color: n("readout") } },
      { data: { values }, mark: "errorbar", encoding: { x: q("offset"), y: q("lo", "strict accuracy"), y2: { field: "hi" }, color: n("readout") } },
    ],
  });
}

/** G6: how many test frames fire 0, 1, 2, … spikes (one expert, the chosen BAT, seeds pooled). */
export function figG6(r: ReadoutResults): TopLevelSpec {
  return figure({
    title: `G6: spikes per frame (${r.histogram[0]?.readout ?? "BAT"}); exactly one is a decision`, width: 300, height: 180,
    data: { values: r.histogram },
    mark: "bar",
    encoding: { x: { ...n("spikes", "spikes in a frame"), sort: null }, y: q("frames", "test frames"), color: { condition: { test: "datum.spikes === 1", value: "#4c78a8" }, value: "#bbb" } },
  });
}

/** G7: edge-map IoU (ours and the trivial "every on pixel" prediction) and example frames: input, target, spikes. */
export function figG7(e: EdgeResult): TopLevelSpec {
  const bars: FigureBody = {
    title: "IoU on test frames", width: 140, height: 150,
    data: { values: [{ predictor: "S2NN-style spikes", iou: e.iou }, { predictor: "input as edges", iou: e.iouInput }] },
    mark: "bar", encoding: { x: { ...n("predictor"), axis: { labelAngle: -30 } }, y: q("iou", "IoU", { scale: { domain: [0, 1] } }), color: n("predictor", undefined, { legend: null }) },
  };
  const ex = e.examples[0];
  const panels = ex ? [panel("input", ex.input, e.N, "greys"), panel("target edges", ex.target, e.N, "greys"), panel("edge spikes", ex.spikes, e.N, "greys")] : [];
  return figure({ title: "G7: low-level task — edge maps from threshold-locked pixel spikes", hconcat: [bars, ...panels], resolve: { scale: { color: "independent" } } });
}

/** Ablations: analog and post-hoc strict accuracy per layer count and per modulation (one seed). */
export function figAblations(rows: readonly AblationRow[]): TopLevelSpec {
  const values = rows.flatMap((r) => [{ ablation: r.ablation, setting: r.setting, readout: "analog", acc: r.analog }, { ablation: r.ablation, setting: r.setting, readout: "post-hoc strict", acc: r.posthocStrict }]);
  return figure({
    title: "Ablations: layers L and modulation (binary input, one seed)", data: { values },
    facet: { column: n("ablation") }, resolve: { scale: { x: "independent" } },
    spec: { width: 200, height: 180, mark: "bar", encoding: { x: n("setting", undefined, { sort: null }), xOffset: n("readout"), y: q("acc", "test accuracy", { scale: { domain: [0, 1] } }), color: n("readout") } },
  });
}
