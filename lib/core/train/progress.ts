/**
 * Training progress: a live display in a notebook (a progress bar and a loss curve, each one
 * output updated in place) or rate-limited plain lines headless. The bar is a display handle updated
 * here; the curve is a lib/viz live chart (`liveChart`, throttled, with the SVG fallback on close).
 * The bundle and spec builders are pure and unit-tested; the reporters only decide when to send.
 * Both outputs also carry `application/vnd.paperlab.training+json` (the state, or the curve rows;
 * layout in lib/protocol.ts), which the JupyterLab extension (extensions/jupyterlab) draws as its
 * training panel; other frontends show the standard fallbacks next to it in the same bundle.
 */
import { display, DisplayHandle, isRichDisplay, MimeBundle } from "../../display";
import {
  CurveRow, ProgressState, SCHEMA_URL, TRAINING_MIME, TRAINING_VERSION, TrainingPayload, etaMs, progressFraction,
} from "../../protocol";
import type { TopLevelSpec } from "vega-lite";
import { LiveChart, liveChart, trainingCurves } from "../../viz";

// The payload's MIME type, version and layout live in lib/protocol.ts (shared with the JupyterLab extension).
export { TRAINING_MIME, TRAINING_VERSION };
export type { CurveRow, ProgressState, TrainingPayload };

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

/** The one-line summary used by the headless reporter and as the bar's text/plain ("~" marks estimates). */
export function progressLine(s: ProgressState): string {
  const parts = [
    `${s.title}:`,
    `epoch ${Math.min(s.epoch + 1, s.epochs)}/${s.epochs}`,
    `step ${s.step}${s.totalSteps ? `/${s.totalEstimated ? "~" : ""}${s.totalSteps}` : ""}`,
    `loss ${fmt(s.loss)}`,
  ];
  if (s.lr !== undefined) parts.push(`lr ${fmt(s.lr)}`);
  for (const [k, v] of Object.entries(s.metrics)) parts.push(`${k} ${fmt(v)}`);
  const rate = s.elapsedMs > 0 ? (s.step * 1000) / s.elapsedMs : 0;
  parts.push(`${rate.toFixed(1)} steps/s`, secs(s.elapsedMs));
  const eta = etaMs(s);
  if (eta !== undefined) parts.push(`ETA ${progressFraction(s).estimated ? "~" : ""}${secs(eta)}`);
  if (s.note) parts.push(`(${s.note})`);
  return parts.join(" ");
}

/**
 * Progress bar as a MIME bundle: text/html (a bar and the line) and text/plain. While the total is unknown
 * (first epoch, no declared length) the bar is indeterminate: a marker that moves with the steps and no
 * percentage, never a 0 % that is wrong; an estimated fraction is shown with "~".
 */
export function progressBundle(s: ProgressState): MimeBundle {
  const { fraction, estimated } = progressFraction(s);
  const width = 30;
  const line = escapeHtml(progressLine(s));
  if (fraction === undefined) {
    const at = s.step % (width - 2); // the marker walks one column per step
    const text = `[${".".repeat(at)}<=>${".".repeat(width - 3 - at)}] ${progressLine(s)}`;
    const html =
      `<div class="paperlab-progress" style="font-family:monospace;font-size:12px">` +
      `<div style="display:inline-block;vertical-align:middle;width:240px;height:10px;border-radius:2px;` +
      `background:repeating-linear-gradient(45deg,#e5e5e5 0 6px,#c9dcea 6px 12px)" title="total not known yet"></div> ` +
      `<span>${line}</span></div>`;
    return { "text/html": html, "text/plain": text };
  }
  const pct = Math.round(fraction * 1000) / 10;
  const shown = `${estimated ? "~" : ""}${pct.toFixed(1)}%`;
  const filled = Math.round(fraction * width);
  const text = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${shown} ${progressLine(s)}`;
  const color = s.done ? "#009E73" : "#0072B2";
  const html =
    `<div class="paperlab-progress" style="font-family:monospace;font-size:12px">` +
    `<div style="display:inline-block;vertical-align:middle;width:240px;height:10px;background:#e5e5e5;border-radius:2px">` +
    `<div style="width:${pct}%;height:10px;background:${color};border-radius:2px"></div></div> ` +
    `<span>${shown} ${line}</span></div>`;
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
 * Loss-curve Vega-Lite v5 spec (step → loss, one line per run: "train" and eval losses), downsampled.
 * Built with lib/viz's `trainingCurves` (log y with 1-2-5 ticks when every value is positive); a plain
 * line spec if that fails, so a live display never breaks the training loop.
 */
export function lossCurveSpec(rows: readonly CurveRow[], title = "loss"): TopLevelSpec {
  const data = downsampleCurve(rows);
  const logY = data.length > 0 && data.every((r) => r.loss > 0);
  try {
    return trainingCurves(data.map((r) => ({ step: r.step, loss: r.loss, run: r.run })), { x: "step", y: "loss", series: "run", band: "none", logY, title });
  } catch {
    const plain = {
      $schema: SCHEMA_URL,
      title,
      data: { values: data },
      mark: { type: "line" },
      encoding: {
        x: { field: "step", type: "quantitative" },
        y: { field: "loss", type: "quantitative", scale: logY ? { type: "log" } : { zero: false } },
        color: { field: "run", type: "nominal" },
      },
    };
    return plain as TopLevelSpec;
  }
}

/** The curve's text/plain: how many points and the last train loss. */
export function curveText(rows: readonly CurveRow[]): string {
  const last = rows.filter((r) => r.run === "train").at(-1);
  return `loss curve: ${rows.length} points${last ? `, last train loss ${fmt(last.loss)} at step ${last.step}` : ""}`;
}

/**
 * What the curve's output carries besides the chart: the training payload (the rows, downsampled like the
 * Vega-Lite spec) for the JupyterLab extension, and the text/plain line.
 */
export function curveEntries(rows: readonly CurveRow[], title = "loss"): MimeBundle {
  const payload: TrainingPayload = { version: TRAINING_VERSION, kind: "curves", title, rows: downsampleCurve(rows) };
  return { [TRAINING_MIME]: payload, "text/plain": curveText(rows) };
}

/** The bar's bundle for a notebook: the training payload plus the text/html and text/plain fallbacks. */
export function liveProgressBundle(s: ProgressState): MimeBundle {
  const payload: TrainingPayload = { version: TRAINING_VERSION, kind: "progress", state: s };
  return { [TRAINING_MIME]: payload, ...progressBundle(s) };
}

/** Receives progress from the training loop. */
export interface ProgressReporter {
  /** A new state; `force` on epoch ends and at the end (rate limits apply otherwise). */
  update(s: ProgressState, curve: readonly CurveRow[], force?: boolean): Promise<void>;
}

/** Where progress goes: "auto" picks "display" in a notebook, "lines" otherwise. */
export type ProgressMode = "auto" | "display" | "lines" | "none";

/**
 * Live notebook display: one bar output (a display handle, rate-limited here) and one curve output (a
 * lib/viz `liveChart` of the curve rows, throttled by itself at the same interval; the final state closes it,
 * which adds the SVG fallback for saved notebooks). `curve` is the loop's growing list of rows: each call
 * pushes only the rows added since the last one.
 */
export class DisplayProgress implements ProgressReporter {
  private bar?: DisplayHandle;
  private chart?: LiveChart<CurveRow>;
  private pushed = 0;
  private last = -Infinity;
  constructor(private readonly everyMs = 250, private readonly now: () => number = Date.now) {}

  async update(s: ProgressState, curve: readonly CurveRow[], force = false): Promise<void> {
    const t = this.now();
    if (force || !this.bar || t - this.last >= this.everyMs) {
      this.last = t;
      const bar = liveProgressBundle(s);
      if (this.bar) await this.bar.update(bar, { raw: true });
      else this.bar = await display(bar, { raw: true });
    }
    if (curve.length > this.pushed) {
      const title = s.title;
      this.chart ??= liveChart<CurveRow>((rows) => lossCurveSpec(rows, title), { intervalMs: this.everyMs, extra: (rows) => curveEntries(rows, title) });
      this.chart.push(...curve.slice(this.pushed));
      this.pushed = curve.length;
    }
    if (s.done) await this.chart?.close();
    else if (force) await this.chart?.flush();
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
