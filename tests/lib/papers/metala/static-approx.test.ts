import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { causalSoftmaxMaps } from "../../../../lib/papers/metala/data";
import { fitStaticMaps, type ParamGroup } from "../../../../lib/papers/metala/static-approx";

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
  for (const g of ["K,Λ", "Λ", "Λt"] as const) {
    const e = fit(g);
    assert.ok(e > 1e-3, `${g} should stall: mean MSE ${e}`);
  }
  assert.ok(fit("Q,Λt") < 1e-6, "MetaLA's (Q,Λt) has an exact solution (α_s = S_{s−1}/S_s) and gets to it");
  assert.throws(() => fitStaticMaps(P, "Q" as ParamGroup), /unknown parameter group 'Q'/);
  P.dispose();
  assert.ok(tf.memory().numTensors < 50, `tensors leaked: ${tf.memory().numTensors}`);
});
