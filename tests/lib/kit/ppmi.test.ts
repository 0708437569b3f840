import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../lib/core/train/seed";
import { kitMessages, ppmiMatrix, ppmiSvdVectors } from "../../../lib/kit";

test("ppmiMatrix: PPMI of windowed counts by hand", () => {
  // docs "a b", "a c", window 1: C_ab = C_ac = 1 (symmetric), r_a = 2, r_b = r_c = 1, T = 4 → PMI = log(1·4 / (2·1)) = log 2
  const index = new Map([["a", 0], ["b", 1], ["c", 2]]);
  const A = ppmiMatrix([["a", "b"], ["a", "c"]], index, 1);
  const dense = Array.from({ length: 9 }, () => 0);
  for (let i = 0; i < 3; i++) for (let p = A.start[i]; p < A.start[i + 1]; p++) dense[i * 3 + A.col[p]] = A.val[p];
  const l2 = Math.log(2);
  assert.deepEqual(dense.map((x) => Number(x.toFixed(12))), [0, l2, l2, l2, 0, 0, l2, 0, 0].map((x) => Number(x.toFixed(12))));
  // window 0 pairs nothing beyond distance 1: "a b c" with window 1 has no a–c count
  const B = ppmiMatrix([["a", "b", "c"]], index, 1);
  const row0 = [...B.col.subarray(B.start[0], B.start[1])];
  assert.deepEqual(row0, [1]);
});

/** Dense PPMI of the docs (for the reconstruction check). */
function densePpmi(docs: string[][], words: string[], window: number): Float64Array {
  const index = new Map(words.map((w, i) => [w, i]));
  const A = ppmiMatrix(docs, index, window), n = words.length, D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let p = A.start[i]; p < A.start[i + 1]; p++) D[i * n + A.col[p]] = A.val[p];
  return D;
}

// two topics with disjoint vocabularies, seeded random documents
const rng = new Rng(3);
const topics = [["ant", "bee", "cat", "dog", "eel", "fox"], ["oak", "pine", "fir", "elm", "ash", "yew"]];
const docs = Array.from({ length: 60 }, (_, i) => Array.from({ length: 8 }, () => topics[i % 2][rng.int(6)]));

test("ppmiSvdVectors: with k = vocabulary size, Σ sign(λ) v_i v_j reproduces the PPMI matrix up to the norm scale", () => {
  const v = ppmiSvdVectors(docs, { dims: 12, window: 2, iters: 200 });
  const n = v.words.length, k = v.dims, A = densePpmi(docs, v.words, 2);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) G[i * n + j] += Math.sign(v.eigenvalues[c]) * v.vectors[i * k + c] * v.vectors[j * k + c];
  let big = 0;
  for (let i = 0; i < n * n; i++) if (Math.abs(A[i]) > Math.abs(A[big])) big = i;
  const s = G[big] / A[big];
  for (let i = 0; i < n * n; i++) assert.ok(Math.abs(G[i] - s * A[i]) < 1e-6 * Math.abs(s), `entry ${i}: ${G[i]} vs ${s * A[i]}`);
  // eigenvalues by decreasing |λ|
  for (let c = 1; c < k; c++) assert.ok(Math.abs(v.eigenvalues[c - 1]) >= Math.abs(v.eigenvalues[c]) - 1e-9);
});

test("ppmiSvdVectors: tokens of one topic are closer than tokens of two; deterministic; mean row norm = norm", () => {
  const v = ppmiSvdVectors(docs, { dims: 4 });
  const cos = (a: string, b: string) => {
    const x = v.vectors.subarray(v.index.get(a)! * 4, v.index.get(a)! * 4 + 4), y = v.vectors.subarray(v.index.get(b)! * 4, v.index.get(b)! * 4 + 4);
    let d = 0, nx = 0, ny = 0;
    for (let c = 0; c < 4; c++) (d += x[c] * y[c], nx += x[c] ** 2, ny += y[c] ** 2);
    return d / Math.sqrt(nx * ny);
  };
  let within = 0, across = 0;
  for (const [t, u] of [[0, 0], [1, 1]]) for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) within += cos(topics[t][i], topics[u][j]) / 30;
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) across += cos(topics[0][i], topics[1][j]) / 36;
  assert.ok(within > across + 0.3, `within-topic cosine ${within.toFixed(3)} vs across ${across.toFixed(3)}`);
  assert.deepEqual(ppmiSvdVectors(docs, { dims: 4 }).vectors, v.vectors, "same documents and options, same vectors");
  let mean = 0;
  for (let i = 0; i < v.words.length; i++) mean += Math.hypot(...v.vectors.subarray(i * 4, i * 4 + 4)) / v.words.length;
  assert.ok(Math.abs(mean - 2) < 1e-5, `mean norm ${mean} vs √4`);
  assert.throws(() => ppmiSvdVectors(docs, { dims: 13 }), { message: kitMessages.badPpmiDims(13, 12) });
});
