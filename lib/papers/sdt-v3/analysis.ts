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
  /** max |logit_int − logit_expanded| over the batch. */
  maxAbsDiff: number;
  /** Share of images whose argmax agrees. */
  argmaxAgreement: number;
  /** Pairs for a scatter plot (first `keep` images × classes). */
  pairs: { integer: number; expanded: number; cls: number }[];
}

/** Runs the trained I-LIF model in both modes (inference BN) and compares the logits. */
export function checkEquivalence(m: SpikeFormer, x: tf.Tensor4D, neuron: NeuronSpec, keep = 16): EquivalenceReport {
  const [a, b] = tf.tidy(() => [
    forward(m, x, { training: false, neuron, inference: "integer" }).arraySync(),
    forward(m, x, { training: false, neuron, inference: "expanded" }).arraySync(),
  ]);
  let maxAbsDiff = 0;
  let agree = 0;
  const pairs: EquivalenceReport["pairs"] = [];
  const argmax = (r: number[]) => r.indexOf(Math.max(...r));
  a.forEach((row, i) => {
    row.forEach((v, c) => {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - b[i][c]));
      if (i < keep) pairs.push({ integer: v, expanded: b[i][c], cls: c });
    });
    if (argmax(row) === argmax(b[i])) agree++;
  });
  return { maxAbsDiff, argmaxAgreement: agree / a.length, pairs };
}
