/**
 * The ideal observer of the simulated tasks (MFSNN card §5.4: the ceiling a decoder could reach on a day): it knows
 * the day's true expected counts λ_k[t, c] per class and profiles the unknown trial gain g, i.e. picks
 *   k̂ = argmax_k max_g Σ_{t,c} [n log(g λ_k) − g λ_k],   ĝ_k = Σ n / Σ λ_k   (the Poisson MLE of g),
 * so  k̂ = argmax_k Σ n log λ_k − N log Σ λ_k  with N = Σ n (terms free of k dropped).
 */
import type { Trials } from "./data";

/** Profiled log-likelihood score of one trial's counts under each class's expected counts `[K, T·C]`. */
export function observerScores(counts: ArrayLike<number>, offset: number, lam: Float32Array, K: number, TC: number): number[] {
  let N = 0;
  for (let q = 0; q < TC; q++) N += counts[offset + q];
  return Array.from({ length: K }, (_, k) => {
    let ll = 0, total = 0;
    for (let q = 0; q < TC; q++) {
      const l = lam[k * TC + q];
      total += l;
      if (counts[offset + q] > 0) ll += counts[offset + q] * Math.log(l);
    }
    return ll - N * Math.log(total);
  });
}

/** Ideal-observer accuracy on trials `idx` (all of one listed day or several); needs the simulator's rates. */
export function idealObserverAccuracy(d: Trials, idx: readonly number[]): number {
  if (!d.rates) throw new Error("idealObserverAccuracy: these trials carry no true rates (recorded data); the ideal observer exists for simulated trials only");
  const TC = d.T * d.C, K = d.K;
  let ok = 0;
  for (const i of idx) {
    const di = d.rateDays.indexOf(d.day[i]);
    if (di < 0) throw new Error(`idealObserverAccuracy: no true rates for day ${d.day[i]} (rates are listed for days ${d.rateDays.join(", ")})`);
    const scores = observerScores(d.counts, i * TC, d.rates.subarray(di * K * TC, (di + 1) * K * TC), K, TC);
    const k = scores.indexOf(Math.max(...scores));
    ok += k === d.labels[i] ? 1 : 0;
  }
  return idx.length ? ok / idx.length : NaN;
}
