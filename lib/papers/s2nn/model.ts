/**
 * The S2NN-style diffractive network (arXiv 2409.05726; the card's §2.2 reconstruction): a binary frame b [B, N, N]
 * as amplitude, power normalised to 1, then L phase layers each preceded by a hop of z, one last hop to the detector:
 *   U₀ = b / √Σb²,   U ← P_z(U),   U ← U ⊙ t(w_l) (l = 1…L),   U ← P_z(U),   I = |U|²,
 *   e_c = Σ_{R_c} I (one matmul with R [N², 10]),   p_c = e_c / Σ_c' e_c'.
 * Masks t(w): `phase` e^{iφ}, φ = 2π·σ(w); `phase8` φ quantised to 256 levels; `binary-phase` φ ∈ {0, π};
 * `binary-amplitude` t ∈ {0, 1} (DMD-like) — the quantised ones by a straight-through estimator on the mask
 * (round's own gradient is zero). Each OPMoE expert is its own L masks and threshold κ = σ(u) (scalar or per class).
 */
import * as tf from "@tensorflow/tfjs";
import { expi, complexMul, type ComplexField } from "../../core/complex";
import { stopGradient } from "../../core/train/ste";
import type { Rng } from "../../core/train/seed";
import { regionLayout, regionMatrix, type DetectorConfig, type Region } from "./detector";
import { s2nnMessages } from "./messages";
import { makePropagator, tidyOf, type OpticsConfig, type OrientedField, type Propagator } from "./optics";

/** How a layer modulates the field. */
export type Modulation = "phase" | "phase8" | "binary-phase" | "binary-amplitude";
/** The modulations of the card's ablation. */
export const MODULATIONS: readonly Modulation[] = ["phase", "phase8", "binary-phase", "binary-amplitude"];

/** One network's architecture (shared by its experts). */
export interface DonnConfig {
  optics: OpticsConfig;
  /** Diffractive layers L (L + 1 hops). */
  layers: number;
  modulation: Modulation;
  detector: DetectorConfig;
}

/** Smallest grid: a 28×28 digit must fit. */
export const MIN_N = 28;

/** The fixed part of a network: propagator and detector matrices (free with `dispose`). */
export interface Bench {
  cfg: DonnConfig;
  prop: Propagator;
  regions: Region[];
  /** R [N², 10] for a field in natural orientation, and for one stored transposed. */
  R: tf.Tensor2D;
  RT: tf.Tensor2D;
  dispose(): void;
}

/** Builds the bench: checks N, the optics (z within the sampling limit) and the detector layout. */
export function makeBench(cfg: DonnConfig, propagator: "fresnel" | "exact" = "fresnel"): Bench {
  const N = cfg.optics.N;
  if (!(Number.isInteger(N) && N >= MIN_N)) throw new Error(s2nnMessages.wrongN(N, MIN_N));
  if (!(Number.isInteger(cfg.layers) && cfg.layers >= 1)) throw new Error(s2nnMessages.badOptics("layers", cfg.layers, "an integer ≥ 1"));
  const regions = regionLayout(N, cfg.detector);
  const prop = makePropagator(propagator, cfg.optics);
  const R = regionMatrix(regions, N), RT = regionMatrix(regions, N, true);
  return { cfg, prop, regions, R, RT, dispose: () => { prop.dispose(); tf.dispose([R, RT]); } };
}

/** One expert's trainable state: mask logits w_l [N, N] and threshold logit u (κ = σ(u)), scalar or [10]. */
export interface Expert {
  masks: tf.Variable<tf.Rank.R2>[];
  kappaLogit: tf.Variable;
}

/** logit(κ). */
export const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * A fresh expert: w ~ N(0, initStd²) from `rng` (φ = 2πσ(w) spread around π), κ = kappa0 for every class.
 * `name` prefixes the variable names (checkpoint keys).
 */
export function initExpert(cfg: DonnConfig, rng: Rng, o: { kappa0: number; perClassKappa: boolean; initStd: number; name: string }): Expert {
  const N = cfg.optics.N;
  const masks = Array.from({ length: cfg.layers }, (_, l) => {
    const w = Float32Array.from({ length: N * N }, () => rng.normal(0, o.initStd));
    return tf.tidy(() => tf.variable(tf.tensor2d(w, [N, N]), true, `${o.name}/mask${l}`)); // tidy frees the initial tensor
  });
  const u = logit(o.kappa0);
  const kappaLogit = tf.tidy(() => tf.variable(o.perClassKappa ? tf.fill([10], u) : tf.scalar(u), true, `${o.name}/kappa`));
  return { masks, kappaLogit };
}

/** Frees an expert's variables. */
export function disposeExpert(e: Expert): void {
  tf.dispose([...e.masks, e.kappaLogit]);
}

/** κ = σ(u) as a tensor ([] or [10]). */
export function kappaOf(e: Expert): tf.Tensor {
  return tf.sigmoid(e.kappaLogit);
}

/** κ as numbers (a scalar, or 10 per-class values). */
export function kappaValues(e: Expert): number | number[] {
  const t = kappaOf(e);
  const k = Array.from(t.dataSync());
  t.dispose();
  return e.kappaLogit.rank === 0 ? k[0] : k;
}

/**
 * The mask t(w) [N, N] as a field (phase factor, or a real 0/1 amplitude with im = 0). Quantised masks use a
 * straight-through estimator on the mask itself: the forward value is the quantised mask t_q, the gradient is that
 * of the continuous mask t_c it rounds (t = t_c + stop(t_q − t_c)): e^{iπσ(w)} for binary phase, e^{i2πσ(w)} for
 * 8-bit phase, σ(w) for binary amplitude. (Rounding the phase alone would give binary phase no usable gradient:
 * ∂cos φ/∂φ = 0 at φ ∈ {0, π}, and the local slope says nothing about a flip by π.)
 */
export function maskField(w: tf.Tensor2D, modulation: Modulation): ComplexField<tf.Rank.R2> {
  return tidyOf((): ComplexField<tf.Rank.R2> => {
    const s = tf.sigmoid(w);
    const straight = (cont: ComplexField<tf.Rank.R2>, quant: ComplexField<tf.Rank.R2>): ComplexField<tf.Rank.R2> => ({
      re: tf.add(cont.re, stopGradient(tf.sub(quant.re, cont.re))),
      im: tf.add(cont.im, stopGradient(tf.sub(quant.im, cont.im))),
    });
    switch (modulation) {
      case "phase":
        return expi(tf.mul(s, 2 * Math.PI)) as ComplexField<tf.Rank.R2>; // φ = 2π·σ(w)
      case "phase8": // φ = 2π·⌊256σ + ½⌋/256
        return straight(expi(tf.mul(s, 2 * Math.PI)) as ComplexField<tf.Rank.R2>, expi(tf.mul(tf.floor(tf.add(tf.mul(s, 256), 0.5)), (2 * Math.PI) / 256)) as ComplexField<tf.Rank.R2>);
      case "binary-phase": // φ ∈ {0, π}: π·⌊σ + ½⌋
        return straight(expi(tf.mul(s, Math.PI)) as ComplexField<tf.Rank.R2>, expi(tf.mul(tf.floor(tf.add(s, 0.5)), Math.PI)) as ComplexField<tf.Rank.R2>);
      case "binary-amplitude": { // t ∈ {0, 1}: ⌊σ + ½⌋
        const zero = tf.zerosLike(s) as tf.Tensor2D;
        return straight({ re: s, im: zero }, { re: tf.floor(tf.add(s, 0.5)) as tf.Tensor2D, im: zero });
      }
    }
  });
}

/** Input field: U₀ = b / √Σb² per frame ([B, N, N], total power 1; an empty frame stays 0). */
export function inputField(x: tf.Tensor3D): OrientedField {
  return tidyOf(() => {
    const power = tf.sum(tf.square(x), [1, 2], true);
    const re = tf.div(x, tf.sqrt(tf.maximum(power, 1e-12))) as tf.Tensor3D;
    return { u: { re, im: tf.zerosLike(re) }, transposed: false };
  });
}

/** The field at the detector: L + 1 hops with the expert's masks between them ([B, N, N], maybe stored transposed). */
export function propagateExpert(bench: Bench, e: Expert, x: tf.Tensor3D): OrientedField {
  return tidyOf(() => {
    let f = bench.prop.propagate(inputField(x));
    for (const w of e.masks) {
      const t = maskField(w, bench.cfg.modulation);
      const m = f.transposed ? { re: tf.transpose(t.re), im: tf.transpose(t.im) } : t; // the mask in the field's orientation
      f = bench.prop.propagate({ u: complexMul(f.u, m) as ComplexField<tf.Rank.R3>, transposed: f.transposed });
    }
    return f;
  });
}

/** Detector output of one expert. */
export interface Detection {
  /** e_c [B, 10]: energy in each region (a fraction of the input power). */
  e: tf.Tensor2D;
  /** p_c [B, 10] = e_c / Σe. */
  p: tf.Tensor2D;
}

/** Region energies of a detector field: e = |U|²·R, p = e / Σe. */
export function detect(bench: Bench, f: OrientedField): Detection {
  return tidyOf(() => {
    const N = bench.cfg.optics.N;
    const I = tf.add(tf.square(f.u.re), tf.square(f.u.im)).reshape([-1, N * N]); // [B, N²]
    const e = tf.matMul(I, f.transposed ? bench.RT : bench.R) as tf.Tensor2D; // [B, 10]
    const p = tf.div(e, tf.add(tf.sum(e, 1, true), 1e-12)) as tf.Tensor2D;
    return { e, p };
  });
}

/** Forward of one expert: binary frames [B, N, N] → region energies. */
export function forward(bench: Bench, e: Expert, x: tf.Tensor3D): Detection {
  return tidyOf(() => detect(bench, propagateExpert(bench, e, x)));
}

/** Detector intensity |U|² [B, N, N] in natural orientation (figures, the edge task). */
export function intensity(bench: Bench, e: Expert, x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const f = propagateExpert(bench, e, x);
    const I = tf.add(tf.square(f.u.re), tf.square(f.u.im)) as tf.Tensor3D;
    return f.transposed ? (tf.transpose(I, [0, 2, 1]) as tf.Tensor3D) : I;
  });
}

/** A mask's realised phase (rad, [N, N]) or amplitude for display and export. */
export function maskValues(w: tf.Tensor2D, modulation: Modulation): Float32Array {
  const v = tf.tidy(() => {
    const t = maskField(w, modulation);
    if (modulation === "binary-amplitude") return t.re;
    const phi = tf.atan2(t.im, t.re);
    return tf.where(tf.less(phi, 0), tf.add(phi, 2 * Math.PI), phi); // [0, 2π)
  });
  const out = v.dataSync() as Float32Array;
  v.dispose();
  return out;
}
