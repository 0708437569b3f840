/**
 * Vision velocity aiding of the I-EDM small version (card §5.1): a visual-odometry front end reduced to its output,
 * the body-frame velocity (forward, right, up) at 10 Hz with noise 1% of speed + 0.02 m/s per axis, and dropouts
 * (texture-poor or dark scenes) that start at random and last a few seconds.
 */
import type { Rng } from "../../core/train/seed";
import type { TruthSeries } from "./trajectory";

/** Vision settings. */
export interface VisionConfig {
  /** Rate, Hz (must divide the IMU rate). */
  rate: number;
  /** Noise: relative part (of speed) and floor, m/s. */
  relNoise: number;
  floorNoise: number;
  /** Probability per sample that a dropout starts, and its duration range, s. */
  dropoutRate: number;
  dropoutRange: [number, number];
}

/** Vision samples. [J] each */
export interface VisionSeries {
  /** Time since the drive start, s. */
  t: Float64Array;
  /** Body-frame velocity forward, right, up, m/s. */
  vF: Float64Array;
  vR: Float64Array;
  vU: Float64Array;
  /** 1σ per axis, m/s. */
  sigma: Float64Array;
  /** false during a dropout (no measurement). */
  valid: Uint8Array;
}

/** Simulates VO velocities from the truth at `cfg.rate`. */
export function simulateVision(truth: TruthSeries, cfg: VisionConfig, rng: Rng): VisionSeries {
  const step = Math.round(1 / (cfg.rate * truth.dt));
  if (step < 1 || Math.abs(step * cfg.rate * truth.dt - 1) > 1e-9) {
    throw new Error(`simulateVision: rate ${cfg.rate} Hz must divide the IMU rate ${1 / truth.dt} Hz; use e.g. 10 Hz with 100 Hz`);
  }
  const J = Math.floor((truth.t.length - 1) / step) + 1;
  const out: VisionSeries = { t: new Float64Array(J), vF: new Float64Array(J), vR: new Float64Array(J), vU: new Float64Array(J), sigma: new Float64Array(J), valid: new Uint8Array(J) };
  let dropUntil = -1;
  for (let j = 0; j < J; j++) {
    const k = j * step;
    const t = truth.t[k];
    const c = Math.cos(truth.psi[k]);
    const s = Math.sin(truth.psi[k]);
    const vf = truth.ve[k] * s + truth.vn[k] * c; // body forward = Cᵀ(ψ) v_EN
    const vr = truth.ve[k] * c - truth.vn[k] * s; // body right
    const speed = Math.hypot(truth.ve[k], truth.vn[k], truth.vu[k]);
    const sig = cfg.relNoise * speed + cfg.floorNoise;
    if (t >= dropUntil && rng.float() < cfg.dropoutRate) dropUntil = t + rng.uniform(...cfg.dropoutRange);
    out.t[j] = t;
    out.vF[j] = vf + rng.normal(0, sig);
    out.vR[j] = vr + rng.normal(0, sig);
    out.vU[j] = truth.vu[k] + rng.normal(0, sig);
    out.sigma[j] = sig;
    out.valid[j] = t < dropUntil ? 0 : 1;
  }
  return out;
}
