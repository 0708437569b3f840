/**
 * LAQDA (arXiv 2410.10454) untrained baselines and episode statistics (regime checks and C3):
 * - TF-IDF nearest prototype: idf over every text of the set (no labels), L2-normalised tf-idf vectors, prototype =
 *   mean of the supports, cosine nearest;
 * - mean-vector prototypical network: text = mean of its frozen word vectors, Euclidean nearest c⁰ (no training);
 * - Fisher-style ratio of an episode's vectors: mean squared distance between class means over the mean squared
 *   distance of each vector to its class mean (card C3).
 */
import { tokenizeWords } from "../../../datasets/entries/word-vectors";
import type { Episode, TextSet, TokenIds } from "./data";
import { classify, plainPrototypes } from "./proto";

/** Sparse L2-normalised tf-idf vectors of every text of a set. */
export function tfidfVectors(set: TextSet): Map<string, number>[] {
  const docs = set.texts.map((t) => (set.tokenize ?? tokenizeWords)(t));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => {
    const v = new Map<string, number>();
    for (const w of d) v.set(w, (v.get(w) ?? 0) + 1);
    let norm = 0;
    for (const [w, c] of v) {
      const x = c * Math.log((1 + n) / (1 + (df.get(w) ?? 0)) + 1); // tf · smoothed idf
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
}

/** TF-IDF nearest-prototype accuracy of one episode. */
export function tfidfEpisodeAcc(vecs: readonly Map<string, number>[], ep: Episode): number {
  const N = ep.classes.length;
  const protos = Array.from({ length: N }, () => new Map<string, number>());
  ep.support.forEach((t, i) => {
    const p = protos[Math.floor(i / ep.K)];
    for (const [w, x] of vecs[t]) p.set(w, (p.get(w) ?? 0) + x / ep.K);
  });
  const norms = protos.map((p) => Math.sqrt([...p.values()].reduce((a, x) => a + x * x, 0)) || 1);
  let ok = 0;
  ep.query.forEach((t, m) => {
    let best = 0, bestS = -Infinity;
    protos.forEach((p, n) => {
      let s = 0;
      for (const [w, x] of vecs[t]) s += x * (p.get(w) ?? 0);
      s /= norms[n];
      if (s > bestS) (bestS = s), (best = n);
    });
    if (best === ep.queryLabels[m]) ok++;
  });
  return ok / ep.query.length;
}

/** Mean frozen word vector of each text ([n, d], float64); texts without a known word get zeros. */
export function meanWordVectors(tok: TokenIds, vectors: Float32Array, d: number): Float64Array {
  const out = new Float64Array(tok.n * d);
  for (let i = 0; i < tok.n; i++) {
    let c = 0;
    for (let j = 0; j < tok.maxLen; j++) {
      const id = tok.ids[i * tok.maxLen + j];
      if (id === 0) continue;
      c++;
      for (let k = 0; k < d; k++) out[i * d + k] += vectors[(id - 1) * d + k];
    }
    if (c) for (let k = 0; k < d; k++) out[i * d + k] /= c;
  }
  return out;
}

/** Rows of a cached [n, d] matrix for an episode's supports then queries. */
export function gatherRows(all: Float64Array, d: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(all.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

/** Mean-vector PN accuracy of one episode from cached mean vectors. */
export function meanVectorEpisodeAcc(mean: Float64Array, d: number, ep: Episode): number {
  const z = gatherRows(mean, d, [...ep.support, ...ep.query]);
  const NK = ep.support.length;
  const c0 = plainPrototypes(z.subarray(0, NK * d), ep.classes.length, ep.K, d);
  return classify(z.subarray(NK * d), c0, d, ep.queryLabels).acc;
}

/** Fisher-style ratio of an episode's vectors z (supports then queries) [B, d]: inter-class / intra-class spread. */
export function fisherRatio(z: ArrayLike<number>, d: number, ep: Episode): number {
  const N = ep.classes.length;
  const labels = [...ep.support.map((_, i) => Math.floor(i / ep.K)), ...ep.queryLabels];
  const mu = new Float64Array(N * d), cnt = new Array(N).fill(0);
  labels.forEach((y, i) => {
    cnt[y]++;
    for (let k = 0; k < d; k++) mu[y * d + k] += z[i * d + k];
  });
  for (let n = 0; n < N; n++) for (let k = 0; k < d; k++) mu[n * d + k] /= cnt[n];
  let inter = 0, pairs = 0, intra = 0;
  for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (mu[a * d + k] - mu[b * d + k]) ** 2;
    inter += s;
    pairs++;
  }
  labels.forEach((y, i) => {
    for (let k = 0; k < d; k++) intra += (z[i * d + k] - mu[y * d + k]) ** 2;
  });
  return inter / pairs / (intra / labels.length);
}
