/**
 * Operation counts and energy estimates for ANN and spiking layers (SDT lineage, 45 nm CMOS):
 *   E = E_MAC · Σ_{MAC layers} OPs_l  +  E_AC · Σ_{spike-driven layers} T · OPs_l · r_l
 * OPs_l is the layer's synaptic operation count (its MACs as an ANN), T the timesteps and r_l
 * the firing rate of the layer's *input* spikes (mean spikes per neuron per timestep; for integer
 * spikes the mean integer count). A layer fed real values (the stem/encoding layer) counts MACs.
 * Memory traffic is not counted.
 */
import * as tf from "@tensorflow/tfjs";
import { trainMessages } from "./messages";

/** Energy of one multiply-accumulate at 45 nm, in pJ (Horowitz 2014). */
export const E_MAC_PJ = 4.6;
/** Energy of one accumulate at 45 nm, in pJ (Horowitz 2014). */
export const E_AC_PJ = 0.9;

/** Geometry of a 2-D convolution (channels-last, as tf.conv2d). */
export interface Conv2dGeometry {
  /** Input height and width. */
  inH: number;
  inW: number;
  /** Input and output channels. */
  inC: number;
  outC: number;
  /** Kernel size (square if one number). */
  kernel: number | [number, number];
  /** Stride (default 1). */
  stride?: number | [number, number];
  /** "same", "valid" or explicit symmetric zero padding in pixels (default "valid"). */
  padding?: "same" | "valid" | number;
  /** Dilation (default 1). */
  dilation?: number | [number, number];
  /** Groups (default 1; inC for depthwise). */
  groups?: number;
  /** Batch size (default 1: counts are per sample). */
  batch?: number;
}

const two = (x: number | [number, number] | undefined, d: number): [number, number] =>
  x === undefined ? [d, d] : typeof x === "number" ? [x, x] : x;

/** Output size and MACs of a conv: outH·outW·outC · (inC/groups)·kh·kw (· batch). Bias adds are not counted. */
export function conv2dMacs(g: Conv2dGeometry): { outH: number; outW: number; macs: number } {
  const [kh, kw] = two(g.kernel, 1);
  const [sh, sw] = two(g.stride, 1);
  const [dh, dw] = two(g.dilation, 1);
  const groups = g.groups ?? 1;
  if (g.inC % groups !== 0 || g.outC % groups !== 0) {
    throw new RangeError(trainMessages.badRange("conv2dMacs.groups", groups, `a divisor of inC ${g.inC} and outC ${g.outC}`));
  }
  const ekh = dh * (kh - 1) + 1, ekw = dw * (kw - 1) + 1; // effective (dilated) kernel
  let outH: number, outW: number;
  const pad = g.padding ?? "valid";
  if (pad === "same") {
    outH = Math.ceil(g.inH / sh);
    outW = Math.ceil(g.inW / sw);
  } else {
    const p = pad === "valid" ? 0 : pad;
    outH = Math.floor((g.inH + 2 * p - ekh) / sh) + 1;
    outW = Math.floor((g.inW + 2 * p - ekw) / sw) + 1;
  }
  const macs = (g.batch ?? 1) * outH * outW * g.outC * (g.inC / groups) * kh * kw;
  return { outH, outW, macs };
}

/** MACs of a dense layer applied to `tokens` positions: tokens · in · out. */
export function linearMacs(inFeatures: number, outFeatures: number, tokens = 1): number {
  return tokens * inFeatures * outFeatures;
}

/** Mean of a spike tensor: the firing rate r (spikes per neuron per step; mean count for integer spikes). */
export function firingRate(spikes: tf.Tensor): number {
  return tf.tidy(() => tf.mean(spikes).dataSync()[0]);
}

/** One counted layer. */
export interface LayerOps {
  /** Layer name. */
  name: string;
  /** Kind, for tables ("conv", "linear", ...). */
  kind: string;
  /** Synaptic operations of one pass as an ANN (its MACs). */
  ops: number;
  /** Input firing rate r; undefined for a layer fed real values (counted as MACs). */
  firingRate?: number;
  /** Timesteps T (default 1). */
  timesteps: number;
  /** MACs counted (ops·T when not spike-driven, else 0). */
  macs: number;
  /** ACs counted (T·ops·r when spike-driven, else 0). */
  acs: number;
  /** Energy in pJ: E_MAC·macs + E_AC·acs. */
  energyPj: number;
  /** Energy if the layer ran as an ANN: E_MAC·ops (one pass). */
  annEnergyPj: number;
}

/** Options when adding a layer. */
export interface CountOptions {
  /** Input firing rate: marks the layer spike-driven (ACs). Omit for real-valued input (MACs). */
  firingRate?: number;
  /** Timesteps T the layer runs (default 1). */
  timesteps?: number;
}

/**
 * Counts operations per layer and turns them into energy: `counter.conv2d("conv1", geom)` for the
 * real-valued stem, `counter.linear("fc2", 256, 10, { firingRate: 0.12, timesteps: 4 })` for a
 * spike-fed layer, then `counter.total()` or `counter.rows()`.
 */
export class OpCounter {
  private readonly list: LayerOps[] = [];

  constructor(readonly eMacPj = E_MAC_PJ, readonly eAcPj = E_AC_PJ) {}

  /** Adds a layer with `ops` synaptic operations per pass. */
  add(name: string, kind: string, ops: number, o: CountOptions = {}): LayerOps {
    const T = o.timesteps ?? 1;
    const spiking = o.firingRate !== undefined;
    if (spiking && !(o.firingRate! >= 0)) {
      throw new RangeError(trainMessages.badRange(`OpCounter.${name}.firingRate`, o.firingRate, "a rate ≥ 0"));
    }
    const macs = spiking ? 0 : ops * T;
    const acs = spiking ? T * ops * o.firingRate! : 0;
    const l: LayerOps = {
      name,
      kind,
      ops,
      firingRate: o.firingRate,
      timesteps: T,
      macs,
      acs,
      energyPj: this.eMacPj * macs + this.eAcPj * acs,
      annEnergyPj: this.eMacPj * ops,
    };
    this.list.push(l);
    return l;
  }

  /** Adds a 2-D convolution (ops from `conv2dMacs`). */
  conv2d(name: string, g: Conv2dGeometry, o: CountOptions = {}): LayerOps {
    return this.add(name, "conv", conv2dMacs(g).macs, o);
  }

  /** Adds a dense layer over `tokens` positions. */
  linear(name: string, inFeatures: number, outFeatures: number, o: CountOptions & { tokens?: number } = {}): LayerOps {
    return this.add(name, "linear", linearMacs(inFeatures, outFeatures, o.tokens ?? 1), o);
  }

  /** The layers added so far, in order. */
  layers(): readonly LayerOps[] {
    return this.list;
  }

  /** Totals: MACs, ACs, energy (pJ and mJ) and the same network's ANN energy. */
  total(): { macs: number; acs: number; energyPj: number; energyMj: number; annEnergyPj: number } {
    const s = { macs: 0, acs: 0, energyPj: 0, annEnergyPj: 0 };
    for (const l of this.list) {
      s.macs += l.macs;
      s.acs += l.acs;
      s.energyPj += l.energyPj;
      s.annEnergyPj += l.annEnergyPj;
    }
    return { ...s, energyMj: s.energyPj * 1e-9 };
  }

  /** One plain record per layer (for `toFrame` / CSV). */
  rows(): Record<string, string | number | null>[] {
    return this.list.map((l) => ({ ...l, firingRate: l.firingRate ?? null }));
  }
}

/**
 * Accumulates firing rates per layer over batches (and timesteps): `rec.record("lif1", s)` after
 * each spiking layer, then `rec.rate("lif1")` is Σ spikes / Σ neurons-steps seen. With `levels`
 * (integer spikes 0..D) it also counts the share of each value, as SDT-V3's firing hooks do.
 */
export class FiringRates {
  private readonly acc = new Map<string, { sum: number; count: number; hist?: number[] }>();
  constructor(readonly levels?: number) {}

  /** Adds one spike tensor (any shape; values are spike counts). Reads it back synchronously. */
  record(name: string, spikes: tf.Tensor): void {
    const data = spikes.dataSync();
    const a = this.acc.get(name) ?? { sum: 0, count: 0, hist: this.levels !== undefined ? new Array<number>(this.levels + 1).fill(0) : undefined };
    for (let i = 0; i < data.length; i++) {
      a.sum += data[i];
      if (a.hist) {
        const k = Math.round(data[i]);
        if (k >= 0 && k < a.hist.length) a.hist[k]++;
      }
    }
    a.count += data.length;
    this.acc.set(name, a);
  }

  /** Mean spikes per neuron per step of a layer (undefined if never recorded). */
  rate(name: string): number | undefined {
    const a = this.acc.get(name);
    return a && a.count ? a.sum / a.count : undefined;
  }

  /** Share of values 0..levels of a layer (needs `levels`). */
  shares(name: string): number[] | undefined {
    const a = this.acc.get(name);
    return a?.hist ? a.hist.map((h) => h / a.count) : undefined;
  }

  /** All rates as rows { layer, rate, neurons } (plus share0..shareD with `levels`). */
  rows(): Record<string, string | number>[] {
    return [...this.acc.entries()].map(([layer, a]) => ({
      layer,
      rate: a.sum / a.count,
      neurons: a.count,
      ...(a.hist ? Object.fromEntries(a.hist.map((h, k) => [`share${k}`, h / a.count])) : {}),
    }));
  }
}
