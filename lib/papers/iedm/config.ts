/**
 * I-EDM (arXiv 2409.03433): the one config of the reproduction at three scales (lib/kit `defineScales`): the drive
 * Monte-Carlo, threshold calibration, ablations, the C3 sweep (experiment.ts) and the snapshot detection experiment
 * (snapshot.ts).
 *
 *   const cfg = SCALES.config("default", { drives: 10, drive: { slipRate: 0.004 } });   // typed IedmConfig
 */
import { defineScales } from "../../kit";
import { DRIVE_DEFAULTS, type DriveConfig } from "./data";
import type { ImuGradeName } from "./imu";
import type { SnapshotConfig } from "./snapshot";

/** The paper's one config (units and reasons in comments). */
export interface IedmConfig {
  /** Master seed; drive d uses seed·1000 + d. */
  seed: number;
  /** Monte-Carlo drives for the method comparison. */
  drives: number;
  /** Drive length, s (1 Hz GNSS epochs). */
  duration: number;
  /** Fault-free drives for threshold calibration, and their length, s. */
  calibrationDrives: number;
  calibrationDuration: number;
  /** Per-row false-alarm rate both detectors are calibrated to for navigation (≈ a 3σ test). */
  navFalseAlarm: number;
  /** False-alarm rate at which detection rates are compared (card C1: 5%). */
  falseAlarm: number;
  /** Drives and length of each ablation cell. */
  ablationDrives: number;
  ablationDuration: number;
  /** C3 sweep: IMU grades × outage durations (s), vision off, drives per cell, length. */
  c3Grades: ImuGradeName[];
  c3Outages: number[];
  c3Drives: number;
  c3Duration: number;
  /** C4: drives (of the ablation length, at 3× the slip rate) for clustering vs per-satellite tests. */
  c4Drives: number;
  /** C5: drives (and their length, s) run with and without vision for the innovation covariance and the smallest detectable bias. */
  c5Drives: number;
  c5Duration: number;
  /** A drive whose horizontal RMSE exceeds this has lost its solution for a while ("diverged"), m: 3× the paper's implied R-EDM level (≈ 0.33 m). */
  divergedAboveM: number;
  /** Bootstrap resamples of the claims' intervals (over drives). */
  resamples: number;
  /** Overrides of the drive simulator for every drive (keys checked against DRIVE_DEFAULTS). */
  drive: Partial<DriveConfig>;
  /** The snapshot (single-update) detection experiment on real GPS geometry (snapshot.ts). */
  snapshot: SnapshotConfig;
}

/** Scale presets. default: 30 drives × 600 s, all methods (the card's budget). */
export const SCALES = defineScales<IedmConfig>(
  "iedm-gnss",
  {
    smoke: {
      seed: 1, drives: 2, duration: 150, calibrationDrives: 1, calibrationDuration: 150, navFalseAlarm: 0.003, falseAlarm: 0.05,
      ablationDrives: 1, ablationDuration: 120, c3Grades: ["tactical", "consumer"], c3Outages: [0, 10], c3Drives: 2, c3Duration: 100, c4Drives: 2, c5Drives: 2, c5Duration: 100, divergedAboveM: 1, resamples: 200, drive: {},
      snapshot: { seed: 1, satCounts: [5, 10], faultCounts: [1], trials: 300, falseAlarm: 0.05, biasRange: [2, 20], predictionSigma: 0.5, constellation: "tle" },
    },
    default: {
      seed: 1, drives: 30, duration: 600, calibrationDrives: 3, calibrationDuration: 300, navFalseAlarm: 0.003, falseAlarm: 0.05,
      ablationDrives: 3, ablationDuration: 200, c3Grades: ["tactical", "mems", "consumer"], c3Outages: [0, 5, 15], c3Drives: 6, c3Duration: 100, c4Drives: 6, c5Drives: 6, c5Duration: 200, divergedAboveM: 1, resamples: 1000, drive: {},
      snapshot: { seed: 1, satCounts: [5, 6, 7, 8, 10], faultCounts: [1, 2, 3], trials: 3000, falseAlarm: 0.05, biasRange: [2, 20], predictionSigma: 0.5, constellation: "tle" },
    },
    full: {
      seed: 1, drives: 100, duration: 600, calibrationDrives: 10, calibrationDuration: 600, navFalseAlarm: 0.003, falseAlarm: 0.05,
      ablationDrives: 10, ablationDuration: 600, c3Grades: ["tactical", "mems", "consumer"], c3Outages: [0, 5, 10, 20, 30], c3Drives: 10, c3Duration: 150, c4Drives: 20, c5Drives: 20, c5Duration: 300, divergedAboveM: 1, resamples: 2000, drive: {},
      snapshot: { seed: 1, satCounts: [5, 6, 7, 8, 9, 10], faultCounts: [1, 2, 3], trials: 20000, falseAlarm: 0.05, biasRange: [2, 20], predictionSigma: 0.5, constellation: "tle" },
    },
  },
  { groups: { drive: DRIVE_DEFAULTS } },
);
