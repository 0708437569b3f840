/**
 * Your own binned intracortical recordings for MFSNN's full scale (the paper's data are not public), in the card's
 * canonical layout (§7): `spikes.npy` [N, T, C] spike counts per bin, `labels.npy` [N] class 0..K−1, `day.npy` [N]
 * recording day (or session index) per trial, and `meta.json` {"binMs": 20, "classes": [...], "paradigm":
 * "center-out"|"grasp", "channels"?: [...], "dates"?: [...]}. E.g. the O'Doherty–Sabes reaching sessions (Zenodo
 * 583331) binned into 8 reach directions, one day per session.
 */
import * as fs from "fs";
import * as path from "path";
import { datasetDir, ensureDatasetDir } from "../cache";
import { DatasetError } from "../errors";
import { readNpy } from "../formats/npy";
import { fixUser } from "../messages";
import { register } from "../registry";

/** The files of the layout. */
export const BCI_RECORDED_FILES = ["spikes.npy", "labels.npy", "day.npy", "meta.json"] as const;

/** meta.json of the layout. */
export interface BciRecordedMeta {
  binMs: number;
  classes?: string[];
  paradigm?: "center-out" | "grasp";
  channels?: string[];
  dates?: string[];
}

/** Loaded recordings: counts [N, T, C] (float32), labels, days. */
export interface BciRecorded {
  counts: Float32Array;
  labels: Int32Array;
  day: Int32Array;
  n: number;
  T: number;
  C: number;
  K: number;
  meta: BciRecordedMeta;
  dir: string;
}

const FIX = fixUser("bci-recorded", "spikes.npy [N, T, C], labels.npy [N], day.npy [N] and meta.json (see datasets/entries/bci-recorded.ts)");

/** Loads and checks the layout in `dir`; errors name the file and field. */
export function loadBciRecorded(dir: string): BciRecorded {
  const at = (f: string) => path.join(dir, f);
  for (const f of BCI_RECORDED_FILES) if (!fs.existsSync(at(f))) throw new DatasetError("missing", `${f} not found`, FIX, { file: at(f) });
  let meta: BciRecordedMeta;
  try {
    meta = JSON.parse(fs.readFileSync(at("meta.json"), "utf8"));
  } catch (e) {
    throw new DatasetError("bci-meta", `not JSON: ${(e as Error).message.split("\n")[0]}`, FIX, { file: at("meta.json") });
  }
  if (!(typeof meta.binMs === "number" && meta.binMs > 0)) throw new DatasetError("bci-meta", `field 'binMs' must be a positive number, got ${JSON.stringify(meta.binMs)}`, FIX, { file: at("meta.json") });
  const sp = readNpy(at("spikes.npy")), lb = readNpy(at("labels.npy")), dy = readNpy(at("day.npy"));
  if (sp.shape.length !== 3) throw new DatasetError("bci-shape", `spikes must be [N, T, C], got shape [${sp.shape.join(", ")}]`, FIX, { file: at("spikes.npy") });
  const [n, T, C] = sp.shape;
  for (const [f, a] of [["labels.npy", lb], ["day.npy", dy]] as const) {
    if (a.shape.length !== 1 || a.shape[0] !== n) throw new DatasetError("bci-shape", `must be [N] = [${n}] like spikes.npy, got [${a.shape.join(", ")}]`, FIX, { file: at(f) });
    if (!Array.from(a.data).every((v) => Number.isInteger(v) && v >= 0)) throw new DatasetError("bci-values", "values must be non-negative integers", FIX, { file: at(f) });
  }
  if (!Array.from(sp.data).every((v) => v >= 0 && Number.isFinite(v))) throw new DatasetError("bci-values", "spike counts must be finite and ≥ 0", FIX, { file: at("spikes.npy") });
  const labels = Int32Array.from(lb.data), K = meta.classes?.length ?? Math.max(...labels) + 1;
  if (labels.some((k) => k >= K)) throw new DatasetError("bci-values", `labels must lie in 0..${K - 1} (meta.json 'classes' has ${K})`, FIX, { file: at("labels.npy") });
  return { counts: Float32Array.from(sp.data), labels, day: Int32Array.from(dy.data), n, T, C, K, meta, dir };
}

/** Registry entry `bci-recorded` (optional; user-supplied). */
export const bciRecorded = register<BciRecorded, { dir?: string } | undefined>({
  id: "bci-recorded",
  description: "Your binned intracortical recordings (spikes.npy [N,T,C], labels.npy, day.npy, meta.json) for MFSNN's full scale",
  licence: "yours",
  source: "user-supplied (e.g. O'Doherty, Cardoso, Makin, Sabes, Zenodo 583331, binned)",
  kind: "user",
  optional: true,
  invariants: { notes: ["spikes.npy [N, T, C] counts ≥ 0; labels.npy and day.npy [N] non-negative integers; meta.json binMs > 0"] },
  status() {
    const d = datasetDir("bci-recorded");
    const ok = BCI_RECORDED_FILES.every((f) => fs.existsSync(path.join(d, f)));
    return { available: ok, where: d, fix: ok ? undefined : FIX };
  },
  async load(o?: { dir?: string }) {
    return loadBciRecorded(o?.dir ?? datasetDir("bci-recorded"));
  },
  async verify() {
    const r = loadBciRecorded(datasetDir("bci-recorded"));
    return { id: "bci-recorded", checks: [`${r.n} trials x T=${r.T} x C=${r.C}, K=${r.K}, ${new Set(r.day).size} days`] };
  },
  async prepare(from: string) {
    loadBciRecorded(from); // check before copying
    const out = ensureDatasetDir("bci-recorded");
    for (const f of BCI_RECORDED_FILES) fs.copyFileSync(path.join(from, f), path.join(out, f));
    return out;
  },
});
