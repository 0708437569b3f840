import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { classify, otPrototypes, plainPrototypes, sinkhorn, sqDist, topRPrototypes } from "../../../../lib/papers/laqda/proto";

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const uniform = (n: number) => new Array(n).fill(1 / n);

test("sinkhorn: row and column marginals to 1e-5 on a random cost", () => {
  const r = new Rng(3);
  const C = Float64Array.from({ length: 5 * 12 }, () => r.float());
  const P = sinkhorn(C, 5, 12, uniform(5), uniform(12), 0.1, 300);
  for (let n = 0; n < 5; n++) close(P.slice(n * 12, n * 12 + 12).reduce((a, b) => a + b, 0), 1 / 5, 1e-5, `row ${n}`);
  for (let m = 0; m < 12; m++) {
    let s = 0;
    for (let n = 0; n < 5; n++) s += P[n * 12 + m];
    close(s, 1 / 12, 1e-5, `column ${m}`);
  }
});

test("sinkhorn: large ε gives the independent plan a⊗b, small ε the optimal assignment", () => {
  const C = Float64Array.from([0.9, 0.1, 0.5, 0.2, 0.8, 0.6, 0.4, 0.3, 0.05]);
  const wide = sinkhorn(C, 3, 3, uniform(3), uniform(3), 1e4, 20);
  for (const p of wide) close(p, 1 / 9, 1e-4, "a⊗b entry");
  // optimal assignment of this cost: row 0→1 (0.1), row 1→0 (0.2), row 2→2 (0.05)
  const sharp = sinkhorn(C, 3, 3, uniform(3), uniform(3), 0.005, 500);
  const want = [0, 1, 0, 1, 0, 0, 0, 0, 1].map((x) => x / 3);
  sharp.forEach((p, i) => close(p, want[i], 1e-3, `assignment entry ${i}`));
});

test("sinkhorn: a 2×3 plan equals the kernel-scaling iterations written out by hand (u = a / K v, v = b / Kᵀu)", () => {
  const C = [0, 1, 2, 2, 1, 0.5];
  const eps = 0.7, a = [0.4, 0.6], b = [0.2, 0.3, 0.5];
  const Kk = C.map((c) => Math.exp(-c / eps));
  for (const iters of [1, 7]) {
    let u = [1, 1], v = [1, 1, 1];
    for (let t = 0; t < iters; t++) {
      u = [0, 1].map((n) => a[n] / (Kk[n * 3] * v[0] + Kk[n * 3 + 1] * v[1] + Kk[n * 3 + 2] * v[2]));
      v = [0, 1, 2].map((m) => b[m] / (Kk[m] * u[0] + Kk[3 + m] * u[1]));
    }
    const P = sinkhorn(C, 2, 3, a, b, eps, iters);
    for (let n = 0; n < 2; n++) for (let m = 0; m < 3; m++) close(P[n * 3 + m], u[n] * Kk[n * 3 + m] * v[m], 1e-12, `P[${n},${m}] after ${iters}`);
  }
  assert.throws(() => sinkhorn(C, 2, 3, [1], b, eps, 1), /marginals of length 1 and 3/);
});

test("top-R prototypes by hand (as released: R nearest queries per support, self-inclusion, ÷ (K + KR), lowest index wins ties)", () => {
  // d = 1, N = 2, K = 1: supports 0 and 10; queries 1, 9, 2, 11
  const r = topRPrototypes([0, 10], [1, 9, 2, 11], 2, 1, 2, 1, [0, 1, 0, 1]);
  assert.deepEqual(r.picks, [[0, 2], [1, 3]]);
  assert.deepEqual(Array.from(r.protos), [(0 + 1 + 2) / 3, (10 + 9 + 11) / 3]);
  assert.deepEqual(Array.from(r.counts), [1, 0, 1, 0, 0, 1, 0, 1]);
  assert.equal(r.precision, 1);
  // a query can be picked by both classes: supports 0 and 4, queries 1 and 2, R = 2 → both take both
  const s = topRPrototypes([0, 4], [1, 2], 2, 1, 2, 1, [0, 1]);
  assert.deepEqual(Array.from(s.protos), [1, 7 / 3]);
  assert.equal(s.precision, 0.5);
  // R above M is capped at M
  assert.equal(topRPrototypes([0, 4], [1, 2], 2, 1, 5, 1).picks[0].length, 2);
});

test("plain prototypes, distances against a direct loop, OT prototypes move toward the right clusters", () => {
  const zs = [0, 0, 1, 1, 10, 10, 11, 11]; // N 2, K 2, d 2
  assert.deepEqual(Array.from(plainPrototypes(zs, 2, 2, 2)), [0.5, 0.5, 10.5, 10.5]);
  const D = sqDist([1, 2], [4, 6, 1, 2], 2);
  assert.deepEqual(Array.from(D), [25, 0]);
  // queries around (2, 2) and (12, 12): OT plan puts each query on its cluster's class
  const zq = [2, 2, 2.5, 1.5, 12, 12, 11.5, 12.5];
  const o = otPrototypes(plainPrototypes(zs, 2, 2, 2), zq, 2, 2, 2, { eps: 0.05, iters: 50, gamma: 1 }, [0, 0, 1, 1]);
  assert.ok(o.precision > 0.99, `precision ${o.precision}`);
  for (let n = 0; n < 2; n++) close(o.plan[n * 4] + o.plan[n * 4 + 1] + o.plan[n * 4 + 2] + o.plan[n * 4 + 3], 1, 1e-9, "Π rows sum to 1");
  // c_0 = (K c⁰ + Q̄ · mean of its two queries) / (K + Q̄) = (2·(0.5, 0.5) + 2·(2.25, 1.75)) / 4
  close(o.protos[0], 1.375, 1e-3, "c_0 x");
  close(o.protos[1], 1.125, 1e-3, "c_0 y");
  assert.deepEqual(classify(zq, o.protos, 2, [0, 0, 1, 1]), { pred: [0, 0, 1, 1], acc: 1 });
});
