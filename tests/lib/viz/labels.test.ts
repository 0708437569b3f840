/**
 * Tests of lib/viz/labels.ts: greedy point-label placement (clear of marks, lines, other labels and the plot's
 * edges), the pixel scale that predicts vega's, and the text layers that draw the placement.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as viz from "../../../lib/viz";
import { layoutProblems, validateVegaLite } from "./helpers";

const opts = { width: 200, height: 100, fontSize: 9, markRadius: 4, gap: 1.5 };

test("placeLabels: a lone point takes its first choice; a neighbour on that side moves the label elsewhere", () => {
  assert.deepEqual(viz.placeLabels([{ x: 50, y: 50, text: "A1" }], opts), ["e"]);
  const two = viz.placeLabels([{ x: 50, y: 50, text: "A1" }, { x: 62, y: 50, text: "B2" }], opts);
  assert.notEqual(two[0], "e", "the right side is taken by the neighbouring point");
  assert.ok(two[0] !== null && two[1] !== null);
});

test("placeLabels: labels stay inside the plot, and a label with no free site is left out", () => {
  // At the right edge the label goes left; at the top right corner, below-left.
  assert.deepEqual(viz.placeLabels([{ x: 198, y: 50, text: "edge" }], opts), ["w"]);
  assert.equal(viz.placeLabels([{ x: 198, y: 2, text: "corner" }], opts)[0], "sw");
  // A point boxed in by eight neighbours 9 px away has no site for its label; the ring's outer labels still fit.
  const ring = [[-9, -9], [0, -9], [9, -9], [-9, 0], [9, 0], [-9, 9], [0, 9], [9, 9]].map(([dx, dy]) => ({ x: 100 + dx, y: 50 + dy, text: "" }));
  const sides = viz.placeLabels([{ x: 100, y: 50, text: "hidden" }, ...ring], opts);
  assert.equal(sides[0], null);
  // A line through the label's first site pushes it to another.
  const crossed = viz.placeLabels([{ x: 50, y: 50, text: "A1" }], { ...opts, lines: [[{ x: 50, y: 50 }, { x: 120, y: 50 }]] });
  assert.notEqual(crossed[0], "e");
  assert.notEqual(crossed[0], null);
});

test("placeLabels: a tight cluster gets labels that do not overlap (checked on the rendered figure)", async () => {
  // Nine points on a 3×3 grid 14 px apart: fixed-offset labels would overlap; placed ones may not.
  const rows = Array.from({ length: 9 }, (_, i) => ({ x: 10 + (i % 3) * 0.45, y: 10 + Math.floor(i / 3) * 0.7, name: `P${i}` }));
  const spec = viz.scatterFrontier(rows, { label: "name", frontier: false, width: 200, height: 100 });
  assert.ok(validateVegaLite(viz.themed(spec)).ok);
  const layout = await viz.textLayout(spec);
  assert.deepEqual(layoutProblems(layout, { labelsClearOfPoints: true }), []);
  const drawn = layout.texts.filter((t) => t.role === "mark").map((t) => t.text);
  const kept = (spec as unknown as { data: { values: { name: string; _labelSide: string | null }[] } }).data.values.filter((r) => r._labelSide !== null).map((r) => r.name);
  assert.deepEqual(drawn.sort(), kept.sort(), "exactly the placed labels are drawn");
  assert.ok(kept.length >= 5, `most labels find a site, got ${kept.length} of 9`);
});

test("pixelScale: vega's nice domains (a log axis to powers of ten, a linear one to round ticks) and fixed domains", () => {
  const log = viz.pixelScale({ type: "log", values: [2.3, 700], range: [0, 300] });
  assert.deepEqual([log(1), log(10), log(1000)].map((v) => Math.round(v)), [0, 100, 300]);
  const lin = viz.pixelScale({ type: "linear", values: [61, 89], range: [200, 0] });
  assert.deepEqual([lin(60), lin(90)], [200, 0]);
  const fixed = viz.pixelScale({ type: "linear", domain: [-90, 90], range: [0, 260] });
  assert.deepEqual([fixed(-90), fixed(0), fixed(90)], [0, 130, 260]);
});

test("labelLayers: one text layer per side used, each filtering its rows", () => {
  const layers = viz.labelLayers(["e", null, "w", "e"], { x: { field: "x" }, y: { field: "y" }, text: { field: "t" } }, { fontSize: 9, distance: 6 });
  assert.equal(layers.length, 2);
  assert.deepEqual(layers.map((l) => (l.transform as { filter: { equal: string } }[])[0].filter.equal), ["e", "w"]);
  assert.deepEqual(layers.map((l) => (l.mark as { align: string }).align), ["left", "right"]);
});
