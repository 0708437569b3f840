/**
 * LAQDA (arXiv 2410.10454) prototypes, in plain TypeScript on float64 arrays (evaluation on cached vectors, and the
 * reference the tf training loss is tested against):
 * - plain prototypes c⁰_n = (1/K) Σ_{i: y_i = n} z_i (card §2.4);
 * - top-R, AS RELEASED in the official code (card §2.4a): for each support i its R nearest queries 𝓡_i (any class,
 *   a query may be picked by several supports), c_n = (Σ_{i∈S_n} z_i + Σ_{i∈S_n} Σ_{m∈𝓡_i} z_m) / (K + K·R);
 *   "topk acc" = fraction of picked queries of the support's class. This is NOT optimal transport;
 * - OT, the CARD'S RECONSTRUCTION of the abstract's "optimal transport" (card §2.4b; the released code has no
 *   Sinkhorn): cost C_nm = ‖c⁰_n − z_m‖² / mean(C), log-domain Sinkhorn with a_n = 1/N, b_m = 1/M,
 *   Π = P / rowsum (= N·P), c_n = (K·c⁰_n + γ·Q̄·Σ_m Π_nm z_m) / (K + γ·Q̄), Q̄ = M / N queries per class.
 * Vectors are row-major: z [n, d] as a Float64Array of n·d.
 */
import { laqdaMessages as msg } from "./messages";

/** Squared Euclidean distances D [n, m] between rows of a [n, d] and b [m, d]. */
export function sqDist(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const n = a.length / d, m = b.length / d;
  const D = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const t = a[i * d + k] - b[j * d + k];
      s += t * t;
    }
    D[i * m + j] = s;
  }
  return D;
}

/** c⁰ [N, d]: mean of each class's K supports (supports class by class). */
export function plainPrototypes(zs: ArrayLike<number>, N: number, K: number, d: number): Float64Array {
  const c = new Float64Array(N * d);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) c[n * d + j] += zs[(n * K + k) * d + j] / K;
  return c;
}

/** What a top-R refinement picked: per support its R query indices, the [N, M] pick counts, and "topk acc". */
export interface TopRResult {
  protos: Float64Array;
  picks: number[][];
  /** S_nm = times query m was picked by a support of class n ([N, M]). */
  counts: Float64Array;
  /** Fraction of picks whose query is of the support's class (NaN without query labels). */
  precision: number;
}

/** Top-R prototypes as released (see the header); R is capped at M. `queryLabels` only feed the diagnostic. */
export function topRPrototypes(zs: ArrayLike<number>, zq: ArrayLike<number>, N: number, K: number, R: number, d: number, queryLabels?: readonly number[]): TopRResult {
  const M = zq.length / d;
  const r = Math.min(R, M);
  const D = sqDist(zs, zq, d); // [NK, M]
  const protos = new Float64Array(N * d);
  const counts = new Float64Array(N * M);
  const picks: number[][] = [];
  let hit = 0;
  for (let i = 0; i < N * K; i++) {
    const n = Math.floor(i / K);
    // R smallest distances; ties broken by the lower index
    const order = Array.from({ length: M }, (_, j) => j).sort((x, y) => D[i * M + x] - D[i * M + y] || x - y).slice(0, r);
    picks.push(order);
    for (let j = 0; j < d; j++) protos[n * d + j] += zs[i * d + j];
    for (const m of order) {
      counts[n * M + m] += 1;
      for (let j = 0; j < d; j++) protos[n * d + j] += zq[m * d + j];
      if (queryLabels && queryLabels[m] === n) hit++;
    }
  }
  for (let x = 0; x < protos.length; x++) protos[x] /= K + K * r;
  return { protos, picks, counts, precision: queryLabels ? hit / (N * K * r) : NaN };
}

/** log Σ exp of a list. */
function lse(xs: number[]): number {
  const mx = Math.max(...xs);
  if (!Number.isFinite(mx)) return mx;
  let s = 0;
  for (const x of xs) s += Math.exp(x - mx);
  return mx + Math.log(s);
}

/**
 * Entropic OT by log-domain Sinkhorn: min ⟨P, C⟩ − ε·H(P) s.t. P·1 = a, Pᵀ·1 = b. Iterates
 * f ← ε·log a − ε·LSE_m((g − C)/ε), g ← ε·log b − ε·LSE_n((f − C)/ε); returns P = exp((f ⊕ g − C)/ε) [rows, cols].
 */
export function sinkhorn(C: ArrayLike<number>, rows: number, cols: number, a: readonly number[], b: readonly number[], eps: number, iters: number): Float64Array {
  if (a.length !== rows || b.length !== cols || C.length !== rows * cols) throw new RangeError(msg.sinkhornShape(a.length, b.length, rows, cols));
  const f = new Float64Array(rows), g = new Float64Array(cols);
  for (let t = 0; t < iters; t++) {
    for (let n = 0; n < rows; n++) {
      const xs: number[] = [];
      for (let m = 0; m < cols; m++) xs.push((g[m] - C[n * cols + m]) / eps);
      f[n] = eps * Math.log(a[n]) - eps * lse(xs);
    }
    for (let m = 0; m < cols; m++) {
      const xs: number[] = [];
      for (let n = 0; n < rows; n++) xs.push((f[n] - C[n * cols + m]) / eps);
      g[m] = eps * Math.log(b[m]) - eps * lse(xs);
    }
  }
  const P = new Float64Array(rows * cols);
  for (let n = 0; n < rows; n++) for (let m = 0; m < cols; m++) P[n * cols + m] = Math.exp((f[n] + g[m] - C[n * cols + m]) / eps);
  return P;
}

/** OT options (card §2.4b defaults: ε 0.05 on mean-normalised cost, 50 iterations, γ = 1, one round). */
export interface OtOptions {
  eps: number;
  iters: number;
  gamma: number;
  /** Outer rounds (cost recomputed from the refined prototypes). */
  rounds?: number;
}

/** What an OT refinement returns: prototypes and the row-normalised plan Π [N, M]. */
export interface OtResult {
  protos: Float64Array;
  plan: Float64Array;
  /** Mass of Π on each query's true class, averaged over classes (NaN without labels). */
  precision: number;
}

/** OT prototypes (the card's reconstruction, see the header) from c⁰ [N, d] and queries zq [M, d]. */
export function otPrototypes(c0: ArrayLike<number>, zq: ArrayLike<number>, N: number, K: number, d: number, o: OtOptions, queryLabels?: readonly number[]): OtResult {
  const M = zq.length / d;
  const Qbar = M / N;
  let protos = Float64Array.from(c0);
  let plan = new Float64Array(N * M);
  for (let round = 0; round < (o.rounds ?? 1); round++) {
    const C = sqDist(protos, zq, d);
    let mean = 0;
    for (const x of C) mean += x / C.length;
    for (let i = 0; i < C.length; i++) C[i] /= mean || 1;
    const P = sinkhorn(C, N, M, new Array(N).fill(1 / N), new Array(M).fill(1 / M), o.eps, o.iters);
    plan = new Float64Array(N * M);
    for (let n = 0; n < N; n++) {
      let row = 0;
      for (let m = 0; m < M; m++) row += P[n * M + m];
      for (let m = 0; m < M; m++) plan[n * M + m] = P[n * M + m] / row;
    }
    const next = new Float64Array(N * d);
    for (let n = 0; n < N; n++) for (let j = 0; j < d; j++) {
      let t = 0;
      for (let m = 0; m < M; m++) t += plan[n * M + m] * zq[m * d + j];
      next[n * d + j] = (K * c0[n * d + j] + o.gamma * Qbar * t) / (K + o.gamma * Qbar);
    }
    protos = next;
  }
  let precision = NaN;
  if (queryLabels) {
    precision = 0;
    for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) if (queryLabels[m] === n) precision += plan[n * M + m] / N;
  }
  return { protos, plan, precision };
}

/** Nearest-prototype predictions and accuracy of queries zq [M, d] against protos [N, d]. */
export function classify(zq: ArrayLike<number>, protos: ArrayLike<number>, d: number, labels?: readonly number[]): { pred: number[]; acc: number } {
  const N = protos.length / d, M = zq.length / d;
  const D = sqDist(zq, protos, d);
  const pred: number[] = [];
  let ok = 0;
  for (let m = 0; m < M; m++) {
    let best = 0;
    for (let n = 1; n < N; n++) if (D[m * N + n] < D[m * N + best]) best = n;
    pred.push(best);
    if (labels && labels[m] === best) ok++;
  }
  return { pred, acc: labels ? ok / M : NaN };
}

/** Prototype methods compared in the paper's tables (method "ot" is the reconstruction, "topR" the release). */
export type ProtoMethod = "plain" | "topR" | "ot";

/** Refinement settings of an episode. */
export interface RefineOptions {
  R: number;
  ot: OtOptions;
}

/** Prototypes of one episode by `method`, with the transport/pick precision diagnostic. */
export function prototypes(method: ProtoMethod, zs: ArrayLike<number>, zq: ArrayLike<number>, N: number, K: number, d: number, o: RefineOptions, queryLabels?: readonly number[]): { protos: Float64Array; precision: number } {
  const c0 = plainPrototypes(zs, N, K, d);
  if (method === "plain") return { protos: c0, precision: NaN };
  if (method === "topR") {
    const r = topRPrototypes(zs, zq, N, K, o.R, d, queryLabels);
    return { protos: r.protos, precision: r.precision };
  }
  if (method === "ot") {
    const r = otPrototypes(c0, zq, N, K, d, o.ot, queryLabels);
    return { protos: r.protos, precision: r.precision };
  }
  throw new Error(msg.badProto(method));
}
