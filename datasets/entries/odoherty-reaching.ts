/**
 * The O'Doherty–Sabes reaching sessions ("Nonhuman Primate Reaching with Multichannel Sensorimotor Cortex
 * Electrophysiology", O'Doherty, Cardoso, Makin, Sabes; Zenodo record 583331), MFSNN's public full-scale substitute
 * (card §7): your own copy of the MATLAB v7.3 files (`indy_YYYYMMDD_NN.mat`, `loco_YYYYMMDD_NN.mat`) in one folder,
 * read with datasets/formats/mat73.ts. Each session is binned into [T, C] counts and cut into 8-direction reach
 * trials; sessions are numbered as days in date order (the date in the file name). `prepare` also writes those
 * trials (20 ms bins) in the `bci-recorded` layout to <cache>/odoherty-reaching/bci-recorded, MFSNN's full-scale input.
 */
import * as fs from "fs";
import * as path from "path";
import { datasetDir, ensureDatasetDir } from "../cache";
import { DatasetError } from "../errors";
import { reachTrials, readReachingMat, type ReachTrials, type ReachingOptions, type ReachingSession } from "../formats/mat73";
import { writeNpy } from "../formats/npy";
import { fixUser } from "../messages";
import { register } from "../registry";

const FIX = fixUser("odoherty-reaching", "the MATLAB v7.3 sessions of Zenodo record 583331 (https://zenodo.org/record/583331: indy_*.mat, loco_*.mat) into one folder");

/** One session: the binned recording, its reach trials and its day (index of its date among the folder's dates). */
export interface ReachingDay {
  file: string;
  date: string;
  day: number;
  session: ReachingSession;
  trials: ReachTrials;
}

/** The `.mat` files of a folder, sorted by name (= monkey, date, session). */
export function reachingFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".mat")).sort();
}

/** The date in a session file name (`indy_20160407_02.mat` → 20160407); the name itself when there is none. */
export function sessionDate(file: string): string {
  return /_(\d{8})(?:_|\.)/.exec(path.basename(file))?.[1] ?? path.basename(file, ".mat");
}

/** Reads every session of `dir` (bin width and unit choice as in readReachingMat); errors name the file and field. */
export async function loadReaching(dir: string, opts: ReachingOptions = {}): Promise<ReachingDay[]> {
  const files = reachingFiles(dir);
  if (files.length === 0) throw new DatasetError("missing", "no .mat session files in this folder", FIX, { file: dir });
  const dates = [...new Set(files.map(sessionDate))].sort();
  const out: ReachingDay[] = [];
  for (const f of files) {
    const session = await readReachingMat(path.join(dir, f), opts);
    out.push({ file: session.file, date: sessionDate(f), day: dates.indexOf(sessionDate(f)), session, trials: reachTrials(session) });
  }
  return out;
}

/** The eight direction sectors of reachTrials' labels (0 = +x, counter-clockwise in 45° steps). */
export const REACH_SECTORS = ["0°", "45°", "90°", "135°", "180°", "225°", "270°", "315°"];

/**
 * Writes the sessions' reach trials in the `bci-recorded` layout (MFSNN's full-scale input): spikes.npy [N, T, C]
 * float32 (trials of all sessions in file order), labels.npy [N] sector 0..7, day.npy [N] day index, meta.json.
 * All sessions must have the same channel count C. Returns N.
 */
export function writeBciRecorded(days: ReachingDay[], out: string): number {
  if (days.length === 0) throw new Error("writeBciRecorded: no sessions");
  const { C, T } = days[0].trials;
  const odd = days.find((d) => d.trials.C !== C || d.trials.T !== T);
  if (odd) throw new DatasetError("mat-field", `field 'spikes': ${odd.trials.C} channels, sessions before it have ${C} (one folder = one channel count; put 96- and 192-channel sessions in separate folders)`, FIX, { file: odd.file });
  const n = days.reduce((a, d) => a + d.trials.n, 0);
  const counts = new Float32Array(n * T * C), labels = new Int32Array(n), day = new Int32Array(n);
  let i = 0;
  for (const d of days) {
    counts.set(d.trials.counts, i * T * C);
    labels.set(d.trials.labels, i);
    day.fill(d.day, i, i + d.trials.n);
    i += d.trials.n;
  }
  fs.mkdirSync(out, { recursive: true });
  writeNpy(path.join(out, "spikes.npy"), counts, [n, T, C]);
  writeNpy(path.join(out, "labels.npy"), labels, [n]);
  writeNpy(path.join(out, "day.npy"), day, [n]);
  const meta = { binMs: days[0].session.binMs, classes: REACH_SECTORS, paradigm: "center-out", channels: days[0].session.chanNames, dates: [...new Set(days.map((d) => d.date))] };
  fs.writeFileSync(path.join(out, "meta.json"), JSON.stringify(meta, null, 1));
  return n;
}

/** Registry entry `odoherty-reaching` (optional; user-supplied). */
export const odohertyReaching = register<ReachingDay[], ({ dir?: string } & ReachingOptions) | undefined>({
  id: "odoherty-reaching",
  description: "O'Doherty–Sabes monkey reaching sessions (MATLAB v7.3 via h5wasm), binned per channel and cut into 8-direction reach trials",
  licence: "as stated on Zenodo record 583331 (open access; cite O'Doherty et al. 2017)",
  source: "user-supplied: O'Doherty, Cardoso, Makin, Sabes, Zenodo record 583331 (indy_*.mat, loco_*.mat)",
  kind: "user",
  optional: true,
  invariants: { notes: ["t [1, S] increasing; cursor_pos, target_pos [2, S]; spikes [U, C] references to spike-time vectors; chan_names [1, C]"] },
  status() {
    const d = datasetDir("odoherty-reaching");
    const ok = reachingFiles(d).length > 0;
    return { available: ok, where: d, fix: ok ? undefined : FIX };
  },
  async load(o?: { dir?: string } & ReachingOptions) {
    return loadReaching(o?.dir ?? datasetDir("odoherty-reaching"), o);
  },
  async verify() {
    const days = await loadReaching(datasetDir("odoherty-reaching"));
    return { id: "odoherty-reaching", checks: days.map((d) => `${path.basename(d.file)}: day ${d.day}, T=${d.session.T} bins x C=${d.session.C}, ${d.trials.n} reach trials`) };
  },
  async prepare(from: string) {
    const days = await loadReaching(from); // check every session before copying
    const out = ensureDatasetDir("odoherty-reaching");
    for (const f of reachingFiles(from)) fs.copyFileSync(path.join(from, f), path.join(out, f));
    writeBciRecorded(days, path.join(out, "bci-recorded")); // 20 ms trials for mfsnn --scale full (its dataDir)
    return out;
  },
});
