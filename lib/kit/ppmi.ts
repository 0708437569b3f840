/**
 * Count-based token vectors from a set's own text: positive pointwise mutual information (PPMI) of windowed
 * co-occurrence counts, reduced by a truncated eigen-decomposition (the SVD of a symmetric matrix) — the classic
 * "PPMI + SVD" of Levy, Goldberg & Dagan (TACL 2015), here without context smoothing so the matrix stays symmetric.
 * Deterministic: same documents + options → same vectors. Used where no pre-trained vectors exist for a language
 * (e.g. Chinese characters of the LAQDA emoji-zh set).
 *
 *   C_ij  = #(i, j within `window` positions of one document), symmetric; r_i = Σ_j C_ij, T = Σ_ij C_ij
 *   PPMI_ij = max(0, log(C_ij · T / (r_i · r_j)))                                   (sparse, [V, V])
 *   PPMI ≈ U_k Λ_k U_kᵀ (k eigenpairs of largest |λ|, subspace iteration + Rayleigh–Ritz)
 *   vectors = U_k · |Λ_k|^½, rescaled so the mean row norm is `norm`                  ([V, k])
 */
import { symmetricEigen } from "../../datasets/entries/word-vectors";
import { Rng } from "../core/train/seed";
import { kitMessages } from "./messages";

/** Options of `ppmiSvdVectors`. */
export interface PpmiOptions {
  /** Vector dimensions k (default 64; at most the vocabulary size). */
  dims?: number;
  /** Co-occurrence window: tokens at distance 1..window in one document (default 2). */
  window?: number;
  /** Tokens seen fewer times are dropped (default 1). */
  minCount?: number;
  /** Subspace iterations (default 40) and the seed of the start block. */
  iters?: number;
  seed?: number;
  /** Mean row norm of the result (default √dims). */
  norm?: number;
}

/** Token vectors: tokens (by count, then code order), row-major vectors [tokens, dims], token → row. */
export interface TokenVectors {
  words: string[];
  dims: number;
  vectors: Float32Array;
  index: Map<string, number>;
  /** Eigenvalues kept, by decreasing |λ|, and the number of non-zero PPMI entries. */
  eigenvalues: number[];
  nonZeros: number;
}

/** Sparse symmetric matrix in CSR form. */
interface Csr {
  n: number;
  start: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** PPMI matrix of `docs` (token lists) over `index`. */
export function ppmiMatrix(docs: readonly (readonly string[])[], index: ReadonlyMap<string, number>, window: number): Csr {
  const n = index.size;
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (const d of docs) {
    const ids = d.map((t) => index.get(t)).filter((x): x is number => x !== undefined);
    for (let a = 0; a < ids.length; a++) {
      for (let b = a + 1; b <= Math.min(ids.length - 1, a + window); b++) {
        const i = ids[a], j = ids[b];
        rows[i].set(j, (rows[i].get(j) ?? 0) + 1);
        rows[j].set(i, (rows[j].get(i) ?? 0) + 1);
      }
    }
  }
  const r = rows.map((m) => [...m.values()].reduce((s, x) => s + x, 0));
  const T = r.reduce((s, x) => s + x, 0);
  const start = new Int32Array(n + 1), col: number[] = [], val: number[] = [];
  rows.forEach((m, i) => {
    for (const j of [...m.keys()].sort((x, y) => x - y)) {
      const pmi = Math.log(((m.get(j) ?? 0) * T) / (r[i] * r[j]));
      if (pmi > 0) (col.push(j), val.push(pmi));
    }
    start[i + 1] = col.length;
  });
  return { n, start, col: Int32Array.from(col), val: Float64Array.from(val) };
}

/** Y = A·X for CSR A [n, n] and dense X [n, k]. */
function csrTimes(A: Csr, X: Float64Array, k: number): Float64Array {
  const Y = new Float64Array(A.n * k);
  for (let i = 0; i < A.n; i++) {
    for (let p = A.start[i]; p < A.start[i + 1]; p++) {
      const j = A.col[p], v = A.val[p];
      for (let c = 0; c < k; c++) Y[i * k + c] += v * X[j * k + c];
    }
  }
  return Y;
}

/** Orthonormalises the k columns of X [n, k] in place (modified Gram–Schmidt; a null column is re-seeded). */
function orthonormalize(X: Float64Array, n: number, k: number, rng: Rng): void {
  for (let c = 0; c < k; c++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let b = 0; b < c; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += X[i * k + c] * X[i * k + b];
        for (let i = 0; i < n; i++) X[i * k + c] -= dot * X[i * k + b];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += X[i * k + c] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-10) {
        for (let i = 0; i < n; i++) X[i * k + c] /= norm;
        break;
      }
      for (let i = 0; i < n; i++) X[i * k + c] = rng.normal();
    }
  }
}

/** PPMI + truncated eigen-decomposition vectors of the tokens of `docs` (see the header). */
export function ppmiSvdVectors(docs: readonly (readonly string[])[], o: PpmiOptions = {}): TokenVectors {
  const window = o.window ?? 2, minCount = o.minCount ?? 1, iters = o.iters ?? 40;
  const counts = new Map<string, number>();
  for (const d of docs) for (const t of d) counts.set(t, (counts.get(t) ?? 0) + 1);
  const words = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([w]) => w);
  const n = words.length, k = o.dims ?? 64;
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(kitMessages.badPpmiDims(k, n));
  const index = new Map(words.map((w, i) => [w, i]));
  const A = ppmiMatrix(docs, index, window);
  // subspace iteration: X ← orth(A·X) converges to the span of the k eigenvectors of largest |λ|
  const rng = new Rng(o.seed ?? 0).fork("ppmi-svd");
  let X: Float64Array = new Float64Array(n * k).map(() => rng.normal());
  orthonormalize(X, n, k, rng);
  for (let t = 0; t < iters; t++) {
    X = csrTimes(A, X, k);
    orthonormalize(X, n, k, rng);
  }
  // Rayleigh–Ritz: B = Xᵀ A X [k, k] = W Λ Wᵀ; eigenvectors U = X W
  const AX = csrTimes(A, X, k);
  const B = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[i * k + a] * AX[i * k + b];
    B[a * k + b] = s;
  }
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) B[a * k + b] = B[b * k + a] = (B[a * k + b] + B[b * k + a]) / 2;
  const e = symmetricEigen(B, k);
  const order = e.values.map((v, i) => [Math.abs(v), i]).sort((x, y) => y[0] - x[0]).map(([, i]) => i);
  const out = new Float64Array(n * k);
  order.forEach((src, c) => {
    const w = e.vectors.subarray(src * k, (src + 1) * k), s = Math.sqrt(Math.abs(e.values[src]));
    let big = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let b = 0; b < k; b++) u += X[i * k + b] * w[b];
      out[i * k + c] = u * s;
      if (Math.abs(out[i * k + c]) > Math.abs(big)) big = out[i * k + c];
    }
    if (big < 0) for (let i = 0; i < n; i++) out[i * k + c] = -out[i * k + c]; // sign: largest entry positive
  });
  let meanNorm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += out[i * k + c] ** 2;
    meanNorm += Math.sqrt(s) / n;
  }
  const scale = (o.norm ?? Math.sqrt(k)) / (meanNorm || 1);
  return { words, dims: k, vectors: Float32Array.from(out, (x) => x * scale), index, eigenvalues: order.map((i) => e.values[i]), nonZeros: A.val.length };
}
