/**
 * Data glue for MetaLA (arXiv 2411.10741): MQAR and forgetting-MQAR batches from the registry's generator
 * (datasets/entries/mqar.ts, Zoology's definition), random causal softmax maps for the static-approximation task
 * (Table 2, C2), and loaders for two LRA tasks (ListOps, Image) for users who have the `lra_release` files.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { generateMqar, IGNORE_INDEX, type MqarParams, type MqarSamples } from "../../../datasets/entries/mqar";
import { Rng } from "../../core/train/seed";

/** The MQAR task of one experiment (the generator's parameters minus count and seed). */
export type MqarTask = Pick<MqarParams, "vocabSize" | "seqLen" | "numKvPairs" | "numUpdates">;

/** One batch as tensors: ids `[B,T]`, the flat indices (b·T + t) of the query tokens, their labels and update flags. */
export interface MqarBatch {
  ids: tf.Tensor2D;
  positions: tf.Tensor1D;
  labels: tf.Tensor1D;
  /** Per query: 1 when it asks for a key that was updated (forgetting variant). */
  updated: Uint8Array;
  /** Labels as numbers (for accuracy without a device read). */
  labelValues: Int32Array;
}

/** Generates `n` examples of `task` with `seed` (fresh data every step: seed = f(run seed, step)). */
export function mqarSamples(task: MqarTask, n: number, seed: number): MqarSamples {
  return generateMqar({ ...task, numExamples: n, seed, powerA: 0.01, randomNonQueries: false });
}

/** One token of an MQAR example as the notebook shows it. */
export interface MqarTokenRow {
  t: number;
  token: number;
  /** "key" / "value" (the context: kv pairs, then the updates of the forgetting variant), "query", or "empty" (token 0). */
  role: "key" | "value" | "query" | "empty";
  /** The value the model must predict at a query token ("" elsewhere). */
  answer: number | "";
}

/** The first example of `task` drawn with `seed`, token by token (what a model sees and must answer). */
export function mqarExample(task: MqarTask, seed: number): MqarTokenRow[] {
  const s = mqarSamples(task, 1, seed);
  const ctx = 2 * (task.numKvPairs + task.numUpdates);
  return Array.from({ length: s.seqLen }, (_, t) => {
    const token = s.inputs[t], label = s.labels[t];
    const role = t < ctx ? (t % 2 === 0 ? "key" : "value") : label !== IGNORE_INDEX ? "query" : "empty";
    return { t, token, role, answer: label === IGNORE_INDEX ? "" : label };
  });
}

/** Turns samples into tensors; only the labelled (query) positions are scored, as in Zoology. */
export function toBatch(s: MqarSamples): MqarBatch {
  const pos: number[] = [];
  const lab: number[] = [];
  const upd: number[] = [];
  for (let i = 0; i < s.labels.length; i++) {
    if (s.labels[i] === IGNORE_INDEX) continue;
    pos.push(i);
    lab.push(s.labels[i]);
    upd.push(s.updated[i]);
  }
  return {
    ids: tf.tensor2d(s.inputs, [s.n, s.seqLen], "int32"),
    positions: tf.tensor1d(pos, "int32"),
    labels: tf.tensor1d(lab, "int32"),
    updated: Uint8Array.from(upd),
    labelValues: Int32Array.from(lab),
  };
}

/** Frees a batch's tensors. */
export function disposeBatch(b: MqarBatch): void {
  tf.dispose([b.ids, b.positions, b.labels]);
}

/**
 * Random causal softmax maps (static approximation, card §5): P_t = softmax(z_t) over s ≤ t, z ~ N(0, σ²).
 * Returns `[count, n, n]`, rows summing to 1, zero above the diagonal. A larger σ makes peakier rows, whose mass can
 * sit on distant tokens (what a fixed decay cannot reach with bounded keys).
 */
export function causalSoftmaxMaps(count: number, n: number, sigma: number, seed: number): tf.Tensor3D {
  if (!(sigma > 0)) throw new Error(`causalSoftmaxMaps: sigma must be > 0, got ${sigma}`);
  const r = new Rng(seed);
  const out = new Float32Array(count * n * n);
  for (let c = 0; c < count; c++) {
    for (let t = 0; t < n; t++) {
      const z = Array.from({ length: t + 1 }, () => r.normal(0, sigma));
      const mx = Math.max(...z);
      const e = z.map((x) => Math.exp(x - mx));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let s = 0; s <= t; s++) out[c * n * n + t * n + s] = e[s] / sum;
    }
  }
  return tf.tensor3d(out, [count, n, n]);
}

/**
 * Causal maps with mass on a distant token (C2's fixed-decay case, card §2.3): row t puts `mass` on token 0 and
 * spreads the rest as softmax(z), z ~ N(0, σ²), over tokens 1..t (row 0 is all on token 0). The distance t − 0 of
 * that mass grows with the row, so a longer map asks a fixed decay α₀ for a score p at distance up to n − 1, where
 * bounded q, k reach at most d_k·C_q·C_k·α₀^{t−s}. Returns `[count, n, n]`, rows summing to 1.
 */
export function distantMassMaps(count: number, n: number, mass: number, sigma: number, seed: number): tf.Tensor3D {
  if (!(mass > 0 && mass < 1)) throw new Error(`distantMassMaps: mass must be in (0, 1), got ${mass}`);
  if (!(sigma > 0)) throw new Error(`distantMassMaps: sigma must be > 0, got ${sigma}`);
  const r = new Rng(seed);
  const out = new Float32Array(count * n * n);
  for (let c = 0; c < count; c++) {
    out[c * n * n] = 1;
    for (let t = 1; t < n; t++) {
      const z = Array.from({ length: t }, () => r.normal(0, sigma));
      const mx = Math.max(...z);
      const e = z.map((x) => Math.exp(x - mx));
      const sum = e.reduce((a, b) => a + b, 0);
      out[c * n * n + t * n] = mass;
      for (let s = 1; s <= t; s++) out[c * n * n + t * n + s] = ((1 - mass) * e[s - 1]) / sum;
    }
  }
  return tf.tensor3d(out, [count, n, n]);
}

// ---------------------------------------------------------------------------------------------------------------
// LRA loaders (full-scale path; the data are not in this repository)

/** ListOps vocabulary: pad 0, then the 10 digits, the 4 operators, "]" and parentheses (LRA's tokenisation). */
export const LISTOPS_TOKENS = ["<pad>", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "[MIN", "[MAX", "[MED", "[SM", "]", "(", ")"] as const;

/** A tokenised classification set: ids `[N, T]` (0-padded), labels `[N]`. */
export interface TokenSet {
  ids: Int32Array;
  labels: Int32Array;
  n: number;
  seqLen: number;
  vocabSize: number;
  classes: number;
}

const LRA_FIX = "download lra_release.gz (github.com/google-research/long-range-arena) and pass the folder that holds the task's files";

/**
 * Loads an LRA ListOps TSV (`basic_train.tsv` etc.: header `Source\tTarget`, one expression per line), truncating or
 * 0-padding to `seqLen` (LRA: 2000). Throws, naming the file and the fix, when it is missing or malformed.
 */
export function loadListOps(file: string, seqLen = 2000): TokenSet {
  if (!fs.existsSync(file)) throw new Error(`loadListOps: ${file} not found; ${LRA_FIX} (listops-1000/basic_{train,val,test}.tsv)`);
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines.shift() ?? "";
  if (!/^Source\tTarget/.test(header)) throw new Error(`loadListOps: ${file} line 1: expected the header 'Source\\tTarget', got '${header.slice(0, 40)}'; is this an LRA ListOps TSV?`);
  const index = new Map<string, number>(LISTOPS_TOKENS.map((t, i) => [t, i]));
  const ids = new Int32Array(lines.length * seqLen);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const [src, tgt] = line.split("\t");
    const y = Number(tgt);
    if (!Number.isInteger(y) || y < 0 || y > 9) throw new Error(`loadListOps: ${file} line ${i + 2}: target '${tgt}' is not a digit 0–9`);
    labels[i] = y;
    const toks = src.replace(/\(/g, " ( ").replace(/\)/g, " ) ").trim().split(/\s+/);
    for (let t = 0; t < Math.min(seqLen, toks.length); t++) {
      const id = index.get(toks[t]);
      if (id === undefined) throw new Error(`loadListOps: ${file} line ${i + 2}: unknown token '${toks[t]}'; known: ${LISTOPS_TOKENS.join(" ")}`);
      ids[i * seqLen + t] = id;
    }
  });
  return { ids, labels, n: lines.length, seqLen, vocabSize: LISTOPS_TOKENS.length, classes: 10 };
}

/**
 * Loads LRA Image (grayscale CIFAR-10, sequence of 1024 pixels with 256 levels) from the CIFAR-10 binary batches
 * (`data_batch_1.bin` … or `test_batch.bin`: 1 label byte + 3072 RGB bytes per record). Gray = round(0.299R + 0.587G +
 * 0.114B), as LRA's tf.image.rgb_to_grayscale.
 */
export function loadCifarGray(dir: string, files: string[] = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"]): TokenSet {
  const rec = 1 + 3072;
  const bufs = files.map((f) => {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) throw new Error(`loadCifarGray: ${p} not found; download cifar-10-binary.tar.gz (www.cs.toronto.edu/~kriz/cifar.html) and pass its cifar-10-batches-bin folder`);
    const b = fs.readFileSync(p);
    if (b.length % rec !== 0) throw new Error(`loadCifarGray: ${p} has ${b.length} bytes, not a multiple of ${rec} (1 label + 3072 pixels); the file is truncated or not a CIFAR-10 binary batch`);
    return b;
  });
  const n = bufs.reduce((a, b) => a + b.length / rec, 0);
  const ids = new Int32Array(n * 1024);
  const labels = new Int32Array(n);
  let i = 0;
  for (const b of bufs) {
    for (let o = 0; o < b.length; o += rec, i++) {
      labels[i] = b[o];
      for (let p = 0; p < 1024; p++) ids[i * 1024 + p] = Math.round(0.299 * b[o + 1 + p] + 0.587 * b[o + 1 + 1024 + p] + 0.114 * b[o + 1 + 2048 + p]);
    }
  }
  return { ids, labels, n, seqLen: 1024, vocabSize: 256, classes: 10 };
}
