/**
 * 2.5D IMU of the I-EDM small version (card §5.1): forward and right accelerometers, a vertical accelerometer
 * (gravity removed) and a yaw gyro at 100 Hz, with a turn-on bias, a bias random walk and white noise per grade.
 * The filter (filter.ts) estimates the forward/right accelerometer biases and the gyro bias; the vertical
 * accelerometer bias is left to the vertical channel's process noise.
 */
import type { Rng } from "../../core/train/seed";
import type { TruthSeries } from "./trajectory";

/** Error model of one IMU grade (1σ values). */
export interface ImuGrade {
  /** Turn-on accelerometer bias, m/s². */
  accelBias: number;
  /** Accelerometer bias random walk, m/s²/√s. */
  accelBiasRw: number;
  /** Velocity random walk (accelerometer white noise), m/s/√s. */
  vrw: number;
  /** Turn-on gyro bias, rad/s. */
  gyroBias: number;
  /** Gyro bias random walk, rad/s/√s. */
  gyroBiasRw: number;
  /** Angle random walk (gyro white noise), rad/√s. */
  arw: number;
}

const DEG_H = Math.PI / 180 / 3600; // °/h in rad/s
const MEMS: ImuGrade = {
  accelBias: 0.05,
  accelBiasRw: 2e-4,
  vrw: 0.003,
  gyroBias: 20 * DEG_H,
  gyroBiasRw: 0.5 * DEG_H,
  arw: (0.2 * Math.PI) / 180 / 60, // 0.2 °/√h
};
const scaled = (g: ImuGrade, f: number): ImuGrade => ({
  accelBias: g.accelBias * f, accelBiasRw: g.accelBiasRw * f, vrw: g.vrw * f, gyroBias: g.gyroBias * f, gyroBiasRw: g.gyroBiasRw * f, arw: g.arw * f,
});

/** The card's grades: MEMS as given, tactical ÷10, consumer ×5. */
export const IMU_GRADES = { tactical: scaled(MEMS, 0.1), mems: MEMS, consumer: scaled(MEMS, 5) } as const;
/** Name of an IMU grade. */
export type ImuGradeName = keyof typeof IMU_GRADES;

/** IMU samples at the truth rate, plus the true biases (for tests and plots). [K] each */
export interface ImuSeries {
  dt: number;
  fF: Float64Array;
  fR: Float64Array;
  fU: Float64Array;
  gyro: Float64Array;
  /** True forward/right accelerometer and gyro biases. */
  biasF: Float64Array;
  biasR: Float64Array;
  biasG: Float64Array;
  grade: ImuGradeName;
}

/** Simulates the IMU over a truth series: f = a_true + b + n, ω = ψ̇_true + b_g + n, b a random walk. */
export function simulateImu(truth: TruthSeries, gradeName: ImuGradeName, rng: Rng): ImuSeries {
  const g = IMU_GRADES[gradeName];
  if (!g) throw new Error(`simulateImu: unknown IMU grade "${gradeName}"; known: ${Object.keys(IMU_GRADES).join(", ")}`);
  const K = truth.t.length;
  const dt = truth.dt;
  const sa = g.vrw / Math.sqrt(dt); // white accelerometer noise per sample, m/s²
  const sg = g.arw / Math.sqrt(dt); // white gyro noise per sample, rad/s
  const out: ImuSeries = {
    dt, grade: gradeName, fF: new Float64Array(K), fR: new Float64Array(K), fU: new Float64Array(K), gyro: new Float64Array(K),
    biasF: new Float64Array(K), biasR: new Float64Array(K), biasG: new Float64Array(K),
  };
  let bF = rng.normal(0, g.accelBias);
  let bR = rng.normal(0, g.accelBias);
  const bU = rng.normal(0, g.accelBias);
  let bG = rng.normal(0, g.gyroBias);
  const rwA = g.accelBiasRw * Math.sqrt(dt);
  const rwG = g.gyroBiasRw * Math.sqrt(dt);
  for (let k = 0; k < K; k++) {
    out.fF[k] = truth.af[k] + bF + rng.normal(0, sa);
    out.fR[k] = truth.ar[k] + bR + rng.normal(0, sa);
    out.fU[k] = truth.au[k] + bU + rng.normal(0, sa);
    out.gyro[k] = truth.yawRate[k] + bG + rng.normal(0, sg);
    out.biasF[k] = bF;
    out.biasR[k] = bR;
    out.biasG[k] = bG;
    bF += rng.normal(0, rwA);
    bR += rng.normal(0, rwA);
    bG += rng.normal(0, rwG);
  }
  return out;
}
