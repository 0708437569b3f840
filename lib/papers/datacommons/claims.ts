/**
 * DataGemma (arXiv 2409.13741): the card's claims C1–C5 (../shared/papers/datacommons-rig-rag.md §4) plus the RIG
 * headline, as `lab.claim` specs computed from our results. Thresholds are fixed here before any run.
 * The paper's percentages come from secondary summaries (card §3: unverified) and are quoted as such.
 */
import type { ClaimSpec } from "../../claims";
import { atLeast, within as inRange } from "../../kit";
import type { DatacommonsResults, LMRunResult } from "./experiment";

export const PAPER_NUMBERS = {
  baseAccuracy: "4.9–16.7 %",
  rigAccuracy: "57.7–58.8 %",
  ragCited: "98.6–98.9 % correct",
  ragInferredWrong: "6–20 %",
  coverage: "23–29 %",
  source: "arXiv 2409.13741 evaluation tables as summarised secondarily (card §3, unverified)",
} as const;

/**
 * Thresholds and regimes (issue 22, card §4), fixed before running:
 * - baseRegime: the LM's own claim accuracy (1 % tolerance) must sit in the paper's 5–17 % before RIG is compared;
 * - parseFloor: ≥ 90 % of its `__DC__` calls must parse to the asked fact (else RIG's gain measures the parser);
 * - copyFloor: C5 needs an LM that copies ≥ 90 % of table numbers;
 * - c1Tol 3 points; c3Recall 0.9 on guesses > 10 % off; c4Gain 10 points precision@1; rigGain 20 points.
 */
export const THRESHOLDS = { baseRegime: [0.05, 0.17] as const, parseFloor: 0.9, copyFloor: 0.9, c1Tol: 0.03, c3Recall: 0.9, c4Gain: 0.1, rigGain: 0.2 } as const;

/** `samples` of the finite per-seed values, or no samples (ours null: not measured) when there are none. */
const seeded = (xs: readonly number[]): { ours: null; samples?: number[] } => {
  const f = xs.filter((x) => Number.isFinite(x));
  return f.length ? { ours: null, samples: f } : { ours: null };
};

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Regime guards of every LM-based claim. */
export function lmGuards(lm: readonly LMRunResult[]) {
  return [
    inRange("LocalLM base claim accuracy (1 % tolerance)", mean(lm.map((r) => r.base)), THRESHOLDS.baseRegime[0], THRESHOLDS.baseRegime[1]),
    atLeast("share of __DC__ calls parsing to the asked fact", mean(lm.map((r) => r.parseRate)), THRESHOLDS.parseFloor),
  ];
}

/** C1's gap per seed: the largest |accuracy − (coverage × precision + (1 − coverage) × base)| over hidden shares. */
export const c1Gap = (r: LMRunResult) => Math.max(...r.coverage.map((c) => Math.abs(c.accuracy - c.predicted)));

/** C2 on one scorer: is precision non-decreasing and coverage non-increasing in τ, with coverage falling overall? */
export function c2Monotone(rows: DatacommonsResults["sweep"], scorer: string): { ok: boolean; coverageDrop: number; precisionGain: number } {
  const r = rows.filter((x) => x.scorer === scorer).sort((a, b) => a.tau - b.tau);
  let ok = r.length >= 2;
  for (let i = 1; i < r.length; i++) if (r[i].coverage > r[i - 1].coverage + 1e-12 || r[i].precision < r[i - 1].precision - 1e-12) ok = false;
  const first = r[0];
  const last = r[r.length - 1];
  return { ok: ok && last.coverage < first.coverage, coverageDrop: first ? first.coverage - last.coverage : NaN, precisionGain: first ? last.precision - first.precision : NaN };
}

export function claimSpecs(res: DatacommonsResults): ClaimSpec[] {
  const lm = res.lm;
  const guards = lmGuards(lm);
  const p1 = (scorer: string) => res.precision.find((r) => r.scorer === scorer && r.kind === "paraphrased")?.p1 ?? NaN;
  const c2 = c2Monotone(res.sweep, "tfidf");
  const enc = p1("encoder");
  const bestEmbed = Math.max(p1("tfidf"), Number.isFinite(enc) ? enc : -Infinity);
  const reasons = lm.map((r) => Object.entries(r.flags.reasons).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(", ") || "none");
  return [
    {
      id: "rig-beats-base",
      statement: "RIG raises the claim accuracy of statistics over the base model's own numbers (paper: ≈ 5–17 % → ≈ 58 %)",
      paperValue: `${PAPER_NUMBERS.baseAccuracy} → ${PAPER_NUMBERS.rigAccuracy}`,
      ...seeded(lm.map((r) => r.rig - r.base)),
      compare: { kind: "atLeast", value: THRESHOLDS.rigGain },
      unit: "accuracy",
      threshold: "RIG − base ≥ 20 points",
      guards,
      note: `LocalLM (2 layers, d ${64}) on popularity-weighted questions; base ${mean(lm.map((r) => r.base)).toFixed(3)}, RIG ${mean(lm.map((r) => r.rig)).toFixed(3)}, RIG + validation ${mean(lm.map((r) => r.rigValidated)).toFixed(3)}; paper numbers unverified`,
    },
    {
      id: "c1-coverage-ceiling",
      statement: "RIG's claim accuracy ≈ coverage × retrieval precision + (1 − coverage) × base accuracy, as variables are hidden",
      paperValue: null,
      ...seeded(lm.map(c1Gap)),
      compare: { kind: "atMost", value: THRESHOLDS.c1Tol },
      unit: "accuracy",
      threshold: "largest gap over hidden shares ≤ 3 points (issue 22)",
      guards,
      note: "gap = max over hidden-variable shares of |measured − predicted|",
    },
    {
      id: "c2-threshold-tradeoff",
      statement: "Raising the variable-match threshold τ from 0.5 to 0.9 raises precision and lowers coverage monotonically (point 0.8 vs table 0.7)",
      paperValue: "τ 0.8 (point) vs 0.7 (table) in data_gemma",
      ours: c2.ok ? c2.coverageDrop : 0,
      compare: { kind: "direction", expect: "greater", than: 0 },
      unit: "coverage",
      threshold: "monotone in τ and coverage(0.5) − coverage(0.9) > 0",
      note: `TF-IDF scorer on generated point questions (20 % unanswerable, 30 % paraphrased); precision gain ${c2.precisionGain.toFixed(3)}; ${c2.ok ? "monotone" : "NOT monotone (value set to 0)"}`,
    },
    {
      id: "c3-flag-recall",
      statement: "The ±5 % flag catches the model's guesses that are more than 10 % off",
      paperValue: "5 % threshold (data_gemma)",
      ...seeded(lm.map((r) => r.flags.recall)),
      compare: { kind: "atLeast", value: THRESHOLDS.c3Recall },
      unit: "recall",
      guards,
      note: `false flags on guesses within 5 %: ${lm.map((r) => `${(100 * r.flags.falseFlagRate).toFixed(1)} % (${reasons[lm.indexOf(r)]})`).join("; ")}`,
    },
    {
      id: "c4-retriever-robustness",
      statement: "On paraphrased questions a char-n-gram TF-IDF (or learned) retriever beats exact keywords by ≥ 10 points precision@1",
      paperValue: null,
      ours: bestEmbed - p1("keyword"),
      compare: { kind: "atLeast", value: THRESHOLDS.c4Gain },
      unit: "precision@1",
      note: `precision@1 on reworded/misspelt metrics: keyword ${p1("keyword").toFixed(3)}, BM25 ${p1("bm25").toFixed(3)}, TF-IDF ${p1("tfidf").toFixed(3)}, InfoNCE encoder ${Number.isFinite(enc) ? enc.toFixed(3) : "not trained"}; the better of TF-IDF and the encoder counts`,
    },
    {
      id: "c5-rag-copy-vs-inference",
      statement: "RAG: numbers copied from tables are far more often right than claims inferred from them (paper: ≈ 99 % vs 80–94 %)",
      paperValue: `${PAPER_NUMBERS.ragCited}; inferred wrong ${PAPER_NUMBERS.ragInferredWrong}`,
      ...seeded(lm.map((r) => r.tableCopy)),
      compare: { kind: "atLeast", value: THRESHOLDS.copyFloor },
      unit: "copy rate",
      guards: [
        atLeast("LocalLM table copy rate", mean(lm.map((r) => r.tableCopy)), THRESHOLDS.copyFloor),
        // Inferred claims (growth, comparisons) need a judge (the paper: human raters); no judge is built here, so
        // even an endpoint run (--scale full) reports its copied-number fidelity without a verdict.
        atLeast("inferred RAG claims judged on an LLM endpoint (needs a judge model or raters; none here)", null, 1),
      ],
      note: `${res.endpoint ? `endpoint ${res.endpoint.llm}: ${(100 * res.endpoint.rag.copiedInTable).toFixed(1)} % of the numbers in table-grounded answers are in a cited table; ` : "no LLM endpoint in this run (--scale full with LLM_BASE_URL, LLM_MODEL, DC_API_KEY runs the flows on one); "}the SimulatedLLM's ${res.simRag.rows.map((r) => `${r.kind} ${(100 * r.correct).toFixed(0)} %`).join(" / ")} is injected, not a finding`,
    },
  ];
}
