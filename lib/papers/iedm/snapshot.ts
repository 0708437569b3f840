/**
 * Snapshot (single-update) detection experiment of the I-EDM card on real GPS geometry: injected code biases
 * detected by innovation vs post-fit residual tests AT THE SAME FALSE-ALARM RATE (card C1 and its pitfall), for 5–10
 * satellites and one or several simultaneous faults, with a linear-Gaussian prediction. It isolates the statistic
 * from the filter; the drive-level comparison is in experiment.ts.
 */
import { tleConstellation, walkerConstellation, type Constellation } from "../../gnss/constellation";
import { azEl, enuFrame, DEG, type Vec3 } from "../../gnss/frames";
import { SITE } from "./site";
import { ddCovariance, chooseReference } from "../../gnss/dd";
import { cholesky, diag, fromRows, type Mat } from "../../gnss/linalg";
import { Rng } from "../../core/train/seed";
import { utcDateToGps } from "../../gnss/time";
import { innovationW, largestAbsW, residualW, type UpdateProblem } from "./model";
import { codeSigma } from "./filter";

/** Snapshot experiment config (the `snapshot` group of config.ts's IedmConfig, set per scale there). Units in the comments. */
export interface SnapshotConfig {
  /** Master seed of every random draw. */
  seed: number;
  /** Satellite counts to sweep (DD rows = count − 1). */
  satCounts: number[];
  /** Numbers of simultaneously faulty rows to sweep. */
  faultCounts: number[];
  /** Monte-Carlo trials per (satellites, faults) cell, for each of calibration, false-alarm check and detection. */
  trials: number;
  /** Target false-alarm rate per epoch (both statistics are calibrated to it). */
  falseAlarm: number;
  /** Code bias range, m (uniform magnitude, random sign). */
  biasRange: [number, number];
  /** 1σ of the INS/vision predicted position error per axis, m (sets H P⁻ Hᵀ). */
  predictionSigma: number;
  /** Constellation: real GPS TLEs (rtklib extract) or the Walker 24/6/1 fallback. */
  constellation: "tle" | "walker";
}

/** One row of the detection table. */
export interface DetectionRow {
  sats: number;
  faults: number;
  statistic: "innovation" | "residual";
  /** Threshold on max_j |w_j| calibrated to the target false-alarm rate. */
  threshold: number;
  /** False-alarm rate measured on independent fault-free trials (should be ≈ the target). */
  falseAlarmRate: number;
  /** Share of faulty rows flagged (|w_j| > threshold). */
  detectionRate: number;
  /** Share of trials whose largest |w| sits on a faulty row. */
  identificationRate: number;
}

/** Sky-plot rows (az/el in degrees) for one epoch at the default site. */
export interface SkyRow {
  sat: string;
  azDeg: number;
  elDeg: number;
}


function constellation(kind: SnapshotConfig["constellation"]): Constellation {
  return kind === "tle" ? tleConstellation() : walkerConstellation();
}

/** Sky plot rows (elevation mask 10°) at GPS time t (default 2020-12-01 06:00 UTC). */
export function skyPlot(kind: SnapshotConfig["constellation"] = "tle", t = utcDateToGps(new Date(Date.UTC(2020, 11, 1, 6)))): SkyRow[] {
  const f = enuFrame(SITE);
  const rows: SkyRow[] = [];
  for (const [sat, p] of constellation(kind).positions(t)) {
    const { az, el } = azEl(SITE, p, f);
    if (el > 10 * DEG) rows.push({ sat, azDeg: az / DEG, elDeg: el / DEG });
  }
  return rows.sort((a, b) => b.elDeg - a.elDeg);
}

/** A DD code geometry for `n` satellites drawn from the visible set at a random epoch of 2020-12-01. */
function drawGeometry(c: Constellation, n: number, rng: Rng): { H: Mat; R: Mat } | null {
  const t = utcDateToGps(new Date(Date.UTC(2020, 11, 1))) + rng.uniform(0, 86400);
  const f = enuFrame(SITE);
  const vis: { sat: string; el: number; u: Vec3 }[] = [];
  for (const [sat, p] of c.positions(t)) {
    const { az, el } = azEl(SITE, p, f);
    if (el > 10 * DEG) vis.push({ sat, el, u: [Math.sin(az) * Math.cos(el), Math.cos(az) * Math.cos(el), Math.sin(el)] });
  }
  if (vis.length < n) return null;
  rng.shuffle(vis);
  const pick = vis.slice(0, n);
  const ref = chooseReference(new Map(pick.map((v) => [v.sat, v.el])));
  const o = pick.find((v) => v.sat === ref)!;
  const others = pick.filter((v) => v.sat !== ref);
  const H = fromRows(others.map((v) => [0, 1, 2].map((k) => -(v.u[k] - o.u[k])))); // ∂∇Δρ/∂p_ENU = −(u_s − u_o)
  const sd = (el: number) => 2 * codeSigma(el) ** 2; // rover + base
  const R = ddCovariance(sd(o.el), others.map((v) => sd(v.el)));
  return { H, R };
}

function sampleInnovation(p: { H: Mat; R: Mat; P: Mat }, rng: Rng): Float64Array {
  // v = H δp + e with δp ~ N(0, P⁻), e ~ N(0, R): a linear-Gaussian prediction, so v ~ N(0, S)
  const L = cholesky(p.R);
  const m = p.H.rows;
  const e = Array.from({ length: m }, () => rng.normal());
  const sp = Math.sqrt(p.P.data[0]);
  const dp = [rng.normal(0, sp), rng.normal(0, sp), rng.normal(0, sp)];
  const v = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L.data[i * m + k] * e[k];
    for (let k = 0; k < 3; k++) s += p.H.data[i * 3 + k] * dp[k];
    v[i] = s;
  }
  return v;
}


/**
 * Detection of injected code biases by innovation vs residual tests, both thresholds calibrated on fault-free
 * trials to the same per-epoch false-alarm rate (max_j |w_j| quantile), then checked on independent fault-free
 * trials. One row per (satellites, faults, statistic).
 */
export function runSnapshotDetection(config: SnapshotConfig): DetectionRow[] {
  const rng = new Rng(config.seed).fork("detection");
  const c = constellation(config.constellation);
  const P = diag([1, 1, 1].map(() => config.predictionSigma ** 2));
  const rows: DetectionRow[] = [];
  const stats = {
    innovation: (p: UpdateProblem) => innovationW(p),
    residual: (p: UpdateProblem) => residualW(p).w,
  } as const;
  for (const n of config.satCounts) {
    const geoms: { H: Mat; R: Mat }[] = [];
    while (geoms.length < 64) {
      const g = drawGeometry(c, n, rng);
      if (g) geoms.push(g);
    }
    const draw = (faults: number) => {
      const g = geoms[rng.int(geoms.length)];
      const v = sampleInnovation({ ...g, P }, rng);
      const bad = new Set<number>();
      while (bad.size < Math.min(faults, g.H.rows - 1)) bad.add(rng.int(g.H.rows));
      for (const j of bad) v[j] += (rng.float() < 0.5 ? -1 : 1) * rng.uniform(config.biasRange[0], config.biasRange[1]);
      return { p: { P, H: g.H, R: g.R, v }, bad };
    };
    const clean = (k: number) => Array.from({ length: k }, () => draw(0).p);
    const calib = clean(config.trials);
    const check = clean(config.trials);
    for (const faults of config.faultCounts) {
      const faulty = Array.from({ length: config.trials }, () => draw(faults));
      for (const name of ["innovation", "residual"] as const) {
        const f = stats[name];
        const m0 = calib.map((p) => largestAbsW(f(p)).value).sort((a, b) => a - b);
        const threshold = m0[Math.min(m0.length - 1, Math.floor((1 - config.falseAlarm) * m0.length))];
        const fa = check.filter((p) => largestAbsW(f(p)).value > threshold).length / check.length;
        let flagged = 0;
        let total = 0;
        let identified = 0;
        for (const { p, bad } of faulty) {
          const w = f(p);
          for (const j of bad) {
            total++;
            if (Math.abs(w[j]) > threshold) flagged++;
          }
          if (bad.has(largestAbsW(w).at)) identified++;
        }
        rows.push({ sats: n, faults, statistic: name, threshold, falseAlarmRate: fa, detectionRate: flagged / total, identificationRate: identified / faulty.length });
      }
    }
  }
  return rows;
}
