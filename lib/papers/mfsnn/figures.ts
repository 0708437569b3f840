/**
 * MFSNN (arXiv 2410.03533) figures as Vega-Lite specs, pure functions of the experiment rows, named after the card's
 * §5.6 (the paper's own figure ids are unknown): sim_tuning_check, acc_within_day, cross_day_decay, msgl_protocols,
 * ablation_fusion, drift_severity, energy_vs_accuracy. Error bars are ± sd over seeds; dashed rules mark chance.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule } from "../../kit/figures";
import type { AblationRow, Cell, CrossDayRow, EnergyRow, ObserverRow, ProtocolRow, RateRow, SeverityRow, TuningRow, WithinRow } from "./experiment";

const ACC = { type: "quantitative", scale: { domain: [0, 1] } };
const band = (c: Cell) => ({ mean: c.mean, lo: Math.max(0, c.mean - c.sd), hi: Math.min(1, c.mean + c.sd), n: c.n });
const bars = (x: string, color?: string) => [
  { mark: "bar", encoding: { x: { field: x, type: "nominal", sort: null }, y: { field: "mean", ...ACC, title: "accuracy" }, ...(color ? { color: { field: color, type: "nominal" }, xOffset: { field: color } } : {}), tooltip: [{ field: x }, { field: "mean", format: ".3f" }, { field: "n", title: "seeds" }] } },
  { mark: { type: "errorbar" }, encoding: { x: { field: x, type: "nominal", sort: null }, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, ...(color ? { xOffset: { field: color } } : {}) } },
];

/** sim_tuning_check: mean rate per target direction of 6 example channels, one line per day (the drift). */
export function simTuningSpec(rows: readonly TuningRow[]): TopLevelSpec {
  return figure({
    title: "Simulated tuning curves drift across days (project simulator)", data: { values: rows },
    facet: { field: "channel", type: "nominal", title: null }, columns: 3,
    spec: {
      width: 150, height: 100, mark: { type: "line", point: true },
      encoding: { x: { field: "target", type: "quantitative", title: "target direction (°)", scale: { domain: [0, 315] } }, y: { field: "rateHz", type: "quantitative", title: "mean rate 0.2–0.6 s (Hz)" }, color: { field: "day", type: "ordinal" } },
    },
  });
}

/** acc_within_day: within-day accuracy per decoder (and the ideal observer), one column per paradigm; chance dashed. */
export function withinDaySpec(rows: readonly WithinRow[], observer: readonly ObserverRow[]): TopLevelSpec {
  const values = [
    ...rows.map((r) => ({ paradigm: r.paradigm, decoder: r.decoder, chance: r.chance, ...band(r.acc) })),
    ...[...new Set(observer.map((o) => o.paradigm))].map((p) => {
      const os = observer.filter((o) => o.paradigm === p);
      const mean = os.reduce((a, o) => a + o.acc.mean, 0) / os.length;
      return { paradigm: p, decoder: "ideal observer", chance: os[0].chance, mean, lo: mean, hi: mean, n: os[0].acc.n };
    }),
  ];
  return figure({
    title: "Within-day accuracy (held-out 20 % of the training days, protocol M)", data: { values },
    facet: { column: { field: "paradigm", type: "nominal", title: null } },
    spec: { width: 220, height: 180, layer: [...bars("decoder"), { mark: { type: "rule", strokeDash: [4, 3], color: "#777" }, encoding: { y: { field: "chance", aggregate: "mean", type: "quantitative" } } }] },
  });
}

/** cross_day_decay: test-day accuracy vs days since the last training day, colour = decoder, dash = protocol. */
export function crossDaySpec(rows: readonly CrossDayRow[], chance: number): TopLevelSpec {
  const values = rows.map((r) => ({ decoder: r.decoder, protocol: r.protocol, since: r.since, ...band(r.acc) }));
  const enc = { x: { field: "since", type: "quantitative", title: "days since the last training day" }, color: { field: "decoder", type: "nominal" } };
  return figure({
    title: "Cross-day decay on the center-out test days", width: 320, height: 220,
    layer: [
      { data: { values }, mark: { type: "line", point: true }, encoding: { ...enc, y: { field: "mean", ...ACC, title: "test-day accuracy" }, strokeDash: { field: "protocol", type: "nominal" }, tooltip: [{ field: "decoder" }, { field: "protocol" }, { field: "since" }, { field: "mean", format: ".3f" }] } },
      { data: { values }, mark: "errorbar", encoding: { ...enc, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
      referenceRule(chance, "chance", { field: "mean" }),
    ],
  });
}

/** msgl_protocols: mean test-day accuracy per protocol, one bar per decoder. */
export function protocolsSpec(rows: readonly ProtocolRow[], chance: number): TopLevelSpec {
  const values = rows.map((r) => ({ decoder: r.decoder, protocol: r.protocol, ...band(r.test) }));
  return figure({ title: "Training protocols across days (M = MSGL; M+ adapts to each test day)", width: 360, height: 200, layer: [{ data: { values }, layer: bars("protocol", "decoder") }, referenceRule(chance, "chance", { field: "mean" })] });
}

/** ablation_fusion: test-day accuracy per MFSNN variant, intact and with 20 % of the electrodes dropped. */
export function ablationSpec(rows: readonly AblationRow[], chance: number): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { variant: r.variant, electrodes: "intact", ...band(r.test) },
    { variant: r.variant, electrodes: "20 % dropped", ...band(r.dropped) },
  ]);
  return figure({ title: "MFSNN ablations (protocol M, test days)", width: 320, height: 200, layer: [{ data: { values }, layer: bars("variant", "electrodes") }, referenceRule(chance, "chance", { field: "mean" })] });
}

/** drift_severity: test-day accuracy vs the severity the test days were drifted at, one line per decoder and protocol. */
export function severitySpec(rows: readonly SeverityRow[], chance: number): TopLevelSpec {
  const values = rows.map((r) => ({ model: r.model, s: r.s, ...band(r.acc) }));
  const enc = { x: { field: "s", type: "quantitative", title: "drift severity s of the test days" }, color: { field: "model", type: "nominal" } };
  return figure({
    title: "Accuracy vs drift severity (no retraining)", width: 300, height: 200,
    layer: [
      { data: { values }, mark: { type: "line", point: true }, encoding: { ...enc, y: { field: "mean", ...ACC, title: "test-day accuracy" } } },
      { data: { values }, mark: "errorbar", encoding: { ...enc, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
      referenceRule(chance, "chance", { field: "mean" }),
    ],
  });
}

/** energy_vs_accuracy: energy per trial (log) vs within-day accuracy, and MFSNN's firing rate per layer. */
export function energySpec(rows: readonly EnergyRow[], rates: readonly RateRow[]): TopLevelSpec {
  const pts = rows.map((r) => ({ decoder: r.decoder, energyNj: r.energyNj, ops: r.macs + r.acs, ...band(r.within) }));
  const rr = rates.map((r) => ({ layer: r.layer, rate: r.rate.mean, lo: Math.max(0, r.rate.mean - r.rate.sd), hi: r.rate.mean + r.rate.sd }));
  return figure({
    title: "Energy per decoded trial (0.9 pJ/AC, 4.6 pJ/MAC) and MFSNN firing rates",
    hconcat: [
      { width: 240, height: 200, data: { values: pts }, mark: { type: "point", filled: true, size: 90 }, encoding: { x: { field: "energyNj", type: "quantitative", scale: { type: "log" }, title: "energy per trial (nJ)" }, y: { field: "mean", ...ACC, title: "within-day accuracy" }, color: { field: "decoder", type: "nominal" }, tooltip: [{ field: "decoder" }, { field: "energyNj", format: ".1f" }, { field: "ops", format: ".3s" }, { field: "mean", format: ".3f" }] } },
      { width: 200, height: 200, data: { values: rr }, layer: [{ mark: "bar", encoding: { x: { field: "layer", type: "nominal", sort: null }, y: { field: "rate", type: "quantitative", title: "firing rate (spikes / neuron / bin)" } } }, { mark: "errorbar", encoding: { x: { field: "layer", type: "nominal", sort: null }, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } }] },
    ],
  });
}
