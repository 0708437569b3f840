/**
 * The 2.5D error-state INS/vision/GNSS EKF of the I-EDM small version (card §5.1), float64 (lib/gnss/linalg).
 *
 * State x = [p_ENU(3), v_ENU(3), ψ, b_f, b_r, b_g, b_u, N_sd(…)]: position and velocity in the base's ENU frame (m,
 * m/s), heading ψ (rad, clockwise from north), forward/right accelerometer biases (m/s²), gyro bias (rad/s), the
 * vertical accelerometer bias (m/s²; the card lists two accelerometer biases, but an unestimated vertical bias
 * left the phase innovations 1.6× wider than S without vision, so it is a state here) and one
 * between-receiver single-difference L1 ambiguity per tracked satellite (cycles, float). Single-difference
 * ambiguities make a reference change free; a DD phase row carries λ(N_s − N_o), so a reference slip moves every
 * phase DD by the same integer (the card's common-mode pattern). Leaves out: full 3D attitude, lever arms, integer
 * fixing (LAMBDA), L2.
 *
 * Prediction (INS mechanisation at the IMU rate, covariance every 0.1 s):
 *   ψ̇ = ω − b_g;  a_EN = C(ψ)(f_FR − b),  C(ψ) = [[sin ψ, cos ψ], [cos ψ, −sin ψ]] (forward, right → E, N);  a_U = f_U − b_u
 *   δẋ = F δx with δv̇_E = a_N δψ − sin ψ δb_f − cos ψ δb_r,  δv̇_N = −a_E δψ − cos ψ δb_f + sin ψ δb_r,
 *   δv̇_U = −δb_u,  δψ̇ = −δb_g;
 *   P⁻ = Φ P Φᵀ + Q with Φ = blkdiag(I + F Δt, I) (ambiguities are constant).
 * Updates (Joseph form): vision body velocity z = Cᵀ(ψ) v; DD code ∇Δρ and phase ∇Δρ + λ(N_s − N_o).
 */
import { enuFrame, enuToEcef, distance, LAMBDA_L1, type EnuFrame, type Vec3 } from "../../gnss/frames";
import { ddCovariance } from "../../gnss/dd";
import { josephUpdate, zeros, type Mat, type KalmanUpdate } from "../../gnss/linalg";
import { IMU_GRADES, type ImuGradeName, type ImuSeries } from "./imu";
import type { VisionSeries } from "./vision";
import type { DriveEpoch } from "./data";

/** Number of core (non-ambiguity) states. */
export const CORE = 11;
/** Indices of the core states. */
export const IX = { p: 0, v: 3, psi: 6, bf: 7, br: 8, bg: 9, bu: 10 } as const;

/** Filter settings (units in comments). */
export interface FilterConfig {
  /** IMU grade assumed by the process noise. */
  imuGrade: ImuGradeName;
  /** Use the vision velocity updates. */
  vision: boolean;
  /** Drop a satellite's ambiguity after this many seconds unobserved, s. */
  ambiguityTimeout: number;
  /** Variance of a reset ambiguity is at least this, cycles². */
  resetVarCycles2: number;
}

/** Defaults: MEMS noise, vision on, 30 s ambiguity memory, reset variance (10 cycles)². */
export const FILTER_DEFAULTS: FilterConfig = { imuGrade: "mems", vision: true, ambiguityTimeout: 30, resetVarCycles2: 100 };

/** Code σ of one undifferenced observation (card §5.1), m. */
export const codeSigma = (el: number): number => 0.3 + 0.3 / Math.sin(el);
/** Phase σ of one undifferenced observation (card §5.1), m. */
export const phaseSigma = (el: number): number => 0.003 + 0.003 / Math.sin(el);

/** The DD code and phase rows of one epoch, linearised at the predicted state. Rows: [code × m, phase × m]. */
export interface GnssRows {
  ref: string;
  /** Non-reference satellites, one code and one phase row each. [m] */
  sats: string[];
  /** Elevation of each satellite of `sats` and of the reference, rad. */
  elev: number[];
  refElev: number;
  /** Innovations v = z − h(x⁻), m. [2m] */
  v: Float64Array;
  /** Jacobian. [2m, n] */
  H: Mat;
  /** DD noise (block-diagonal code/phase, each with the reference's correlation). [2m, 2m] */
  R: Mat;
}

/** The EKF state and covariance with the satellite → ambiguity-column map. */
export class InsEkf {
  readonly cfg: FilterConfig;
  readonly frame: EnuFrame;
  readonly base: Vec3;
  x: Float64Array;
  P: Mat;
  /** Ambiguity column per satellite. */
  readonly amb = new Map<string, number>();
  /** Last GNSS time each ambiguity was observed, s. */
  readonly lastSeen = new Map<string, number>();
  /**
   * GNSS time from which each ambiguity has been tracked without a break or a reset, s: set when the ambiguity is
   * added, reset, or its satellite comes back after a gap (loss of lock). Only a satellite tracked since an earlier
   * epoch can be the DD reference (`gnssRows`).
   */
  readonly lockSince = new Map<string, number>();
  /** GNSS time of the epoch being processed (set by `syncAmbiguities`), s. */
  epochT = -Infinity;
  /** IMU sample index the state refers to. */
  k: number;

  /** Starts at a given state with a diagonal covariance. x0: [p(3), v(3), ψ]; sigmas: [σp, σv, σψ]. */
  constructor(cfg: Partial<FilterConfig>, base: Vec3, x0: ArrayLike<number>, sig: { p: number; v: number; psi: number }, k0: number) {
    for (const key of Object.keys(cfg)) {
      if (!(key in FILTER_DEFAULTS)) throw new Error(`InsEkf: unknown config key "${key}"; known keys: ${Object.keys(FILTER_DEFAULTS).join(", ")}`);
    }
    this.cfg = { ...FILTER_DEFAULTS, ...cfg };
    this.base = base;
    this.frame = enuFrame(base);
    this.x = new Float64Array(CORE);
    this.x.set(Array.from(x0).slice(0, 7));
    const g = IMU_GRADES[this.cfg.imuGrade];
    this.P = zeros(CORE, CORE);
    const d = [sig.p, sig.p, sig.p, sig.v, sig.v, sig.v, sig.psi, g.accelBias, g.accelBias, g.gyroBias, g.accelBias];
    d.forEach((s, i) => (this.P.data[i * CORE + i] = s * s));
    this.k = k0;
  }

  /** State size n. */
  get n(): number {
    return this.x.length;
  }

  /** INS prediction from the current IMU index to `k1` (mechanisation per sample, covariance every 0.1 s). */
  predict(imu: ImuSeries, k1: number): void {
    const dt = imu.dt;
    const block = Math.max(1, Math.round(0.1 / dt));
    const g = IMU_GRADES[this.cfg.imuGrade];
    while (this.k < k1) {
      const kEnd = Math.min(k1, this.k + block);
      let sumE = 0;
      let sumN = 0;
      for (let k = this.k; k < kEnd; k++) {
        const x = this.x;
        const w = imu.gyro[k] - x[IX.bg];
        const psiM = x[IX.psi] + 0.5 * w * dt;
        const aF = imu.fF[k] - x[IX.bf];
        const aR = imu.fR[k] - x[IX.br];
        const s = Math.sin(psiM);
        const c = Math.cos(psiM);
        const a = [aF * s + aR * c, aF * c - aR * s, imu.fU[k] - x[IX.bu]]; // a_EN = C(ψ)(f − b), a_U = f_U − b_u
        for (let i = 0; i < 3; i++) {
          x[IX.p + i] += x[IX.v + i] * dt + 0.5 * a[i] * dt * dt;
          x[IX.v + i] += a[i] * dt;
        }
        x[IX.psi] += w * dt;
        sumE += a[0];
        sumN += a[1];
      }
      const steps = kEnd - this.k;
      const T = steps * dt;
      this.propagateCovariance(sumE / steps, sumN / steps, this.x[IX.psi], T, g);
      this.k = kEnd;
    }
  }

  private propagateCovariance(aE: number, aN: number, psi: number, T: number, g: (typeof IMU_GRADES)[ImuGradeName]): void {
    const n = this.n;
    const s = Math.sin(psi);
    const c = Math.cos(psi);
    // Φ = I + F T on the core block (sparse: list the off-diagonal entries)
    const phi: [number, number, number][] = [
      [0, 3, T], [1, 4, T], [2, 5, T],
      [3, 6, aN * T], [3, 7, -s * T], [3, 8, -c * T],
      [4, 6, -aE * T], [4, 7, -c * T], [4, 8, s * T],
      [5, 10, -T],
      [6, 9, -T],
    ];
    const P = this.P.data;
    // rows: P[0:10, :] ← Φ P[0:10, :]   (each affected row i gets Σ_j Φ_ij P[j, :] with the old rows j)
    const rowsOld = new Float64Array(P.subarray(0, CORE * n));
    for (const [i, j, f] of phi) for (let col = 0; col < n; col++) P[i * n + col] += f * rowsOld[j * n + col];
    // cols: P[:, 0:10] ← P[:, 0:10] Φᵀ
    const colsOld = new Float64Array(n * CORE);
    for (let r = 0; r < n; r++) for (let col = 0; col < CORE; col++) colsOld[r * CORE + col] = P[r * n + col];
    for (const [i, j, f] of phi) for (let r = 0; r < n; r++) P[r * n + i] += f * colsOld[r * CORE + j];
    // Q: white accelerometer/gyro noise and bias random walks
    const q = [1e-6, 1e-6, 1e-6, g.vrw ** 2, g.vrw ** 2, g.vrw ** 2, g.arw ** 2, g.accelBiasRw ** 2, g.accelBiasRw ** 2, g.gyroBiasRw ** 2, g.accelBiasRw ** 2];
    for (let i = 0; i < CORE; i++) P[i * n + i] += q[i] * T;
  }

  /** Applies a Kalman update result: x ← x + δx, P ← P⁺. */
  apply(u: KalmanUpdate): void {
    for (let i = 0; i < this.n; i++) this.x[i] += u.dx[i];
    this.P = u.P;
  }

  /** Vision velocity update z = [v_F, v_R, v_U] = Cᵀ(ψ) v with σ per axis; returns the update. */
  visionUpdate(vision: VisionSeries, j: number): KalmanUpdate | null {
    if (!this.cfg.vision || !vision.valid[j]) return null;
    const n = this.n;
    const x = this.x;
    const s = Math.sin(x[IX.psi]);
    const c = Math.cos(x[IX.psi]);
    const vE = x[IX.v];
    const vN = x[IX.v + 1];
    const hF = vE * s + vN * c;
    const hR = vE * c - vN * s;
    const H = zeros(3, n);
    H.data[IX.v] = s; // ∂v_F/∂v_E
    H.data[IX.v + 1] = c;
    H.data[IX.psi] = hR; // ∂v_F/∂ψ = v_R
    H.data[n + IX.v] = c;
    H.data[n + IX.v + 1] = -s;
    H.data[n + IX.psi] = -hF; // ∂v_R/∂ψ = −v_F
    H.data[2 * n + IX.v + 2] = 1;
    const sig2 = vision.sigma[j] ** 2;
    const R = zeros(3, 3);
    R.data[0] = R.data[4] = R.data[8] = sig2;
    const u = josephUpdate(this.P, H, R, [vision.vF[j] - hF, vision.vR[j] - hR, vision.vU[j] - x[IX.v + 2]]);
    this.apply(u);
    return u;
  }

  /** Rover ECEF position of the current state. */
  roverEcef(): Vec3 {
    return enuToEcef(this.frame, [this.x[0], this.x[1], this.x[2]]);
  }

  /** Adds an ambiguity state for `sat` with value `cycles` and variance `varCycles2` (zero cross-covariance). */
  addAmbiguity(sat: string, cycles: number, varCycles2: number): void {
    const n = this.n;
    const P = zeros(n + 1, n + 1);
    for (let i = 0; i < n; i++) P.data.set(this.P.data.subarray(i * n, (i + 1) * n), i * (n + 1));
    P.data[n * (n + 1) + n] = varCycles2;
    const x = new Float64Array(n + 1);
    x.set(this.x);
    x[n] = cycles;
    this.x = x;
    this.P = P;
    this.amb.set(sat, n);
    this.lockSince.set(sat, this.epochT);
  }

  /** Removes the ambiguity state of `sat`. */
  removeAmbiguity(sat: string): void {
    const col = this.amb.get(sat);
    if (col === undefined) return;
    const n = this.n;
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i !== col);
    const P = zeros(n - 1, n - 1);
    keep.forEach((r, i) => keep.forEach((c, j) => (P.data[i * (n - 1) + j] = this.P.data[r * n + c])));
    this.x = Float64Array.from(keep.map((i) => this.x[i]));
    this.P = P;
    this.amb.delete(sat);
    this.lastSeen.delete(sat);
    this.lockSince.delete(sat);
    for (const [s, c] of this.amb) if (c > col) this.amb.set(s, c - 1);
  }

  /** Resets an ambiguity to `cycles` with the reset variance: zero cross-covariance (card §2 step 4). */
  resetAmbiguity(sat: string, cycles: number, varCycles2 = this.cfg.resetVarCycles2): void {
    const col = this.amb.get(sat);
    if (col === undefined) return;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      this.P.data[i * n + col] = 0;
      this.P.data[col * n + i] = 0;
    }
    this.P.data[col * n + col] = varCycles2;
    this.x[col] = cycles;
    this.lockSince.set(sat, this.epochT);
  }

  /** Shifts an ambiguity by an integer slip estimate (repair, card §2 step 4): N̂ ← N̂ + ΔN̂. */
  repairAmbiguity(sat: string, dn: number): void {
    const col = this.amb.get(sat);
    if (col !== undefined) this.x[col] += dn;
  }

  /**
   * Keeps the ambiguity set in step with an epoch: drops satellites unseen for longer than the timeout, adds new
   * ones initialised from code, SD(Φ − P)/λ with variance (σ²_r + σ²_b)/λ² of the code.
   */
  syncAmbiguities(ep: DriveEpoch): void {
    this.epochT = ep.t;
    const rx = this.roverEcef();
    for (const [sat, t] of this.lastSeen) if (ep.t - t > this.cfg.ambiguityTimeout) this.removeAmbiguity(sat);
    for (const sat of this.common(ep)) {
      if (!this.amb.has(sat)) {
        const el = elevation(rx, ep.satPos.get(sat)!, this.frame);
        this.addAmbiguity(sat, this.codePhaseCycles(ep, sat), Math.max((2 * codeSigma(el) ** 2) / LAMBDA_L1 ** 2, 1));
      } else if (ep.t - this.lastSeen.get(sat)! > 1) this.lockSince.set(sat, ep.t); // back after a gap: lock was lost
      this.lastSeen.set(sat, ep.t);
    }
  }

  /** SD ambiguity from code: [(Φ_r − Φ_b) − (P_r − P_b)]/λ, cycles. */
  codePhaseCycles(ep: DriveEpoch, sat: string): number {
    const r = ep.rover.get(sat)!;
    const b = ep.base.get(sat)!;
    return (r.phase - b.phase - (r.code - b.code)) / LAMBDA_L1;
  }

  /** Satellites with rover and base observations and an ephemeris. */
  common(ep: DriveEpoch): string[] {
    return [...ep.rover.keys()].filter((s) => ep.base.has(s) && ep.satPos.has(s));
  }

  /**
   * DD code and phase rows at the current (predicted) state. Returns null when fewer than two satellites are common.
   * Shapes: v [2m], H [2m, n], R [2m, 2m].
   *
   * Reference: `ref` when given (a method relinearising within an epoch keeps its rows' reference, so row j stays
   * satellite j), else the highest satellite tracked since an earlier epoch without a break or a reset
   * (`lockSince` < t), and the highest of all only when none is. The reference's ambiguity enters every phase DD:
   * a satellite that has just come back (possibly slipped) or whose ambiguity was just reset would make every row
   * uncertain by its slip or its reset σ at once, so no row could be tested against the prediction and a fault in
   * one row would be spread over all of them. The KF update with every row is the same for any reference (the
   * single-difference ambiguities make the change free, no re-mapping); what the choice decides is which rows a
   * test can judge.
   */
  gnssRows(ep: DriveEpoch, ref?: string): GnssRows | null {
    const sats = this.common(ep).filter((s) => this.amb.has(s));
    if (sats.length < 2) return null;
    const rx = this.roverEcef();
    const info = sats.map((s) => {
      const p = ep.satPos.get(s)!;
      const rr = distance(rx, p);
      const rb = distance(this.base, p);
      const d: Vec3 = [p[0] - rx[0], p[1] - rx[1], p[2] - rx[2]];
      const R = this.frame.rot;
      const u: Vec3 = [0, 1, 2].map((i) => (R[i][0] * d[0] + R[i][1] * d[1] + R[i][2] * d[2]) / rr) as Vec3; // LOS in ENU
      const el = Math.asin(Math.max(-1, Math.min(1, u[2])));
      const o = ep.rover.get(s)!;
      const b = ep.base.get(s)!;
      return { s, el, u, sdRange: rr - rb, sdCode: o.code - b.code, sdPhase: o.phase - b.phase };
    });
    const established = (q: (typeof info)[number]) => (this.lockSince.get(q.s) ?? ep.t) < ep.t;
    let refI = ref === undefined ? -1 : info.findIndex((q) => q.s === ref);
    if (refI < 0) {
      const pool = info.some(established) ? info.filter(established) : info;
      const best = pool.reduce((a, q) => (q.el > a.el ? q : a));
      refI = info.indexOf(best);
    }
    const o = info[refI];
    const others = info.filter((_, i) => i !== refI);
    const m = others.length;
    const n = this.n;
    const v = new Float64Array(2 * m);
    const H = zeros(2 * m, n);
    const colO = this.amb.get(o.s)!;
    others.forEach((q, j) => {
      const col = this.amb.get(q.s)!;
      const ddRange = q.sdRange - o.sdRange; // ∇Δρ(x⁻)
      const ddAmb = LAMBDA_L1 * (this.x[col] - this.x[colO]); // λ(N_s − N_o)
      v[j] = q.sdCode - o.sdCode - ddRange; // code innovation
      v[m + j] = q.sdPhase - o.sdPhase - ddRange - ddAmb; // phase innovation
      for (let i = 0; i < 3; i++) {
        const hp = -(q.u[i] - o.u[i]); // ∂∇Δρ/∂p = −(u_s − u_o)
        H.data[j * n + i] = hp;
        H.data[(m + j) * n + i] = hp;
      }
      H.data[(m + j) * n + col] = LAMBDA_L1;
      H.data[(m + j) * n + colO] = -LAMBDA_L1;
    });
    const sd = (f: (el: number) => number) => (el: number) => 2 * f(el) ** 2; // rover + base variances
    const Rc = ddCovariance(sd(codeSigma)(o.el), others.map((q) => sd(codeSigma)(q.el)));
    const Rp = ddCovariance(sd(phaseSigma)(o.el), others.map((q) => sd(phaseSigma)(q.el)));
    const R = zeros(2 * m, 2 * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        R.data[i * 2 * m + j] = Rc.data[i * m + j];
        R.data[(m + i) * 2 * m + m + j] = Rp.data[i * m + j];
      }
    }
    return { ref: o.s, sats: others.map((q) => q.s), elev: others.map((q) => q.el), refElev: o.el, v, H, R };
  }
}

function elevation(rx: Vec3, p: Vec3, f: EnuFrame): number {
  const d: Vec3 = [p[0] - rx[0], p[1] - rx[1], p[2] - rx[2]];
  const up = f.rot[2][0] * d[0] + f.rot[2][1] * d[1] + f.rot[2][2] * d[2];
  return Math.asin(up / Math.hypot(d[0], d[1], d[2]));
}
