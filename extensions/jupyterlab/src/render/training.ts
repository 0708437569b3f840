/**
 * The live training panel: the training loop (paperlab's lib/core/train/progress.ts) keeps two
 * outputs and updates each in place through its display id. Both carry
 * `application/vnd.paperlab.training+json` next to their standard fallbacks (an HTML bar, a
 * Vega-Lite curve):
 *   { version: 1, kind: "progress", state: { title, epoch, epochs, step, totalSteps?, loss?, lr?,
 *                                              elapsedMs, metrics: { name: value }, done, note? } }
 *   { version: 1, kind: "curves", title, rows: [{ step, loss, run }] }   // run: "train" or a metric
 * The renderer draws the bar with rate and ETA and the latest metrics, or the curves as an SVG with
 * one line per run (log y when every value is positive). Pure DOM: re-rendering replaces the content.
 */
import { PayloadError, TRAINING_MIME, duration, errorBox, expect, fmt, h, kind, s } from "./dom";

/** The payload layout this renderer understands. */
export const TRAINING_VERSION = 1;

/** A snapshot of a run (lib/core/train/progress.ts ProgressState). */
export interface TrainingState {
  title: string;
  epoch: number;
  epochs: number;
  step: number;
  totalSteps?: number;
  loss?: number;
  lr?: number;
  elapsedMs: number;
  metrics: Record<string, number>;
  done: boolean;
  note?: string;
}

/** One point of a curve. */
export interface CurvePoint {
  step: number;
  loss: number;
  run: string;
}

/** A parsed training payload. */
export type TrainingPayload =
  | { kind: "progress"; state: TrainingState }
  | { kind: "curves"; title: string; rows: CurvePoint[] };

/** Checks a training payload; throws a PayloadError naming the first bad field. */
export function parseTraining(data: unknown): TrainingPayload {
  const p = expect.object(data, "payload");
  expect.version(p.version, "version", TRAINING_VERSION);
  if (p.kind === "progress") {
    const st = expect.object(p.state, "state");
    const metrics = st.metrics === undefined ? {} : expect.object(st.metrics, "state.metrics");
    for (const [k, v] of Object.entries(metrics)) expect.number(v, `state.metrics.${k}`);
    if (typeof st.done !== "boolean") throw new PayloadError("state.done", `expected true or false, got ${kind(st.done)}`);
    return {
      kind: "progress",
      state: {
        title: expect.string(st.title, "state.title"),
        epoch: expect.number(st.epoch, "state.epoch"),
        epochs: expect.number(st.epochs, "state.epochs"),
        step: expect.number(st.step, "state.step"),
        totalSteps: expect.optionalNumber(st.totalSteps, "state.totalSteps"),
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
    return { kind: "curves", title: typeof p.title === "string" ? p.title : "loss", rows };
  }
  throw new PayloadError("kind", `expected "progress" or "curves", got ${kind(p.kind)}`);
}

/** Fraction done in [0, 1], from steps when the total is known, else from epochs. */
export function fractionDone(st: TrainingState): number | undefined {
  if (st.done) return 1;
  if (st.totalSteps) return Math.min(1, st.step / st.totalSteps);
  return st.epochs > 0 ? Math.min(1, st.epoch / st.epochs) : undefined;
}

/** Remaining time in ms at the current rate, or undefined before the first step or when done. */
export function etaMs(st: TrainingState): number | undefined {
  const f = fractionDone(st);
  if (st.done || f === undefined || f <= 0 || f >= 1) return undefined;
  return (st.elapsedMs * (1 - f)) / f;
}

function renderProgress(doc: Document, st: TrainingState): HTMLElement {
  const f = fractionDone(st);
  const pct = f === undefined ? 0 : Math.round(f * 1000) / 10;
  const eta = etaMs(st);
  const rate = st.elapsedMs > 0 ? (st.step * 1000) / st.elapsedMs : 0;
  const facts: [string, string][] = [
    ["epoch", `${Math.min(st.epoch + 1, st.epochs)}/${st.epochs}`],
    ["step", `${st.step}${st.totalSteps ? `/${st.totalSteps}` : ""}`],
    ["loss", fmt(st.loss)],
  ];
  if (st.lr !== undefined) facts.push(["lr", fmt(st.lr)]);
  for (const [k, v] of Object.entries(st.metrics)) facts.push([k, fmt(v)]);
  facts.push(["rate", `${rate.toFixed(1)} steps/s`], ["elapsed", duration(st.elapsedMs)]);
  facts.push(["ETA", st.done ? "done" : eta === undefined ? "–" : duration(eta)]);
  return h(
    doc,
    "div",
    { class: `paperlab-training paperlab-progress-panel${st.done ? " paperlab-done" : ""}`, "data-percent": String(pct) },
    h(doc, "div", { class: "paperlab-training-title" }, st.title, st.note ? h(doc, "span", { class: "paperlab-note" }, ` (${st.note})`) : null),
    h(
      doc,
      "div",
      { class: "paperlab-bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(pct) },
      h(doc, "div", { class: "paperlab-bar-fill", style: `width:${pct}%` }),
    ),
    h(doc, "span", { class: "paperlab-percent" }, `${pct.toFixed(1)}%`),
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

function renderCurves(doc: Document, title: string, rows: CurvePoint[]): HTMLElement {
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
  const logY = finite.every((r) => r.loss > 0);
  const ty = (v: number): number => (logY ? Math.log10(v) : v);
  const xs = finite.map((r) => r.step);
  const ys = finite.map((r) => ty(r.loss));
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const px = (x: number): number => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number): number => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const untY = (y: number): number => (logY ? 10 ** y : y);
  const svg = s(doc, "svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "paperlab-curves" });
  svg.appendChild(s(doc, "rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#ccc" }));
  for (const [y, anchor] of [[y0, "end"], [y1, "end"]] as const) {
    svg.appendChild(s(doc, "text", { x: m.l - 4, y: py(y) + 4, "text-anchor": anchor, "font-size": 10 }, fmt(untY(y))));
  }
  for (const x of [x0, x1]) svg.appendChild(s(doc, "text", { x: px(x), y: H - m.b + 14, "text-anchor": "middle", "font-size": 10 }, fmt(x)));
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

