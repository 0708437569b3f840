/**
 * lib/claims: a notebook states each claim of its paper it checks — the paper's value, ours, how
 * they are compared — and `claim()` decides honestly whether it holds, records provenance (seed,
 * backend, versions, wall time) and displays a claims row. The display carries the MIME type
 * `application/vnd.paperlab.claims+json` (the JupyterLab extension renders it) with text/html and
 * text/plain fallbacks; `paperlab reproduce` reads that type back from the executed notebook to
 * build its report.
 *
 *   lab.claim({ id: "mqar-acc", paper: "based", statement: "Based reaches 0.9 MQAR accuracy",
 *               paperValue: 0.93, ours: acc, compare: { kind: "tolerance", tol: 0.05 }, scale })
 */
import * as fs from "fs";
import * as path from "path";
import { display, DisplayBundle } from "../display";
import { CLAIMS_MIME, CLAIMS_VERSION, claimValueText, formatClaimNumber, intervalText, type ClaimInterval, type ClaimsPayload, type Provenance, type Spread, type Verdict } from "../protocol";
import { claimsMessages } from "./messages";

// The payload's MIME type, version and layout live in lib/protocol.ts (shared with the JupyterLab extension).
export { CLAIMS_MIME, CLAIMS_VERSION, intervalText };
export type { ClaimInterval, ClaimsPayload, Provenance, Spread, Verdict };
export { bootstrapInterval, bootstrapMean, bootstrapDifference, trendTest, kendallTau, spearmanRho, olsSlope, ranks, quantileSorted } from "./intervals";
export type { Interval, BootstrapOptions, DifferenceOptions, TrendPoint, TrendOptions, TrendStatistic, Trend } from "./intervals";
export { claimsMessages };

/**
 * How ours is compared with the paper.
 * - tolerance: |ours − paperValue| ≤ tol (with `relative`, ≤ tol·|paperValue|), up to float rounding
 * - direction: ours > than (expect "greater") or ours < than ("less"); `than` defaults to 0,
 *   so a claim "A beats B" passes ours = score(A) − score(B)
 * - atLeast / atMost: ours ≥ value / ours ≤ value (`value` defaults to paperValue)
 * - range: min ≤ ours ≤ max
 */
export type Comparison =
  | { kind: "tolerance"; tol: number; relative?: boolean }
  | { kind: "direction"; expect: "greater" | "less"; than?: number }
  | { kind: "atLeast"; value?: number }
  | { kind: "atMost"; value?: number }
  | { kind: "range"; min: number; max: number };

/** What a notebook states about one claim. */
export interface ClaimSpec {
  /** Stable id, unique within the paper (kebab-case), e.g. "fig3-mqar-acc". */
  id: string;
  /** Paper id (the notebook's name); defaults to `claimContext({ paper })`. */
  paper?: string;
  /** The claim in one sentence, as the paper makes it. */
  statement: string;
  /**
   * What the paper reports (a number, or text such as "A > B"; null when it gives no number). Only the paper's:
   * a threshold that the card or we chose goes in `compare` (the report shows it in its own "threshold" column).
   */
  paperValue: number | string | null;
  /** Our reproduced value; null/undefined/NaN means not measured, which never holds. */
  ours: number | null | undefined;
  compare: Comparison;
  /** Scale the value was measured at (smoke | default | full); defaults to the context's. */
  scale?: string;
  /** Unit of paperValue, ours and the threshold ("accuracy", "ms", "m"); shown after numbers, never after text. */
  unit?: string;
  /**
   * The threshold as the report's "threshold" column words it, when the words derived from `compare` ("≥ 3 points")
   * need more, e.g. where it comes from: "≥ 3 points (card)". Optional; the check itself is always `compare`.
   */
  threshold?: string;
  /** Seed of the run; defaults to the context's. */
  seed?: number;
  /** Backend name; defaults to the context's, else TensorFlow.js's current backend. */
  backend?: string;
  /** Seconds the measurement took; defaults to the process uptime (the kernel's age). */
  wallTimeS?: number;
  /** A remark shown with the claim (what differs from the paper's setup). */
  note?: string;
  /**
   * Per-seed (or per-run) values behind `ours`. When given, `ours` defaults to their mean, the verdict is decided
   * on that mean, and the record carries the spread (n, mean, sd, min, max), shown with the value.
   */
  samples?: readonly number[];
  /**
   * An interval of ours over units (`bootstrapDifference`, `bootstrapMean`, `trendTest`, …). When given, the claim is
   * decided on the whole interval, not on one number: "> 0" holds only when its lower bound is above 0, "< 0" when its
   * upper bound is below, atLeast / atMost on the lower / upper bound, range and tolerance when all of it lies inside.
   * `ours` defaults to its estimate; the report shows the interval with ours.
   */
  interval?: ClaimInterval;
  /**
   * Regimes the claim depends on: a claim that compares with a baseline is only decided once the baseline has
   * reached its known regime on the task. Any guard outside its bounds makes the verdict "not measured
   * (baseline at X, needs ≥ Y)", never "holds" or "does not hold".
   */
  guards?: readonly RegimeGuard[];
}

/** A baseline's known regime: `value` must lie in [atLeast, atMost] for the claim to be decided. */
export interface RegimeGuard {
  /** What is checked, e.g. "softmax attention MQAR accuracy". */
  baseline: string;
  /** The baseline's measured value (null/NaN: not measured, so the claim is not either). */
  value: number | null | undefined;
  /** Lower end of the regime (e.g. 0.95 accuracy). */
  atLeast?: number;
  /** Upper end of the regime (e.g. an error level). */
  atMost?: number;
  /** Unit of value and bounds, for the reason text. */
  unit?: string;
}

/** A guard as evaluated: in its regime or not, and why. */
export interface GuardResult extends RegimeGuard {
  ok: boolean;
  reason: string;
}

/** An evaluated claim: the spec plus verdict, reason and provenance. */
export interface ClaimRecord extends Omit<ClaimSpec, "seed" | "backend" | "wallTimeS" | "paper" | "scale" | "ours" | "samples" | "guards" | "threshold"> {
  paper: string;
  scale: string | null;
  ours: number | null;
  /** The threshold in words with its unit (`thresholdText`, or the spec's own wording). */
  threshold: string;
  /** The samples behind `ours` and their spread, when the claim gave them. */
  samples?: number[];
  spread?: Spread;
  /** The regime guards as evaluated (only when the claim declared some). */
  guards?: GuardResult[];
  holds: boolean;
  verdict: Verdict;
  /** The comparison in words with the numbers, e.g. "|0.89 − 0.93| = 0.04 ≤ 0.05". */
  reason: string;
  provenance: Provenance;
}

/** Bad arguments to `claim()`; the message says which field and what to pass. */
export class ClaimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimError";
  }
}

/** Defaults applied to every later claim of the notebook. */
export interface ClaimContext {
  paper?: string;
  scale?: string;
  seed?: number;
  backend?: string;
}

let context: ClaimContext = {};

/** Sets defaults (paper, scale, seed, backend) for later claims; returns the merged context. */
export function claimContext(ctx: ClaimContext): ClaimContext {
  context = { ...context, ...ctx };
  return { ...context };
}

/** Clears the claim context (tests). */
export function resetClaimContext(): void {
  context = {};
}

const fmt = formatClaimNumber;

function finite(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** Decides a comparison. Pure. */
export function compareValues(paperValue: ClaimSpec["paperValue"], ours: number | null | undefined, c: Comparison): { verdict: Verdict; reason: string } {
  if (!finite(ours)) return { verdict: "not measured", reason: `ours is ${ours === undefined ? "missing" : String(ours)}` };
  const reference = (v: number | undefined, field: string): number => {
    const r = v ?? paperValue;
    if (!finite(r)) throw new ClaimError(`compare.kind "${c.kind}" needs a number: set compare.${field} or a numeric paperValue (got ${JSON.stringify(r)})`);
    return r;
  };
  const verdict = (ok: boolean): Verdict => (ok ? "holds" : "does not hold");
  switch (c.kind) {
    case "tolerance": {
      const p = reference(undefined, "tol with a numeric paperValue");
      if (!finite(c.tol) || c.tol < 0) throw new ClaimError(`compare.tol must be a number ≥ 0, got ${JSON.stringify(c.tol)}`);
      const bound = c.relative ? c.tol * Math.abs(p) : c.tol;
      const d = Math.abs(ours - p);
      // Up to float rounding: |0.88 − 0.9| is 0.020000000000000018 in binary, within a tol of 0.02.
      const ok = d <= bound + 1e-12 * Math.max(1, Math.abs(p), Math.abs(ours));
      return { verdict: verdict(ok), reason: `|${fmt(ours)} − ${fmt(p)}| = ${fmt(d)} ${ok ? "≤" : ">"} ${fmt(bound)}${c.relative ? ` (${fmt(c.tol * 100)}% of the paper's)` : ""}` };
    }
    case "direction": {
      const than = c.than ?? 0;
      if (c.expect !== "greater" && c.expect !== "less") throw new ClaimError(`compare.expect must be "greater" or "less", got ${JSON.stringify(c.expect)}`);
      const ok = c.expect === "greater" ? ours > than : ours < than;
      return { verdict: verdict(ok), reason: `${fmt(ours)} ${ok === (c.expect === "greater") ? ">" : ours === than ? "=" : "<"} ${fmt(than)} (expected ${c.expect === "greater" ? ">" : "<"} ${fmt(than)})` };
    }
    case "atLeast": {
      const v = reference(c.value, "value");
      return { verdict: verdict(ours >= v), reason: `${fmt(ours)} ${ours >= v ? "≥" : "<"} ${fmt(v)}` };
    }
    case "atMost": {
      const v = reference(c.value, "value");
      return { verdict: verdict(ours <= v), reason: `${fmt(ours)} ${ours <= v ? "≤" : ">"} ${fmt(v)}` };
    }
    case "range": {
      if (!finite(c.min) || !finite(c.max) || c.min > c.max) throw new ClaimError(`compare range needs numbers min ≤ max, got ${JSON.stringify(c)}`);
      const ok = ours >= c.min && ours <= c.max;
      return { verdict: verdict(ok), reason: `${fmt(ours)} ${ok ? "in" : "outside"} [${fmt(c.min)}, ${fmt(c.max)}]` };
    }
    default:
      throw new ClaimError(`unknown compare.kind ${JSON.stringify((c as { kind?: unknown }).kind)}: use tolerance, direction, atLeast, atMost or range`);
  }
}

/**
 * Decides a comparison on an interval: it holds only when every value in [lo, hi] satisfies it (direction "greater":
 * lo > than; "less": hi < than; atLeast: lo ≥ value; atMost: hi ≤ value; range: inside [min, max]; tolerance: both
 * ends within tol of the paper's value). An interval that straddles the bar does not hold. Pure.
 */
export function compareInterval(paperValue: ClaimSpec["paperValue"], iv: ClaimInterval, c: Comparison, unit?: string): { verdict: Verdict; reason: string } {
  const lo = compareValues(paperValue, iv.lo, c);
  const hi = compareValues(paperValue, iv.hi, c);
  const ok = lo.verdict === "holds" && hi.verdict === "holds";
  const bar = `${c.kind === "tolerance" ? "within " : ""}${thresholdText(c, paperValue, unit)}`;
  return { verdict: ok ? "holds" : "does not hold", reason: `${intervalText(iv)}: ${ok ? "every value" : "not every value"} ${bar} (${iv.method})` };
}

/**
 * The bar a comparison sets, in words with the unit: "≥ 3 points", "≤ 1.000e-4 MSE", "> 0 TPR", "in [10, 25] %",
 * "0.93 ± 0.05 accuracy" (relative: "0.93 accuracy ± 5 %"). This is the report's "threshold" column, apart from the paper's
 * number. "—" when the comparison cannot be worded (a tolerance around a paper value that is not a number). Pure.
 */
export function thresholdText(c: Comparison, paperValue: ClaimSpec["paperValue"], unit?: string): string {
  const u = unit ? ` ${unit}` : "";
  const p = typeof paperValue === "number" && finite(paperValue) ? paperValue : undefined;
  switch (c?.kind) {
    case "tolerance":
      if (p === undefined) return "—";
      return c.relative ? `${fmt(p)}${u} ± ${fmt(c.tol * 100)} %` : `${fmt(p)} ± ${fmt(c.tol)}${u}`;
    case "direction":
      return `${c.expect === "less" ? "<" : ">"} ${fmt(c.than ?? 0)}${u}`;
    case "atLeast":
    case "atMost": {
      const v = c.value ?? p;
      return v === undefined ? "—" : `${c.kind === "atLeast" ? "≥" : "≤"} ${fmt(v)}${u}`;
    }
    case "range":
      return `in [${fmt(c.min)}, ${fmt(c.max)}]${u}`;
    default:
      return "—";
  }
}

let paperlabVersion: string | null | undefined;
function findPaperlabVersion(): string | null {
  if (paperlabVersion !== undefined) return paperlabVersion;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const f = path.join(dir, "package.json");
    if (fs.existsSync(f)) {
      try {
        const p = JSON.parse(fs.readFileSync(f, "utf8"));
        if (p.name === "paperlab") return (paperlabVersion = String(p.version));
      } catch {
        /* keep looking */
      }
    }
    dir = path.dirname(dir);
  }
  return (paperlabVersion = null);
}

function tfjsVersion(): string | null {
  try {
    return String(require("@tensorflow/tfjs/package.json").version);
  } catch {
    return null;
  }
}

/** TensorFlow.js's active backend if TensorFlow.js is already loaded (never loads it). */
export function loadedBackend(): string | null {
  const g = (globalThis as { tf?: { getBackend?: () => string } }).tf;
  if (g && typeof g.getBackend === "function") return g.getBackend() ?? null;
  for (const key of Object.keys(require.cache)) {
    if (/[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/]tf-core\.node\.js$/.test(key)) {
      const core = require.cache[key]?.exports as { getBackend?: () => string } | undefined;
      try {
        return core?.getBackend?.() ?? null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Mean, sample sd (n − 1), min and max of finite values; throws for an empty list. Pure. */
export function spreadOf(values: readonly number[]): Spread {
  const xs = values.filter(finite);
  if (xs.length === 0) throw new ClaimError(`samples must hold at least one finite number, got ${JSON.stringify(values)}`);
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

/** True for a well-formed interval: finite estimate, lo ≤ hi, level in (0, 1), n ≥ 1, a method. Pure. */
export function isInterval(x: unknown): x is ClaimInterval {
  const iv = x as ClaimInterval;
  return iv !== null && typeof iv === "object" && finite(iv.estimate) && finite(iv.lo) && finite(iv.hi) && iv.lo <= iv.hi && finite(iv.level) && iv.level > 0 && iv.level < 1 && Number.isInteger(iv.n) && iv.n >= 1 && typeof iv.method === "string";
}

/** Evaluates one regime guard. Pure. */
export function checkGuard(g: RegimeGuard): GuardResult {
  if (!g || typeof g.baseline !== "string" || !g.baseline) throw new ClaimError('a guard needs { baseline: "what is checked", value, atLeast? | atMost? }');
  if (g.atLeast === undefined && g.atMost === undefined) throw new ClaimError(`guard "${g.baseline}": set atLeast and/or atMost (the baseline's known regime)`);
  const u = g.unit ? ` ${g.unit}` : "";
  const bounds = [g.atLeast !== undefined ? `≥ ${fmt(g.atLeast)}${u}` : "", g.atMost !== undefined ? `≤ ${fmt(g.atMost)}${u}` : ""].filter(Boolean).join(" and ");
  if (!finite(g.value)) return { ...g, ok: false, reason: `baseline ${g.baseline} not measured, needs ${bounds}` };
  const ok = (g.atLeast === undefined || g.value >= g.atLeast) && (g.atMost === undefined || g.value <= g.atMost);
  return { ...g, ok, reason: `baseline ${g.baseline} at ${fmt(g.value)}${u}, ${ok ? "in its regime" : "needs"} ${ok ? `(${bounds})` : bounds}` };
}

/** Evaluates a claim without displaying it. Pure but for provenance (clock, versions). */
export function evaluateClaim(spec: ClaimSpec): ClaimRecord {
  if (!spec || typeof spec !== "object") throw new ClaimError("claim() needs an object { id, statement, paperValue, ours, compare }");
  if (typeof spec.id !== "string" || !spec.id) throw new ClaimError("claim.id must be a non-empty string (e.g. \"fig3-mqar-acc\")");
  if (typeof spec.statement !== "string" || !spec.statement) throw new ClaimError(`claim ${spec.id}: statement must be the claim in one sentence`);
  if (!spec.compare || typeof spec.compare !== "object") throw new ClaimError(`claim ${spec.id}: compare must be { kind: "tolerance" | "direction" | "atLeast" | "atMost" | "range", … }`);
  const paper = spec.paper ?? context.paper;
  if (!paper) throw new ClaimError(`claim ${spec.id}: set paper (here or once with claimContext({ paper }))`);
  const spread = spec.samples !== undefined ? spreadOf(spec.samples) : undefined;
  const iv = spec.interval;
  if (iv !== undefined && !isInterval(iv)) throw new ClaimError(claimsMessages.badInterval(spec.id, iv));
  const ours = spec.ours ?? spread?.mean ?? iv?.estimate;
  const compared = iv && finite(ours) ? compareInterval(spec.paperValue, iv, spec.compare, spec.unit) : compareValues(spec.paperValue, ours, spec.compare);
  const guards = spec.guards?.map(checkGuard);
  const blocked = guards?.filter((g) => !g.ok) ?? [];
  // A claim against a baseline outside its regime is not decided either way.
  const verdict: Verdict = blocked.length ? "not measured" : compared.verdict;
  const reason = blocked.length ? `${blocked.map((g) => g.reason).join("; ")} (ours ${finite(ours) ? fmt(ours) : "—"}: ${compared.reason})` : compared.reason;
  const { seed, backend, wallTimeS, samples, guards: _declared, threshold, interval: _interval, ...rest } = spec;
  if (threshold !== undefined && (typeof threshold !== "string" || !threshold)) throw new ClaimError(`claim ${spec.id}: threshold must be the threshold in words (e.g. "≥ 3 points (card)"), got ${JSON.stringify(threshold)}`);
  return {
    ...rest,
    paper,
    threshold: threshold ?? thresholdText(spec.compare, spec.paperValue, spec.unit),
    scale: spec.scale ?? context.scale ?? null,
    ours: finite(ours) ? ours : null,
    ...(samples !== undefined ? { samples: samples.filter(finite), spread } : {}),
    ...(guards ? { guards } : {}),
    ...(iv ? { interval: { estimate: iv.estimate, lo: iv.lo, hi: iv.hi, level: iv.level, n: iv.n, method: iv.method } } : {}),
    holds: verdict === "holds",
    verdict,
    reason,
    provenance: {
      seed: seed ?? context.seed ?? null,
      backend: backend ?? context.backend ?? loadedBackend(),
      versions: { node: process.version, tfjs: tfjsVersion(), paperlab: findPaperlabVersion() },
      wallTimeS: Math.round((wallTimeS ?? process.uptime()) * 100) / 100,
      recordedAt: new Date().toISOString(),
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** "ours" as text: the value, with ± sd and n when the claim has samples, and its interval when it has one. */
export function oursText(r: Pick<ClaimRecord, "ours" | "unit" | "spread" | "interval">): string {
  return claimValueText(r.ours, r.unit, r.spread, r.interval);
}

/** "paper" as text: the paper's number with its unit, or its words as written; "—" when it gives none. */
export function paperText(r: Pick<ClaimRecord, "paperValue" | "unit">): string {
  return claimValueText(r.paperValue, r.unit);
}

/** The threshold column of a record, worded from `compare` for records written before it was stored. */
export function thresholdOf(r: Pick<ClaimRecord, "compare" | "paperValue" | "unit"> & { threshold?: string }): string {
  return r.threshold ?? thresholdText(r.compare, r.paperValue, r.unit);
}

const MARK: Record<Verdict, string> = { holds: "✓", "does not hold": "✗", "not measured": "?" };

/** One line per claim: `✓ holds  id — statement: paper 0.93, threshold 0.93 ± 0.05, ours 0.89 (reason) [scale]`. */
export function claimsText(records: ClaimRecord[]): string {
  return records
    .map((r) => `${MARK[r.verdict]} ${r.verdict}  ${r.paper}/${r.id} — ${r.statement}: paper ${paperText(r)}, threshold ${thresholdOf(r)}, ours ${oursText(r)} (${r.reason})${r.scale ? ` [${r.scale}]` : ""}`)
    .join("\n");
}

/** An HTML table of claims (also used by the report). */
export function claimsHtml(records: ClaimRecord[]): string {
  const rows = records
    .map((r) => {
      const color = r.holds ? "#1a7f37" : "#cf222e";
      return `<tr><td style="color:${color};font-weight:bold">${MARK[r.verdict]} ${escapeHtml(r.verdict)}</td><td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.statement)}${r.note ? `<br><small>${escapeHtml(r.note)}</small>` : ""}</td><td>${escapeHtml(paperText(r))}</td><td>${escapeHtml(thresholdOf(r))}</td><td>${escapeHtml(oursText(r))}</td><td>${escapeHtml(r.reason)}</td><td>${escapeHtml(r.scale ?? "")}</td></tr>`;
    })
    .join("");
  return `<table class="paperlab-claims"><thead><tr><th>verdict</th><th>claim</th><th>statement</th><th>paper</th><th>threshold</th><th>ours</th><th>check</th><th>scale</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The display bundle of a list of claims. Pure. */
export function claimsBundle(records: ClaimRecord[]): DisplayBundle {
  const payload: ClaimsPayload<ClaimRecord> = { version: CLAIMS_VERSION, claims: records };
  return {
    data: { [CLAIMS_MIME]: payload, "text/html": claimsHtml(records), "text/plain": claimsText(records) },
    metadata: {},
  };
}

/** True for a claims payload (as read back from a notebook output). */
export function isClaimsPayload(x: unknown): x is ClaimsPayload<ClaimRecord> {
  const p = x as ClaimsPayload<ClaimRecord>;
  return p !== null && typeof p === "object" && typeof p.version === "number" && Array.isArray(p.claims);
}

/** Displays claims as one table. */
export function showClaims(records: ClaimRecord[]): void {
  const b = claimsBundle(records);
  void display(b.data, { raw: true, metadata: { paperlab: { claims: records.map((r) => r.id) } } });
}

/**
 * Evaluates a claim, displays its row and returns the record. Never throws for a claim that
 * does not hold (that is a result, reported as such); throws `ClaimError` for a malformed claim.
 */
export function claim(spec: ClaimSpec): ClaimRecord {
  const r = evaluateClaim(spec);
  showClaims([r]);
  return r;
}
