/**
 * Analysis of a trained E-SpikeFormer: firing statistics per neuron layer, synaptic operations and
 * energy (card §2.5), and the integer ↔ spike-driven equivalence check (card §2.2, claim 2).
 *
 *   E_SNN = E_MAC · OPs_stem + E_AC · Σ_l OPs_l · T · r_l      E_ANN = E_MAC · Σ_l OPs_l
 * r_l is the mean spike count per input neuron of layer l per timestep (the mean integer s for I-LIF,
 * not s/D), so T · r_l counts spikes over the whole T × D window. The attention core counts q kᵀ as fed
 * by q's spikes and (q kᵀ) v as fed by v's spikes (our rule; the paper's could not be read).
 */
import * as tf from "@tensorflow/tfjs";
import { FiringRates, OpCounter } from "../../core/train/energy";
import { levelsOf, type NeuronSpec } from "./neurons";
import { forward, type SpikeFormer } from "./model";

/** Energy and firing of one model on a batch. */
export interface EnergyReport {
  /** Spiking energy per image, µJ. */
  snnUj: number;
  /** Same network counted as an ANN (every op a MAC), µJ. */
  annUj: number;
  /** annUj / snnUj. */
  ratio: number;
  /** MACs and ACs per image. */
  macs: number;
  acs: number;
  /** Spikes per image (Σ over neuron layers of the integer counts, × T). */
  spikesPerImage: number;
  /** Per layer: name, kind, ops, firing rate, MACs, ACs, energy (pJ). */
  layers: Record<string, string | number | null>[];
  /** Per neuron layer: mean count and the share of each value 0..D. */
  firing: Record<string, string | number>[];
}

/** Runs `x` `[B, H, W, C]` through the model in inference mode while counting (per image). */
export function measureEnergy(m: SpikeFormer, x: tf.Tensor4D, neuron: NeuronSpec): EnergyReport {
  const recorder = { firing: new FiringRates(levelsOf(neuron)), counter: new OpCounter() };
  tf.tidy(() => {
    forward(m, x, { training: false, neuron, recorder });
  });
  const t = recorder.counter.total();
  const firing = recorder.firing.rows();
  // neurons per image = recorded values / (T·B); spikes = rate · neurons · T
  const B = x.shape[0];
  const spikesPerImage = firing.reduce((s, r) => s + (r.rate as number) * ((r.neurons as number) / B), 0);
  return {
    snnUj: t.energyPj * 1e-6,
    annUj: t.annEnergyPj * 1e-6,
    ratio: t.annEnergyPj / t.energyPj,
    macs: t.macs,
    acs: t.acs,
    spikesPerImage,
    layers: recorder.counter.rows(),
    firing,
  };
}

/** Integer-mode against expanded (spike-driven) logits on one batch. */
export interface EquivalenceReport {
  /** max |logit_int − logit_expanded| with synaptic weights on a 2^−bits fixed-point grid (the deployed model). */
  maxAbsDiff: number;
  /** Share of images whose argmax agrees (fixed-point weights). */
  argmaxAgreement: number;
  /** The same with the raw float32 weights: summation order differs between modes, so a neuron whose membrane
   * lies within float rounding of a threshold can flip and move the logits. */
  floatMaxAbsDiff: number;
  floatArgmaxAgreement: number;
  /** Fixed-point fraction bits of the weights used for `maxAbsDiff`. */
  bits: number;
  /** Pairs for a scatter plot (first `keep` images × classes, fixed-point weights). */
  pairs: { integer: number; expanded: number; cls: number }[];
}

function compareModes(m: SpikeFormer, x: tf.Tensor4D, neuron: NeuronSpec) {
  const [a, b] = tf.tidy(() => [
    forward(m, x, { training: false, neuron, inference: "integer" }).arraySync(),
    forward(m, x, { training: false, neuron, inference: "expanded" }).arraySync(),
  ]);
  let maxAbsDiff = 0;
  let agree = 0;
  const argmax = (r: number[]) => r.indexOf(Math.max(...r));
  a.forEach((row, i) => {
    row.forEach((v, c) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - b[i][c]))));
    if (argmax(row) === argmax(b[i])) agree++;
  });
  return { a, b, maxAbsDiff, agreement: a.length ? agree / a.length : NaN };
}

/**
 * Runs the trained I-LIF model in both modes (inference BN) and compares the logits, first with the raw
 * float weights, then with every conv / linear weight and bias rounded to a 2^−bits grid, as fixed-point
 * neuromorphic hardware holds them: then every synaptic sum is exact in float32 in both modes (spike counts
 * are small integers), so the comparison tests the expansion itself, not float summation order.
 * The model's weights are restored afterwards.
 */
export function checkEquivalence(m: SpikeFormer, x: tf.Tensor4D, neuron: NeuronSpec, keep = 16, bits = 16): EquivalenceReport {
  const raw = compareModes(m, x, neuron);
  const synaptic = [...m.params.vars.entries()].filter(([k]) => k.endsWith("/w") || k.endsWith("/b")).map(([, v]) => v);
  const saved = synaptic.map((v) => v.clone());
  synaptic.forEach((v) => v.assign(tf.tidy(() => tf.div(tf.round(tf.mul(v, 2 ** bits)), 2 ** bits))));
  const fixed = compareModes(m, x, neuron);
  synaptic.forEach((v, i) => {
    v.assign(saved[i]);
    saved[i].dispose();
  });
  const pairs: EquivalenceReport["pairs"] = [];
  fixed.a.slice(0, keep).forEach((row, i) => row.forEach((v, c) => pairs.push({ integer: v, expanded: fixed.b[i][c], cls: c })));
  return {
    maxAbsDiff: fixed.maxAbsDiff,
    argmaxAgreement: fixed.agreement,
    floatMaxAbsDiff: raw.maxAbsDiff,
    floatArgmaxAgreement: raw.agreement,
    bits,
    pairs,
  };
}
