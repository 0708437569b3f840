/**
 * Figures (typed Vega-Lite specs, `lab.kit.figure`) and result tables (`lab.table`) of the I-EDM notebook (card §5.4):
 * G1 drive + sky plot, G2 method principle around one slip, G3 error time series, G4 RMSE bars with 95% CI, G5 ROC
 * curves, plus ablation bars and the C3 heatmap. Pure functions from results to specs and tables; the notebook shows
 * them with `lab.viz.show` and `lab.display`.
 */
import type { TopLevelSpec } from "vega-lite";
import { figure } from "../../kit";
import { table, type Table } from "../../display/table";
import { LABEL_SIDE_FIELD, heatmap, labelDistance, labelLayers, pixelScale, placeLabels } from "../../viz";
import type { Drive } from "./data";
import type { MethodRun } from "./methods";
import type { AblationRow, C3Row, IedmResults, RmseSummary } from "./experiment";
import type { RocRow } from "./scoring";
import { PAPER_NUMBERS } from "./claims";


/**
 * G1: the drive in local E/N coloured by satellites in view, and the sky plot at one epoch (state colours); by
 * default the epoch with the most NLOS and blocked satellites.
 */
export function driveFigure(drive: Drive, epochIndex?: number): TopLevelSpec {
  if (epochIndex === undefined) {
    const bad = drive.epochs.map((e) => e.sky.filter((s) => s.state !== "los").length + (e.sky.some((s) => s.state === "nlos") ? 0.5 : 0));
    epochIndex = bad.indexOf(Math.max(...bad));
  }
  const track = drive.epochs.map((e) => ({ e: +e.truthEnu[0].toFixed(2), n: +e.truthEnu[1].toFixed(2), sats: e.rover.size, t: e.t - drive.t0 }));
  const ep = drive.epochs[Math.min(epochIndex, drive.epochs.length - 1)];
  // Sky plot: zenith distance 90° − el as radius, azimuth clockwise from north; x = r sin az, y = r cos az.
  const sky: Record<string, unknown>[] = ep.sky.map((s) => ({ sat: s.sat, x: (90 - s.elDeg) * Math.sin((s.azDeg * Math.PI) / 180), y: (90 - s.elDeg) * Math.cos((s.azDeg * Math.PI) / 180), state: s.state, el: Math.round(s.elDeg) }));
  // Satellite names placed clear of the points and of each other (lib/viz/labels.ts) on the panel's fixed
  // [-90, 90]² domain; a name with no free site stays in the point's tooltip.
  const skySize = 260;
  const pointSize = 90;
  const at = pixelScale({ type: "linear", domain: [-90, 90], range: [0, skySize] });
  const labelStyle = { fontSize: 9, markRadius: 0.6 * Math.sqrt(pointSize), gap: 1.5 };
  const sides = placeLabels(sky.map((p) => ({ x: at(p.x as number), y: skySize - at(p.y as number), text: String(p.sat) })), { width: skySize, height: skySize, ...labelStyle });
  sky.forEach((p, i) => (p[LABEL_SIDE_FIELD] = sides[i]));
  const rings = [30, 60, 80].flatMap((r) => Array.from({ length: 73 }, (_, k) => ({ ring: `${90 - r}°`, k, x: r * Math.sin((k * 5 * Math.PI) / 180), y: r * Math.cos((k * 5 * Math.PI) / 180) })));
  return figure({
    title: { text: "Simulated urban drive and sky plot", subtitle: `seed ${drive.config.seed}, ${drive.epochs.length} s; sky at t = ${ep.t - drive.t0} s` },
    hconcat: [
      {
        width: 300, height: 300, data: { values: track }, mark: { type: "point", filled: true, size: 12 },
        encoding: { x: { field: "e", type: "quantitative", title: "East (m)", scale: { zero: false } }, y: { field: "n", type: "quantitative", title: "North (m)", scale: { zero: false } }, color: { field: "sats", type: "quantitative", title: "satellites", scale: { scheme: "viridis" } } },
      },
      {
        width: skySize, height: skySize,
        layer: [
          { data: { values: rings }, mark: { type: "line", strokeWidth: 0.5, color: "#999" }, encoding: { x: { field: "x", type: "quantitative", scale: { domain: [-90, 90] }, axis: null }, y: { field: "y", type: "quantitative", scale: { domain: [-90, 90] }, axis: null }, detail: { field: "ring" }, order: { field: "k" } } },
          {
            data: { values: sky }, mark: { type: "point", filled: true, size: pointSize },
            encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "state", type: "nominal", title: "signal", scale: { domain: ["los", "nlos", "blocked"] } }, tooltip: [{ field: "sat" }, { field: "state" }, { field: "el", title: "elevation (°)" }] },
          },
          ...labelLayers(sides, { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "sat" } }, { fontSize: labelStyle.fontSize, distance: labelDistance(labelStyle) }).map((l) => ({ data: { values: sky }, ...l })),
        ],
      },
    ],
  });
}

/** Picks a slip on a non-reference satellite of a traced run (for G2), or null. */
export function pickSlip(drive: Drive, run: MethodRun): { t: number; sat: string; size: number } | null {
  const seen = new Set(run.trace.filter((r) => r.kind === "phase").map((r) => `${r.t}|${r.sat}`));
  const f = drive.faults.find((x) => x.type.startsWith("slip") && seen.has(`${x.t}|${x.sat}`) && x.t - drive.t0 > 20);
  return f ? { t: f.t, sat: f.sat, size: f.size } : null;
}

/** G2: |innovation w| vs |residual w| of the phase rows of the slipped and one healthy satellite around a slip. */
export function principleFigure(drive: Drive, run: MethodRun, threshold: { innovation: number; residual: number }): TopLevelSpec | null {
  const slip = pickSlip(drive, run);
  if (!slip) return null;
  const near = run.trace.filter((r) => r.kind === "phase" && Math.abs(r.t - slip.t) <= 8);
  // a healthy satellite: LOS, never faulty, in view over the whole window
  const healthy = [...new Set(near.filter((r) => r.t === slip.t && r.sat !== slip.sat).map((r) => r.sat))].find((sat) =>
    near.filter((r) => r.sat === sat).every((r) => r.faulty === false),
  );
  // each point carries its own panel's threshold k, so the dashed rule is drawn from the faceted data and lands in
  // the panel of its statistic (a rule layer with separate data is not split by the facet)
  const k = { innovation: threshold.innovation, residual: threshold.residual } as const;
  const label = (sat: string) => (sat === slip.sat ? `${sat} (slipped ${slip.size} cycles)` : `${sat} (healthy)`);
  const rows = near
    .filter((r) => r.sat === slip.sat || r.sat === healthy)
    .flatMap((r) => [
      { t: r.t - drive.t0, sat: label(r.sat), statistic: "innovation", w: +Math.abs(r.wInnovation).toFixed(3), k: k.innovation },
      { t: r.t - drive.t0, sat: label(r.sat), statistic: "residual", w: +Math.abs(r.wResidual).toFixed(3), k: k.residual },
    ])
    .filter((d) => Number.isFinite(d.w)); // a row without redundancy has no residual statistic: no point
  // other satellites' faults in the window: the all-rows update spreads them over every residual, the healthy
  // satellite's too (the card's "residual overfitting"), while each innovation keeps its own row
  const [t0w, t1w] = [Math.min(...rows.map((d) => d.t)), Math.max(...rows.map((d) => d.t))];
  const others = new Map<string, number>();
  for (const ep of drive.epochs.slice(Math.max(0, t0w), t1w + 1))
    for (const [sat, o] of ep.rover) if (o.state === "nlos" && sat !== slip.sat && sat !== healthy && !others.has(sat)) others.set(sat, ep.t - drive.t0);
  const spread = others.size
    ? `other satellites NLOS in the window: ${[...others].map(([sat, t]) => `${sat} from ${t} s`).join(", ")}; the all-rows update spreads their faults over every residual, the healthy one's too`
    : "no other satellite NLOS in the window";
  return figure({
    title: {
      text: "Method principle: innovation vs post-fit residual around one slip",
      subtitle: ["oracle-filtered state; dashed: each statistic's threshold at the same false-alarm rate; red: the slip; |w| on a symlog axis", spread],
    },
    data: { values: rows },
    facet: { column: { field: "statistic", type: "nominal", title: null } },
    spec: {
      width: 260, height: 180,
      layer: [
        { mark: { type: "line", point: true }, encoding: { x: { field: "t", type: "quantitative", title: "time (s)" }, y: { field: "w", type: "quantitative", title: "|w| (symlog scale)", scale: { type: "symlog" } }, color: { field: "sat", type: "nominal", title: null } } },
        { mark: { type: "rule", strokeDash: [4, 3], color: "#666" }, encoding: { y: { field: "k", type: "quantitative", aggregate: "max" } } },
        { data: { values: [{ t: slip.t - drive.t0 }] }, mark: { type: "rule", color: "#c00" }, encoding: { x: { field: "t", type: "quantitative" } } },
      ],
    },
    resolve: { scale: { y: "shared" } },
  });
}

/** G3: E/N/U error against time for No-EDM / R-EDM / I-EDM (and the oracle), clipped to ±`clip` m. */
export function errorSeriesFigure(drive: Drive, runs: readonly MethodRun[], clip = 3): TopLevelSpec {
  const rows = runs
    .filter((r) => ["no-edm", "r-edm", "i-edm", "oracle"].includes(r.method))
    .flatMap((r) => r.t.flatMap((t, i) => ["E", "N", "U"].map((axis, a) => ({ t, method: r.method, axis, err: +Math.max(-clip, Math.min(clip, r.err[i][a])).toFixed(3) }))));
  return figure({
    title: { text: "Position error per method", subtitle: `drive seed ${drive.config.seed}; clipped to ±${clip} m (No-EDM leaves the axis)` },
    data: { values: rows },
    facet: { row: { field: "axis", type: "nominal", title: null } },
    spec: { width: 560, height: 110, mark: { type: "line", strokeWidth: 1 }, encoding: { x: { field: "t", type: "quantitative", title: "time (s)" }, y: { field: "err", type: "quantitative", title: "error (m)", scale: { domain: [-clip, clip] } }, color: { field: "method", type: "nominal" } } },
  });
}

/** Method order of the figures and tables. */
const METHOD_ORDER = ["no-edm", "chi2", "r-edm", "i-edm", "oracle"];

/**
 * G4: RMSE per axis (E, N, U, H) and method: mean over drives with its 95 % percentile-bootstrap interval over
 * drives (never below 0), on a log axis so No-EDM's tens of metres and the decimetre methods share one figure; value
 * labels sit beside the points, off the intervals; grey diamonds mark the paper's I-EDM numbers (real vehicle data,
 * context) and the R-EDM level they imply (I-EDM / (1 − 21.6 %)).
 */
export function rmseFigure(summary: readonly RmseSummary[]): TopLevelSpec {
  const axes = ["e", "n", "u", "h"] as const;
  const ours = summary.flatMap((s) =>
    axes.map((a) => ({ kind: "ours", axis: a.toUpperCase(), method: s.method, rmse: +s[a].toPrecision(3), lo: +(Number.isFinite(s.lo[a]) ? s.lo[a] : s[a]).toPrecision(3), hi: +(Number.isFinite(s.hi[a]) ? s.hi[a] : s[a]).toPrecision(3) })),
  );
  const p = PAPER_NUMBERS.accuracyEnuM;
  const pI = [p[0], p[1], p[2], Math.hypot(p[0], p[1])];
  const k = 1 / (1 - PAPER_NUMBERS.improvementOverRedmPct / 100);
  const paper = axes.flatMap((a, j) => [
    { kind: "paper", axis: a.toUpperCase(), method: "i-edm", rmse: pI[j], mark: "paper I-EDM" },
    { kind: "paper", axis: a.toUpperCase(), method: "r-edm", rmse: +(pI[j] * k).toFixed(3), mark: "paper-implied R-EDM" },
  ]);
  const x = { field: "method", type: "nominal", sort: METHOD_ORDER, title: null, axis: { labelAngle: -40, labelOverlap: false } };
  const y = { field: "rmse", type: "quantitative", title: "RMSE (m, log scale)", scale: { type: "log" } };
  const isOurs = { filter: "datum.kind === 'ours'" };
  const drives = summary[0]?.drives ?? 0;
  return figure({
    title: { text: "RMSE over the Monte-Carlo drives", subtitle: `mean over ${drives} drives, 95 % bootstrap interval over drives; grey diamonds: the paper's I-EDM (real data) and the R-EDM it implies` },
    data: { values: [...ours, ...paper] },
    facet: { column: { field: "axis", type: "nominal", title: null, sort: ["E", "N", "U", "H"] } },
    spec: {
      width: 150, height: 220,
      layer: [
        { transform: [isOurs], mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, y: { field: "lo", type: "quantitative", scale: { type: "log" } }, y2: { field: "hi" }, color: { field: "method", type: "nominal", sort: METHOD_ORDER, title: "method" } } },
        { transform: [isOurs], mark: { type: "point", filled: true, size: 50 }, encoding: { x, y, color: { field: "method", type: "nominal", sort: METHOD_ORDER } } },
        { transform: [isOurs], mark: { type: "text", align: "left", dx: 7, fontSize: 9 }, encoding: { x, y, text: { field: "rmse", type: "quantitative", format: ".2~f" } } },
        { transform: [{ filter: "datum.kind === 'paper'" }], mark: { type: "point", shape: "diamond", filled: true, size: 70, color: "#888888", opacity: 0.9 }, encoding: { x, y, tooltip: [{ field: "mark" }, { field: "rmse" }] } },
      ],
    },
  });
}

/** G5: ROC curves of the innovation and residual statistics (code biases ≥ 2 m; slips), all satellite counts. */
export function rocFigure(roc: readonly RocRow[]): TopLevelSpec {
  const rows = roc.filter((r) => r.sats === "all" && r.fpr > 0).map((r) => ({ kind: r.kind === "code" ? "code bias ≥ 2 m" : "cycle slip", statistic: r.statistic, fpr: r.fpr, tpr: r.tpr }));
  return figure({
    title: { text: "Detection ROC: innovation vs post-fit residual", subtitle: "per DD row, thresholds at equal false-alarm rates on fault-free rows" },
    data: { values: rows },
    facet: { column: { field: "kind", type: "nominal", title: null } },
    spec: { width: 240, height: 200, mark: { type: "line", point: true }, encoding: { x: { field: "fpr", type: "quantitative", title: "false-alarm rate", scale: { type: "log" } }, y: { field: "tpr", type: "quantitative", title: "detection rate", scale: { domain: [0, 1] } }, color: { field: "statistic", type: "nominal" } } },
  });
}

/**
 * Ablations: horizontal RMSE per level, one panel per factor, bars of a fixed step (never hairlines), one y scale per
 * panel (a diverging variant would flatten the others). Clustering and mitigation are I-EDM's own steps (R-EDM has
 * no such variants): those panels repeat R-EDM's RMSE in the default cell (slip rate ×1) as a grey bar per level.
 */
export function ablationFigure(rows: readonly AblationRow[]): TopLevelSpec {
  const redm = rows.find((r) => r.factor === "slip rate" && r.level === "×1" && r.method === "r-edm")?.h;
  const ref = "r-edm (default cell)";
  const refs = redm === undefined ? [] : rows.filter((r) => r.factor === "clustering" || r.factor === "mitigation").map((r) => ({ factor: r.factor, level: r.level, method: ref, h: +redm.toFixed(3) }));
  const methods = ["r-edm", "i-edm", ref];
  return figure({
    title: { text: "Ablations (one factor at a time around the default)", subtitle: ["horizontal RMSE, mean over the ablation drives, one y scale per panel", `grey: R-EDM in the default cell, repeated where R-EDM has no variant (clustering, mitigation)`] },
    data: { values: [...rows.map((r) => ({ factor: r.factor, level: r.level, method: r.method, h: +r.h.toFixed(3) })), ...refs] },
    facet: { field: "factor", type: "nominal", title: null, sort: ["clustering", "mitigation", "aiding", "IMU grade", "canyon H/W", "slip rate"] },
    columns: 3,
    spec: {
      height: 130,
      width: 170,
      mark: { type: "bar" },
      encoding: {
        x: { field: "level", type: "nominal", title: null, sort: null, axis: { labelAngle: -30 } },
        xOffset: { field: "method", sort: methods },
        y: { field: "h", type: "quantitative", title: "H RMSE (m)" },
        color: { field: "method", type: "nominal", sort: methods, scale: { domain: methods, range: ["#0072B2", "#E69F00", "#BBBBBB"] } },
      },
    },
    resolve: { scale: { x: "independent", xOffset: "independent", y: "independent" } },
  });
}

/** C3: share of post-outage slips recovered exactly, IMU grade × outage length (INS only). */
export function c3Figure(rows: readonly C3Row[]): TopLevelSpec {
  const grades = [...new Set(rows.map((r) => r.grade))];
  const outages = [...new Set(rows.map((r) => r.outage))];
  const grid = grades.map((g) => outages.map((o) => rows.find((r) => r.grade === g && r.outage === o)?.exactRate ?? NaN));
  return heatmap(grid, { xLabels: outages.map((o) => `${o} s`), yLabels: grades, domain: [0, 1], title: "C3: exact slip recovery after an outage (I-EDM, INS only)" });
}

const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "—");
/** "mean [lo, hi]" of an RMSE cell; the paper's rows have no interval. */
const iv = (axis: "e" | "n" | "u" | "h") => (v: unknown, row: Record<string, unknown>) => {
  const lo = row.lo as Record<string, number> | undefined;
  const hi = row.hi as Record<string, number> | undefined;
  return lo && hi ? `${f(v as number)} [${f(lo[axis])}, ${f(hi[axis])}]` : f(v as number, 2);
};

/**
 * RMSE table: mean [95 % bootstrap interval] over drives, the median H and the drives that diverged (H RMSE above
 * the config's bound), with the paper's I-EDM numbers and the R-EDM level they imply as context (`lab.table`).
 */
export function rmseTable(summary: readonly RmseSummary[], divergedAboveM = 1): Table {
  const p = PAPER_NUMBERS.accuracyEnuM;
  const k = 1 / (1 - PAPER_NUMBERS.improvementOverRedmPct / 100);
  const rows = [
    ...summary.map((s) => ({ method: s.method, E: s.e, N: s.n, U: s.u, H: s.h, "median H": s.medianH, diverged: `${s.diverged} / ${s.drives}`, lo: s.lo, hi: s.hi })),
    { method: "paper, I-EDM (real vehicle data; context only)", E: p[0], N: p[1], U: p[2], H: Math.hypot(p[0], p[1]), "median H": null, diverged: null },
    { method: "paper-implied R-EDM (I-EDM / (1 − 21.6 %))", E: p[0] * k, N: p[1] * k, U: p[2] * k, H: Math.hypot(p[0], p[1]) * k, "median H": null, diverged: null },
  ];
  return table(rows, {
    caption: `RMSE per axis, mean [95 % bootstrap interval] over the Monte-Carlo drives; diverged: drives with H RMSE > ${divergedAboveM} m`,
    columns: ["method", "E", "N", "U", "H", "median H", "diverged"],
    format: { E: iv("e"), N: iv("n"), U: iv("u"), H: iv("h"), "median H": 3 },
    units: { E: "m", N: "m", U: "m", H: "m", "median H": "m" },
  });
}

/** Per-method detection scores (per event) at the calibrated thresholds (`lab.table`). */
export function detectionTable(r: IedmResults): Table {
  const rows = r.mc.detection.map((d) => ({
    method: d.method, slips: d.slips, detected: d.slipTpr, "exact integer": d.slipExactRate, "phase false flags": d.phaseFalseAlarm,
    "code events ≥ 2 m": d.codeEvents, "code detected": d.codeTpr,
  }));
  return table(rows, {
    caption: "Detection per event at the calibrated thresholds",
    format: { detected: 3, "exact integer": 3, "phase false flags": 4, "code detected": 3 },
  });
}
