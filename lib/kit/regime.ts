/**
 * Regime guards: a claim that compares with a baseline is decided only once that baseline has reached its known
 * regime on the task (softmax attention solves MQAR; a small conv net exceeds 90 % on MNIST). Each paper's
 * claims declare their guards; `lab.claim({ ..., guards })` reports "not measured (baseline at X, needs ≥ Y)"
 * when any guard fails. These helpers build guards and check them ahead of the claims (e.g. to print a warning
 * in the notebook, or to skip comparisons that would be noise).
 */
import { checkGuard, type GuardResult, type RegimeGuard } from "../claims";

export { checkGuard };
export type { RegimeGuard, GuardResult };

/** A guard: `baseline` must be at least `min` (e.g. an accuracy). */
export function atLeast(baseline: string, value: number | null | undefined, min: number, unit?: string): RegimeGuard {
  return { baseline, value, atLeast: min, unit };
}

/** A guard: `baseline` must be at most `max` (e.g. an error level). */
export function atMost(baseline: string, value: number | null | undefined, max: number, unit?: string): RegimeGuard {
  return { baseline, value, atMost: max, unit };
}

/** A guard: `baseline` must lie in [min, max] (e.g. a simulator's error level matching the paper's conditions). */
export function within(baseline: string, value: number | null | undefined, min: number, max: number, unit?: string): RegimeGuard {
  return { baseline, value, atLeast: min, atMost: max, unit };
}

/** Evaluates guards; `ok` is true when every guard is in its regime. */
export function checkRegime(guards: readonly RegimeGuard[]): { ok: boolean; results: GuardResult[]; reason: string } {
  const results = guards.map(checkGuard);
  const failed = results.filter((r) => !r.ok);
  return { ok: failed.length === 0, results, reason: (failed.length ? failed : results).map((r) => r.reason).join("; ") };
}
