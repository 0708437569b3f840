/**
 * Readouts of the S2NN-style network (card §2.2 items 6–8 and §2.4; the threshold-locked readout and the vote are
 * the card's reconstructions). Inputs are region values per frame, flat [n·10] (p_c = e_c/Σe for the relative
 * readout, e_c for the absolute one):
 * - analog: argmax_c e_c;
 * - spikes: s_c = H(v_c − κ) (H(0) = 1, as `lab.spike`), κ ∈ (0, 1) a scalar or one per class;
 * - decision from spikes (one expert) or votes v_c = Σ_k s_{k,c} (OPMoE): the class with the unique largest vote.
 *   No spike, or a tie for the largest vote, is "ambiguous": *strict* counts it wrong, *tie-break* takes the lowest
 *   class index among the tied (class 0 when no expert fired), the fixed tie priority.
 */
import { s2nnMessages } from "./messages";

/** Classes (detector regions). */
export const CLASSES = 10;

/** A threshold: one κ for every class or one per class. */
export type Kappa = number | readonly number[];

/** Checks κ ∈ (0, 1) (scalar or 10 values). */
export function checkKappa(kappa: Kappa): void {
  const ks = typeof kappa === "number" ? [kappa] : kappa;
  if (typeof kappa !== "number" && ks.length !== CLASSES) throw new Error(s2nnMessages.badKappaCount(ks.length));
  for (const k of ks) if (!(k > 0 && k < 1)) throw new Error(s2nnMessages.badKappa(k));
}

function frames(values: ArrayLike<number>): number {
  if (values.length % CLASSES !== 0) throw new Error(s2nnMessages.badProbs(values.length, Math.ceil(values.length / CLASSES)));
  return values.length / CLASSES;
}

/** Hard spikes s [n·10] = H(v − κ) of region values v [n·10]. */
export function spikesOf(values: ArrayLike<number>, kappa: Kappa): Uint8Array {
  checkKappa(kappa);
  const n = frames(values);
  const s = new Uint8Array(n * CLASSES);
  for (let i = 0; i < n * CLASSES; i++) {
    const k = typeof kappa === "number" ? kappa : kappa[i % CLASSES];
    s[i] = values[i] - k >= 0 ? 1 : 0;
  }
  return s;
}

/** κ scaled by (1 + offset) (threshold drift, claim 5), per class when κ is a vector. */
export function shiftKappa(kappa: Kappa, offset: number): Kappa {
  return typeof kappa === "number" ? kappa * (1 + offset) : kappa.map((k) => k * (1 + offset));
}

/** Analog accuracy: argmax_c of region values against labels. */
export function analogAccuracy(values: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = frames(values);
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (values[i * CLASSES + c] > values[i * CLASSES + best]) best = c;
    if (best === labels[i]) ok++;
  }
  return ok / n;
}

/** Scores of a spiking readout. */
export interface SpikeScore {
  /** Accuracy counting ambiguous frames wrong. */
  strict: number;
  /** Accuracy with ambiguous frames decided by the lowest tied class index. */
  tieBreak: number;
  /** Share of frames with no unique largest vote (no spike, or a tie). */
  ambiguous: number;
  /** Mean spikes per frame per expert. */
  spikesPerFrame: number;
  /** Frames. */
  n: number;
}

/** The decision on one frame's votes [10]: argmax with the lowest index first among ties; ambiguous on a tie or no vote. */
export function voteDecision(votes: ArrayLike<number>, at = 0): { pred: number; ambiguous: boolean } {
  let best = 0, ties = 1;
  for (let c = 1; c < CLASSES; c++) {
    const v = votes[at + c], b = votes[at + best];
    if (v > b) { best = c; ties = 1; } else if (v === b) ties++;
  }
  return { pred: best, ambiguous: ties > 1 || votes[at + best] === 0 };
}

/** Scores K experts' spikes [K][n·10] against labels: votes v_c = Σ_k s_{k,c}, then `voteDecision` per frame. */
export function scoreVotes(spikes: readonly ArrayLike<number>[], labels: ArrayLike<number>): SpikeScore {
  if (spikes.length === 0) throw new Error(s2nnMessages.noExperts());
  const n = labels.length;
  spikes.forEach((s, k) => { if (s.length !== n * CLASSES) throw new Error(s2nnMessages.expertFrames(k, s.length, n * CLASSES)); });
  const votes = new Float64Array(CLASSES);
  let strict = 0, tie = 0, amb = 0, total = 0;
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    for (const s of spikes) for (let c = 0; c < CLASSES; c++) { votes[c] += s[i * CLASSES + c]; total += s[i * CLASSES + c]; }
    const d = voteDecision(votes);
    if (d.ambiguous) amb++;
    else if (d.pred === labels[i]) strict++;
    if (d.pred === labels[i]) tie++;
  }
  return { strict: strict / n, tieBreak: tie / n, ambiguous: amb / n, spikesPerFrame: total / (n * spikes.length), n };
}

/** Scores one expert's region values at threshold κ (`scoreVotes` of its spikes). */
export function scoreSpikes(values: ArrayLike<number>, kappa: Kappa, labels: ArrayLike<number>): SpikeScore {
  return scoreVotes([spikesOf(values, kappa)], labels);
}

/**
 * Post-hoc threshold (the baseline to beat, card §2.3): the scalar κ on a grid of `steps` values in (0, 1) that
 * maximises strict accuracy on the given (training) frames; the smallest such κ on ties.
 */
export function posthocKappa(values: ArrayLike<number>, labels: ArrayLike<number>, steps = 200): { kappa: number; strict: number } {
  let best = { kappa: 0.5, strict: -1 };
  for (let i = 1; i < steps; i++) {
    const kappa = i / steps;
    const strict = scoreSpikes(values, kappa, labels).strict;
    if (strict > best.strict) best = { kappa, strict };
  }
  return best;
}
