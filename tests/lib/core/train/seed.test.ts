import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng, seed, rng, nextSeed, batchIndices, currentSeed } from "../../../../lib/core/train/seed";
import * as init from "../../../../lib/core/train/init";
import { useBackend } from "./backends";

test("Rng: same seed, same stream; different seeds differ", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = Array.from({ length: 8 }, () => a.nextUint32());
  const xb = Array.from({ length: 8 }, () => b.nextUint32());
  const xc = Array.from({ length: 8 }, () => c.nextUint32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
  assert.notDeepEqual(new Rng("data").float(), new Rng("model").float());
  assert.notEqual(new Rng(2 ** 40).float(), new Rng(0).float());
});

test("Rng: distributions have the right moments (n = 20000, tolerance 3 std errors)", () => {
  const r = new Rng(7);
  const n = 20000;
  let su = 0, sn = 0, sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.float();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 3 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(sn / n) < 3 / Math.sqrt(n));
  assert.ok(Math.abs(sn2 / n - 1) < 3 * Math.sqrt(2 / n));
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[r.int(3)]++;
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 3 * Math.sqrt(3000 * (1 / 3) * (2 / 3)));
});

test("Rng: permutation and shuffle are permutations; fork(label) is independent of draws", () => {
  const r = new Rng(1);
  const p = r.permutation(50);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(p, Array.from({ length: 50 }, (_, i) => i));
  const f1 = new Rng(5).fork("data").float();
  const s = new Rng(5);
  s.float();
  s.float();
  assert.equal(s.fork("data").float(), f1);
  assert.notEqual(new Rng(5).fork("init").float(), f1);
});

test("seed(n) resets the global stream, nextSeed() and batches follow it", () => {
  seed(123);
  assert.equal(currentSeed(), 123);
  const a = [rng().float(), nextSeed(), ...batchIndices(10, 4, { rng: rng() }).flat()];
  seed(123);
  const b = [rng().float(), nextSeed(), ...batchIndices(10, 4, { rng: rng() }).flat()];
  assert.deepEqual(a, b);
  const batches = batchIndices(10, 4, { dropLast: true });
  assert.deepEqual(batches, [[0, 1, 2, 3], [4, 5, 6, 7]]);
  assert.throws(() => batchIndices(10, 0), /positive integer/);
  assert.throws(() => seed(1.5), /finite integer/);
});

test("initializers: seeded, same values on wasm and cpu, right scale", async () => {
  const values: Float32Array[] = [];
  for (const b of ["wasm", "cpu"] as const) {
    await useBackend(b);
    seed(9);
    const w = init.glorotUniform([64, 32]);
    const d = tf.randomNormal([16], 0, 1, "float32", nextSeed());
    values.push(new Float32Array([...(await w.data()), ...(await d.data())]));
    tf.dispose([w, d]);
  }
  assert.deepEqual(values[0], values[1]);
  const limit = Math.sqrt(6 / (64 + 32));
  assert.ok(values[0].slice(0, 64 * 32).every((v) => Math.abs(v) <= limit));
  assert.deepEqual(init.fans([3, 3, 8, 16]), { fanIn: 72, fanOut: 144 });
  const h = init.heNormal([400, 10], new Rng(3));
  const hv = Array.from(await h.data());
  const std = Math.sqrt(hv.reduce((s, v) => s + v * v, 0) / hv.length);
  assert.ok(Math.abs(std - Math.sqrt(2 / 400)) < 0.1 * Math.sqrt(2 / 400), `std ${std}`);
  const t = init.truncatedNormal([1000], 0, 1, new Rng(4));
  assert.ok((await t.data()).every((v) => Math.abs(v) <= 2));
  tf.dispose([h, t]);
  const v = init.param([2, 2], init.glorotNormal);
  assert.ok(v.trainable);
  v.dispose();
});
