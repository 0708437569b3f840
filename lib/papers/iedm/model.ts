/**
 * I-EDM (arXiv 2409.03433, Xu, Zhang, Wang, Li 2024): innovation-based cycle-slip and multipath estimation, detection
 * and mitigation, and its baselines, as decisions on one linearised DD measurement update.
 *
 * RECONSTRUCTED: no official code exists; the steps follow ../shared/papers/iedm-gnss.md §2 (abstract + standard
 * Kalman theory). This file holds the per-epoch decisions on one linearised update (prior x⁻, P⁻; DD code/phase rows
 * H, R, z, h): innovation and residual statistics, clustering, slip and bias estimation, IGG-III weights. The 2.5D
 * INS/vision error-state EKF that supplies the prior is filter.ts, the urban drive simulator data.ts (with
 * trajectory.ts, imu.ts, vision.ts), and the five methods that run them end to end methods.ts.
 */
import { josephUpdate, mul, mulT, addScaled, cholesky, cholSolve, eye, zeros, type Mat } from "../../gnss/linalg";
import { dbscan1d, kmeans1d, madCluster, type Clustering1D } from "./cluster";

/** One linearised measurement update: innovation v = z − h(x⁻) [m], rows H [m,n], noise R [m,m], prior P⁻ [n,n]. */
export interface UpdateProblem {
  P: Mat;
  H: Mat;
  R: Mat;
  v: Float64Array;
}

/** Innovation covariance S = H P⁻ Hᵀ + R. [m,m] */
export function innovationCovariance(p: UpdateProblem): Mat {
  return addScaled(mulT(mul(p.H, p.P), p.H), p.R);
}

/** Local innovation test statistics w_j = v_j / √S_jj. [m] */
export function innovationW(p: UpdateProblem): Float64Array {
  const S = innovationCovariance(p);
  return p.v.map((v, j) => v / Math.sqrt(S.data[j * S.cols + j]));
}

/**
 * Smallest redundancy number r_j = Q_r,jj / R_jj for which a row's residual statistic is defined. A row the rest
 * cannot check (r_j ≈ 0: the update fits it exactly) has r_j ≈ 0 and w_j = 0/0; below this it gets no statistic.
 */
export const MIN_REDUNDANCY = 1e-6;

/**
 * Post-fit residuals and their normalised statistics after a Kalman update with all rows:
 * r = (I − H K) v, Q_r = R − H P⁺ Hᵀ, w_j = r_j / √Q_r,jj; w_j = NaN (no statistic) where the redundancy
 * Q_r,jj / R_jj < MIN_REDUNDANCY. [m]
 * `sensitivity` is ∂E[w_j]/∂∇_j = (I − H K)_jj / √Q_r,jj: how much w_j moves per metre of bias on row j, so the
 * residual test's smallest detectable bias is δ₀ / sensitivity_j (NaN without redundancy). [1/m]
 */
export function residualW(p: UpdateProblem): { r: Float64Array; w: Float64Array; sensitivity: Float64Array } {
  const up = josephUpdate(p.P, p.H, p.R, p.v);
  const m = p.H.rows;
  const HK = mul(p.H, up.K);
  const IHK = addScaled(eye(m), HK, -1);
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) r[i] += IHK.data[i * m + j] * p.v[j];
  const Qr = addScaled(p.R, mulT(mul(p.H, up.P), p.H), -1);
  const w = r.map((x, j) => {
    const q = Qr.data[j * m + j];
    return q > MIN_REDUNDANCY * p.R.data[j * m + j] ? x / Math.sqrt(q) : NaN;
  });
  const sensitivity = w.map((x, j) => (Number.isFinite(x) ? IHK.data[j * m + j] / Math.sqrt(Qr.data[j * m + j]) : NaN));
  return { r, w, sensitivity };
}

/**
 * Non-centrality δ₀ of a two-sided |w| > k test that detects a bias with probability `power` (Baarda):
 * δ₀ = k + z_power (the far tail ignored). Smallest detectable bias: innovation test δ₀·√S_jj, residual test
 * δ₀ / sensitivity_j.
 */
export function noncentrality(k: number, power = 0.8): number {
  return k + normalQuantile(power);
}

/** Largest |w_j| over the rows that have a statistic (NaN rows skipped); at = −1 and value = 0 when none has. */
export function largestAbsW(w: ArrayLike<number>): { value: number; at: number } {
  let at = -1;
  for (let i = 0; i < w.length; i++) if (Number.isFinite(w[i]) && (at < 0 || Math.abs(w[i]) > Math.abs(w[at]))) at = i;
  return { value: at < 0 ? 0 : Math.abs(w[at]), at };
}

/** Global test T = vᵀ S⁻¹ v (χ²_m under no fault). */
export function globalTest(p: UpdateProblem): number {
  const S = innovationCovariance(p);
  const m = p.v.length;
  const vm: Mat = { rows: m, cols: 1, data: new Float64Array(p.v) };
  const x = cholSolve(cholesky(S), vm);
  let t = 0;
  for (let i = 0; i < m; i++) t += p.v[i] * x.data[i];
  return t;
}

/** χ² quantile by the Wilson–Hilferty approximation (good to ~1% for dof ≥ 3). */
export function chi2Quantile(dof: number, p: number): number {
  const z = normalQuantile(p);
  const a = 2 / (9 * dof);
  return dof * Math.pow(1 - a + z * Math.sqrt(a), 3);
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x: number;
  if (q < 0.02425) {
    const t = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
    x = p < 0.5 ? x : -x;
  } else {
    const t = p - 0.5;
    const r = t * t;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * t) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  return x;
}

/** IGG-III weight factor on |w|: 1 for |w| ≤ k0; (k0/|w|)·((k1 − |w|)/(k1 − k0))² for k0 < |w| ≤ k1; 0 beyond k1. */
export function iggIII(w: number, k0 = 2.0, k1 = 4.5): number {
  const a = Math.abs(w);
  if (a <= k0) return 1;
  if (a > k1) return 0;
  return (k0 / a) * ((k1 - a) / (k1 - k0)) ** 2;
}

/** Clustering choice for I-EDM step 2. */
export type ClusterMethod = "dbscan" | "mad" | "kmeans" | "none";

/** Settings of the I-EDM innovation analysis (defaults from the card §2). */
export interface IedmSettings {
  /** Clustering of the innovations. */
  cluster: ClusterMethod;
  /** DBSCAN radius for phase innovations, cycles. */
  epsPhaseCycles: number;
  /** DBSCAN radius for normalised code innovations w_P (units of σ). */
  epsCodeSigma: number;
  /**
   * |remainder| (cycles) always accepted for an integer slip estimate; a row whose innovation σ is wider accepts up
   * to `remainderSigmas` σ_j, never beyond `remainderCapCycles` (a fixed 0.15 cycle rejected ~45 % of true slips on
   * low satellites, whose DD phase noise alone is ~0.19 cycle).
   */
  maxRemainderCycles: number;
  /** Accept a remainder up to this many σ_j of the row's phase innovation (in cycles). */
  remainderSigmas: number;
  /** Never accept a remainder beyond this, cycles (a non-integer phase fault must stay rejectable). */
  remainderCapCycles: number;
  /** |w_P| below which the code of a satellite counts as clean (slip vs phase-multipath separation). */
  codeCleanW: number;
  /** Threshold on |w| for outliers when cluster = "none" (per-satellite test). */
  k: number;
}

/** Defaults: DBSCAN, eps 0.25 cycle / 2σ, remainder max(0.15 cycle, 3σ_j) ≤ 0.45 cycle, clean code |w_P| < 3, k = 3. */
export const IEDM_DEFAULTS: IedmSettings = {
  cluster: "dbscan",
  epsPhaseCycles: 0.25,
  epsCodeSigma: 2,
  maxRemainderCycles: 0.15,
  remainderSigmas: 3,
  remainderCapCycles: 0.45,
  codeCleanW: 3,
  k: 3,
};

function cluster(values: number[], method: ClusterMethod, eps: number, k: number): Clustering1D {
  const minPts = Math.max(2, Math.ceil(values.length / 2)); // a "cluster" of one value says nothing about consensus
  switch (method) {
    case "dbscan":
      return dbscan1d(values, eps, minPts);
    case "mad":
      return madCluster(values, 3, eps / 3);
    case "kmeans":
      return kmeans1d(values, 2);
    case "none": {
      const labels = values.map((v) => (Math.abs(v) <= k * eps ? 0 : -1));
      const main = labels.flatMap((l, i) => (l === 0 ? [i] : []));
      return { labels, main, centre: 0 };
    }
  }
}

/** Decisions of the I-EDM innovation analysis for one epoch (indices refer to the m DD satellites). */
export interface IedmDecision {
  /** Common-mode phase shift in cycles (cluster centre); a non-zero integer means a reference-satellite slip. */
  phaseCentreCycles: number;
  /** Common-mode of the normalised code innovations (cluster centre, σ units); large = reference code fault. */
  codeCentreW: number;
  /** Reference-satellite slip estimate (cycles), 0 when none. */
  referenceSlip: number;
  /** Per-satellite slip estimates ΔN̂_j accepted for repair (index → cycles). */
  slips: Map<number, number>;
  /** Phase outliers whose slip estimate was rejected (multipath or unclean code): reset their ambiguity. */
  phaseOutliers: number[];
  /** Code outliers with their multipath bias estimate b̂_j = v_P,j − c_P (m). */
  codeBiases: Map<number, number>;
  /** IGG-III weight per code row from the centred statistic. [m] */
  codeWeights: number[];
}

/**
 * I-EDM steps 2–3 (card §2): cluster code w_P and phase v_Φ/λ across satellites; the main cluster's centre is the
 * common mode; phase outliers j get ΔN̂_j = round((v_Φ,j − c_Φ)/λ), accepted when |remainder| < max(0.15, 3σ_j) ≤ 0.45 cycle and
 * |w_P,j − c_P| < 3 (code clean, which separates slips from phase multipath); code outliers get b̂_j = v_P,j − c_P.
 * Inputs: phase innovations in cycles [m], normalised code innovations w_P [m], code innovations in m [m],
 * √S_jj of the phase rows in cycles [m] (for the per-satellite fallback).
 */
export function analyseInnovations(
  phaseCycles: ArrayLike<number>,
  codeW: ArrayLike<number>,
  codeM: ArrayLike<number>,
  phaseSigmaCycles: ArrayLike<number>,
  settings: Partial<IedmSettings> = {},
): IedmDecision {
  const s = { ...IEDM_DEFAULTS, ...settings };
  const m = phaseCycles.length;
  const ph = Array.from(phaseCycles);
  const cw = Array.from(codeW);
  const phaseCl =
    s.cluster === "none"
      ? cluster(ph.map((v, j) => v / phaseSigmaCycles[j]), "none", 1, s.k)
      : cluster(ph, s.cluster, s.epsPhaseCycles, s.k);
  const codeCl = cluster(cw, s.cluster === "none" ? "none" : s.cluster, s.cluster === "none" ? 1 : s.epsCodeSigma, s.k);
  // no consensus cluster (fewer than minPts agree): trust the prediction, centre 0, and call a row consistent when
  // it lies within eps of 0 (otherwise every healthy row would be declared an outlier)
  if (phaseCl.main.length === 0) {
    const eps = s.cluster === "none" ? s.k : s.epsPhaseCycles;
    phaseCl.centre = 0;
    phaseCl.main = ph.flatMap((v, j) => (Math.abs(s.cluster === "none" ? v / phaseSigmaCycles[j] : v) <= eps ? [j] : []));
  }
  if (codeCl.main.length === 0) {
    const eps = s.cluster === "none" ? s.k : s.epsCodeSigma;
    codeCl.centre = 0;
    codeCl.main = cw.flatMap((v, j) => (Math.abs(v) <= eps ? [j] : []));
  }
  const cPhi = phaseCl.centre;
  const cP = codeCl.centre;
  const rounded = Math.round(cPhi);
  const referenceSlip = rounded !== 0 && Math.abs(cPhi - rounded) < s.maxRemainderCycles ? -rounded : 0;
  const inMainPhase = new Set(phaseCl.main);
  const inMainCode = new Set(codeCl.main);
  const slips = new Map<number, number>();
  const phaseOutliers: number[] = [];
  const codeBiases = new Map<number, number>();
  // code multipath in metres: centre of the code innovations of the main code cluster
  const cPm = codeCl.main.length ? median(codeCl.main.map((j) => codeM[j])) : 0;
  for (let j = 0; j < m; j++) {
    if (!inMainCode.has(j)) codeBiases.set(j, codeM[j] - cPm); // b̂_j = v_P,j − c_P
    if (inMainPhase.has(j)) continue;
    const x = ph[j] - cPhi;
    const dn = Math.round(x); // ΔN̂_j = round((v_Φ,j − c_Φ)/λ)
    const clean = Math.abs(cw[j] - cP) < s.codeCleanW;
    // accept ΔN̂_j when its remainder is consistent with the row's own noise: |x − ΔN̂| < max(0.15, 3σ_j) ≤ 0.45
    const maxRem = Math.min(s.remainderCapCycles, Math.max(s.maxRemainderCycles, s.remainderSigmas * phaseSigmaCycles[j]));
    if (dn !== 0 && Math.abs(x - dn) < maxRem && clean) slips.set(j, dn);
    else phaseOutliers.push(j);
  }
  const codeWeights = cw.map((w) => iggIII(w - cP));
  return { phaseCentreCycles: cPhi, codeCentreW: cP, referenceSlip, slips, phaseOutliers, codeBiases, codeWeights };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
}

/**
 * R-EDM (card §2, Baarda-style iterated data snooping): update with all rows, compute normalised residuals, drop
 * the row with the largest |w| if it exceeds k, re-run, repeat. Returns the excluded row indices in order.
 */
export function residualSnooping(p: UpdateProblem, k = 3, minRows = 1): number[] {
  const excluded: number[] = [];
  let rows = Array.from({ length: p.H.rows }, (_, i) => i);
  while (rows.length > minRows) {
    const sub = subProblem(p, rows);
    const { value, at: worst } = largestAbsW(residualW(sub).w);
    if (worst < 0 || value <= k) break;
    excluded.push(rows[worst]);
    rows = rows.filter((_, i) => i !== worst);
  }
  return excluded;
}

/** Chi-square global test with exclusion: while T > χ²_m(1 − α), drop the row with the largest |innovation w|. */
export function chiSquareExclusion(p: UpdateProblem, alpha = 0.05, minRows = 1): number[] {
  const excluded: number[] = [];
  let rows = Array.from({ length: p.H.rows }, (_, i) => i);
  while (rows.length > minRows) {
    const sub = subProblem(p, rows);
    if (globalTest(sub) <= chi2Quantile(rows.length, 1 - alpha)) break;
    const w = innovationW(sub);
    let worst = 0;
    for (let i = 1; i < w.length; i++) if (Math.abs(w[i]) > Math.abs(w[worst])) worst = i;
    excluded.push(rows[worst]);
    rows = rows.filter((_, i) => i !== worst);
  }
  return excluded;
}

/** The update problem restricted to `rows` (H, R and v sub-blocks). */
export function subProblem(p: UpdateProblem, rows: readonly number[]): UpdateProblem {
  const n = p.H.cols;
  const m = rows.length;
  const H = zeros(m, n);
  const R = zeros(m, m);
  const v = new Float64Array(m);
  rows.forEach((r, i) => {
    H.data.set(p.H.data.subarray(r * n, (r + 1) * n), i * n);
    v[i] = p.v[r];
    rows.forEach((c, j) => (R.data[i * m + j] = p.R.data[r * p.R.cols + c]));
  });
  return { P: p.P, H, R, v };
}
