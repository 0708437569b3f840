/**
 * Seeded class-stratified subsets of a labelled split (e.g. 8,000 training and 1,000 validation digits out of
 * MNIST's 60,000): each subset takes ⌊n/C⌋ samples per class (+1 for the first n mod C classes), the subsets are
 * disjoint, and each comes back in a seeded random order. For one subset the draws are exactly those of the
 * pilots' `stratifiedIndices` (SDT-V3's data.ts), so switching to this keeps their seeds' subsets.
 */
import type { Rng } from "../core/train/seed";
import { kitMessages } from "./messages";

/**
 * Disjoint class-stratified subsets of sizes `sizes` (in order) from `labels` (class indices 0..classes−1):
 * every class's indices are shuffled once, the subsets take consecutive runs of them, then each subset is shuffled.
 */
export function stratifiedSplit(labels: ArrayLike<number>, sizes: readonly number[], rng: Rng, classes = 10): number[][] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new RangeError(kitMessages.badLabel(i, c, classes));
    byClass[c].push(i);
  }
  const per = (n: number, c: number) => Math.floor(n / classes) + (c < n % classes ? 1 : 0);
  byClass.forEach((idx, c) => {
    const need = sizes.reduce((a, n) => a + per(n, c), 0);
    if (need > idx.length) throw new RangeError(kitMessages.tooFewInClass(c, idx.length, need, sizes));
  });
  const outs: number[][] = sizes.map(() => []);
  byClass.forEach((idx, c) => {
    rng.shuffle(idx);
    let at = 0;
    sizes.forEach((n, s) => {
      outs[s].push(...idx.slice(at, at + per(n, c)));
      at += per(n, c);
    });
  });
  return outs.map((o) => rng.shuffle(o));
}

/** One class-stratified subset of `n` indices (see `stratifiedSplit`). */
export function stratifiedIndices(labels: ArrayLike<number>, n: number, rng: Rng, classes = 10): number[] {
  return stratifiedSplit(labels, [n], rng, classes)[0];
}
