/**
 * The live training panel: the training loop (paperlab's lib/core/train/progress.ts) keeps two
 * outputs and updates each in place through its display id. Both carry
 * `application/vnd.paperlab.training+json` next to their standard fallbacks (an HTML bar, a
 * Vega-Lite curve); the payload layout is lib/protocol.ts's `TrainingPayload`:
 *   { version: 1, kind: "progress", state: ProgressState }
 *   { version: 1, kind: "curves", title, rows: [{ step, loss, run }] }   // run: "train" or a metric
 * The renderer draws the bar with rate and ETA and the latest metrics (an indeterminate bar while the
 * total is unknown, "~" on estimates), or the curves as an SVG with one line per run (log y when every
 * value is positive, ticks from lib/viz/ticks.ts). Pure DOM: re-rendering replaces the content.
 */
import { CurveRow, ProgressState, TRAINING_MIME, TRAINING_VERSION, TrainingPayload, etaMs, progressFraction } from "../../../../lib/protocol";
import { Ticks, linearTicks, logTicks } from "../../../../lib/viz/ticks";
import { PayloadError, duration, errorBox, expect, fmt, h, kind, s } from "./dom";

/** Checks a training payload (lib/protocol.ts `TrainingPayload`); throws a PayloadError naming the first bad field. */
export function parseTraining(data: unknown): TrainingPayload {
  const p = expect.object(data, "payload");
  const version = expect.version(p.version, "version", TRAINING_VERSION);
  if (p.kind === "progress") {
    const st = expect.object(p.state, "state");
    const metrics = st.metrics === undefined ? {} : expect.object(st.metrics, "state.metrics");
    for (const [k, v] of Object.entries(metrics)) expect.number(v, `state.metrics.${k}`);
    if (typeof st.done !== "boolean") throw new PayloadError("state.done", `expected true or false, got ${kind(st.done)}`);
    return {
      version,
      kind: "progress",
      state: {
        title: expect.string(st.title, "state.title"),
        epoch: expect.number(st.epoch, "state.epoch"),
        epochs: expect.number(st.epochs, "state.epochs"),
        step: expect.number(st.step, "state.step"),
        totalSteps: expect.optionalNumber(st.totalSteps, "state.totalSteps"),
        totalEstimated: st.totalEstimated === true,
        epochStep: expect.optionalNumber(st.epochStep, "state.epochStep"),
        loss: expect.optionalNumber(st.loss, "state.loss"),
        lr: expect.optionalNumber(st.lr, "state.lr"),
        elapsedMs: expect.number(st.elapsedMs, "state.elapsedMs"),
        metrics: metrics as Record<string, number>,
        done: st.done,
        note: typeof st.note === "string" ? st.note : undefined,
      },
    };
  }
  if (p.kind === "curves") {
    if (!Array.isArray(p.rows)) throw new PayloadError("rows", `expected an array of { step, loss, run }, got ${kind(p.rows)}`);
    const rows = p.rows.map((r: unknown, i: number) => {
      const o = expect.object(r, `rows[${i}]`);
      return { step: expect.number(o.step, `rows[${i}].step`), loss: expect.number(o.loss, `rows[${i}].loss`), run: expect.string(o.run, `rows[${i}].run`) };
    });
    return { version, kind: "curves", title: typeof p.title === "string" ? p.title : "loss", rows };
  }
  throw new PayloadError("kind", `expected "progress" or "curves", got ${kind(p.kind)}`);
}

function renderProgress(doc: Document, st: ProgressState): HTMLElement {
  const { fraction, estimated } = progressFraction(st);
  const approx = estimated ? "~" : "";
  const pct = fraction === undefined ? undefined : Math.round(fraction * 1000) / 10;
  const eta = etaMs(st);
  const rate = st.elapsedMs > 0 ? (st.step * 1000) / st.elapsedMs : 0;
  const facts: [string, string][] = [
    ["epoch", `${Math.min(st.epoch + 1, st.epochs)}/${st.epochs}`],
    ["step", `${st.step}${st.totalSteps ? `/${st.totalEstimated ? "~" : ""}${st.totalSteps}` : ""}`],
    ["loss", fmt(st.loss)],
  ];
  if (st.lr !== undefined) facts.push(["lr", fmt(st.lr)]);
  for (const [k, v] of Object.entries(st.metrics)) facts.push([k, fmt(v)]);
  facts.push(["rate", `${rate.toFixed(1)} steps/s`], ["elapsed", duration(st.elapsedMs)]);
  facts.push(["ETA", st.done ? "done" : eta === undefined ? "–" : `${approx}${duration(eta)}`]);
  const classes = ["paperlab-training", "paperlab-progress-panel", st.done ? "paperlab-done" : "", pct === undefined ? "paperlab-indeterminate" : ""];
  const rootAttrs: Record<string, string> = { class: classes.filter(Boolean).join(" ") };
  // Indeterminate (total unknown, nothing to estimate from yet): a moving bar and no percentage, never 0 %.
  const barAttrs: Record<string, string> = { class: "paperlab-bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100" };
  if (pct === undefined) barAttrs["aria-valuetext"] = "total not known yet";
  else {
    rootAttrs["data-percent"] = String(pct);
    if (estimated) rootAttrs["data-estimated"] = "true";
    barAttrs["aria-valuenow"] = String(pct);
  }
  return h(
    doc,
    "div",
    rootAttrs,
    h(doc, "div", { class: "paperlab-training-title" }, st.title, st.note ? h(doc, "span", { class: "paperlab-note" }, ` (${st.note})`) : null),
    h(doc, "div", barAttrs, h(doc, "div", pct === undefined ? { class: "paperlab-bar-fill paperlab-bar-moving" } : { class: "paperlab-bar-fill", style: `width:${pct}%` })),
    pct === undefined ? null : h(doc, "span", { class: "paperlab-percent" }, `${approx}${pct.toFixed(1)}%`),
    h(
      doc,
      "div",
      { class: "paperlab-facts" },
      ...facts.map(([k, v]) => h(doc, "span", { class: "paperlab-fact" }, h(doc, "span", { class: "paperlab-fact-name" }, k), " ", h(doc, "span", { class: "paperlab-fact-value", "data-fact": k }, v))),
    ),
  );
}

/** Okabe–Ito, the project's categorical palette. */
const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

function renderCurves(doc: Document, title: string, rows: CurveRow[]): HTMLElement {
  const W = 420;
  const H = 200;
  const m = { l: 56, r: 12, t: 10, b: 30 };
  const runs = [...new Set(rows.map((r) => r.run))];
  const finite = rows.filter((r) => Number.isFinite(r.loss) && Number.isFinite(r.step));
  const root = h(doc, "div", { class: "paperlab-training paperlab-curves-panel", "data-points": String(finite.length) }, h(doc, "div", { class: "paperlab-training-title" }, title));
  if (finite.length === 0) {
    root.appendChild(h(doc, "div", { class: "paperlab-empty" }, "no points yet: the curve appears after the first training step"));
    return root;
  }
  // The axes of lib/viz's Vega-Lite curve (one tick helper): log y over whole decades with 1-2-5 ticks when
  // every value is positive, else a nice linear y; x spans the steps.
  const logY = finite.every((r) => r.loss > 0);
  const losses = finite.map((r) => r.loss);
  const steps = finite.map((r) => r.step);
  const yAxis: Ticks = logY ? logTicks(Math.min(...losses), Math.max(...losses)) : linearTicks(Math.min(...losses), Math.max(...losses), 4, true);
  const xAxis: Ticks = linearTicks(Math.min(...steps), Math.max(...steps), 4);
  const ty = (v: number): number => (logY ? Math.log10(v) : v);
  const [x0, x1] = xAxis.domain;
  const [y0, y1] = yAxis.domain.map(ty);
  const px = (x: number): number => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number): number => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  // Tick values are already rounded to 1-2-5 steps: plain String() reads as Vega's "~g" (0.0001, 20, 1e-7).
  const svg = s(doc, "svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "paperlab-curves" });
  svg.appendChild(s(doc, "rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#ccc" }));
  for (const v of yAxis.ticks) {
    const y = py(ty(v));
    svg.appendChild(s(doc, "line", { x1: m.l, x2: W - m.r, y1: y, y2: y, stroke: "#eee", class: "paperlab-grid" }));
    svg.appendChild(s(doc, "text", { x: m.l - 4, y: y + 4, "text-anchor": "end", "font-size": 10, class: "paperlab-y-tick" }, String(v)));
  }
  for (const x of xAxis.ticks) svg.appendChild(s(doc, "text", { x: px(x), y: H - m.b + 14, "text-anchor": "middle", "font-size": 10, class: "paperlab-x-tick" }, String(x)));
  svg.appendChild(s(doc, "text", { x: (W + m.l) / 2, y: H - 2, "text-anchor": "middle", "font-size": 10 }, "step"));
  svg.appendChild(s(doc, "text", { x: 4, y: m.t + 8, "font-size": 10 }, logY ? "log" : ""));
  runs.forEach((run, i) => {
    const pts = finite.filter((r) => r.run === run).sort((a, b) => a.step - b.step);
    if (pts.length === 0) return;
    const color = COLORS[i % COLORS.length];
    const d = pts.map((p, j) => `${j ? "L" : "M"}${px(p.step).toFixed(1)},${py(ty(p.loss)).toFixed(1)}`).join("");
    svg.appendChild(s(doc, "path", { d, fill: "none", stroke: color, "stroke-width": 1.5, "data-run": run }));
    if (pts.length === 1) svg.appendChild(s(doc, "circle", { cx: px(pts[0].step), cy: py(ty(pts[0].loss)), r: 2.5, fill: color }));
  });
  root.appendChild(svg);
  const legend = h(doc, "div", { class: "paperlab-legend" });
  runs.forEach((run, i) => {
    const last = finite.filter((r) => r.run === run).at(-1);
    legend.appendChild(
      h(doc, "span", { class: "paperlab-legend-item" }, h(doc, "span", { class: "paperlab-swatch", style: `background:${COLORS[i % COLORS.length]}` }), `${run} ${last ? fmt(last.loss) : ""}`),
    );
  });
  root.appendChild(legend);
  return root;
}

/** Renders a training payload (bar or curves); a malformed payload gives the error box, never a blank. */
export function renderTraining(doc: Document, data: unknown): HTMLElement {
  let p: TrainingPayload;
  try {
    p = parseTraining(data);
  } catch (err) {
    return errorBox(doc, TRAINING_MIME, err, data);
  }
  return p.kind === "progress" ? renderProgress(doc, p.state) : renderCurves(doc, p.title, p.rows);
}

