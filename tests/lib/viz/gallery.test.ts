/** notebooks/gallery.ipynb: a paperlab TypeScript notebook that shows every builder. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const file = path.join(__dirname, "..", "..", "..", "..", "notebooks", "gallery.ipynb");

test("the gallery is a paperlab notebook whose code cells call every builder", () => {
  const nb = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.metadata.kernelspec.name, "paperlab");
  assert.equal(nb.metadata.kernelspec.language, "typescript");
  const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { source: string[] }) => c.source.join("")).join("\n");
  const builders = ["trainingCurves", "groupedBars", "scatterFrontier", "heatmap", "confusionMatrix", "imageGrid", "spikeRaster", "hconcat", "facet", "show", "liveChart", "saveFigure", "renderSvg"];
  for (const b of builders) assert.ok(code.includes(`viz.${b}(`), `gallery does not call viz.${b}`);
  for (const c of nb.cells) if (c.cell_type === "code") assert.deepEqual(c.outputs, [], "commit the gallery without outputs");
});
