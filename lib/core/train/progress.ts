/**
 * Training progress: a live display in a notebook (a progress bar and a loss curve, each one
 * output updated in place through display handles) or rate-limited plain lines headless.
 * The bundle and spec builders are pure and unit-tested; the reporters only decide when to send.
 * Both outputs also carry `application/vnd.paperlab.training+json` (the state, or the curve rows),
 * which the JupyterLab extension (extensions/jupyterlab) draws as its training panel; other
 * frontends show the standard fallbacks next to it in the same bundle.
 */
import { display, DisplayHandle, isRichDisplay, MimeBundle } from "../../display";
import { trainingCurves } from "../../viz";

/** Vega-Lite 5 MIME type (rendered natively by JupyterLab 4). */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
/** The `$schema` of the loss-curve spec. */
export const VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** The project's MIME type of the live training display (payload: `TrainingPayload`). */
export const TRAINING_MIME = "application/vnd.paperlab.training+json";
/** Version of the training payload layout. */
export const TRAINING_VERSION = 1;

/** A snapshot of a run, enough to draw the bar and a line. */
export interface ProgressState {
  title: string;
  epoch: number; // 0-based epoch in progress
  epochs: number;
  step: number; // steps done
  totalSteps?: number; // when known
  loss?: number; // last (or epoch-mean) training loss
  lr?: number;
  elapsedMs: number;
  metrics: Record<string, number>; // last evaluation
  done: boolean;
  note?: string; // e.g. "stopped early at epoch 7"
}

/** One point of the loss curve. */
export interface CurveRow {
  step: number;
  loss: number;
  run: string; // "train", or an eval metric name such as "valLoss"
}

function fmt(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return "–";
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(3);
  return x.toPrecision(4);
}

function secs(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : s < 3600 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${(s / 3600).toFixed(2)} h`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function fraction(s: ProgressState): number | undefined {
  if (s.done) return 1;
  if (s.totalSteps) return Math.min(1, s.step / s.totalSteps);
  return s.epochs > 0 ? Math.min(1, s.epoch / s.epochs) : undefined;
}

/** The one-line summary used by the headless reporter and as the bar's text/plain. */
export function progressLine(s: ProgressState): string {
  const parts = [
    `${s.title}:`,
    `epoch ${Math.min(s.epoch + 1, s.epochs)}/${s.epochs}`,
    `step ${s.step}${s.totalSteps ? `/${s.totalSteps}` : ""}`,
    `loss ${fmt(s.loss)}`,
  ];
  if (s.lr !== undefined) parts.push(`lr ${fmt(s.lr)}`);
  for (const [k, v] of Object.entries(s.metrics)) parts.push(`${k} ${fmt(v)}`);
  const rate = s.elapsedMs > 0 ? (s.step * 1000) / s.elapsedMs : 0;
  parts.push(`${rate.toFixed(1)} steps/s`, secs(s.elapsedMs));
  const f = fraction(s);
  if (!s.done && f !== undefined && f > 0 && f < 1) parts.push(`ETA ${secs((s.elapsedMs * (1 - f)) / f)}`);
  if (s.note) parts.push(`(${s.note})`);
  return parts.join(" ");
}

/** Progress bar as a MIME bundle: text/html (a bar and the line) and text/plain. */
export function progressBundle(s: ProgressState): MimeBundle {
  const f = fraction(s);
  const pct = f === undefined ? 0 : Math.round(f * 1000) / 10;
  const width = 30;
  const filled = Math.round(((f ?? 0) * width));
  const text = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${pct.toFixed(1)}% ${progressLine(s)}`;
  const color = s.done ? "#009E73" : "#0072B2";
  const html =
    `<div class="paperlab-progress" style="font-family:monospace;font-size:12px">` +
    `<div style="display:inline-block;vertical-align:middle;width:240px;height:10px;background:#e5e5e5;border-radius:2px">` +
    `<div style="width:${pct}%;height:10px;background:${color};border-radius:2px"></div></div> ` +
    `<span>${pct.toFixed(1)}% ${escapeHtml(progressLine(s))}</span></div>`;
  return { "text/html": html, "text/plain": text };
}

/** Averages consecutive points of each run into at most `max` bins (keeps live specs small). */
export function downsampleCurve(rows: readonly CurveRow[], max = 400): CurveRow[] {
  const byRun = new Map<string, CurveRow[]>();
  for (const r of rows) (byRun.get(r.run) ?? byRun.set(r.run, []).get(r.run)!).push(r);
  const out: CurveRow[] = [];
  for (const [run, rs] of byRun) {
    if (rs.length <= max) {
      out.push(...rs);
      continue;
    }
    const k = Math.ceil(rs.length / max);
    for (let i = 0; i < rs.length; i += k) {
      const bin = rs.slice(i, i + k);
      out.push({ run, step: bin[bin.length - 1].step, loss: bin.reduce((a, b) => a + b.loss, 0) / bin.length });
    }
  }
  return out;
}

/**
 * Loss-curve Vega-Lite v5 spec (step → loss, one line per run: "train" and eval losses). Built
 * with lib/viz's `trainingCurves` (log y when every value is positive); a plain line spec if that fails.
 */
export function lossCurveSpec(rows: readonly CurveRow[], title = "loss"): Record<string, unknown> {
  const data = downsampleCurve(rows);
  const logY = data.length > 0 && data.every((r) => r.loss > 0);
  try {
    const table: Record<string, unknown>[] = data.map((r) => ({ step: r.step, loss: r.loss, run: r.run }));
    return trainingCurves(table, { x: "step", y: "loss", series: "run", band: "none", logY, title }) as unknown as Record<string, unknown>;
  } catch {
    return {
      $schema: VEGALITE_SCHEMA,
      title,
      data: { values: data },
      mark: { type: "line" },
      encoding: {
        x: { field: "step", type: "quantitative" },
        y: { field: "loss", type: "quantitative", scale: logY ? { type: "log" } : { zero: false } },
        color: { field: "run", type: "nominal" },
      },
    };
  }
}

/** The loss curve as a MIME bundle (Vega-Lite plus a text fallback). */
export function lossCurveBundle(rows: readonly CurveRow[], title?: string): MimeBundle {
  const last = rows.filter((r) => r.run === "train").at(-1);
  return {
    [VEGALITE_MIME]: lossCurveSpec(rows, title),
    "text/plain": `loss curve: ${rows.length} points${last ? `, last train loss ${fmt(last.loss)} at step ${last.step}` : ""}`,
  };
}

/** The training MIME payload: the bar's state, or the curves' rows (downsampled like the Vega-Lite spec). */
export type TrainingPayload =
  | { version: number; kind: "progress"; state: ProgressState }
  | { version: number; kind: "curves"; title: string; rows: CurveRow[] };

/** The bar's bundle for a notebook: the training payload plus the text/html and text/plain fallbacks. */
export function liveProgressBundle(s: ProgressState): MimeBundle {
  const payload: TrainingPayload = { version: TRAINING_VERSION, kind: "progress", state: s };
  return { [TRAINING_MIME]: payload, ...progressBundle(s) };
}

/** The curve's bundle for a notebook: the training payload plus the Vega-Lite and text/plain fallbacks. */
export function liveCurveBundle(rows: readonly CurveRow[], title = "loss"): MimeBundle {
  const payload: TrainingPayload = { version: TRAINING_VERSION, kind: "curves", title, rows: downsampleCurve(rows) };
  return { [TRAINING_MIME]: payload, ...lossCurveBundle(rows, title) };
}

/** Receives progress from the training loop. */
export interface ProgressReporter {
  /** A new state; `force` on epoch ends and at the end (rate limits apply otherwise). */
  update(s: ProgressState, curve: readonly CurveRow[], force?: boolean): Promise<void>;
}

/** Where progress goes: "auto" picks "display" in a notebook, "lines" otherwise. */
export type ProgressMode = "auto" | "display" | "lines" | "none";

/** Live notebook display: one bar output and one curve output, each updated in place. */
export class DisplayProgress implements ProgressReporter {
  private bar?: DisplayHandle;
  private curve?: DisplayHandle;
  private last = -Infinity;
  constructor(private readonly everyMs = 250, private readonly now: () => number = Date.now) {}

  async update(s: ProgressState, curve: readonly CurveRow[], force = false): Promise<void> {
    const t = this.now();
    if (!force && this.bar && t - this.last < this.everyMs) return;
    this.last = t;
    const bar = liveProgressBundle(s);
    if (this.bar) await this.bar.update(bar, { raw: true });
    else this.bar = await display(bar, { raw: true });
    if (curve.length === 0) return;
    const c = liveCurveBundle(curve, s.title);
    if (this.curve) await this.curve.update(c, { raw: true });
    else this.curve = await display(c, { raw: true });
  }
}

/** Headless: one plain line at most every `everyMs` (and always on forced updates). */
export class LineProgress implements ProgressReporter {
  private last = -Infinity;
  constructor(
    private readonly log: (line: string) => void = (l) => process.stdout.write(l + "\n"),
    private readonly everyMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  async update(s: ProgressState, _curve: readonly CurveRow[], force = false): Promise<void> {
    const t = this.now();
    if (!force && t - this.last < this.everyMs) return;
    this.last = t;
    this.log(progressLine(s));
  }
}

/** The reporter for a mode ("auto": display when `isRichDisplay()`, else lines). */
export function createProgress(mode: ProgressMode, o: { everyMs?: number; log?: (line: string) => void } = {}): ProgressReporter | undefined {
  const m = mode === "auto" ? (isRichDisplay() ? "display" : "lines") : mode;
  if (m === "none") return undefined;
  return m === "display" ? new DisplayProgress(o.everyMs ?? 250) : new LineProgress(o.log, o.everyMs ?? 2000);
}
