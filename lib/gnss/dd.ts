/**
 * Double differences (DD) between a rover r, a base b, a satellite s and a reference satellite o:
 *   ∇Δ(·)^{s} = [(·)_r^s − (·)_b^s] − [(·)_r^o − (·)_b^o].
 * Receiver clocks cancel in the between-satellite difference, satellite clocks in the between-receiver one, and on a
 * short baseline most of the ionospheric and tropospheric delay too.
 */
import { zeros, type Mat } from "./linalg";

/** Picks the reference satellite: the highest elevation among `candidates` (ties: the first listed). */
export function chooseReference(elevations: ReadonlyMap<string, number>, candidates?: readonly string[]): string {
  let best = "";
  let bestEl = -Infinity;
  for (const s of candidates ?? [...elevations.keys()]) {
    const el = elevations.get(s);
    if (el !== undefined && el > bestEl) {
      best = s;
      bestEl = el;
    }
  }
  if (best === "") throw new Error("chooseReference: no candidate satellite has an elevation; need at least one common satellite");
  return best;
}

/** The satellites observed by both receivers, in rover order. */
export function commonSatellites(rover: ReadonlyMap<string, number>, base: ReadonlyMap<string, number>): string[] {
  return [...rover.keys()].filter((s) => base.has(s));
}

/** Double differences of one observable. `sats` are the non-reference satellites in output order. */
export interface DoubleDifferences {
  ref: string;
  sats: string[];
  /** ∇Δ values, one per entry of `sats`. [m] */
  values: Float64Array;
}

/**
 * Forms DDs of one observable (code or phase, metres or cycles) from undifferenced rover and base values.
 * Uses the satellites present in both maps; throws if the reference is missing from either.
 */
export function formDoubleDifferences(
  rover: ReadonlyMap<string, number>,
  base: ReadonlyMap<string, number>,
  ref: string,
): DoubleDifferences {
  const rr = rover.get(ref);
  const br = base.get(ref);
  if (rr === undefined || br === undefined) {
    throw new Error(`formDoubleDifferences: reference ${ref} must be observed by rover and base; pick it with chooseReference`);
  }
  const sats = commonSatellites(rover, base).filter((s) => s !== ref);
  const values = new Float64Array(sats.length);
  sats.forEach((s, i) => {
    values[i] = (rover.get(s)! - base.get(s)!) - (rr - br); // ∇Δ = SD^s − SD^o
  });
  return { ref, sats, values };
}

/**
 * DD operator on single differences ordered [ref, sats…]: D = [−1 | I_m]. [m, m+1]
 * ∇Δ = D · SD, and the DD covariance is D Σ_SD Dᵀ.
 */
export function ddOperator(m: number): Mat {
  const D = zeros(m, m + 1);
  for (let i = 0; i < m; i++) {
    D.data[i * (m + 1)] = -1;
    D.data[i * (m + 1) + i + 1] = 1;
  }
  return D;
}

/**
 * DD covariance from single-difference variances σ²_SD = σ²_r + σ²_b (uncorrelated SDs):
 *   Σ_DD[i][j] = σ²_SD(o) + δ_ij σ²_SD(s_i). [m, m]
 * The shared reference makes every pair of DDs correlated.
 */
export function ddCovariance(sdVarRef: number, sdVar: ArrayLike<number>): Mat {
  const m = sdVar.length;
  const S = zeros(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) S.data[i * m + j] = sdVarRef + (i === j ? sdVar[i] : 0);
  }
  return S;
}
