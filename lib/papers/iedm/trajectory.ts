/**
 * Vehicle truth for the I-EDM urban drive (card §5.1): a street grid of straight blocks (100–200 m) joined by
 * quarter-circle corners, a speed profile with acceleration limits, slow-downs for corners and stops at some
 * intersections, and a small road grade. Integrated at the IMU rate; every quantity the IMU and the camera sense
 * (body-frame acceleration, yaw rate, velocity) is recorded so their simulators only add errors.
 */
import type { Rng } from "../../core/train/seed";
import type { Vec3 } from "../../gnss/frames";

/** One street piece: a straight block (with its canyon) or a corner arc (open sky). */
export interface StreetPiece {
  kind: "street" | "corner";
  /** Arc length, m. */
  length: number;
  /** Curvature κ, 1/m; positive = right turn (heading increases clockwise). 0 on streets. */
  curvature: number;
  /** Street heading (rad, clockwise from north) on streets; the entry heading on corners. */
  heading: number;
  /** Building heights on the left / right side, m (0 on corners). */
  hL: number;
  hR: number;
  /** Street width, m. */
  width: number;
  /** Stop at the end of this street (intersection), s of waiting (0 = no stop). */
  stopS: number;
}

/** Truth sampled at the IMU rate. All arrays have one entry per sample. */
export interface TruthSeries {
  /** Sample interval, s. */
  dt: number;
  /** Time since the drive start, s. [K] */
  t: Float64Array;
  /** ENU position in the base frame, m. [K] each */
  e: Float64Array;
  n: Float64Array;
  u: Float64Array;
  /** ENU velocity, m/s. [K] each */
  ve: Float64Array;
  vn: Float64Array;
  vu: Float64Array;
  /** Heading ψ, rad clockwise from north. [K] */
  psi: Float64Array;
  /** Body-frame acceleration: forward, right, up (gravity removed), m/s². [K] each */
  af: Float64Array;
  ar: Float64Array;
  au: Float64Array;
  /** Yaw rate ψ̇, rad/s. [K] */
  yawRate: Float64Array;
  /** Index of the street piece at each sample. [K] */
  piece: Int32Array;
  /** Distance along the current piece, m. [K] */
  along: Float32Array;
}

/** Trajectory settings (units in comments). */
export interface TrajectoryConfig {
  /** Duration, s. */
  duration: number;
  /** IMU rate, Hz. */
  rate: number;
  /** Cruise speed range per street, m/s. */
  speedRange: [number, number];
  /** Corner radius, m. */
  cornerRadius: number;
  /** Probability of stopping at an intersection, and the wait range, s. */
  stopProbability: number;
  stopRange: [number, number];
  /** Building height and street width ranges, m. */
  heightRange: [number, number];
  widthRange: [number, number];
  /** Road grade amplitude (m of height) and wavelength (m). */
  gradeAmplitude: number;
  gradeWavelength: number;
}

const ACCEL = 1.2; // m/s², speed-up limit
const BRAKE = 1.5; // m/s², braking limit
const LAT = 2.0; // m/s², lateral limit in corners
const PLAN = 1.0; // m/s², braking used for planning (below BRAKE so the lagging controller keeps up)

/** Builds the street pieces (enough for the whole drive at the top speed) and integrates the vehicle truth. */
export function simulateTrajectory(cfg: TrajectoryConfig, rng: Rng, start: Vec3): { pieces: StreetPiece[]; truth: TruthSeries } {
  const pieces: StreetPiece[] = [];
  let heading = rng.int(4) * (Math.PI / 2);
  let total = 0;
  const r = cfg.cornerRadius;
  while (total < cfg.duration * cfg.speedRange[1] + 400) {
    const len = rng.uniform(100, 200) - 2 * r; // block length minus the two corner halves
    const stop = rng.float() < cfg.stopProbability ? rng.uniform(...cfg.stopRange) : 0;
    pieces.push({ kind: "street", length: len, curvature: 0, heading, hL: rng.uniform(...cfg.heightRange), hR: rng.uniform(...cfg.heightRange), width: rng.uniform(...cfg.widthRange), stopS: stop });
    const turn = rng.float() < 0.5 ? -1 : 1;
    pieces.push({ kind: "corner", length: (r * Math.PI) / 2, curvature: turn / r, heading, hL: 0, hR: 0, width: 0, stopS: 0 });
    heading += (turn * Math.PI) / 2;
    total += len + (r * Math.PI) / 2;
  }
  const cruise = pieces.map(() => rng.uniform(...cfg.speedRange));
  const dt = 1 / cfg.rate;
  const K = Math.round(cfg.duration * cfg.rate) + 1;
  const T: TruthSeries = {
    dt, t: new Float64Array(K), e: new Float64Array(K), n: new Float64Array(K), u: new Float64Array(K),
    ve: new Float64Array(K), vn: new Float64Array(K), vu: new Float64Array(K), psi: new Float64Array(K),
    af: new Float64Array(K), ar: new Float64Array(K), au: new Float64Array(K), yawRate: new Float64Array(K),
    piece: new Int32Array(K), along: new Float32Array(K),
  };
  let p = 0; // piece index
  let s = 0; // distance along the piece
  let S = 0; // total distance (for the grade)
  let v = 0;
  let psi = pieces[0].heading;
  let e = start[0];
  let n = start[1];
  let wait = 0; // remaining stop time, s
  const gradeK = (2 * Math.PI) / cfg.gradeWavelength;
  for (let k = 0; k < K; k++) {
    const pc = pieces[p];
    // speed target: cruise on streets, the lateral limit in corners, and braking distance to the next corner or stop
    let target = pc.kind === "corner" ? Math.min(cruise[p], Math.sqrt(LAT * r)) : cruise[p];
    const remaining = pc.length - s;
    if (pc.kind === "street") {
      const vEnd = pc.stopS > 0 ? 0 : Math.sqrt(LAT * r);
      target = Math.min(target, Math.sqrt(vEnd * vEnd + 2 * PLAN * Math.max(remaining - 3, 0)));
    }
    if (wait > 0) {
      wait -= dt;
      target = 0;
    }
    const a = Math.max(-BRAKE, Math.min(ACCEL, (target - v) / 0.5)); // first-order speed controller, limited
    const kappa = pc.curvature;
    const z = cfg.gradeAmplitude * Math.sin(gradeK * S); // road height
    const dz = cfg.gradeAmplitude * gradeK * Math.cos(gradeK * S); // dz/dS
    const d2z = -cfg.gradeAmplitude * gradeK * gradeK * Math.sin(gradeK * S);
    T.t[k] = k * dt;
    T.e[k] = e;
    T.n[k] = n;
    T.u[k] = z;
    T.ve[k] = v * Math.sin(psi);
    T.vn[k] = v * Math.cos(psi);
    T.vu[k] = v * dz;
    T.psi[k] = psi;
    T.af[k] = a; // tangential acceleration
    T.ar[k] = v * v * kappa; // centripetal, right-positive
    T.au[k] = d2z * v * v + dz * a; // d²z/dt²
    T.yawRate[k] = v * kappa; // ψ̇ = v κ
    T.piece[k] = p;
    T.along[k] = s;
    // integrate (semi-implicit Euler at the IMU rate; the truth is whatever this produces)
    const v1 = Math.max(0, v + a * dt);
    const vm = 0.5 * (v + v1);
    const psiMid = psi + 0.5 * vm * kappa * dt;
    e += vm * Math.sin(psiMid) * dt;
    n += vm * Math.cos(psiMid) * dt;
    psi += vm * kappa * dt;
    s += vm * dt;
    S += vm * dt;
    v = v1;
    if (pc.kind === "street" && pc.stopS > 0 && pc.length - s < 3 && v < 0.1 && wait <= 0) {
      wait = pc.stopS; // stop at the intersection
      pc.stopS = -pc.stopS; // done once; the duration stays on record (sign restored below)
    }
    if (s >= pc.length) {
      s -= pc.length;
      p++;
    }
  }
  for (const pc of pieces) pc.stopS = Math.abs(pc.stopS);
  return { pieces, truth: T };
}
