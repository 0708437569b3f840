/**
 * The display protocol between the paperlab library (kernel side) and the frontends: the MIME type names,
 * payload versions and payload layouts of the outputs that paperlab's JupyterLab extension
 * (extensions/jupyterlab) renders, and the Vega-Lite MIME type and `$schema` every figure carries.
 *
 * No imports, on purpose: the root build (tsconfig.json) and the extension's build
 * (extensions/jupyterlab/tsconfig.json) both compile this one file, so neither side keeps a hand copy.
 * A layout change that an older renderer cannot read bumps that payload's version; new optional fields
 * do not (renderers ignore what they do not know).
 */

// ---------------------------------------------------------------------------------------------------
// Vega-Lite

/** Vega-Lite 5's MIME type: stock JupyterLab 4 renders it with nothing extra installed. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
/** The `$schema` of every Vega-Lite spec paperlab emits (v5, to match `VEGALITE_MIME`). */
export const SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v5.json";

// ---------------------------------------------------------------------------------------------------
// Claims (lib/claims → extensions/jupyterlab/src/render/claims.ts)

/** The MIME type of a claims display. */
export const CLAIMS_MIME = "application/vnd.paperlab.claims+json";
/** Version of the claims payload layout. */
export const CLAIMS_VERSION = 1;

/** The verdicts a claim can get. */
export const VERDICTS = ["holds", "does not hold", "not measured"] as const;
/** The verdict on a claim. */
export type Verdict = (typeof VERDICTS)[number];

/** Where and with what a claim was measured. */
export interface Provenance {
  seed: number | null;
  backend: string | null;
  versions: { node: string; tfjs: string | null; paperlab: string | null };
  wallTimeS: number;
  recordedAt: string;
}

/** Spread of a claim's samples (sd is the sample standard deviation, n − 1; 0 for n = 1). */
export interface Spread {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/**
 * An interval a claim is decided on (lib/claims' bootstrap helpers compute it): the statistic on all units and its
 * two-sided interval at `level`. A directional claim with an interval holds only when the whole interval does.
 */
export interface ClaimInterval {
  /** The statistic on all units (the claim's "ours" when it gives none). */
  estimate: number;
  lo: number;
  hi: number;
  /** Coverage, e.g. 0.95. */
  level: number;
  /** Units behind it (drives, seeds, events; both groups' together for independent groups). */
  n: number;
  /** How it was computed, in words ("percentile bootstrap over 20 drives, 2000 resamples, seed 0"). */
  method: string;
}

/** One claim as it travels in the payload (lib/claims' `ClaimRecord` carries more; renderers read these). */
export interface ClaimRow {
  id: string;
  paper: string;
  /** The claim in one sentence, as the paper makes it. */
  statement: string;
  /** What the paper reports (a number, or text such as "A > B"; null when it only states a direction). */
  paperValue: number | string | null;
  /** Our value (the mean of the samples when there are samples); null when not measured. */
  ours: number | null;
  unit?: string;
  verdict: Verdict;
  /** The comparison in words with the numbers. */
  reason: string;
  scale: string | null;
  note?: string;
  /** Spread of the per-seed samples behind `ours`, when the claim gave samples. */
  spread?: Spread;
  /**
   * The bar ours is checked against, in words with its unit ("≥ 3 points", "in [10, 25] %", "0.93 ± 0.05 accuracy"):
   * the card's or our threshold, kept apart from `paperValue`, which is only what the paper reports. Absent in
   * payloads written before it existed.
   */
  threshold?: string;
  /** The interval the verdict was decided on, when the claim gave one (absent in older payloads). */
  interval?: ClaimInterval;
  provenance: Provenance;
}

/** A number as claims show it: 4 significant digits, exponential below 1e-3 and from 1e6. Pure. */
export function formatClaimNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/**
 * A claim's value as shown in every claims table (lib/claims' text and HTML, the report, the JupyterLab extension):
 * a number with its unit, "mean ± sd (n = k)" when it has a spread; null as "—". Text is shown as written, without
 * the unit: it carries its own words ("1–5 points", "A > B"), so a unit appended to it doubled ("1–5 points points").
 * With an interval: "0.12 m, 95 % interval [0.03, 0.21] (n = 20)".
 */
export function claimValueText(v: number | string | null | undefined, unit?: string, spread?: Spread, interval?: ClaimInterval): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  const sp = spread ? (spread.n > 1 ? ` ± ${formatClaimNumber(spread.sd)} (n = ${spread.n})` : " (n = 1)") : "";
  const base = unit ? `${formatClaimNumber(v)}${sp} ${unit}` : `${formatClaimNumber(v)}${sp}`;
  return interval ? `${base}, ${intervalText(interval)}` : base;
}

/** "95 % interval [0.03, 0.21] (n = 20)". Pure. */
export function intervalText(iv: ClaimInterval): string {
  return `${formatClaimNumber(iv.level * 100)} % interval [${formatClaimNumber(iv.lo)}, ${formatClaimNumber(iv.hi)}] (n = ${iv.n})`;
}

/** The payload of a claims display: `{ version, claims }`. */
export interface ClaimsPayload<R extends ClaimRow = ClaimRow> {
  version: number;
  claims: R[];
}

// ---------------------------------------------------------------------------------------------------
// Live training display (lib/core/train/progress.ts → extensions/jupyterlab/src/render/training.ts)

/** The MIME type of the training loop's live display (payload: `TrainingPayload`). */
export const TRAINING_MIME = "application/vnd.paperlab.training+json";
/** Version of the training payload layout. */
export const TRAINING_VERSION = 1;

/** A snapshot of a run, enough to draw the bar and a line. */
export interface ProgressState {
  title: string;
  /** 0-based epoch in progress. */
  epoch: number;
  epochs: number;
  /** Steps done. */
  step: number;
  /** Total steps when known (given, or measured from the first epoch: then `totalEstimated`). */
  totalSteps?: number;
  /** True when `totalSteps` is an estimate (steps per epoch measured, not declared). */
  totalEstimated?: boolean;
  /** Steps done in the epoch in progress (estimates the fraction when the total is unknown). */
  epochStep?: number;
  /** Last (or epoch-mean) training loss. */
  loss?: number;
  lr?: number;
  elapsedMs: number;
  /** Last evaluation. */
  metrics: Record<string, number>;
  done: boolean;
  /** E.g. "stopped early at epoch 7". */
  note?: string;
}

/** One point of the loss curve. */
export interface CurveRow {
  step: number;
  loss: number;
  /** "train", or an eval metric name such as "valLoss". */
  run: string;
}

/** The training payload: the bar's state, or the curves' rows. */
export type TrainingPayload =
  | { version: number; kind: "progress"; state: ProgressState }
  | { version: number; kind: "curves"; title: string; rows: CurveRow[] };

/** How far a run is: a fraction in [0, 1] (undefined: not known yet, draw an indeterminate bar). */
export interface ProgressFraction {
  fraction: number | undefined;
  /** The fraction rests on an estimated total (show it as "~"). */
  estimated: boolean;
}

/**
 * How far a run is, never a made-up number. Done: 1. A known total: step / total. Otherwise, from the second
 * epoch on, steps per epoch are estimated from the finished epochs ((step − epochStep) / epoch) and the
 * fraction is (epoch + epochStep / perEpoch) / epochs. In the first epoch of a run whose length is unknown
 * there is nothing to estimate from: undefined (an indeterminate bar, not 0 %).
 */
export function progressFraction(s: ProgressState): ProgressFraction {
  if (s.done) return { fraction: 1, estimated: false };
  if (s.totalSteps !== undefined && s.totalSteps > 0) {
    return { fraction: Math.min(1, s.step / s.totalSteps), estimated: s.totalEstimated === true };
  }
  if (s.epoch > 0 && s.epochs > 0 && s.epochStep !== undefined && s.step - s.epochStep > 0) {
    const perEpoch = (s.step - s.epochStep) / s.epoch;
    return { fraction: Math.min(1, (s.epoch + Math.min(1, s.epochStep / perEpoch)) / s.epochs), estimated: true };
  }
  return { fraction: undefined, estimated: false };
}

/** Remaining time in ms at the average rate so far; undefined while the fraction is unknown, 0 or 1. */
export function etaMs(s: ProgressState): number | undefined {
  const { fraction } = progressFraction(s);
  if (s.done || fraction === undefined || fraction <= 0 || fraction >= 1) return undefined;
  return (s.elapsedMs * (1 - fraction)) / fraction;
}
