import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { causalSoftmaxMaps, distantMassMaps } from "../../../../lib/papers/metala/data";
import { closedFormRow, fitStaticMaps, fixedDecayReach, type ParamGroup } from "../../../../lib/papers/metala/static-approx";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("random causal softmax maps: rows sum to 1, zero above the diagonal, seeded", () => {
  const P = causalSoftmaxMaps(2, 6, 2, 3);
  const a = P.arraySync() as number[][][];
  for (const m of a) m.forEach((row, t) => {
    assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-6);
    row.forEach((p, s) => (s > t ? assert.equal(p, 0) : assert.ok(p > 0)));
  });
  assert.deepEqual(causalSoftmaxMaps(2, 6, 2, 3).arraySync(), a);
  assert.notDeepEqual(causalSoftmaxMaps(2, 6, 2, 4).arraySync(), a);
  assert.throws(() => causalSoftmaxMaps(1, 4, 0, 1), /sigma must be > 0/);
});

test("Table 2 (C2): (Q,Λt) MetaLA, (Q,K,Λt) and (Q,K) reach near-zero MSE; groups without Q stall (n = d_k = 12, σ = 4)", () => {
  const P = causalSoftmaxMaps(3, 12, 4, 11);
  const fit = (g: ParamGroup) => fitStaticMaps(P, g, { dk: 12, steps: 700 }).meanMse;
  for (const g of ["Q,Λt", "Q,K,Λt", "Q,K"] as const) {
    const e = fit(g);
    assert.ok(e < 5e-4, `${g} should fit: mean MSE ${e}`);
  }
  for (const g of ["K,Λ", "K,Λt", "Λ", "Λt"] as const) {
    const e = fit(g);
    assert.ok(e > 1e-3, `${g} should stall: mean MSE ${e}`);
  }
  assert.ok(fit("Q,Λt") < 1e-6, "MetaLA's (Q,Λt) has an exact solution (α_s = S_{s−1}/S_s) and gets to it");
  assert.throws(() => fitStaticMaps(P, "Q" as ParamGroup), /unknown parameter group 'Q'/);
  P.dispose();
  assert.ok(tf.memory().numTensors < 50, `tensors leaked: ${tf.memory().numTensors}`);
});

test("C2 closed form: α_s = S_{s−1}/S_s, k = 1 − α reproduces any probability row exactly with α, k in [0, 1]", () => {
  const P = causalSoftmaxMaps(1, 9, 3, 5).arraySync() as number[][][];
  const row = P[0][8];
  const { alpha, key, scores } = closedFormRow(row);
  scores.forEach((a, s) => assert.ok(Math.abs(a - row[s]) < 1e-6, `a_{8,${s}} = ${a} vs p = ${row[s]}`));
  for (const x of [...alpha, ...key]) assert.ok(x >= 0 && x <= 1, `bounded: ${x}`);
  assert.equal(alpha[0], 0, "the first token keeps nothing from before it");
  // the same decays give an earlier row the renormalised prefix of row 8, not that row of the map
  const prefix = closedFormRow(row.slice(0, 5)).scores;
  const S4 = row.slice(0, 5).reduce((a, b) => a + b, 0);
  prefix.forEach((a, s) => assert.ok(Math.abs(a - row[s] / S4) < 1e-6));
  assert.ok(Math.abs(prefix[0] - P[0][4][0]) > 1e-3, "row 4 of the map is not fitted by row 8's decays");
  assert.throws(() => closedFormRow([0.5, -0.1]), /p must be a non-empty row of probabilities/);
});

test("distant-mass maps: every row puts `mass` on token 0, rows sum to 1, seeded", () => {
  const P = distantMassMaps(2, 7, 0.5, 1, 3);
  const a = P.arraySync() as number[][][];
  for (const m of a) m.forEach((row, t) => {
    assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-6);
    assert.ok(Math.abs(row[0] - (t === 0 ? 1 : 0.5)) < 1e-7);
    row.forEach((p, s) => (s > t ? assert.equal(p, 0) : assert.ok(p > 0)));
  });
  assert.deepEqual(distantMassMaps(2, 7, 0.5, 1, 3).arraySync(), a);
  assert.throws(() => distantMassMaps(1, 4, 1, 1, 1), /mass must be in \(0, 1\)/);
  P.dispose();
});

test("C2 fixed decay: a given α₀ = 0.7 fits short distant-mass maps and stalls on longer ones; it needs a fixed-Λ group", () => {
  // reach d_k·C²·α₀^t at d_k = n: the n = 16 map's far rows need a score 0.5 from 0.7^15 ≈ 0.005 of the bound
  assert.ok(Math.abs(fixedDecayReach(0.7, 16, 5, 15) - 16 * 25 * 0.7 ** 15) < 1e-12);
  const fit = (n: number) => {
    const P = distantMassMaps(1, n, 0.5, 1, 7 * n);
    const e = fitStaticMaps(P, "Q,K,Λ", { dk: n, steps: 400, fixedDecay: 0.7 }).meanMse;
    P.dispose();
    return e;
  };
  const short = fit(6), long = fit(16);
  assert.ok(long > 1e-3, `n = 16 stalls: MSE ${long}`);
  assert.ok(long > 10 * short, `error grows with distance: ${short} → ${long}`);
  const P = distantMassMaps(1, 6, 0.5, 1, 1);
  assert.throws(() => fitStaticMaps(P, "Q,K,Λt", { fixedDecay: 0.7 }), /fixedDecay 0.7 needs a group with a fixed Λ/);
  assert.throws(() => fitStaticMaps(P, "Q,K,Λ", { fixedDecay: 1 }), /a value in \(0, 1\)/);
  P.dispose();
});
