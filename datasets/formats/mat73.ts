/**
 * MATLAB v7.3 `.mat` files (HDF5 with a 512-byte MATLAB user block) read through `h5wasm` (the HDF5 C library in
 * WASM), and the O'Doherty–Sabes reaching sessions stored in them (Zenodo record 583331, e.g. `indy_20160407_02.mat`).
 *
 * MATLAB writes arrays column-major, so an HDF5 dataset of shape [a, b] is the MATLAB array [b × a]. The session
 * fields used here (HDF5 shapes):
 *   t          [1, S]  float64  sample times (s), 250 Hz
 *   cursor_pos [2, S]  float64  cursor x, y per sample
 *   target_pos [2, S]  float64  target x, y per sample
 *   spikes     [U, C]  object references: cell {channel c, unit u} → a [1, n] float64 dataset of spike times (s)
 *              in `#refs#`; unit 0 is unsorted threshold crossings; an empty cell is a uint64 [2] dataset with
 *              the attribute MATLAB_empty = 1
 *   chan_names [1, C]  object references to uint16 char arrays (MATLAB_class "char")
 * Every problem is a DatasetError naming the file and the field.
 */
import * as fs from "fs";
import type { Dataset, File as H5File, Reference } from "h5wasm/node" with { "resolution-mode": "import" };
import { DatasetError } from "../errors";

type H5wasm = (typeof import("h5wasm/node", { with: { "resolution-mode": "import" } }))["default"];

const FIX = "give a MATLAB v7.3 .mat file as published in Zenodo record 583331 (fields t, cursor_pos, target_pos, spikes, chan_names), re-downloaded if it is truncated";
const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]); // \x89HDF\r\n\x1a\n

let h5: Promise<H5wasm> | undefined;

/** The h5wasm module, loaded once (it is an ES module; the dynamic import stays an import under node16). */
export function loadH5wasm(): Promise<H5wasm> {
  h5 ??= import("h5wasm/node").then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return h5;
}

/** An open v7.3 file: its path (for errors) and the HDF5 root. */
export interface Mat73 {
  file: string;
  h5: H5File;
  lib: H5wasm;
}

/** Opens a v7.3 `.mat` (checks the HDF5 signature at offset 0, 512, 1024 or 2048 first). Close it with `.h5.close()`. */
export async function openMat73(file: string): Promise<Mat73> {
  if (!fs.existsSync(file)) throw new DatasetError("missing", "file not found", FIX, { file });
  const fd = fs.openSync(file, "r");
  const head = Buffer.alloc(2056);
  const got = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const ok = [0, 512, 1024, 2048].some((o) => o + 8 <= got && head.subarray(o, o + 8).equals(SIGNATURE));
  if (!ok) {
    const v5 = head.subarray(0, 10).toString("latin1") === "MATLAB 5.0";
    throw new DatasetError("mat-format", v5 ? "a MATLAB v5 .mat, not v7.3 (HDF5)" : "not a MATLAB v7.3 file (no HDF5 signature)", v5 ? "save it with save(file, '-v7.3') or use the Zenodo 583331 file as published" : FIX, { file, offset: 0 });
  }
  const m = await loadH5wasm();
  try {
    return { file, h5: new m.File(file, "r"), lib: m };
  } catch (e) {
    throw new DatasetError("mat-format", `HDF5 cannot open it: ${String((e as Error).message ?? e).split("\n")[0]}`, FIX, { file });
  }
}

function fieldError(m: Mat73, field: string, problem: string): DatasetError {
  return new DatasetError("mat-field", `field '${field}': ${problem}`, FIX, { file: m.file });
}

function dataset(m: Mat73, path: string, field: string): Dataset {
  const d = m.h5.get(path);
  if (d === null) throw fieldError(m, field, "not found");
  if (!(d instanceof m.lib.Dataset)) throw fieldError(m, field, "is not a dataset");
  return d;
}

/** True for MATLAB's stored empty array (uint64 dims with attribute MATLAB_empty = 1). */
function isEmpty(d: Dataset): boolean {
  const a = d.attrs["MATLAB_empty"];
  return a !== undefined && Number(a.value) !== 0;
}

/** A numeric field as float64 values in HDF5 (row-major) order with its HDF5 shape. */
export function matNumeric(m: Mat73, name: string): { data: Float64Array; shape: number[] } {
  return numericOf(m, dataset(m, name, name), name);
}

function numericOf(m: Mat73, d: Dataset, field: string): { data: Float64Array; shape: number[] } {
  const shape = d.shape ?? [];
  if (isEmpty(d)) return { data: new Float64Array(0), shape: [0] };
  const v = d.value;
  if (!ArrayBuffer.isView(v) || v instanceof DataView) throw fieldError(m, field, `must be numeric, got HDF5 type ${JSON.stringify(d.dtype)}`);
  const data = v instanceof BigInt64Array || v instanceof BigUint64Array ? Float64Array.from(v, Number) : Float64Array.from(v as ArrayLike<number>);
  if (!data.every(Number.isFinite)) throw fieldError(m, field, "has non-finite values");
  return { data, shape };
}

/** A cell field: its object references in HDF5 order with the HDF5 shape. */
export function matCell(m: Mat73, name: string): { refs: Reference[]; shape: number[] } {
  const d = dataset(m, name, name);
  const v = d.value;
  if (!Array.isArray(v) || !v.every((r) => r !== null && typeof r === "object" && "ref_data" in r)) throw fieldError(m, name, "must be a cell array (HDF5 object references)");
  return { refs: v as Reference[], shape: d.shape ?? [v.length] };
}

function deref(m: Mat73, r: Reference, field: string): Dataset {
  const d = m.h5.dereference(r);
  if (!(d instanceof m.lib.Dataset)) throw fieldError(m, field, "a cell reference does not point to a dataset");
  return d;
}

/** One O'Doherty–Sabes session binned: counts [T, C] per channel (units summed), cursor/target per bin and per sample. */
export interface ReachingSession {
  file: string;
  binMs: number;
  /** Channels C and units per channel U (unit 0 = unsorted). */
  C: number;
  U: number;
  chanNames: string[];
  /** Samples S: times [S] (s), cursor and target [S, 2] (x, y). */
  S: number;
  t: Float64Array;
  cursor: Float64Array;
  target: Float64Array;
  /** Bins T: bin b covers [t[0] + b·w, t[0] + (b+1)·w), w = binMs/1000; T = ⌊(t[S−1] − t[0]) / w⌋ + 1. */
  T: number;
  binStart: Float64Array;
  /** counts[b·C + c] = spikes of channel c (units summed) in bin b. */
  counts: Float32Array;
  /** Cursor and target [T, 2] at each bin's first sample. */
  cursorBinned: Float32Array;
  targetBinned: Float32Array;
}

/** Options: bin width (ms, default 20) and whether to drop unit 0 (unsorted crossings; default keep all). */
export interface ReachingOptions {
  binMs?: number;
  sortedOnly?: boolean;
}

/** Reads and bins one O'Doherty–Sabes v7.3 session. */
export async function readReachingMat(file: string, opts: ReachingOptions = {}): Promise<ReachingSession> {
  const binMs = opts.binMs ?? 20;
  if (!(binMs > 0)) throw new DatasetError("mat-options", `binMs must be > 0, got ${binMs}`, "pass a bin width in milliseconds such as 20", { file });
  const m = await openMat73(file);
  try {
    const t = matNumeric(m, "t").data;
    const S = t.length;
    if (S < 1) throw fieldError(m, "t", "is empty");
    for (let i = 1; i < S; i++) if (!(t[i] > t[i - 1])) throw fieldError(m, "t", `must increase, t[${i}] = ${t[i]} after ${t[i - 1]}`);
    const xy = (name: string): Float64Array => {
      const { data, shape } = matNumeric(m, name);
      // HDF5 [2, S] = MATLAB [S × 2]; returned as [S, 2] row-major
      if (shape.length !== 2 || shape[0] !== 2 || shape[1] !== S) throw fieldError(m, name, `must be [S × 2] = [${S} × 2] in MATLAB (HDF5 [2, ${S}]), got HDF5 [${shape.join(", ")}]`);
      const out = new Float64Array(2 * S);
      for (let s = 0; s < S; s++) { out[2 * s] = data[s]; out[2 * s + 1] = data[S + s]; }
      return out;
    };
    const cursor = xy("cursor_pos"), target = xy("target_pos");
    const sp = matCell(m, "spikes");
    // HDF5 [U, C] = MATLAB cell [C × U]: cell {c, u} is refs[u·C + c]
    if (sp.shape.length !== 2) throw fieldError(m, "spikes", `must be a [channels × units] cell, got HDF5 shape [${sp.shape.join(", ")}]`);
    const [U, C] = sp.shape;
    const names = matCell(m, "chan_names");
    if (names.refs.length !== C) throw fieldError(m, "chan_names", `has ${names.refs.length} names for ${C} spike channels`);
    const chanNames = names.refs.map((r) => {
      const d = deref(m, r, "chan_names");
      const v = d.value;
      if (!(v instanceof Uint16Array)) throw fieldError(m, "chan_names", `names must be MATLAB char arrays (uint16), got ${JSON.stringify(d.dtype)}`);
      return String.fromCharCode(...v);
    });
    const w = binMs / 1000, t0 = t[0];
    const T = Math.floor((t[S - 1] - t0) / w + 1e-9) + 1;
    const counts = new Float32Array(T * C);
    for (let u = opts.sortedOnly ? 1 : 0; u < U; u++) {
      for (let c = 0; c < C; c++) {
        const times = numericOf(m, deref(m, sp.refs[u * C + c], "spikes"), `spikes{${c + 1},${u + 1}}`).data;
        for (const s of times) {
          const b = Math.floor((s - t0) / w);
          if (b >= 0 && b < T) counts[b * C + c] += 1;
        }
      }
    }
    const binStart = Float64Array.from({ length: T }, (_, b) => t0 + b * w);
    const cursorBinned = new Float32Array(2 * T), targetBinned = new Float32Array(2 * T);
    for (let b = 0, s = 0; b < T; b++) {
      while (s < S - 1 && t[s] < binStart[b] - 1e-9) s++;
      for (let k = 0; k < 2; k++) { cursorBinned[2 * b + k] = cursor[2 * s + k]; targetBinned[2 * b + k] = target[2 * s + k]; }
    }
    return { file, binMs, C, U, chanNames, S, t, cursor, target, T, binStart, counts, cursorBinned, targetBinned };
  } finally {
    m.h5.close();
  }
}

/** Reach trials of a session (card §7 recipe): one per target change, window −0.2…+0.8 s around it. */
export interface ReachTrials {
  /** counts [N, Tw, C], Tw = round(1 s / w). */
  counts: Float32Array;
  /** Direction sector 0..7 of target − cursor at the change: k = round(angle / 45°) mod 8 (0 = +x, 2 = +y). */
  labels: Int32Array;
  /** Bin index of each target change. */
  onset: Int32Array;
  n: number;
  T: number;
  C: number;
}

/** Cuts a binned session at target changes into 8-direction trials; windows running off either end are skipped. */
export function reachTrials(s: ReachingSession, preS = 0.2, postS = 0.8): ReachTrials {
  const w = s.binMs / 1000, pre = Math.round(preS / w), Tw = pre + Math.round(postS / w), C = s.C;
  const onset: number[] = [], labels: number[] = [];
  for (let b = 1; b < s.T; b++) {
    const tx = s.targetBinned[2 * b], ty = s.targetBinned[2 * b + 1];
    if (tx === s.targetBinned[2 * b - 2] && ty === s.targetBinned[2 * b - 1]) continue;
    if (b - pre < 0 || b - pre + Tw > s.T) continue;
    const a = Math.atan2(ty - s.cursorBinned[2 * b + 1], tx - s.cursorBinned[2 * b]);
    onset.push(b);
    labels.push(((Math.round(a / (Math.PI / 4)) % 8) + 8) % 8);
  }
  const n = onset.length, counts = new Float32Array(n * Tw * C);
  onset.forEach((b, i) => counts.set(s.counts.subarray((b - pre) * C, (b - pre + Tw) * C), i * Tw * C));
  return { counts, labels: Int32Array.from(labels), onset: Int32Array.from(onset), n, T: Tw, C };
}
