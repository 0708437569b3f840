/**
 * Seeded samplers beyond the uniform and normal draws of `Rng` (tfjs has no Poisson sampler): count data and
 * gain variables for simulated recordings (spike counts, trial gains). Plain numbers, drawn from a given stream,
 * so a generator's output depends only on its seed.
 *   poisson: Knuth's product of uniforms for λ < 30; above, round(N(λ, λ)) clipped at 0 (the normal approximation).
 *   gamma:   Marsaglia & Tsang (2000) squeeze method; shape < 1 through Gamma(shape + 1)·U^{1/shape}.
 */
import type { Rng } from "./seed";
import { trainMessages } from "./messages";

/** Rate above which `poisson` uses the normal approximation. */
export const POISSON_NORMAL_ABOVE = 30;

/** One Poisson(λ) count drawn from `r` (λ ≥ 0). */
export function poisson(r: Rng, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(trainMessages.badRange("poisson", lambda, "a finite rate λ ≥ 0"));
  if (lambda === 0) return 0;
  if (lambda >= POISSON_NORMAL_ABOVE) return Math.max(0, Math.round(r.normal(lambda, Math.sqrt(lambda))));
  // Knuth: the number of uniforms whose running product stays above e^{−λ}
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r.float();
  while (p > limit) {
    k++;
    p *= r.float();
  }
  return k;
}

/** One Gamma(shape k, scale θ) sample (mean kθ, variance kθ²) drawn from `r`. */
export function gamma(r: Rng, shape: number, scale = 1): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(trainMessages.badRange("gamma.shape", shape, "a finite shape k > 0"));
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(trainMessages.badRange("gamma.scale", scale, "a finite scale θ > 0"));
  if (shape < 1) return gamma(r, shape + 1, scale) * Math.pow(1 - r.float(), 1 / shape); // U in (0, 1]
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = r.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - r.float();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}
