import { test } from "node:test";
import assert from "node:assert/strict";
import { linearTicks, logTicks } from "../../../lib/viz/ticks";
import { SCHEMA_URL } from "../../../lib/protocol";

test("logTicks: whole decades, 1-2-5 under three decades, powers of ten from three on, always ≥ 4 labels", () => {
  assert.deepEqual(logTicks(0.25, 1), { domain: [0.1, 1], ticks: [0.1, 0.2, 0.5, 1] });
  assert.deepEqual(logTicks(0.3, 2.4), { domain: [0.1, 10], ticks: [0.1, 0.2, 0.5, 1, 2, 5, 10] });
  assert.deepEqual(logTicks(0.05, 2.3), { domain: [0.01, 10], ticks: [0.01, 0.1, 1, 10] });
  assert.deepEqual(logTicks(1, 1), { domain: [1, 10], ticks: [1, 2, 5, 10] }, "a single value still spans a decade");
  assert.deepEqual(logTicks(2, 0.3), logTicks(0.3, 2), "bounds in either order");
  for (const [lo, hi] of [[1e-6, 3e-6], [0.02, 0.03], [0.4, 0.41], [3, 4e5], [7e-5, 2]]) {
    const t = logTicks(lo, hi);
    assert.ok(t.ticks.length >= 4, `${lo}..${hi}: ${t.ticks}`);
    assert.ok(t.domain[0] <= lo && t.domain[1] >= hi);
    assert.ok(t.ticks.every((v, i) => v >= t.domain[0] && v <= t.domain[1] && (i === 0 || v > t.ticks[i - 1])));
  }
  assert.throws(() => logTicks(0, 1), /must be positive and finite, got \[0, 1\]/);
});

test("logTicks: the domain is the one Vega's log scale gives the same data (so the extension and the figure agree)", async () => {
  const vl = require("vega-lite") as typeof import("vega-lite");
  const vega = require("vega") as typeof import("vega");
  for (const values of [[0.3, 0.8], [0.05, 2.3], [0.41, 0.43], [1.5, 320], [2e-4, 7e-3]]) {
    const spec = {
      $schema: SCHEMA_URL, data: { values: values.map((y, x) => ({ x, y })) }, mark: "line" as const,
      encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "y", type: "quantitative" as const, scale: { type: "log" as const } } },
    };
    const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
    await view.runAsync();
    assert.deepEqual(view.scale("y").domain(), logTicks(Math.min(...values), Math.max(...values)).domain, `data ${values}`);
    view.finalize();
  }
});

test("linearTicks: 1-2-5 steps inside the domain; nice widens to whole steps; a flat range is widened", () => {
  assert.deepEqual(linearTicks(1, 4, 4), { domain: [1, 4], ticks: [1, 2, 3, 4] });
  assert.deepEqual(linearTicks(0.3, 0.8, 4, true), { domain: [0.2, 0.8], ticks: [0.2, 0.4, 0.6, 0.8] });
  assert.deepEqual(linearTicks(0.31, 0.79, 4), { domain: [0.31, 0.79], ticks: [0.4, 0.6] });
  assert.deepEqual(linearTicks(-3, 7, 5), { domain: [-3, 7], ticks: [-2, 0, 2, 4, 6] });
  assert.deepEqual(linearTicks(5, 5, 4), { domain: [4, 6], ticks: [4, 4.5, 5, 5.5, 6] });
  assert.throws(() => linearTicks(0, Infinity), /must be finite/);
});
