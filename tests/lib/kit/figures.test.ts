import { test } from "node:test";
import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import { figure, referenceRule, withReference, SCHEMA_URL, atLeast, checkRegime, within } from "../../../lib/kit";
import { facet, groupedBars, hconcat, renderSvg, textLayout, themed, trainingCurves } from "../../../lib/viz";
import { findAll, layoutProblems, parseXml, validateVegaLite } from "../viz/helpers";

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

/** The dashed rules of a rendered SVG: their y positions (horizontal lines) in drawing order. */
function dashedRules(svg: string): number[] {
  const lines = findAll(parseXml(svg), (n) => n.name === "line" && (n.attrs["stroke-dasharray"] ?? "") !== "");
  return lines.map((l) => Number(/translate\([^,]+,([^)]+)\)/.exec(l.attrs.transform ?? "")?.[1] ?? NaN));
}

const runs = [0, 1, 2, 3].flatMap((step) => ["a", "b"].map((run) => ({ step, run, value: 0.3 + 0.15 * step })));

test("withReference adds a labelled chance line to any figure in one line, on the figure's own scale", async () => {
  const cases: Array<[string, TopLevelSpec, number]> = [
    ["groupedBars", groupedBars([{ group: "x", value: 0.4 }, { group: "y", value: 0.8 }], { group: "group", value: "value" }), 1],
    ["trainingCurves", trainingCurves(runs, { x: "step", y: "value", series: "run" }), 1],
    ["unit view with a transform", figure({ data: { values: runs }, transform: [{ filter: "datum.step > 0" }], mark: "point", encoding: { x: { field: "step", type: "quantitative" }, y: { field: "value", type: "quantitative" } } }), 1],
    ["layer with a shared encoding", figure({ data: { values: runs }, encoding: { x: { field: "step", type: "ordinal" }, color: { field: "run", type: "nominal" } }, layer: [{ mark: "line", encoding: { y: { field: "value", type: "quantitative" } } }] }), 1],
    ["facet", facet(trainingCurves(runs, { x: "step", y: "value" }), { field: "run" }), 2],
    ["hconcat", hconcat([groupedBars([{ group: "x", value: 0.5 }]), groupedBars([{ group: "y", value: 0.9 }])]), 2],
  ];
  for (const [name, spec, panels] of cases) {
    const before = JSON.stringify(spec);
    const withChance = withReference(spec, 0.25, "chance (4 classes)");
    assert.equal(JSON.stringify(spec), before, `${name}: the input is not modified`);
    const v = validateVegaLite(themed(withChance));
    assert.ok(v.ok, `${name}: ${v.errors}`);
    const svg = await renderSvg(withChance);
    assert.equal(svg.match(/chance \(4 classes\)/g)?.length ?? 0, panels, `${name}: one label per panel`);
    const rules = dashedRules(svg);
    assert.ok(rules.length >= panels, `${name}: a dashed rule per panel, got ${rules.length}`);
    // The y axis title is the figure's, not merged with the reference layer's.
    const plain = await renderSvg(spec);
    const titles = (s: string) => (s.match(/aria-label="Y-axis titled '([^']*)'/g) ?? []).join("|");
    assert.equal(titles(svg), titles(plain), `${name}: axis titles unchanged`);
  }
});

test("the reference line is drawn at its value: 0.25 on a 0–1 axis sits at three quarters of the height", async () => {
  const spec = figure({ data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, height: 200, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative", scale: { domain: [0, 1] } } } });
  const [y] = dashedRules(await renderSvg(withReference(spec, 0.25, "chance")));
  assert.ok(Math.abs(y - 150) < 1, `rule at y = ${y} px, expected 150 (height 200, value 0.25 of [0, 1])`);
  const [x] = findAll(parseXml(await renderSvg(withReference(spec, 0.5, "paper", { channel: "x" }))), (n) => n.name === "line" && (n.attrs["stroke-dasharray"] ?? "") !== "").map((l) => Number(/translate\(([^,]+),/.exec(l.attrs.transform ?? "")?.[1]));
  assert.ok(Number.isFinite(x) && x > 0, `a vertical rule for channel "x", got x = ${x}`);
  assert.throws(() => withReference(spec, Number.NaN, "chance"), /not a finite number/);
  assert.throws(() => withReference({ data: { values: [] } } as unknown as TopLevelSpec, 0.1, "chance"), /no mark, layer, facet/);
});

test("labelOutside writes the label past the plot, clear of bar value labels at the line's height", async () => {
  // Bar values at 0.7 and 0.72 put their labels just above the 0.7 line, across the plot's width.
  const bars = groupedBars([{ g: "a", v: 0.7 }, { g: "b", v: 0.72 }, { g: "c", v: 0.3 }], { group: "g", value: "v", labels: ".2f", domain: [0, 1], width: 200 });
  const inside = await textLayout(withReference(bars, 0.7, "paper baseline band 0.70–0.76"));
  assert.ok(layoutProblems(inside).some((p) => p.includes("paper baseline band")), "inside, the label collides with the bar values");
  const spec = withReference(bars, 0.7, "paper baseline band 0.70–0.76", { labelOutside: true });
  assert.ok(validateVegaLite(themed(spec)).ok);
  const outside = await textLayout(spec);
  assert.deepEqual(layoutProblems(outside), []);
  const label = outside.texts.find((t) => t.text.startsWith("paper baseline"))!;
  const plotRight = Math.max(...outside.texts.filter((t) => t.role === "axis-label" && /^[abc]$/.test(t.text)).map((t) => t.x2));
  assert.ok(label.x1 > plotRight, `label starts at x = ${label.x1}, right of the last bar's label at ${plotRight}`);
  const vertical = await textLayout(withReference(figure({ data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }), 0.5, "paper", { channel: "x", labelOutside: true }));
  const top = Math.min(...vertical.symbols.map((b) => (b.y1 + b.y2) / 2)); // the point at y = 1 is on the plot's top edge
  assert.ok(vertical.texts.find((t) => t.text === "paper")!.y2 <= top, "a vertical line's label sits above the plot");
});

test("figure({ chance }) draws the chance line in every panel at its value; references add more lines", async () => {
  const body = { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, height: 200, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative", scale: { domain: [0, 1] } } } };
  const plain = await renderSvg(figure(body));
  assert.equal(dashedRules(plain).length, 0, "no line without the option");
  const svg = await renderSvg(figure(body, { chance: 0.25, chanceLabel: "chance (4 classes)" }));
  const [y] = dashedRules(svg);
  assert.ok(Math.abs(y - 150) < 1, `chance rule at y = ${y} px, expected 150 (height 200, 0.25 of [0, 1])`);
  assert.match(svg, /chance \(4 classes\)/);
  const two = await renderSvg(figure(body, { chance: 0.5, references: [{ value: 0.9, label: "paper", color: "#2a7" }] }));
  assert.deepEqual(dashedRules(two).map(Math.round), [100, 20], "chance at 0.5, the paper's line at 0.9");
  assert.match(two, />chance</);
  const faceted = figure({ data: { values: runs }, facet: { field: "run", type: "nominal" }, spec: { mark: "line", encoding: { x: { field: "step", type: "quantitative" }, y: { field: "value", type: "quantitative" } } } }, { chance: 0.1 });
  assert.equal((await renderSvg(faceted)).match(/>chance</g)?.length, 2, "one chance label per panel");
  assert.throws(() => figure(body, { chance: Number.NaN }), /not a finite number/);
});

test("regime helpers: every guard must pass", () => {
  const ok = checkRegime([atLeast("softmax accuracy", 0.97, 0.95), within("R-EDM RMSE", 0.3, 0.1, 0.5, "m")]);
  assert.equal(ok.ok, true);
  const bad = checkRegime([atLeast("softmax accuracy", 0.27, 0.95), within("R-EDM RMSE", 0.3, 0.1, 0.5, "m")]);
  assert.equal(bad.ok, false);
  assert.match(bad.reason, /softmax accuracy at 0\.27, needs ≥ 0\.95/);
  assert.doesNotMatch(bad.reason, /R-EDM/, "only the failing guards are named");
});
