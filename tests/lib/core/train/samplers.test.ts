import { test } from "node:test";
import assert from "node:assert/strict";
import { gamma, poisson, POISSON_NORMAL_ABOVE } from "../../../../lib/core/train/samplers";
import { Rng } from "../../../../lib/core/train/seed";

const moments = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: m, variance: xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) };
};

test("poisson: integer counts with mean = variance = λ on both sides of the normal switch; seeded", () => {
  const n = 40_000;
  for (const lambda of [0.05, 0.8, 4, 17, 45, 120]) {
    const r = new Rng(`poisson-${lambda}`);
    const xs = Array.from({ length: n }, () => poisson(r, lambda));
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0));
    const { mean, variance } = moments(xs);
    const se = Math.sqrt(lambda / n); // standard error of the mean
    assert.ok(Math.abs(mean - lambda) < 5 * se, `λ=${lambda}: mean ${mean}`);
    assert.ok(Math.abs(variance / lambda - 1) < 0.06, `λ=${lambda}: variance ${variance}`);
  }
  // P(0) = e^{−λ} for a small rate (Knuth's branch)
  const r = new Rng(1);
  const zeros = Array.from({ length: n }, () => poisson(r, 0.7)).filter((x) => x === 0).length / n;
  assert.ok(Math.abs(zeros - Math.exp(-0.7)) < 0.01, `P(0) ${zeros}`);
  assert.equal(poisson(new Rng(3), 0), 0);
  const a = Array.from({ length: 5 }, ((r1) => () => poisson(r1, 3))(new Rng(9)));
  const b = Array.from({ length: 5 }, ((r2) => () => poisson(r2, 3))(new Rng(9)));
  assert.deepEqual(a, b, "same seed, same counts");
  assert.ok(POISSON_NORMAL_ABOVE > 17 && POISSON_NORMAL_ABOVE < 45, "the test covers both branches");
  assert.throws(() => poisson(new Rng(0), -1), /poisson: expected a finite rate/);
});

test("gamma: mean kθ and variance kθ² for shapes below and above 1; positive; seeded", () => {
  const n = 40_000;
  for (const [k, th] of [[0.5, 2], [1, 1], [10, 0.1], [3.3, 4]]) {
    const r = new Rng(`gamma-${k}-${th}`);
    const xs = Array.from({ length: n }, () => gamma(r, k, th));
    assert.ok(xs.every((x) => x > 0));
    const { mean, variance } = moments(xs);
    const sd = Math.sqrt(k) * th;
    assert.ok(Math.abs(mean - k * th) < 5 * (sd / Math.sqrt(n)), `k=${k} θ=${th}: mean ${mean}`);
    assert.ok(Math.abs(variance / (k * th * th) - 1) < 0.08, `k=${k} θ=${th}: variance ${variance}`);
  }
  assert.throws(() => gamma(new Rng(0), 0), /gamma.shape/);
  assert.throws(() => gamma(new Rng(0), 2, -1), /gamma.scale/);
});
