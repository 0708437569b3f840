import { test } from "node:test";
import assert from "node:assert/strict";
import { InsEkf, CORE } from "../../../../lib/papers/iedm/filter";
import { simulateDrive } from "../../../../lib/papers/iedm/data";
import { runMethod } from "../../../../lib/papers/iedm/methods";
import { slipEstimates } from "../../../../lib/papers/iedm/experiment";
import { IMU_GRADES, type ImuSeries } from "../../../../lib/papers/iedm/imu";
import { innovationCovariance } from "../../../../lib/papers/iedm/model";
import { SITE } from "../../../../lib/papers/iedm/site";
import { addScaled, cholesky, cholSolve, clone, eye, inverseSpd, josephUpdate, mul, mulT, transpose, zeros, type Mat } from "../../../../lib/gnss/linalg";
import { Rng } from "../../../../lib/core/train/seed";

function randomSpd(n: number, seed: number): Mat {
  const r = new Rng(seed);
  const A = zeros(n, n);
  for (let i = 0; i < n * n; i++) A.data[i] = r.normal(0, 0.3);
  return addScaled(mulT(A, A), eye(n), 0.5);
}
const maxAbsDiff = (a: Mat, b: Mat) => a.data.reduce((m, x, i) => Math.max(m, Math.abs(x - b.data[i])), 0);

test("EKF prediction = closed-form Φ P Φᵀ + Q of the linearised model (to 1e-9)", () => {
  const ekf = new InsEkf({ imuGrade: "mems" }, SITE, [0, 0, 0, 3, 4, 0, 0.3], { p: 1, v: 0.1, psi: 0.02 }, 0);
  ekf.addAmbiguity("G01", 5, 4);
  ekf.addAmbiguity("G02", -3, 9);
  const n = ekf.n;
  ekf.P = randomSpd(n, 3);
  const P0 = clone(ekf.P); // predict() works in place
  // constant IMU: forward 0.5 m/s², right 0.2 m/s², no rotation, so ψ and a_EN are constant over the 0.1 s block
  const K = 10;
  const f = (v: number) => new Float64Array(K + 1).fill(v);
  const imu: ImuSeries = { dt: 0.01, fF: f(0.5), fR: f(0.2), fU: f(0), gyro: f(0), biasF: f(0), biasR: f(0), biasG: f(0), grade: "mems" };
  ekf.predict(imu, K);
  const psi = 0.3;
  const [s, c] = [Math.sin(psi), Math.cos(psi)];
  const aE = 0.5 * s + 0.2 * c;
  const aN = 0.5 * c - 0.2 * s;
  const T = 0.1;
  const Phi = eye(n);
  const set = (i: number, j: number, v: number) => (Phi.data[i * n + j] = v);
  [[0, 3], [1, 4], [2, 5]].forEach(([i, j]) => set(i, j, T));
  set(3, 6, aN * T); set(3, 7, -s * T); set(3, 8, -c * T);
  set(4, 6, -aE * T); set(4, 7, -c * T); set(4, 8, s * T);
  set(5, 10, -T);
  set(6, 9, -T);
  const g = IMU_GRADES.mems;
  const q = [1e-6, 1e-6, 1e-6, g.vrw ** 2, g.vrw ** 2, g.vrw ** 2, g.arw ** 2, g.accelBiasRw ** 2, g.accelBiasRw ** 2, g.gyroBiasRw ** 2, g.accelBiasRw ** 2];
  const Q = zeros(n, n);
  q.forEach((x, i) => (Q.data[i * n + i] = x * T));
  const expected = addScaled(mul(mul(Phi, P0), transpose(Phi)), Q);
  assert.ok(maxAbsDiff(ekf.P, expected) < 1e-9, `max |ΔP| = ${maxAbsDiff(ekf.P, expected)}`);
  assert.equal(ekf.n, CORE + 2);
});

test("Joseph-form update = closed-form linear-Gaussian posterior (P⁻¹ + Hᵀ R⁻¹ H)⁻¹ and mean (to 1e-9)", () => {
  const n = 8;
  const m = 5;
  const P = randomSpd(n, 11);
  const R = randomSpd(m, 12);
  const r = new Rng(13);
  const H = zeros(m, n);
  for (let i = 0; i < m * n; i++) H.data[i] = r.normal();
  const v = Float64Array.from({ length: m }, () => r.normal());
  const up = josephUpdate(P, H, R, v);
  const info = addScaled(inverseSpd(P), mul(mul(transpose(H), inverseSpd(R)), H));
  const Ppost = inverseSpd(info);
  assert.ok(maxAbsDiff(up.P, Ppost) < 1e-9, `P: ${maxAbsDiff(up.P, Ppost)}`);
  // mean: δx = P⁺ Hᵀ R⁻¹ v
  const Rinv_v = cholSolve(cholesky(R), { rows: m, cols: 1, data: new Float64Array(v) });
  const dx = mul(mul(Ppost, transpose(H)), Rinv_v);
  dx.data.forEach((x, i) => assert.ok(Math.abs(x - up.dx[i]) < 1e-9));
});

test("innovation covariance: S = H P Hᵀ + R matches the sample covariance of v = H δx + e (linear-Gaussian, 40k draws)", () => {
  const n = 3;
  const m = 3;
  const P = randomSpd(n, 21);
  const R = randomSpd(m, 22);
  const H = { rows: m, cols: n, data: Float64Array.from([1, 0, 0.5, -0.3, 1, 0, 0.2, 0.4, 1]) };
  const S = innovationCovariance({ P, H, R, v: new Float64Array(m) });
  const Lp = cholesky(P);
  const Lr = cholesky(R);
  const rng = new Rng(5);
  const N = 40000;
  const C = new Float64Array(m * m);
  for (let k = 0; k < N; k++) {
    const zx = [rng.normal(), rng.normal(), rng.normal()];
    const ze = [rng.normal(), rng.normal(), rng.normal()];
    const dx = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + Lp.data[i * n + j] * zx[j], 0));
    const e = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + Lr.data[i * m + j] * ze[j], 0));
    const v = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + H.data[i * n + j] * dx[j], 0) + e[i]);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) C[i * m + j] += (v[i] * v[j]) / N;
  }
  // tolerance: 4 standard errors of a sample covariance entry, √((S_ii S_jj + S_ij²)/N)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const se = Math.sqrt((S.data[i * m + i] * S.data[j * m + j] + S.data[i * m + j] ** 2) / N);
      assert.ok(Math.abs(C[i * m + j] - S.data[i * m + j]) < 4 * se, `S[${i}][${j}] ${S.data[i * m + j]} vs ${C[i * m + j]}`);
    }
  }
});

test("ambiguity states: add, remove and reset keep P symmetric and the column map right", () => {
  const ekf = new InsEkf({}, SITE, [0, 0, 0, 0, 0, 0, 0], { p: 1, v: 0.1, psi: 0.02 }, 0);
  ekf.addAmbiguity("G01", 1, 4);
  ekf.addAmbiguity("G02", 2, 9);
  ekf.addAmbiguity("G03", 3, 16);
  ekf.removeAmbiguity("G02");
  assert.equal(ekf.n, CORE + 2);
  assert.equal(ekf.x[ekf.amb.get("G03")!], 3);
  assert.equal(ekf.P.data[ekf.amb.get("G03")! * ekf.n + ekf.amb.get("G03")!], 16);
  ekf.resetAmbiguity("G01", 7);
  assert.equal(ekf.x[ekf.amb.get("G01")!], 7);
  assert.equal(ekf.P.data[ekf.amb.get("G01")! * ekf.n + ekf.amb.get("G01")!], 100);
  assert.throws(() => new InsEkf({ visoin: true } as never, SITE, [0, 0, 0, 0, 0, 0, 0], { p: 1, v: 1, psi: 1 }, 0), /unknown config key "visoin"/);
});

test("the filter on a fault-free drive: the oracle's position error stays at decimetres (filter works end to end)", () => {
  const drive = simulateDrive({ seed: 42, duration: 120, faultFree: true });
  const run = runMethod(drive, "no-edm");
  const late = run.err.slice(20);
  const rms = Math.sqrt(late.reduce((s, e) => s + e[0] ** 2 + e[1] ** 2, 0) / late.length);
  assert.ok(rms < 0.5, `horizontal RMS ${rms} m`);
});

test("slip estimation on injected integers: after a 1 s outage every satellite slips, I-EDM recovers the DD integers", () => {
  let slips = 0;
  let exact = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const drive = simulateDrive({ seed, duration: 45, imuGrade: "tactical", nlosProbability: 0, slipRate: 0, outages: [{ start: 40, duration: 1 }] });
    const run = runMethod(drive, "i-edm", { trace: true });
    const after = drive.t0 + 41;
    const s = slipEstimates(drive, run).filter((e) => e.t === after && e.sigma < 0.048);
    slips += s.length;
    exact += s.filter((e) => e.exact).length;
  }
  assert.ok(slips >= 30, `${slips} post-outage slips with σ < λ/4`);
  // The misses are epochs with fewer than three testable rows, where I-EDM resets instead of repairing (a slipped
  // satellite and a faulty reference look alike there), so they come a whole drive at a time. Over 1,000 drives
  // (seeds 1–1000) 78% of the estimates are exact; 20-drive blocks of them range 0.53–0.91, hence ≥ 50% over
  // 20 drives; a sign or reference error in the repair path gives ~0%.
  assert.ok(exact / slips >= 0.5, `exact ${exact}/${slips}`);
});

test("R-EDM keeps snooping with few satellites: through seed 1002's opening stretch (every satellite in view NLOS) it stays within metres", () => {
  // 5–17 s: three satellites in view, all NLOS with 7–17 m code errors. A snooping loop that stopped at three rows
  // (the snapshot least-squares rule) left two faulty code rows in the update and drifted 1–2 m per epoch (18 m by
  // 18 s); the INS prior gives the filter's rows redundancy, so the loop goes on while any row fails its test.
  const drive = simulateDrive({ seed: 1002, duration: 25 });
  const run = runMethod(drive, "r-edm", { kInnovation: 3, kResidual: 3 });
  const h = run.err.slice(5, 25).map((e) => Math.hypot(e[0], e[1]));
  assert.ok(Math.max(...h) < 5, `largest horizontal error ${Math.max(...h).toFixed(2)} m`);
});
