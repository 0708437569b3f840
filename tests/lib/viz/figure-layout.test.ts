/**
 * The figure-layout test (issue 27): every named figure of the gallery notebook, rendered headless as exported
 * (theme applied, the SVG the PNG is rasterised from), keeps every text item inside the canvas (no truncated axis
 * titles or legends) and no two text items overlapping (tick labels, legend labels, titles). Text boxes come from
 * vega's scenegraph (viz.textLayout). Paper figures get the same check in their figures tests (assertFigureRenders
 * and assertFigureLayout in helpers.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import type { TopLevelSpec } from "vega-lite";
import * as viz from "../../../lib/viz";
import { assertFigureLayout, layoutProblems } from "./helpers";

const file = path.join(__dirname, "..", "..", "..", "..", "notebooks", "gallery.ipynb");

/**
 * The gallery's figures: its code cells run in order with `lab.viz` recording every spec a builder returns (panels of a
 * composition included). Cells that display, stream or save (show, liveChart, saveFigure, renderSvg) or need danfo are
 * skipped; their figures are built by the cells kept.
 */
function gallerySpecs(): { name: string; spec: TopLevelSpec }[] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string[] }[] };
  const skip = /\bviz\.(show|liveChart|saveFigure|renderSvg)\(|\bdfd\./;
  const cells = nb.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join("")).filter((s) => !skip.test(s));
  const specs: { name: string; spec: TopLevelSpec }[] = [];
  const recording = new Proxy(viz, {
    get(target, key: string) {
      const f = (target as Record<string, unknown>)[key];
      if (typeof f !== "function") return f;
      return (...args: unknown[]) => {
        const out = (f as (...a: unknown[]) => unknown)(...args);
        if (viz.isVegaLiteSpec(out)) specs.push({ name: `${key} #${specs.length + 1}`, spec: out });
        return out;
      };
    },
  });
  const js = ts.transpile(cells.join("\n;\n"), { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None });
  new Function("lab", js)({ viz: recording });
  return specs;
}

test("layoutProblems finds a clipped title and overlapping labels", async () => {
  const values = [{ x: "a very long category label one", y: 1 }, { x: "a very long category label two", y: 2 }];
  const clipped: TopLevelSpec = { data: { values }, mark: "bar", width: 40, encoding: { x: { field: "x", type: "nominal", axis: { labelAngle: 0, labelOverlap: false } }, y: { field: "y", type: "quantitative" } }, autosize: { type: "none" } };
  const problems = layoutProblems(await viz.textLayout(clipped));
  assert.ok(problems.some((p) => p.includes("outside")), problems.join("\n"));
  assert.ok(problems.some((p) => p.includes("overlaps")), problems.join("\n"));
});

test("every gallery figure keeps its text inside the canvas and apart", async () => {
  const specs = gallerySpecs();
  assert.ok(specs.length >= 10, `expected the gallery's ≥ 10 figures, got ${specs.length}`);
  // scatterFrontier labels its points (lib/viz/labels.ts): its labels must clear the points too.
  for (const { name, spec } of specs) await assertFigureLayout(`gallery ${name}`, spec);
  const scatter = specs.find((s) => s.name.startsWith("scatterFrontier"));
  assert.ok(scatter, "the gallery has a scatterFrontier figure");
  const labels = (await viz.textLayout(scatter.spec)).texts.filter((t) => t.role === "mark");
  assert.ok(labels.length >= 14, `most of the gallery scatter's 18 points keep their label, got ${labels.length}`);
});

test("layoutProblems: with labelsClearOfPoints a data label over a point is a defect, an axis label over one is not; two slanted labels are not compared", () => {
  const box = (text: string, role: string, x1: number, angle = 0) => ({ text, role, angle, x1, y1: 10, x2: x1 + 20, y2: 20 });
  const point = (x: number) => ({ x1: x - 4, y1: 11, x2: x + 4, y2: 19 });
  const l = { width: 100, height: 50, texts: [box("a", "mark", 10), box("c", "axis-label", 60)], symbols: [point(15), point(65), point(40)] };
  assert.deepEqual(layoutProblems(l).map((p) => p.slice(0, 8)), ['mark "a"'], "on by default");
  assert.deepEqual(layoutProblems(l, { labelsClearOfPoints: false }), [], "off when asked");
  const slanted = { width: 100, height: 50, texts: [box("e", "axis-label", 10, -45), box("f", "axis-label", 15, -45), box("g", "axis-title", 20)] };
  assert.equal(layoutProblems(slanted).length, 2); // e/g and f/g: upright text is still compared with slanted text
});
