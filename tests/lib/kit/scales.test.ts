import { test } from "node:test";
import assert from "node:assert/strict";
import { defineScales } from "../../../lib/kit";

interface Cfg {
  seed: number;
  steps: number;
  widths: number[];
  model: { d: number; heads: number };
}
const S = defineScales<Cfg>("toy", {
  smoke: { seed: 0, steps: 5, widths: [8], model: { d: 8, heads: 1 } },
  default: { seed: 0, steps: 100, widths: [16, 32], model: { d: 32, heads: 2 } },
  full: { seed: 0, steps: 10_000, widths: [64, 128], model: { d: 128, heads: 4 } },
});

test("config: a scale with checked overrides, nested objects merged one level", () => {
  assert.equal(S.config("smoke").steps, 5);
  assert.equal(S.config().steps, 100, "default scale when none is given");
  const c = S.config("default", { steps: 7, model: { d: 64 } as Cfg["model"] });
  assert.equal(c.steps, 7);
  assert.deepEqual(c.model, { d: 64, heads: 2 });
  // the preset itself is not changed by a config or by mutating what config returned
  c.widths.push(1);
  assert.deepEqual(S.config("default").widths, [16, 32]);
});

test("config: unknown scale, unknown key, wrong kind are errors naming the known ones", () => {
  assert.throws(() => S.config("huge"), /toy: unknown scale "huge"; known scales: smoke, default, full/);
  assert.throws(() => S.config("default", { stpes: 3 } as unknown as Partial<Cfg>), /unknown config key 'stpes'; known keys: seed, steps, widths, model/);
  assert.throws(() => S.config("default", { steps: "3" } as unknown as Partial<Cfg>), /'steps' expects number, got "3"/);
  assert.throws(() => S.config("default", { model: { width: 3 } } as unknown as Partial<Cfg>), /toy model: unknown config key 'width'/);
});

test("defineScales: every scale must set the keys of default", () => {
  assert.throws(
    () => defineScales("bad", { smoke: { a: 1 }, default: { a: 1, b: 2 }, full: { a: 1, b: 2 } } as never),
    /bad: scale 'smoke' must define the same keys as 'default'; missing: b/,
  );
  assert.ok(S.isScale("full") && !S.isScale("fast"));
});

test("config: a nested group takes a partial override (typed, no cast); the scale keeps its other fields", () => {
  const c = S.config("smoke", { model: { heads: 2 } });
  assert.deepEqual(c.model, { d: 8, heads: 2 });
  assert.deepEqual(S.config("smoke", { widths: [4, 8] }).widths, [4, 8], "arrays are replaced, not merged");
});

test("defineScales groups: a partial group's override keys are checked against its reference, not the preset's keys", () => {
  interface Run {
    steps: number;
    model: Partial<{ d: number; heads: number; chunk: number }>;
  }
  const presets = { smoke: { steps: 1, model: {} }, default: { steps: 10, model: { d: 32 } }, full: { steps: 100, model: { d: 64, heads: 4 } } };
  const open = defineScales<Run>("toy", presets, { groups: { model: { d: 64, heads: 2, chunk: 32 } } });
  assert.deepEqual(open.config("smoke", { model: { chunk: 16 } }).model, { chunk: 16 }, "a field the preset does not set");
  assert.deepEqual(open.config("default", { model: { heads: 2 } }).model, { d: 32, heads: 2 });
  assert.throws(() => open.config("smoke", { model: { chunks: 16 } } as never), /toy model: unknown config key 'chunks'; known keys: d, heads, chunk/);
  const closed = defineScales<Run>("toy", presets);
  assert.throws(() => closed.config("smoke", { model: { chunk: 16 } }), /toy model: unknown config key 'chunk'/, "without a reference the preset's keys are the known ones");
});
