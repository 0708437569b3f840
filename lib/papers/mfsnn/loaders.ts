/**
 * MFSNN's full-scale data path (card §7): recorded sessions in the `bci-recorded` layout (datasets/entries/
 * bci-recorded.ts) become one seed's data — days are the sorted distinct recording days, numbered 0, 1, …, so
 * cfg.trainDays / testDays index sessions; the seed draws the 80/20 split and the model init (the data stay the same).
 * Without the files, the run stops with one message naming what to get and where to put it.
 */
import * as fs from "fs";
import * as path from "path";
import type { BciParadigm } from "../../../datasets/entries/bci-sim";
import { loadBciRecorded } from "../../../datasets/entries/bci-recorded";
import { datasetDir } from "../../../datasets/cache";
import { Rng } from "../../core/train/seed";
import type { MfsnnConfig } from "./config";
import { channelDropMask, splitByDay, type Trials } from "./data";
import { mfsnnMessages } from "./messages";
import type { SeedData } from "./train";

/**
 * The folder recorded data are read from: cfg.dataDir, else $PAPERLAB_MFSNN_DATA, else the prepared `bci-recorded`
 * entry, else the trials `prepare odoherty-reaching` wrote (<cache>/odoherty-reaching/bci-recorded).
 */
export function recordedDir(cfg: MfsnnConfig): string {
  const given = cfg.dataDir || process.env.PAPERLAB_MFSNN_DATA;
  if (given) return given;
  const own = datasetDir("bci-recorded"), reaching = path.join(datasetDir("odoherty-reaching"), "bci-recorded");
  return !fs.existsSync(path.join(own, "spikes.npy")) && fs.existsSync(path.join(reaching, "spikes.npy")) ? reaching : own;
}

/** Recorded trials as decoder trials (days renumbered 0..D−1 in date order; no true rates). */
export function recordedTrials(dir: string): Trials {
  const r = loadBciRecorded(dir);
  const days = [...new Set(Array.from(r.day))].sort((a, b) => a - b);
  const day = Int32Array.from(r.day, (d) => days.indexOf(d));
  return { counts: r.counts, labels: r.labels, day, extra: new Uint8Array(r.n), n: r.n, T: r.T, C: r.C, K: r.K, rates: null, rateDays: [] };
}

/** One seed's data from the recordings (throws the full-scale message when they are missing). */
export function loadRecordedSeed(cfg: MfsnnConfig, paradigm: BciParadigm, seed: number): SeedData {
  const dir = recordedDir(cfg);
  if (!fs.existsSync(path.join(dir, "spikes.npy"))) throw new Error(mfsnnMessages.fullData(dir));
  const trials = recordedTrials(dir);
  void paradigm; // one folder = one paradigm (full scale lists center-out only; a grasp set is a second folder passed as dataDir)
  const split = splitByDay(trials, cfg.trainDays, cfg.testDays, new Rng(`mfsnn-split/${seed}`));
  return { seed, trials, split, severityTests: [], drop: channelDropMask(trials.C, cfg.channelDrop, new Rng(`mfsnn-drop/${seed}`)), cache: new Map() };
}

/** Stops a full-scale run up front when the recordings are missing (the one message naming what to get and where). */
export function checkData(cfg: MfsnnConfig): void {
  if (cfg.data !== "recorded") return;
  const dir = recordedDir(cfg);
  if (!fs.existsSync(path.join(dir, "spikes.npy"))) throw new Error(mfsnnMessages.fullData(dir));
}
