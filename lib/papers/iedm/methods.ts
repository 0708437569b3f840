/**
 * The five methods of the I-EDM card (§5.2) run end to end over a simulated drive with the INS/vision/GNSS EKF
 * (filter.ts), each GNSS epoch deciding with model.ts's per-epoch logic:
 *   no-edm  every DD row, no test;
 *   chi2    χ² global test on the innovations, excluding the largest |w| row while it fails;
 *   r-edm   update with all rows, normalised post-fit residuals, exclude (or repair) the worst row while
 *           |w| > k, re-run (Baarda-style iterated snooping);
 *   i-edm   cluster the innovations, estimate slips and code biases, repair slips / reset or exclude / IGG-III
 *           reweight, then one update;
 *   oracle  drops rows with true NLOS/multipath code errors, repairs the true slips.
 * A flagged phase row without an accepted slip estimate has its ambiguity reset (card §2 step 4) in every method.
 * Per epoch it records errors, decisions (which satellites' code/phase were flagged, repaired slips) and, when
 * asked, the innovation and residual statistics of every row before any decision (for the ROC curves).
 */
import { LAMBDA_L1 } from "../../gnss/frames";
import { josephUpdate, mul, mulT, addScaled, type Mat } from "../../gnss/linalg";
import { chi2Quantile, globalTest, innovationCovariance, largestAbsW, residualW, subProblem, analyseInnovations, type ClusterMethod, type UpdateProblem } from "./model";
import { InsEkf, IX, type FilterConfig, type GnssRows } from "./filter";
import type { Drive, DriveEpoch } from "./data";

/** Method names. */
export const METHODS = ["no-edm", "chi2", "r-edm", "i-edm", "oracle"] as const;
/** One of the five methods. */
export type MethodName = (typeof METHODS)[number];

/** Settings of the methods (thresholds are calibrated to the same false-alarm rate by experiment.ts). */
export interface MethodSettings {
  /** Threshold on |innovation w| (per-satellite tests of i-edm, untestable phase rows). */
  kInnovation: number;
  /** Threshold on |residual w| (r-edm). */
  kResidual: number;
  /** χ² test level (chi2). */
  alpha: number;
  /** I-EDM clustering. */
  cluster: ClusterMethod;
  /** I-EDM mitigation: repair slips + IGG-III code reweighting / reweight only (reset slipped) / exclude outliers. */
  mitigation: "repair" | "reweight" | "exclude";
  /** Largest predicted phase σ (cycles) for which I-EDM trusts integer estimation of a row. */
  testableSigmaCycles: number;
  /** Record per-row statistics before decisions. */
  trace: boolean;
}

/** Defaults: k = 3 for both statistics until calibrated, α = 0.01, DBSCAN, repair. */
export const METHOD_DEFAULTS: MethodSettings = { kInnovation: 3, kResidual: 3, alpha: 0.01, cluster: "dbscan", mitigation: "repair", testableSigmaCycles: 0.25, trace: false };

/** Per-row statistics of one epoch before any decision, with the truth labels. */
export interface RowTrace {
  t: number;
  /** Satellites in view (DD rows + 1). */
  nSats: number;
  kind: "code" | "phase";
  sat: string;
  ref: string;
  /** Innovation and residual statistics (card §2 definitions). */
  wInnovation: number;
  wResidual: number;
  /** True fault on the row: a slip on s or o at t (phase), |e_s − e_o| ≥ 2 m (code); null = ambiguous (left out). */
  faulty: boolean | null;
  /** Predicted DD range σ, √(S_jj − R_jj), m (phase rows). */
  predSigma: number;
  /** √S_jj, m: the innovation test's smallest detectable bias is δ₀·√S_jj (C5). */
  sqrtS: number;
  /** ∂E[w_residual]/∂bias, 1/m: the residual test's smallest detectable bias is δ₀ / this (NaN: no redundancy). */
  resSensitivity: number;
}

/** Decisions of one epoch. */
export interface EpochDecision {
  t: number;
  /** Reference satellite of the epoch's DDs ("" without GNSS). */
  ref: string;
  /** Satellites whose phase was flagged (repaired, reset or excluded). A reference-slip decision flags the ref. */
  phaseFlags: string[];
  /** Satellites whose code was flagged (excluded or down-weighted below 1). */
  codeFlags: string[];
  /** Repaired slips (satellite → cycles). */
  repairs: [string, number][];
}

/** Result of one method over one drive. */
export interface MethodRun {
  method: MethodName;
  /** Per GNSS epoch: time since start (s) and E/N/U error (m); NaN before the first fix. */
  t: number[];
  err: [number, number, number][];
  decisions: EpochDecision[];
  trace: RowTrace[];
  /** Median √S of the phase rows, m (how tight the prediction was). */
  medianPhaseSigma: number;
}

/** Runs one method over a drive (deterministic: no random draws). */
export function runMethod(drive: Drive, method: MethodName, settings: Partial<MethodSettings> = {}, filter: Partial<FilterConfig> = {}): MethodRun {
  for (const key of Object.keys(settings)) {
    if (!(key in METHOD_DEFAULTS)) throw new Error(`runMethod: unknown setting "${key}"; known: ${Object.keys(METHOD_DEFAULTS).join(", ")}`);
  }
  if (!METHODS.includes(method)) throw new Error(`runMethod: unknown method "${method}"; known: ${METHODS.join(", ")}`);
  const s = { ...METHOD_DEFAULTS, ...settings };
  const T = drive.truth;
  // start at the truth with small errors (the initial alignment is not what the paper studies)
  const x0 = [T.e[0] + 0.3, T.n[0] - 0.3, T.u[0] + 0.5, T.ve[0], T.vn[0], T.vu[0], T.psi[0] + 0.01];
  const ekf = new InsEkf({ imuGrade: drive.imu.grade, ...filter }, drive.base, x0, { p: 1, v: 0.1, psi: 0.02 }, 0);
  const slipAt = new Map<string, number>(); // "t|sat" → cycles
  for (const f of drive.faults) if (f.type.startsWith("slip")) slipAt.set(`${f.t}|${f.sat}`, f.size);
  const run: MethodRun = { method, t: [], err: [], decisions: [], trace: [], medianPhaseSigma: NaN };
  const phaseSig: number[] = [];
  const visStep = Math.round(drive.vision.t.length > 1 ? (drive.vision.t[1] - drive.vision.t[0]) / T.dt : 10);
  let j = 0; // next vision sample
  for (const ep of drive.epochs) {
    // INS prediction to the epoch, with the vision updates on the way
    while (j < drive.vision.t.length && j * visStep <= ep.k) {
      ekf.predict(drive.imu, j * visStep);
      ekf.visionUpdate(drive.vision, j);
      j++;
    }
    ekf.predict(drive.imu, ep.k);
    const dec: EpochDecision = { t: ep.t, ref: "", phaseFlags: [], codeFlags: [], repairs: [] };
    if (!ep.outage) {
      // loss of lock is observable (the satellite was missing): remember who comes back after a gap
      const back = ekf.common(ep).filter((sat) => ekf.lastSeen.has(sat) && ep.t - ekf.lastSeen.get(sat)! > 1);
      ekf.syncAmbiguities(ep);
      let rows = ekf.gnssRows(ep);
      if (rows && back.length && method !== "no-edm" && method !== "oracle") rows = resetUntestable(ekf, rows, ep, back, s, dec);
      if (rows && rows.sats.length >= 2) {
        if (s.trace) traceRows(ekf, rows, ep, slipAt, run.trace);
        const m = rows.sats.length;
        const S = innovationCovariance({ P: ekf.P, H: rows.H, R: rows.R, v: rows.v });
        for (let i = 0; i < m; i++) phaseSig.push(Math.sqrt(S.data[(m + i) * 2 * m + m + i]));
        dec.ref = rows.ref;
        decide(ekf, rows, ep, method, s, slipAt, dec);
      }
    }
    run.decisions.push(dec);
    run.t.push(ep.t - drive.t0);
    const tr = ep.truthEnu;
    run.err.push([ekf.x[IX.p] - tr[0], ekf.x[IX.p + 1] - tr[1], ekf.x[IX.p + 2] - tr[2]]);
  }
  phaseSig.sort((a, b) => a - b);
  run.medianPhaseSigma = phaseSig.length ? phaseSig[phaseSig.length >> 1] : NaN;
  return run;
}

/**
 * Satellites back after a loss of lock whose predicted phase σ is too wide for integer slip estimation
 * (≥ `testableSigmaCycles`) get their ambiguity reset, in every EDM method alike; the others are left to the
 * method's own test (and I-EDM's integer estimation). Returns the relinearised rows.
 */
function resetUntestable(ekf: InsEkf, rows: GnssRows, ep: DriveEpoch, back: string[], s: MethodSettings, dec: EpochDecision): GnssRows | null {
  const m = rows.sats.length;
  const S = innovationCovariance(problem(ekf, rows));
  const M = 2 * m;
  // a reference back after a gap is judged by its smallest DD σ (its own ambiguity enters every phase DD)
  const sigma = (sat: string): number => {
    const j = rows.sats.indexOf(sat);
    if (j >= 0) return Math.sqrt(S.data[(m + j) * M + m + j]) / LAMBDA_L1;
    return Math.min(...rows.sats.map((_, i) => Math.sqrt(S.data[(m + i) * M + m + i]) / LAMBDA_L1));
  };
  let changed = false;
  for (const sat of back) {
    if (!ekf.amb.has(sat) || !(sigma(sat) >= s.testableSigmaCycles)) continue;
    ekf.resetAmbiguity(sat, ekf.codePhaseCycles(ep, sat));
    dec.phaseFlags.push(sat);
    changed = true;
  }
  return changed ? ekf.gnssRows(ep, rows.ref) : rows;
}

/** Row indices of a GnssRows: code j, phase m + j. */
const codeRow = (j: number) => j;
const phaseRow = (m: number, j: number) => m + j;

function problem(ekf: InsEkf, rows: GnssRows): UpdateProblem {
  return { P: ekf.P, H: rows.H, R: rows.R, v: rows.v };
}

/** Update with a subset of rows, each row's noise scaled by 1/weight (IGG-III); applies the result. */
function updateWith(ekf: InsEkf, rows: GnssRows, keep: number[], weight?: Map<number, number>): UpdateProblem | null {
  if (keep.length === 0) return null;
  const sub = subProblem(problem(ekf, rows), keep);
  if (weight) {
    const k = keep.length;
    keep.forEach((r, i) => {
      const w = weight.get(r) ?? 1;
      const f = 1 / Math.sqrt(w);
      for (let c = 0; c < k; c++) {
        sub.R.data[i * k + c] *= f;
        sub.R.data[c * k + i] *= f;
      }
    });
  }
  ekf.apply(josephUpdate(sub.P, sub.H, sub.R, sub.v));
  return sub;
}

function traceRows(ekf: InsEkf, rows: GnssRows, ep: DriveEpoch, slipAt: Map<string, number>, out: RowTrace[]): void {
  const p = problem(ekf, rows);
  const S = innovationCovariance(p);
  const { w: wr, sensitivity } = residualW(p);
  const m = rows.sats.length;
  const M = 2 * m;
  const eo = ep.rover.get(rows.ref)!;
  for (let j = 0; j < m; j++) {
    const sat = rows.sats[j];
    const o = ep.rover.get(sat)!;
    for (const kind of ["code", "phase"] as const) {
      const r = kind === "code" ? codeRow(j) : phaseRow(m, j);
      const Sjj = S.data[r * M + r];
      let faulty: boolean | null;
      if (kind === "phase") {
        const slip = slipAt.has(`${ep.t}|${sat}`) || slipAt.has(`${ep.t}|${rows.ref}`);
        faulty = slip ? true : o.state === "nlos" || eo.state === "nlos" ? null : false;
      } else {
        const e = Math.abs(o.codeError - eo.codeError);
        faulty = e >= 2 ? true : e < 0.5 ? false : null;
      }
      out.push({
        t: ep.t, nSats: m + 1, kind, sat, ref: rows.ref, wInnovation: p.v[r] / Math.sqrt(Sjj), wResidual: wr[r], faulty,
        predSigma: Math.sqrt(Math.max(Sjj - rows.R.data[r * M + r], 0)), sqrtS: Math.sqrt(Sjj), resSensitivity: sensitivity[r],
      });
    }
  }
}

function decide(ekf: InsEkf, rows: GnssRows, ep: DriveEpoch, method: MethodName, s: MethodSettings, slipAt: Map<string, number>, dec: EpochDecision): void {
  const m = rows.sats.length;
  const all = Array.from({ length: 2 * m }, (_, i) => i);
  const resetPhase = (j: number) => {
    ekf.resetAmbiguity(rows.sats[j], ekf.codePhaseCycles(ep, rows.sats[j]));
    dec.phaseFlags.push(rows.sats[j]);
  };
  switch (method) {
    case "no-edm":
      updateWith(ekf, rows, all);
      return;
    case "oracle": {
      // repair the true slips (reference included), drop rows whose true code error or NLOS phase is a fault
      for (const sat of [rows.ref, ...rows.sats]) {
        const dn = slipAt.get(`${ep.t}|${sat}`);
        if (dn !== undefined) {
          ekf.repairAmbiguity(sat, dn);
          dec.repairs.push([sat, dn]);
          dec.phaseFlags.push(sat);
        }
      }
      const fixed = ekf.gnssRows(ep, rows.ref)!;
      const eo = ep.rover.get(fixed.ref)!;
      const keep = all.filter((r) => {
        const o = ep.rover.get(fixed.sats[r % m])!;
        if (r < m) return Math.abs(o.codeError - eo.codeError) < 0.5;
        return o.state !== "nlos" && eo.state !== "nlos";
      });
      all.filter((r) => r < m && !keep.includes(r)).forEach((r) => dec.codeFlags.push(fixed.sats[r]));
      updateWith(ekf, fixed, keep);
      return;
    }
    case "chi2": {
      let keep = all;
      const p = problem(ekf, rows);
      while (keep.length > 0) {
        const sub = subProblem(p, keep);
        if (globalTest(sub) <= chi2Quantile(keep.length, 1 - s.alpha)) break;
        const S = innovationCovariance(sub);
        let worst = 0;
        let wBest = -1;
        keep.forEach((_, i) => {
          const w = Math.abs(sub.v[i]) / Math.sqrt(S.data[i * keep.length + i]);
          if (w > wBest) [wBest, worst] = [w, i];
        });
        const r = keep[worst];
        if (r < m) dec.codeFlags.push(rows.sats[r]);
        else resetPhase(r - m);
        keep = keep.filter((_, i) => i !== worst);
      }
      updateWith(ekf, rows, keep.filter((r) => r < m || !dec.phaseFlags.includes(rows.sats[r - m])));
      return;
    }
    case "r-edm":
      return rEdm(ekf, rows, ep, s, dec, resetPhase);
    case "i-edm":
      return iEdm(ekf, rows, ep, s, dec, resetPhase);
  }
}

/**
 * R-EDM: trial update with the kept rows, normalised residuals w_j = r_j/√Q_r,jj, the worst row above k is
 * handled and the update re-run. A phase row gets the redundancy-corrected slip estimate
 * ΔN̂ = round(r_j R_jj / (Q_r,jj λ)) (the residual shrinks by the redundancy number; undoing that keeps R-EDM
 * from being a strawman) and is repaired when the remainder is < 0.15 cycle and its code row is clean; otherwise
 * its ambiguity is reset and the row dropped. A code row is dropped. Only the final update is applied.
 * The loop goes on while any row fails, down to no rows (INS only): in the filter the prior gives every row
 * redundancy, so the snapshot least-squares stop at three rows would leave faults in the update exactly where the
 * canyon leaves few satellites (that stop kept R-EDM at metres, far outside the paper's regime: R-EDM ≈ 0.26–0.33 m horizontally, from I-EDM's 0.23/0.11 m and its 21.6 % gain).
 */
function rEdm(ekf: InsEkf, rows: GnssRows, ep: DriveEpoch, s: MethodSettings, dec: EpochDecision, resetPhase: (j: number) => void): void {
  const m = rows.sats.length;
  let keep = Array.from({ length: 2 * m }, (_, i) => i);
  const v = new Float64Array(rows.v);
  const repaired = new Set<number>();
  for (let iter = 0; iter < 2 * m && keep.length > 0; iter++) {
    const sub = subProblem({ P: ekf.P, H: rows.H, R: rows.R, v }, keep);
    const { r, w } = residualW(sub);
    const { value, at: worst } = largestAbsW(w); // rows without redundancy have no statistic (NaN) and are skipped
    if (worst < 0 || !(value > s.kResidual)) break;
    const row = keep[worst];
    if (row < m) {
      dec.codeFlags.push(rows.sats[row]);
      keep = keep.filter((_, i) => i !== worst);
      continue;
    }
    const j = row - m;
    const K = keep.length;
    const Qr = residualQ(sub);
    const est = (r[worst] * sub.R.data[worst * K + worst]) / Math.max(Qr.data[worst * K + worst], 1e-30) / LAMBDA_L1;
    const dn = Math.round(est);
    const codeI = keep.indexOf(j);
    const codeClean = codeI >= 0 && Math.abs(w[codeI]) < 3;
    if (s.mitigation === "repair" && !repaired.has(j) && dn !== 0 && Math.abs(est - dn) < 0.15 && codeClean) {
      ekf.repairAmbiguity(rows.sats[j], dn);
      v[row] -= LAMBDA_L1 * dn;
      repaired.add(j);
      dec.repairs.push([rows.sats[j], dn]);
      dec.phaseFlags.push(rows.sats[j]);
      continue;
    }
    resetPhase(j);
    keep = keep.filter((_, i) => i !== worst);
  }
  updateWith(ekf, { ...rows, v }, keep);
}

function residualQ(p: UpdateProblem): Mat {
  const up = josephUpdate(p.P, p.H, p.R, p.v);
  return addScaled(p.R, mulT(mul(p.H, up.P), p.H), -1); // Q_r = R − H P⁺ Hᵀ
}

/**
 * I-EDM (card §2 steps 2–5): innovation analysis over the testable rows (predicted phase σ below
 * `testableSigmaCycles`), reference- and per-satellite slip repair, reset of rejected phase outliers, per-row
 * innovation tests for the untestable rows, IGG-III code weights (or exclusion), then one update.
 */
function iEdm(ekf: InsEkf, rows: GnssRows, ep: DriveEpoch, s: MethodSettings, dec: EpochDecision, resetPhase: (j: number) => void): void {
  const m = rows.sats.length;
  const M = 2 * m;
  const S = innovationCovariance(problem(ekf, rows));
  const sd = (r: number) => Math.sqrt(S.data[r * M + r]);
  const testable: number[] = [];
  const untestable: number[] = [];
  for (let j = 0; j < m; j++) (sd(phaseRow(m, j)) / LAMBDA_L1 < s.testableSigmaCycles ? testable : untestable).push(j);
  const codeW = Array.from({ length: m }, (_, j) => rows.v[j] / sd(j));
  const d = analyseInnovations(
    testable.map((j) => rows.v[m + j] / LAMBDA_L1),
    testable.map((j) => codeW[j]),
    testable.map((j) => rows.v[j]),
    testable.map((j) => sd(m + j) / LAMBDA_L1),
    { cluster: s.cluster, k: s.kInnovation },
  );
  // with fewer than three testable rows a slipped satellite and a faulty reference look alike: reset, never repair
  const repairSlips = s.mitigation === "repair" && testable.length >= 3;
  // a common-mode shift that is not an integer (phase) or beyond eps (code) blames the reference: card §8, "cluster
  // centres must be checked"; reset its ambiguity / drop every code row this epoch
  const refCodeFault = Math.abs(d.codeCentreW) > 2 && testable.length >= 2;
  if (refCodeFault) dec.codeFlags.push(rows.ref);
  // an integer common shift is a reference slip: repaired with ≥ 3 testable rows and a clean reference code (an NLOS
  // reference moves every row by its extra path, which may look integer), otherwise the reference is reset. With two
  // rows it used to be left in the update, and one NLOS reference moved the solution by metres (seed 1024, t = 569 s).
  if (d.referenceSlip !== 0 && testable.length >= 2) {
    dec.phaseFlags.push(rows.ref);
    if (repairSlips && !refCodeFault) {
      ekf.repairAmbiguity(rows.ref, d.referenceSlip);
      dec.repairs.push([rows.ref, d.referenceSlip]);
    } else ekf.resetAmbiguity(rows.ref, ekf.codePhaseCycles(ep, rows.ref));
  }
  const refPhaseFault = d.referenceSlip === 0 && Math.abs(d.phaseCentreCycles) > 0.25 && testable.length >= 2;
  if (refPhaseFault) {
    ekf.resetAmbiguity(rows.ref, ekf.codePhaseCycles(ep, rows.ref));
    dec.phaseFlags.push(rows.ref);
  }
  const dropPhase = new Set<number>();
  for (const [i, dn] of d.slips) {
    const j = testable[i];
    if (repairSlips) {
      ekf.repairAmbiguity(rows.sats[j], dn);
      dec.repairs.push([rows.sats[j], dn]);
      dec.phaseFlags.push(rows.sats[j]);
    } else {
      resetPhase(j);
      dropPhase.add(j);
    }
  }
  for (const i of d.phaseOutliers) {
    resetPhase(testable[i]);
    dropPhase.add(testable[i]);
  }
  for (const j of untestable) {
    if (Math.abs(rows.v[m + j]) / sd(m + j) > s.kInnovation) {
      resetPhase(j);
      dropPhase.add(j);
    }
  }
  // code: IGG-III weights from the centred statistic on the testable rows, plain |w| test on the others
  const weight = new Map<number, number>();
  const cw = new Map<number, number>();
  // rows outside the main code cluster, or beyond the calibrated per-row threshold, are excluded; IGG-III weights
  // the rest
  testable.forEach((j, i) => cw.set(j, d.codeBiases.has(i) || Math.abs(codeW[j]) > s.kInnovation ? 0 : d.codeWeights[i]));
  for (let j = 0; j < m; j++) {
    let w = cw.get(j) ?? (Math.abs(codeW[j]) > s.kInnovation ? 0 : 1);
    if (s.mitigation === "exclude" && w < 1) w = 0; // exclusion instead of down-weighting
    if (refCodeFault) w = 0;
    else if (w < 1) dec.codeFlags.push(rows.sats[j]);
    if (w > 0) weight.set(j, w);
  }
  // after repairs the innovations change: relinearise, then one update with the cleaned set
  const fixed = ekf.gnssRows(ep, rows.ref)!;
  const keep: number[] = [];
  for (let j = 0; j < m; j++) {
    if (weight.has(j)) keep.push(j);
    if (!dropPhase.has(j)) keep.push(m + j);
  }
  updateWith(ekf, fixed, keep, weight);
}
