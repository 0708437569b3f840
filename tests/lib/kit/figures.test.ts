import { test } from "node:test";
import assert from "node:assert/strict";
import { figure, referenceRule, SCHEMA_URL, atLeast, checkRegime, within } from "../../../lib/kit";
import { renderSvg } from "../../../lib/viz";

test("figure: one $schema, a typed spec that renders; a reference rule layers onto it", async () => {
  const spec = figure({
    data: { values: [{ x: 1, y: 0.5 }, { x: 2, y: 0.9 }] },
    layer: [{ mark: "line", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }, referenceRule(0.1, "chance")],
  });
  assert.equal((spec as { $schema?: string }).$schema, SCHEMA_URL);
  const svg = await renderSvg(spec);
  assert.match(svg, /<svg/);
  assert.match(svg, /chance/);
});

test("regime helpers: every guard must pass", () => {
  const ok = checkRegime([atLeast("softmax accuracy", 0.97, 0.95), within("R-EDM RMSE", 0.3, 0.1, 0.5, "m")]);
  assert.equal(ok.ok, true);
  const bad = checkRegime([atLeast("softmax accuracy", 0.27, 0.95), within("R-EDM RMSE", 0.3, 0.1, 0.5, "m")]);
  assert.equal(bad.ok, false);
  assert.match(bad.reason, /softmax accuracy at 0\.27, needs ≥ 0\.95/);
  assert.doesNotMatch(bad.reason, /R-EDM/, "only the failing guards are named");
});
