/**
 * Figures F1–F6 of the card (§5) as typed Vega-Lite specs (`lab.kit.figure`) built from result rows (pure
 * functions: the notebook shows them with `lab.viz.show(spec, { name })`, the tests validate and render them).
 * Accuracy figures draw the 10-class chance level and, where there are seeds, mean ± sd error bars.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule, spreadOf } from "../../kit";
import type { AccRow, CostRow, MaeRow } from "./experiment";
import type { EquivalenceReport } from "./analysis";

/** Chance accuracy of 10-class MNIST, in %. */
export const CHANCE_PCT = 10;

/** Mean ± sd (in %) of `acc` per key, keys in first-seen order. */
function bySeeds<R>(rows: readonly R[], key: (r: R) => string, acc: (r: R) => number): { key: string; first: R; mean: number; lo: number; hi: number; n: number }[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups].map(([k, rs]) => {
    const s = spreadOf(rs.map((r) => 100 * acc(r)));
    return { key: k, first: rs[0], mean: s.mean, lo: s.mean - s.sd, hi: s.mean + s.sd, n: s.n };
  });
}

/**
 * F1: accuracy vs D, mean ± sd over seeds, colour = neuron type (binary LIF T1 drawn at D = 1: one level); a
 * dashed rule at binary LIF T = lifT trained by BPTT (mean over seeds, named in the colour legend) and at chance.
 */
export function figAccuracyVsD(dRows: AccRow[], neuronRows: AccRow[], lifT: number): TopLevelSpec {
  const bptt = neuronRows.filter((r) => r.kind === "LIF" && r.T === lifT).map((r) => 100 * r.acc);
  const rows = [...dRows, ...neuronRows.filter((r) => r.kind === "LIF" && r.T === 1)];
  const values = bySeeds(rows, (r) => `${r.kind} ${r.D}`, (r) => r.acc).map((g) => ({
    D: g.first.D, neuron: g.first.kind === "LIF" ? "binary LIF T1" : "I-LIF T1", acc: g.mean, lo: g.lo, hi: g.hi, seeds: g.n,
  }));
  const bpttName = `binary LIF T${lifT} (BPTT)`;
  const y = { type: "quantitative", title: "test accuracy (%)", scale: { domain: [0, 100] } };
  const enc = { x: { field: "D", type: "ordinal", title: "D (largest integer per step)", axis: { labelAngle: 0 } }, color: { field: "neuron", type: "nominal", title: "neuron (dashed: mean)" }, xOffset: { field: "neuron", type: "nominal" } };
  return figure({
    title: { text: "F1 · accuracy vs D", subtitle: "mean ± sd over seeds" },
    width: 300,
    height: 200,
    layer: [
      { data: { values }, mark: { type: "errorbar", ticks: true }, encoding: { ...enc, y: { ...y, field: "lo" }, y2: { field: "hi" } } },
      { data: { values }, mark: { type: "point", filled: true, size: 50 }, encoding: { ...enc, y: { ...y, field: "acc" }, tooltip: [{ field: "neuron" }, { field: "D" }, { field: "acc", format: ".1f" }, { field: "seeds" }] } },
      ...(bptt.length
        ? [{ data: { values: [{ acc: spreadOf(bptt).mean }] }, mark: { type: "rule", strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { y: { ...y, field: "acc" }, color: { datum: bpttName }, tooltip: [{ field: "acc", format: ".1f", title: bpttName }] } }]
        : []),
      referenceRule(CHANCE_PCT, "chance"),
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

/**
 * F4: accuracy (mean ± sd over seeds) against estimated µJ per image from measured firing (log x), colour = config.
 * The same network counted as an ANN (every op a MAC, one pass) costs the same for every config of one
 * architecture, so it is one vertical dashed rule per distinct count, not a point per config.
 */
export function figEnergy(rows: AccRow[]): TopLevelSpec {
  const snn = bySeeds(rows, (r) => r.config, (r) => r.acc).map((g) => {
    const e = rows.filter((r) => r.config === g.key).map((r) => r.snnUj);
    return { config: g.key, uJ: spreadOf(e).mean, acc: g.mean, lo: g.lo, hi: g.hi, seeds: g.n };
  });
  const ann = [...new Set(rows.map((r) => Math.round(r.annUj * 1000) / 1000))].map((uJ) => ({ uJ, label: `ANN count (all MACs): ${uJ.toFixed(1)} µJ` }));
  const x = { field: "uJ", type: "quantitative", scale: { type: "log" }, title: "µJ per image (log)" };
  return figure({
    title: { text: "F4 · accuracy vs estimated energy per image", subtitle: "mean ± sd over seeds; dashed: the same network as an ANN, chance" },
    width: 340,
    height: 220,
    layer: [
      { data: { values: snn }, mark: { type: "errorbar", ticks: true }, encoding: { x, y: { field: "lo", type: "quantitative", title: "test accuracy (%)", scale: { domain: [0, 100] } }, y2: { field: "hi" }, color: { field: "config", type: "nominal" } } },
      { data: { values: snn }, mark: { type: "point", filled: true, size: 60 }, encoding: { x, y: { field: "acc", type: "quantitative" }, color: { field: "config", type: "nominal", title: "config" }, tooltip: [{ field: "config" }, { field: "uJ", format: ".3f" }, { field: "acc", format: ".1f" }, { field: "seeds" }] } },
      {
        data: { values: ann },
        layer: [
          { mark: { type: "rule", strokeDash: [4, 3], color: "#777" }, encoding: { x } },
          { mark: { type: "text", angle: 270, align: "right", baseline: "bottom", dx: -4, y: 0, color: "#555", fontSize: 10 }, encoding: { x, text: { field: "label" } } },
        ],
      },
      referenceRule(CHANCE_PCT, "chance"),
    ],
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

/** "none (scratch)" or "MAE, mask 0.5": how the encoder started. */
export function pretrainingLabel(mask: MaeRow["mask"]): string {
  return mask === "none" ? "none (from scratch)" : `spike-MAE, mask ${mask}`;
}

/** F6: finetuning accuracy per label count (mean ± sd over seeds), colour = pretraining, dashed chance. */
export function figMae(mae: MaeRow[]): TopLevelSpec {
  const values = bySeeds(mae, (m) => `${m.labels}|${m.mask}`, (m) => m.acc).map((g) => ({
    labels: String(g.first.labels), pretraining: pretrainingLabel(g.first.mask), acc: g.mean, lo: g.lo, hi: g.hi, seeds: g.n,
  }));
  const enc = { x: { field: "labels", type: "nominal", title: "labelled images", axis: { labelAngle: 0 } }, xOffset: { field: "pretraining", type: "nominal" } };
  return figure({
    title: { text: "F6 · spike-MAE pretraining vs from scratch", subtitle: "mean ± sd over seeds" },
    width: 240,
    height: 200,
    layer: [
      { data: { values }, mark: "bar", encoding: { ...enc, y: { field: "acc", type: "quantitative", title: "test accuracy (%)", scale: { domain: [0, 100] } }, color: { field: "pretraining", type: "nominal", title: "pretraining" }, tooltip: [{ field: "pretraining" }, { field: "labels" }, { field: "acc", format: ".1f" }, { field: "seeds" }] } },
      { data: { values }, mark: { type: "errorbar", ticks: true, color: "#222" }, encoding: { ...enc, y: { field: "lo", type: "quantitative", title: "test accuracy (%)" }, y2: { field: "hi" } } },
      referenceRule(CHANCE_PCT, "chance"),
    ],
  });
}
