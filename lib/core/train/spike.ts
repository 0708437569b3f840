/**
 * Spike functions with surrogate gradients (spikingjelly's definitions). Input is the
 * membrane potential minus threshold, x = H − V_th. Forward is the Heaviside step
 * S = 1[x ≥ 0]; backward replaces δ(x) with the derivative of a smooth surrogate g:
 *
 *   sigmoid (α = 4):       g'(x) = α · σ(αx) · (1 − σ(αx))
 *   arctan  (α = 2):       g'(x) = (α/2) / (1 + (π α x / 2)²)
 *   rectangular (a = 1):   g'(x) = 1[|x| < a/2] / a
 */
import * as tf from "@tensorflow/tfjs";
import { LIF_BACKWARD, LIF_FORWARD } from "../kernels/lif";
import { hasFusedKernels } from "../kernels/register-all";
import { stopGradient } from "./ste";

/** Surrogate gradient families. */
export type Surrogate = "sigmoid" | "atan" | "rect";

/** Default sharpness α (sigmoid, atan) or width a (rect) of each surrogate. */
export const SURROGATE_DEFAULTS: Readonly<Record<Surrogate, number>> = { sigmoid: 4, atan: 2, rect: 1 };

/** The surrogate derivative g'(x) as a tensor (exported for tests and plots). */
export function surrogateGrad(x: tf.Tensor, kind: Surrogate, alpha = SURROGATE_DEFAULTS[kind]): tf.Tensor {
  return tf.tidy(() => {
    switch (kind) {
      case "sigmoid": {
        const s = tf.sigmoid(tf.mul(x, alpha));
        return tf.mul(tf.mul(s, tf.sub(1, s)), alpha);
      }
      case "atan": {
        const z = tf.mul(x, (Math.PI * alpha) / 2);
        return tf.div(alpha / 2, tf.add(1, tf.square(z)));
      }
      case "rect":
        return tf.div(tf.less(tf.abs(x), alpha / 2).cast("float32"), alpha);
    }
  });
}

/**
 * Heaviside spike S = 1[x ≥ 0] with a surrogate gradient. `x` is H − V_th, any shape; the
 * result has the same shape and dtype float32.
 */
export function spike<T extends tf.Tensor>(x: T, kind: Surrogate = "atan", alpha = SURROGATE_DEFAULTS[kind]): T {
  const f = tf.customGrad((xi: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const t = xi as tf.Tensor;
    (save as tf.GradSaveFunc)([t]);
    return {
      value: tf.tidy(() => tf.greaterEqual(t, 0).cast("float32")),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.mul(dy, surrogateGrad(saved[0], kind, alpha))),
    };
  });
  return f(x) as T;
}

/** Spike with the sigmoid surrogate, α = 4 by default. */
export function spikeSigmoid<T extends tf.Tensor>(x: T, alpha = 4): T {
  return spike(x, "sigmoid", alpha);
}

/** Spike with the arctan surrogate, α = 2 by default (spikingjelly's ATan). */
export function spikeAtan<T extends tf.Tensor>(x: T, alpha = 2): T {
  return spike(x, "atan", alpha);
}

/** Spike with the rectangular surrogate of width `a` = 1 by default. */
export function spikeRect<T extends tf.Tensor>(x: T, width = 1): T {
  return spike(x, "rect", width);
}

/** Parameters of the multi-step LIF neuron (spikingjelly's MultiStepLIFNode; defaults as there and in the SDT lineage). */
export interface LifOptions {
  /**
   * Membrane time constant τ (default 2): h = v + (x − v)/τ. A scalar tensor (e.g. `1/σ(w)` of a variable w, PLIF)
   * makes τ learnable: the gradient reaches it (see `lifMultiStep`); its value is read once per call.
   */
  tau?: number | tf.Tensor;
  /** Threshold V_th (default 1). */
  vth?: number;
  /** Reset potential of the hard reset (default 0). */
  vReset?: number;
  /** "hard": v ← V_reset after a spike (default); "soft": v ← h − V_th. The reset's spike is detached either way. */
  reset?: "hard" | "soft";
  /** Surrogate of the spike's gradient (default sigmoid) and its α. */
  surrogate?: Surrogate;
  alpha?: number;
}

/**
 * Multi-step LIF neuron over T steps, u `[T·B, ...]` (time outermost) → spikes `[T·B, ...]` in {0, 1}, trained by
 * BPTT, v₀ = 0:
 *   h[t] = v[t−1] + (u[t] − v[t−1]) / τ,   s[t] = H(h[t] − V_th),   v[t] = h[t]·(1 − s[t]) + V_reset·s[t]  (hard)
 *                                                                     v[t] = h[t] − V_th·s[t]                (soft)
 * with the surrogate derivative for ∂s/∂h and the spike in the reset detached (spikingjelly's detach_reset=True).
 * One fused kernel forward and one backward (plus the surrogate's few ops) on wasm and cpu; tf ops elsewhere.
 */
export function lifMultiStep(u: tf.Tensor, T: number, o: LifOptions = {}): tf.Tensor {
  const vth = o.vth ?? 1, vReset = o.vReset ?? 0, soft = (o.reset ?? "hard") === "soft";
  const kind = o.surrogate ?? "sigmoid", alpha = o.alpha ?? SURROGATE_DEFAULTS[kind];
  if (!(Number.isInteger(T) && T >= 1) || u.rank < 1 || u.shape[0] % T !== 0) {
    throw new Error(`lifMultiStep: the first axis of u (shape ${JSON.stringify(u.shape)}) must be T·B with T = ${T} steps outermost; reshape to [T·B, ...]`);
  }
  if (o.tau instanceof tf.Tensor) return lifLearnableTau(u, T, o.tau, { vth, vReset, reset: soft ? "soft" : "hard", surrogate: kind, alpha });
  const tau = o.tau ?? 2;
  if (!(tau > 0)) throw new RangeError(`lifMultiStep: tau must be positive, got ${tau}`);
  if (hasFusedKernels() && u.dtype === "float32") {
    const attrs = { T, tau, vth, vReset, soft } as unknown as tf.NamedAttrMap;
    const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
      const [s, h] = tf.engine().runKernel(LIF_FORWARD, { x }, attrs) as tf.Tensor[];
      save([h, s]);
      return {
        value: s,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => {
          const sg = surrogateGrad(tf.sub(saved[0], vth), kind, alpha);
          return tf.engine().runKernel(LIF_BACKWARD, { ds: dy, sg, s: saved[1] }, attrs) as tf.Tensor;
        }),
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
    return f(u);
  }
  return lifMultiStepComposite(u, T, { tau, vth, vReset, reset: soft ? "soft" : "hard", surrogate: kind, alpha });
}

/** `lifMultiStep` composed from tf ops, step by step (backends without the fused kernels; the tests' reference). */
export function lifMultiStepComposite(u: tf.Tensor, T: number, o: LifOptions = {}): tf.Tensor {
  const tau: number | tf.Tensor = o.tau ?? 2, vth = o.vth ?? 1, vReset = o.vReset ?? 0, soft = (o.reset ?? "hard") === "soft";
  const kind = o.surrogate ?? "sigmoid", alpha = o.alpha ?? SURROGATE_DEFAULTS[kind];
  const steps = T === 1 ? [u] : tf.split(u, T, 0);
  const out: tf.Tensor[] = [];
  let v: tf.Tensor | null = null;
  for (let t = 0; t < T; t++) {
    const h: tf.Tensor = v === null ? tf.div(steps[t], tau) : tf.add(v, tf.div(tf.sub(steps[t], v), tau));
    const s = spike(tf.sub(h, vth), kind, alpha);
    const sd = stopGradient(s);
    v = soft ? tf.sub(h, tf.mul(sd, vth)) : tf.add(tf.mul(h, tf.sub(1, sd)), tf.mul(sd, vReset));
    out.push(s);
  }
  return T === 1 ? out[0] : tf.concat(out, 0);
}

/** τ as a number from a scalar tensor, checked (size 1, positive). */
function tauValue(tau: tf.Tensor): number {
  if (tau.size !== 1) throw new Error(`lifMultiStep: a learnable tau must be a scalar tensor (one τ per layer), got shape ${JSON.stringify(tau.shape)}`);
  const t = tau.dataSync()[0];
  if (!(t > 0)) throw new RangeError(`lifMultiStep: tau must be positive, got ${t}; parametrise it as 1/σ(w) (PLIF) to keep it above 1`);
  return t;
}

/**
 * The LIF with a learnable scalar τ (PLIF's decay): the fused kernels for s and ∂u, plus the τ gradient from the
 * saved membrane. With k = 1/τ, h[t] = v[t−1] + k·(u[t] − v[t−1]), so by BPTT (spikes in the reset detached)
 *   ∂L/∂k = Σ_t ∂L/∂h[t] · (u[t] − v[t−1]),   ∂L/∂τ = −∂L/∂k / τ²
 * where ∂L/∂h[t] = ∂L/∂u[t] / k is what the backward kernel already computed (its ∂u is ∂h·k), and
 * v[t−1] = h[t−1]·(1 − s[t−1]) + V_reset·s[t−1] (hard) or h[t−1] − V_th·s[t−1] (soft), v[−1] = 0.
 */
function lifLearnableTau(u: tf.Tensor, T: number, tauT: tf.Tensor, o: Required<Omit<LifOptions, "tau">>): tf.Tensor {
  const tau = tauValue(tauT);
  if (!hasFusedKernels() || u.dtype !== "float32") return lifMultiStepComposite(u, T, { ...o, tau: tauT });
  const soft = o.reset === "soft";
  const attrs = { T, tau, vth: o.vth, vReset: o.vReset, soft } as unknown as tf.NamedAttrMap;
  const B = u.shape[0] / T;
  const f = tf.customGrad(((x: tf.Tensor, _t: tf.Tensor, save: tf.GradSaveFunc) => {
    const [s, h] = tf.engine().runKernel(LIF_FORWARD, { x }, attrs) as tf.Tensor[];
    save([h, s, x]);
    return {
      value: s,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => {
        const [sh, ss, sx] = saved;
        const sg = surrogateGrad(tf.sub(sh, o.vth), o.surrogate, o.alpha);
        const dx = tf.engine().runKernel(LIF_BACKWARD, { ds: dy, sg, s: ss }, attrs) as tf.Tensor;
        const v = soft ? tf.sub(sh, tf.mul(ss, o.vth)) : tf.add(tf.mul(sh, tf.sub(1, ss)), tf.mul(ss, o.vReset)); // v[t], [T·B, ...]
        const begin = v.shape.map(() => 0);
        const vPrev = T === 1 ? tf.zerosLike(v) : tf.concat([tf.zerosLike(tf.slice(v, begin, [B, ...v.shape.slice(1)])), tf.slice(v, begin, [(T - 1) * B, ...v.shape.slice(1)])], 0); // v[t−1]
        const dk = tf.sum(tf.mul(tf.mul(dx, tau), tf.sub(sx, vPrev))); // Σ ∂L/∂h · (u − v[t−1])
        return [dx, tf.reshape(tf.mul(dk, -1 / (tau * tau)), tauT.shape)];
      }),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, t: tf.Tensor) => tf.Tensor;
  return f(u, tauT);
}
