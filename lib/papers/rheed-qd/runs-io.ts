/**
 * Real-data layout of the rheed-qd reconstruction (card §7 for arXiv 2411.00332): one folder per MBE run with
 *   run.json      {run_id, day, fps, roi: [x, y, w, h], azimuth_deg, rotation_rpm, frames: "frames/%06d.png"
 *                  (or a video / TIFF file, decoded by Debian's ffmpeg), frame_times_s?: per-frame times}
 *   frames/       8/16-bit grayscale PNGs
 *   process.csv   t_s,T_tc_C,T_pyro_C,As_BEP_Torr,In_shutter,Ga_shutter,growth_rate_MLps
 * and one labels.csv beside the folders: run_id,pl_peak_nm,pl_fwhm_meV,pl_int_au,pl_temp_K,pump_mW.
 * `writeRunFolders` writes a synthetic data set in this layout (so the loader is tested on it); `loadRunFolders`
 * reads it back: frames cropped to the ROI and resized to S×S, phases from the In shutter in the process log
 * (anneal = before it opens, deposition = after), PL intensity normalised by the median run, splits by growth day.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { readDelimited } from "../../../datasets/formats/delimited";
import { decodePng, encodePng } from "../../../datasets/formats/png";
import { depositionCoverage, qualityClass, RHEED_QD_DEFAULTS, tertileCuts, type RheedDataset, type RheedRun, type Split } from "./generate";
import { qualityOf } from "./mbe";
import { rheedMessages } from "./messages";

/** Contents of run.json. */
export interface RunJson {
  run_id: string;
  day: string | number;
  fps: number;
  roi: [number, number, number, number];
  azimuth_deg?: number;
  rotation_rpm?: number;
  frames: string;
  frame_times_s?: number[];
}

const pad6 = (i: number) => String(i).padStart(6, "0");

/** Writes a data set as run folders under `root` (frames as 8-bit PNG; anneal at 2 fps, deposition at θ_j/g after the shutter). */
export function writeRunFolders(d: RheedDataset, root: string): void {
  const S = d.params.size, FA = d.params.annealFrames;
  fs.mkdirSync(root, { recursive: true });
  const labels = ["run_id,pl_peak_nm,pl_fwhm_meV,pl_int_au,pl_temp_K,pump_mW"];
  for (const r of d.runs) {
    const dir = path.join(root, r.id);
    fs.mkdirSync(path.join(dir, "frames"), { recursive: true });
    const tOpen = FA / 2;
    const times = [...Array.from({ length: FA }, (_, i) => i / 2), ...r.coverage.map((th) => tOpen + th / r.params.g)];
    const frames = [r.anneal, r.deposition];
    let k = 0;
    for (const buf of frames) {
      for (let f = 0; f < buf.length / (S * S); f++, k++) {
        const rgba = new Uint8Array(S * S * 4);
        for (let i = 0; i < S * S; i++) rgba.fill(buf[f * S * S + i], 4 * i, 4 * i + 3), (rgba[4 * i + 3] = 255);
        fs.writeFileSync(path.join(dir, "frames", `${pad6(k)}.png`), encodePng({ width: S, height: S, data: rgba }));
      }
    }
    const json: RunJson = { run_id: r.id, day: r.day, fps: 2, roi: [0, 0, S, S], azimuth_deg: 0, rotation_rpm: 0, frames: "frames/%06d.png", frame_times_s: times.map((t) => +t.toFixed(4)) };
    fs.writeFileSync(path.join(dir, "run.json"), JSON.stringify(json, null, 1));
    const p = r.params;
    const rows = ["t_s,T_tc_C,T_pyro_C,As_BEP_Torr,In_shutter,Ga_shutter,growth_rate_MLps"];
    for (const t of [...times.slice(0, FA), tOpen, ...times.slice(FA)]) rows.push([t.toFixed(4), p.tSet.toFixed(2), (p.tSet + p.dT).toFixed(2), p.pAs.toExponential(3), t >= tOpen ? 1 : 0, 0, p.g.toFixed(4)].join(","));
    fs.writeFileSync(path.join(dir, "process.csv"), rows.join("\n") + "\n");
    labels.push([r.id, r.measured.peakNm.toFixed(3), r.measured.fwhm.toFixed(4), Math.exp(r.measured.lnI).toExponential(6), 300, 10].join(","));
  }
  fs.writeFileSync(path.join(root, "labels.csv"), labels.join("\n") + "\n");
}

/** Parses run.json, naming the file (and line, for JSON syntax errors) on any problem. */
export function readRunJson(file: string): RunJson {
  const text = fs.readFileSync(file, "utf8");
  let j: RunJson;
  try {
    j = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split("\n").length : 1;
    throw new Error(rheedMessages.badRunJson(`${file}:${line}`, (e as Error).message.split("\n")[0]));
  }
  const bad = (why: string) => new Error(rheedMessages.badRunJson(file, why));
  if (typeof j.run_id !== "string" || !j.run_id) throw bad("run_id must be a non-empty string");
  if (typeof j.day !== "string" && typeof j.day !== "number") throw bad("day must be a string or a number");
  if (!(typeof j.fps === "number" && j.fps > 0)) throw bad(`fps must be a positive number, got ${JSON.stringify(j.fps)}`);
  if (!Array.isArray(j.roi) || j.roi.length !== 4 || !j.roi.every((v) => Number.isInteger(v) && v >= 0) || j.roi[2] < 1 || j.roi[3] < 1) throw bad(`roi must be [x, y, w, h] in pixels, got ${JSON.stringify(j.roi)}`);
  if (typeof j.frames !== "string" || !j.frames) throw bad("frames must name the frame files or a video");
  return j;
}

/** Decodes every frame of a run as gray [h, w] planes (PNG natively, video/TIFF through ffmpeg). */
function readFrames(dir: string, j: RunJson): { w: number; h: number; planes: Uint8Array[] } {
  const m = /%0(\d+)d/.exec(j.frames);
  const isPng = /\.png$/i.test(j.frames);
  if (m && isPng) {
    const planes: Uint8Array[] = [];
    let w = 0, h = 0;
    for (let i = 0; ; i++) {
      const file = path.join(dir, j.frames.replace(m[0], String(i).padStart(Number(m[1]), "0")));
      if (!fs.existsSync(file)) break;
      const img = decodePng(fs.readFileSync(file), file);
      if (planes.length && (img.width !== w || img.height !== h)) throw new Error(rheedMessages.frameSize(file, `${img.width}×${img.height}`, `${w}×${h}`));
      [w, h] = [img.width, img.height];
      const g = new Uint8Array(w * h);
      for (let p = 0; p < w * h; p++) g[p] = img.data[4 * p]; // gray: the first channel
      planes.push(g);
    }
    if (!planes.length) throw new Error(rheedMessages.noFrames(dir, j.frames));
    return { w, h, planes };
  }
  const src = path.join(dir, m ? j.frames : j.frames);
  const probe = spawnSync("ffmpeg", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new Error(rheedMessages.needFfmpeg(src));
  const [x, y, w, h] = j.roi;
  const out = spawnSync("ffmpeg", ["-v", "error", "-i", src, "-vf", `crop=${w}:${h}:${x}:${y},format=gray`, "-f", "rawvideo", "-"], { maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(rheedMessages.noFrames(dir, `${j.frames} (ffmpeg: ${String(out.stderr).trim().split("\n").pop()})`));
  const buf = new Uint8Array(out.stdout);
  const planes = Array.from({ length: Math.floor(buf.length / (w * h)) }, (_, i) => buf.subarray(i * w * h, (i + 1) * w * h));
  return { w, h, planes };
}

/** Crops a gray plane to the ROI and resizes it to S×S by box averaging. */
export function cropResize(plane: Uint8Array, w: number, roi: readonly number[], S: number): Uint8Array {
  const [x0, y0, rw, rh] = roi;
  const out = new Uint8Array(S * S);
  for (let y = 0; y < S; y++) {
    const ya = y0 + Math.floor((y * rh) / S), yb = Math.max(ya + 1, y0 + Math.floor(((y + 1) * rh) / S));
    for (let x = 0; x < S; x++) {
      const xa = x0 + Math.floor((x * rw) / S), xb = Math.max(xa + 1, x0 + Math.floor(((x + 1) * rw) / S));
      let s = 0;
      for (let v = ya; v < yb; v++) for (let u = xa; u < xb; u++) s += plane[v * w + u];
      out[y * S + x] = Math.round(s / ((yb - ya) * (xb - xa)));
    }
  }
  return out;
}

/** Frames per phase and frame size of a loaded set (the generator's defaults otherwise). */
export interface LoadOptions {
  size: number;
  annealFrames: number;
  depositionFrames: number;
}

/**
 * Reads every run folder under `root` (and root/labels.csv). Splits by growth day: the last day (sorted) is the
 * test day, the one before it validation, the rest training (`leaveOneDayOut` gives every fold).
 */
export function loadRunFolders(root: string, o: LoadOptions = RHEED_QD_DEFAULTS): RheedDataset {
  const dirs = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, "run.json"))).sort() : [];
  if (!dirs.length) throw new Error(rheedMessages.noRunFolders(root));
  const labelsFile = path.join(root, "labels.csv");
  const lab = readDelimited(labelsFile, { fix: "labels.csv needs the header run_id,pl_peak_nm,pl_fwhm_meV,pl_int_au,pl_temp_K,pump_mW and one row per run" });
  const col = (name: string) => {
    const i = lab.header.indexOf(name);
    if (i < 0) throw new Error(rheedMessages.badRunJson(`${labelsFile}:1`, `column ${name} missing`));
    return i;
  };
  const [ci, cp, cf, cI] = ["run_id", "pl_peak_nm", "pl_fwhm_meV", "pl_int_au"].map(col);
  const num = (row: string[], c: number, line: number) => {
    const v = Number(row[c]);
    if (!Number.isFinite(v)) throw new Error(rheedMessages.badRunJson(`${labelsFile}:${line}`, `${lab.header[c]} "${row[c]}" is not a number`));
    return v;
  };
  const pl = new Map(lab.rows.map((row, i) => [row[ci], { peak: num(row, cp, lab.line[i]), fwhm: num(row, cf, lab.line[i]), int: num(row, cI, lab.line[i]) }]));
  const S = o.size;
  const runs: RheedRun[] = dirs.map((name) => {
    const dir = path.join(root, name);
    const j = readRunJson(path.join(dir, "run.json"));
    const { w, planes } = readFrames(dir, j);
    const times = j.frame_times_s ?? planes.map((_, i) => i / j.fps);
    const proc = readDelimited(path.join(dir, "process.csv"), { fix: "process.csv needs t_s,T_tc_C,T_pyro_C,As_BEP_Torr,In_shutter,Ga_shutter,growth_rate_MLps" });
    const pc = (n: string) => proc.header.indexOf(n);
    const rows = proc.rows.map((r, i) => ({ t: Number(r[pc("t_s")]), tc: Number(r[pc("T_tc_C")]), pyro: Number(r[pc("T_pyro_C")]), as: Number(r[pc("As_BEP_Torr")]), inOpen: r[pc("In_shutter")] === "1", g: Number(r[pc("growth_rate_MLps")]), line: proc.line[i] }));
    const open = rows.find((r) => r.inOpen);
    if (!open || !rows.length) throw new Error(rheedMessages.badRunJson(path.join(dir, "process.csv"), "no row with In_shutter = 1: the loader needs the time the In shutter opened to tell anneal from deposition frames"));
    const pre = planes.map((_, i) => i).filter((i) => times[i] < open.t);
    const post = planes.map((_, i) => i).filter((i) => times[i] >= open.t);
    if (pre.length < o.annealFrames || post.length < o.depositionFrames) throw new Error(rheedMessages.noFrames(dir, `${o.annealFrames} frames before and ${o.depositionFrames} after the In shutter opens (found ${pre.length} and ${post.length})`));
    const pick = (idx: number[], n: number) => Array.from({ length: n }, (_, k) => idx[Math.round(((k + 1) * idx.length) / n) - 1]);
    const stack = (idx: number[]) => {
      const buf = new Uint8Array(idx.length * S * S);
      idx.forEach((i, k) => buf.set(cropResize(planes[i], w, j.roi, S), k * S * S));
      return buf;
    };
    const label = pl.get(j.run_id);
    if (!label) throw new Error(rheedMessages.missingLabel(labelsFile, j.run_id));
    const first = rows[0];
    const thetaEnd = open.g * (times[post[post.length - 1]] - open.t);
    return {
      id: j.run_id, day: -1, dayKey: String(j.day), split: "train" as Split,
      params: { tSet: first.tc, dT: first.pyro - first.tc, pAs: first.as, g: open.g, thetaEnd },
      truth: null, measured: { lnI: Math.log(label.int), fwhm: label.fwhm, peakNm: label.peak, quality: 0 }, label: -1,
      anneal: stack(pre.slice(-o.annealFrames)), deposition: stack(pick(post, o.depositionFrames)), coverage: depositionCoverage(thetaEnd, o.depositionFrames),
    };
  });
  // Normalise intensity by the median run (one PL setup session assumed), then Q = ln I − (Γ − 30)/10.
  const lnMed = [...runs.map((r) => r.measured.lnI)].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  for (const r of runs) {
    r.measured.lnI -= lnMed;
    r.measured.quality = qualityOf(r.measured.lnI, r.measured.fwhm);
  }
  const days = [...new Set(runs.map((r) => r.dayKey))].sort();
  for (const r of runs) r.day = days.indexOf(r.dayKey);
  return assignDaySplit({ generator: "rheed-qd", version: 0, params: { ...RHEED_QD_DEFAULTS, ...o, runs: runs.length }, runs, cuts: [0, 0] }, days[days.length - 1], days[days.length - 2]);
}

/** Splits a set by growth day (test day, validation day, the rest training) and relabels with the training tertiles. */
export function assignDaySplit(d: RheedDataset, testDay: string, valDay?: string): RheedDataset {
  const runs = d.runs.map((r) => ({ ...r, split: (r.dayKey === testDay ? "test" : r.dayKey === valDay ? "val" : "train") as Split }));
  const cuts = tertileCuts(runs.filter((r) => r.split === "train").map((r) => r.measured.quality));
  for (const r of runs) r.label = qualityClass(r.measured.quality, cuts);
  return { ...d, runs, cuts };
}

/** Leave-one-day-out cross-validation: one data set per growth day, that day as test, the previous day as validation. */
export function leaveOneDayOut(d: RheedDataset): { day: string; data: RheedDataset }[] {
  const days = [...new Set(d.runs.map((r) => r.dayKey))].sort();
  return days.map((day, i) => ({ day, data: assignDaySplit(d, day, days[(i + days.length - 1) % days.length]) }));
}
