/**
 * Parameters and primitive layers of E-SpikeFormer (convolution, depthwise convolution, 1×1 token
 * projection, batch norm) and the forward context that decides how a layer consumes spikes:
 *
 * - integer mode (training and default inference): `W · ŝ` with ŝ = s/D, s ∈ {0..D};
 * - expanded (spike-driven) mode: ŝ is emitted as D binary frames b_d = 1[s ≥ d] (d = 1..D, Σ_d b_d = s)
 *   and the layer runs once per frame, `W · ŝ = (1/D) Σ_d W · b_d`, so every synaptic operation is an
 *   accumulate triggered by a 1-valued spike (card §2.2). Bias and BN (an affine map at inference) act on
 *   the summed membrane, i.e. they fold into the layer.
 *
 * Layout is channels-last: images `[B, H, W, C]`, tokens `[B, N, C]`. Weights live in lib/core's `ParamStore`
 * (each drawn from the model's stream forked by its name).
 */
import * as tf from "@tensorflow/tfjs";
import { ParamStore } from "../../core/nn";
import { FiringRates, OpCounter } from "../../core/train/energy";
import { batchNormTrain } from "../../core/kernels/batch-norm";
import { fire, levelsOf, neuronLabel, type NeuronSpec } from "./neurons";
import { sdtMessages } from "./messages";

/** Batch norm over the channel axis (eps 1e-5, momentum 0.1 as PyTorch). */
export interface BatchNorm {
  name: string;
  gamma: tf.Variable;
  beta: tf.Variable;
  mean: tf.Variable;
  variance: tf.Variable;
}

/** A convolution (or a 1×1 token projection when k = 1 on tokens) followed by BN. */
export interface ConvBn {
  name: string;
  /** `[k, k, cin, cout]`, or `[k, k, c, 1]` when depthwise. */
  w: tf.Variable;
  b?: tf.Variable;
  k: number;
  stride: number;
  depthwise: boolean;
  bn: BatchNorm;
}

/** Creates a BN layer: γ = 1, β = 0, running mean 0, variance 1. */
export function makeBn(p: ParamStore, name: string, c: number): BatchNorm {
  return {
    name,
    gamma: p.weight(`${name}/gamma`, [c], "ones"),
    beta: p.weight(`${name}/beta`, [c], "zeros"),
    mean: p.buffer(`${name}/mean`, [c], 0),
    variance: p.buffer(`${name}/var`, [c], 1),
  };
}

/** Creates conv (+bias) + BN. `depthwise` makes a k×k per-channel conv (cin = cout). */
export function makeConvBn(p: ParamStore, name: string, cin: number, cout: number, k: number, o: { stride?: number; bias?: boolean; depthwise?: boolean } = {}): ConvBn {
  const depthwise = o.depthwise ?? false;
  const fanIn = depthwise ? k * k : k * k * cin;
  return {
    name,
    w: p.weight(`${name}/w`, depthwise ? [k, k, cin, 1] : [k, k, cin, cout], "kaiming", fanIn),
    b: o.bias ? p.weight(`${name}/b`, [cout], "kaiming", fanIn) : undefined,
    k,
    stride: o.stride ?? 1,
    depthwise,
    bn: makeBn(p, `${name}/bn`, cout),
  };
}

/** Per-layer analysis records: firing statistics of each neuron and operation counts of each layer. */
export interface Recorder {
  /** Share of values 0..D and mean count per neuron layer (integer counts, not s/D). */
  firing: FiringRates;
  /** One entry per synaptic layer: ops per sample and whether it is spike-fed (ACs) or real-fed (MACs). */
  counter: OpCounter;
}

/** How one forward pass runs. */
export interface ForwardOptions {
  /** Batch statistics (and running-stat updates) when true; running statistics otherwise. */
  training: boolean;
  neuron: NeuronSpec;
  /** "integer" (default) or "expanded": every spike-fed layer runs over D binary frames. */
  inference?: "integer" | "expanded";
  /** Collects firing statistics and op counts (reads tensors back: analysis only, not for training). */
  recorder?: Recorder;
  /** Weight of the batch statistics in the running-statistics update (default 0.1; 1 calibrates BN on a batch). */
  bnMomentum?: number;
  /** Visible-patch mask for spike-masked autoencoding `[B, gh, gw]` (1 visible, 0 masked). */
  mask?: tf.Tensor3D;
}

/** The forward context: neuron, inference mode and recording in one place. */
export class Ctx {
  readonly T: number;
  readonly D: number;
  /** Whether convs re-mask their output (conv stages under MAE); the transformer stage sees all tokens. */
  maskConvs = true;
  constructor(readonly o: ForwardOptions) {
    this.T = o.neuron.T;
    this.D = levelsOf(o.neuron);
    if (o.inference === "expanded" && !(o.neuron.kind === "ilif" && o.neuron.T === 1)) {
      throw new Error(sdtMessages.expandedNeedsIlif(neuronLabel(o.neuron)));
    }
  }

  get expanded(): boolean {
    return this.o.inference === "expanded";
  }

  /** Fires the layer's neuron on membrane u and records its integer counts when analysing. */
  fire(name: string, u: tf.Tensor, head = false): tf.Tensor {
    const s = fire(this.o.neuron, u, head);
    if (this.o.recorder) {
      const counts = head || this.D === 1 ? s : tf.mul(s, this.D);
      this.o.recorder.firing.record(name, counts);
      if (counts !== s) counts.dispose();
    }
    return s;
  }

  /**
   * Applies a bias-free linear map `f` to spikes s (values k/norm). Integer mode: f(s). Expanded mode:
   * (1/norm) Σ_{d=1..D} f(1[s·norm ≥ d]), the same value computed from binary frames only.
   * Records the layer's synaptic ops (f's output size × fan-in per output, per sample) with the
   * input's mean spike count as its firing rate.
   */
  spikeLinear(name: string, s: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor, fanIn: number, norm: number = this.D): tf.Tensor {
    let y: tf.Tensor;
    if (!this.expanded) y = f(s);
    else {
      const counts = norm === 1 ? s : tf.round(tf.mul(s, norm)); // integers 0..D
      let acc: tf.Tensor | null = null;
      for (let d = 1; d <= this.D; d++) {
        const frame = tf.greaterEqual(counts, d).cast("float32"); // b_d ∈ {0,1}
        const part = f(frame);
        acc = acc === null ? part : tf.add(acc, part);
      }
      y = norm === 1 ? acc! : tf.div(acc!, norm);
    }
    if (this.o.recorder) this.countOps(name, y, fanIn, tf.tidy(() => tf.mean(norm === 1 ? s : tf.mul(s, norm)).dataSync()[0]));
    return y;
  }

  /** Counts a layer fed by real values (the stem): MACs. */
  realLinear(name: string, y: tf.Tensor, fanIn: number): void {
    if (this.o.recorder) this.countOps(name, y, fanIn);
  }

  /** Records ops = (outputs per sample per step) · fanIn; spike-fed when `rate` is given. */
  countOps(name: string, y: tf.Tensor, fanIn: number, rate?: number): void {
    const perSample = (y.size / y.shape[0]) * fanIn; // y: [T·B, ...] → per (sample, step)
    this.o.recorder!.counter.add(name, y.rank === 4 ? "conv" : "linear", perSample, rate === undefined ? { timesteps: this.T } : { firingRate: rate, timesteps: this.T });
  }
}

/** Visible mask resized to `h × w` by nearest neighbour, `[B, h, w, 1]`, tiled over T. */
function maskAt(ctx: Ctx, h: number, w: number): tf.Tensor | null {
  const m = ctx.o.mask;
  if (!m || !ctx.maskConvs) return null;
  const r = tf.image.resizeNearestNeighbor(m.expandDims(-1) as tf.Tensor4D, [h, w]); // [B, h, w, 1]
  return ctx.T === 1 ? r : tf.tile(r, [ctx.T, 1, 1, 1]);
}

/**
 * Batch norm, x `[..., C]`. Training: batch moments over every axis but the last (over visible positions
 * only when a MAE mask is given, SparK-style), running statistics updated with momentum 0.1;
 * inference: running statistics. y = γ (x − μ) / √(σ² + ε) + β.
 */
export function batchNorm(ctx: Ctx, bn: BatchNorm, x: tf.Tensor, mask: tf.Tensor | null = null): tf.Tensor {
  const eps = 1e-5;
  if (!ctx.o.training) {
    return tf.add(tf.mul(tf.sub(x, bn.mean), tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, eps)))), bn.beta);
  }
  const mom = ctx.o.bnMomentum ?? 0.1;
  if (!mask) return batchNormTrain(x, bn.gamma, bn.beta, { mean: bn.mean, variance: bn.variance, momentum: mom }, eps); // fused kernels
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const cnt = tf.maximum(tf.sum(mask), 1);
  const mean = tf.div(tf.sum(tf.mul(x, mask), axes), cnt);
  const variance = tf.div(tf.sum(tf.mul(tf.square(tf.sub(x, mean)), mask), axes), cnt);
  const n = Math.max(2, tf.sum(mask).dataSync()[0]);
  tf.tidy(() => {
    // PyTorch keeps the unbiased variance in the running estimate.
    bn.mean.assign(tf.add(tf.mul(bn.mean, 1 - mom), tf.mul(mean, mom)));
    bn.variance.assign(tf.add(tf.mul(bn.variance, 1 - mom), tf.mul(variance, (mom * n) / (n - 1))));
  });
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), bn.gamma), bn.beta);
}

/**
 * conv(+bias) → BN on spikes s `[T·B, H, W, Cin]` → membrane `[T·B, H', W', Cout]` (padding k/2,
 * "same" for stride 1). With a MAE mask the output is re-masked (sparse conv: masked regions stay silent).
 */
export function convBn(ctx: Ctx, c: ConvBn, s: tf.Tensor4D, spikeFed = true): tf.Tensor4D {
  const f = (x: tf.Tensor) =>
    c.depthwise
      ? tf.depthwiseConv2d(x as tf.Tensor4D, c.w as unknown as tf.Tensor4D, c.stride, "same")
      : tf.conv2d(x as tf.Tensor4D, c.w as unknown as tf.Tensor4D, c.stride, "same");
  const fanIn = c.depthwise ? c.k * c.k : c.k * c.k * (c.w.shape[2] as number);
  let y: tf.Tensor;
  if (spikeFed) y = ctx.spikeLinear(c.name, s, f, fanIn);
  else {
    y = f(s);
    ctx.realLinear(c.name, y, fanIn);
  }
  if (c.b) y = tf.add(y, c.b);
  const m = maskAt(ctx, y.shape[1] as number, y.shape[2] as number);
  if (m) y = tf.mul(y, m);
  y = batchNorm(ctx, c.bn, y, m);
  return (m ? tf.mul(y, m) : y) as tf.Tensor4D;
}

/** 1×1 projection over tokens: spikes `[T·B, N, Cin]` → BN(s W + b) `[T·B, N, Cout]`. */
export function tokenLinear(ctx: Ctx, c: ConvBn, s: tf.Tensor3D): tf.Tensor3D {
  const [tb, n, cin] = s.shape;
  const w2 = c.w.reshape([cin, c.w.shape[3] as number]);
  const f = (x: tf.Tensor) => tf.matMul(x.reshape([tb * n, cin]), w2).reshape([tb, n, -1]);
  let y = ctx.spikeLinear(c.name, s, f, cin);
  if (c.b) y = tf.add(y, c.b);
  return batchNorm(ctx, c.bn, y) as tf.Tensor3D;
}
