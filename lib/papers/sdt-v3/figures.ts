/**
 * Figures F1–F6 of the card (§5) as typed Vega-Lite specs (`lab.kit.figure`) built from result rows (pure
 * functions: the notebook shows them with `lab.viz.show(spec, { name })`, the tests validate and render them).
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule } from "../../kit";
import type { AccRow, CostRow, MaeRow } from "./experiment";
import type { EquivalenceReport } from "./analysis";

/** F1: accuracy vs D (points with ± std over seeds), colour = neuron type, rule at binary LIF T. */
export function figAccuracyVsD(dRows: AccRow[], neuronRows: AccRow[], lifT: number): TopLevelSpec {
  const bptt = neuronRows.filter((r) => r.kind === "LIF" && r.T === lifT).map((r) => r.acc);
  const points = [...dRows, ...neuronRows.filter((r) => r.kind === "LIF" && r.T === 1)].map((r) => ({ D: r.D, acc: 100 * r.acc, neuron: r.kind === "LIF" ? "binary LIF T1" : "I-LIF T1", seed: r.seed }));
  return figure({
    title: "F1 · accuracy vs D (rule: binary LIF with BPTT)",
    width: 300,
    height: 200,
    layer: [
      { data: { values: points }, mark: { type: "errorbar", extent: "stdev" }, encoding: { x: { field: "D", type: "ordinal" }, y: { field: "acc", type: "quantitative", title: "test accuracy (%)" }, color: { field: "neuron", type: "nominal" } } },
      { data: { values: points }, mark: { type: "point", filled: true }, encoding: { x: { field: "D", type: "ordinal" }, y: { field: "acc", type: "quantitative", aggregate: "mean" }, color: { field: "neuron", type: "nominal" } } },
      referenceRule(bptt.length ? (100 * bptt.reduce((a, b) => a + b, 0)) / bptt.length : 0, `binary LIF T${lifT} (BPTT)`),
    ],
  });
}

/** F2: grouped bars of ms per step and peak MB per config. */
export function figTrainingCost(cost: CostRow[]): TopLevelSpec {
  const values = cost.flatMap((c) => [{ config: c.config, metric: "ms per step", value: c.msPerStep }, { config: c.config, metric: "peak MB", value: c.peakMB }]);
  return figure({
    title: "F2 · training cost per step",
    data: { values },
    facet: { column: { field: "metric", type: "nominal", title: null } },
    spec: { width: 160, height: 180, mark: "bar", encoding: { x: { field: "config", type: "nominal", title: null }, y: { field: "value", type: "quantitative", title: null }, color: { field: "config", type: "nominal", legend: null } } },
    resolve: { scale: { y: "independent" } },
  });
}

/** F3: stacked bars per neuron layer of the share of values 0..D. */
export function figFiring(firing: Record<string, string | number>[], D: number): TopLevelSpec {
  const values = firing.flatMap((f) => Array.from({ length: D + 1 }, (_, k) => ({ layer: String(f.layer), value: String(k), share: Number(f[`share${k}`]) })));
  return figure({
    title: `F3 · firing pattern per layer (share of integer values 0..${D})`,
    width: 520,
    height: 200,
    data: { values },
    mark: "bar",
    encoding: {
      x: { field: "layer", type: "nominal", sort: null, axis: { labelAngle: -60, labelFontSize: 7 } },
      y: { field: "share", type: "quantitative", stack: "normalize", title: "share" },
      color: { field: "value", type: "ordinal", scale: { scheme: "viridis" }, title: "spikes" },
    },
  });
}

/** F4: estimated µJ per image (log x) vs accuracy; colour = config, shape = SNN or ANN count. */
export function figEnergy(rows: AccRow[]): TopLevelSpec {
  const seen = new Set<string>();
  const values = rows.flatMap((r) => {
    if (seen.has(r.config)) return [];
    seen.add(r.config);
    return [
      { config: r.config, count: "SNN (measured firing)", uJ: r.snnUj, acc: 100 * r.acc },
      { config: r.config, count: "ANN (all MACs)", uJ: r.annUj, acc: 100 * r.acc },
    ];
  });
  return figure({
    title: "F4 · accuracy vs estimated energy per image",
    width: 320,
    height: 220,
    data: { values },
    mark: { type: "point", filled: true, size: 70 },
    encoding: {
      x: { field: "uJ", type: "quantitative", scale: { type: "log" }, title: "µJ per image (log)" },
      y: { field: "acc", type: "quantitative", title: "test accuracy (%)", scale: { zero: false } },
      color: { field: "config", type: "nominal" },
      shape: { field: "count", type: "nominal" },
    },
  });
}

/** F5: integer-mode vs expanded-mode logits with a y = x rule. */
export function figEquivalence(e: EquivalenceReport): TopLevelSpec {
  const lo = Math.min(...e.pairs.map((p) => p.integer)), hi = Math.max(...e.pairs.map((p) => p.integer));
  return figure({
    title: `F5 · integer vs spike-driven logits (max |Δ| = ${e.maxAbsDiff.toExponential(1)})`,
    width: 240,
    height: 240,
    layer: [
      { data: { values: [{ x: lo, y: lo }, { x: hi, y: hi }] }, mark: { type: "line", color: "#999", strokeDash: [4, 3] }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } },
      { data: { values: e.pairs }, mark: { type: "point", size: 12, opacity: 0.6 }, encoding: { x: { field: "integer", type: "quantitative", title: "integer-mode logit" }, y: { field: "expanded", type: "quantitative", title: "expanded (binary spikes) logit" } } },
    ],
  });
}

/** F6: finetuning accuracy per label count, colour = mask ratio ("none" = from scratch). */
export function figMae(mae: MaeRow[]): TopLevelSpec {
  const values = mae.map((m) => ({ labels: String(m.labels), mask: m.mask === "none" ? "scratch" : `mask ${m.mask}`, acc: 100 * m.acc }));
  return figure({
    title: "F6 · spike-MAE pretraining vs scratch",
    width: 240,
    height: 200,
    data: { values },
    mark: "bar",
    encoding: {
      x: { field: "labels", type: "nominal", title: "labelled images" },
      xOffset: { field: "mask", type: "nominal" },
      y: { field: "acc", type: "quantitative", title: "test accuracy (%)" },
      color: { field: "mask", type: "nominal" },
    },
  });
}
