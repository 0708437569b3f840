/**
 * Every builder: the spec validates against the Vega-Lite v5 schema, renders to well-formed SVG with the
 * expected marks, and to a PNG of the expected size (scale × SVG size) with ink on it. Data are pinned.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import * as viz from "../../../lib/viz";
import { countItems, decodePng, distinctColours, inkPixels, parseXml, rng, validateVegaLite } from "./helpers";

function curveRows() {
  const r = rng(1);
  const rows: Record<string, unknown>[] = [];
  for (const [run, k] of [["MetaLA", 0.03], ["GLA", 0.02], ["RetNet-like", 0.012]] as const) {
    for (let seed = 0; seed < 3; seed++) for (let step = 0; step <= 100; step += 10) rows.push({ run, seed, step, loss: 2 * Math.exp(-k * step) + 0.3 + 0.1 * r() });
  }
  return rows;
}

const cm = [[50, 3, 2, 0], [4, 40, 6, 1], [1, 5, 38, 9], [0, 2, 7, 44]];
const spikes = (() => {
  const r = rng(3);
  const m: number[][] = [];
  for (let t = 0; t < 50; t++) m.push(Array.from({ length: 20 }, () => (r() < 0.1 ? 1 : 0)));
  return m;
})();
const nSpikes = spikes.flat().reduce((a, b) => a + b, 0);

/** name → [spec, expected user-mark item counts]. */
const cases: Record<string, [() => TopLevelSpec, Record<string, number>]> = {
  trainingCurves: [() => viz.trainingCurves(curveRows(), { y: "loss", logY: true, title: "loss" }), { line: 3, area: 3 }],
  groupedBars: [
    () =>
      viz.groupedBars(
        [
          { config: "d=64", source: "paper", acc: 99.1 },
          { config: "d=64", source: "ours", acc: 97.4, sd: 1 },
          { config: "d=128", source: "paper", acc: 99.6 },
          { config: "d=128", source: "ours", acc: 99.0, sd: 0.5 },
        ],
        { group: "config", series: "source", value: "acc", err: "sd", labels: ".1f" },
      ),
    { rect: 4, rule: 4, text: 4 },
  ],
  scatterFrontier: [
    () =>
      viz.scatterFrontier(
        [
          { e: 1, acc: 60, m: "a" },
          { e: 10, acc: 70, m: "a" },
          { e: 5, acc: 55, m: "b" },
          { e: 100, acc: 80, m: "b" },
          { e: 50, acc: 65, m: "b" },
        ],
        { x: "e", y: "acc", series: "m", logX: true, label: "m" },
      ),
    // 4 labels: (100, 80) sits in the plot's top right corner with the frontier arriving from its lower left, so its
    // label has no site clear of the line and inside the plot (it stays in the tooltip).
    { line: 1, symbol: 5, text: 4 },
  ],
  heatmap: [() => viz.heatmap({ values: Float32Array.from({ length: 24 * 30 }, (_, i) => Math.sin(i / 7)), shape: [24, 30] }, { title: "field" }), { rect: 720 }],
  confusionMatrix: [() => viz.confusionMatrix(cm, ["A", "B", "C", "D"]), { rect: 16, text: 16 }],
  imageGrid: [
    () => viz.imageGrid([1, 2, 3].map((k) => ({ label: `mask ${k}`, data: Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.cos(k * i + j)) ) })), { columns: 3 }),
    { rect: 192 },
  ],
  spikeRaster: [() => viz.spikeRaster(spikes, { rate: 5 }), { rect: 10 + nSpikes } /* ticks are drawn as rects: 10 rate bins + one per spike */],
  hconcat: [() => viz.hconcat([viz.confusionMatrix(cm, ["A", "B", "C", "D"]), viz.spikeRaster(spikes)]), { rect: 16 + nSpikes }],
  facet: [
    () =>
      viz.facet(
        { $schema: viz.SCHEMA_URL, data: { values: curveRows() }, mark: "point", encoding: { x: { field: "step", type: "quantitative" }, y: { field: "loss", type: "quantitative" } } },
        { field: "run" },
      ),
    { symbol: 99 },
  ],
};

for (const [name, [make, marks]] of Object.entries(cases)) {
  test(`${name}: valid Vega-Lite v5, SVG with the expected marks, PNG at 2× with ink`, async () => {
    const spec = make();
    const themed = viz.themed(spec);
    const v = validateVegaLite(themed);
    assert.ok(v.ok, `${name} spec fails the Vega-Lite schema: ${v.errors}`);
    const svg = await viz.renderSvg(spec);
    const root = parseXml(svg);
    assert.equal(root.name, "svg");
    for (const [mark, n] of Object.entries(marks)) assert.equal(countItems(root, mark), n, `${name}: ${mark} items`);
    const w = Number(root.attrs.width);
    const h = Number(root.attrs.height);
    assert.ok(w > 50 && h > 50, `${name}: svg size ${w}×${h}`);
    const png = decodePng(viz.svgToPng(svg, 2)); // renderPng = renderSvg + svgToPng (tested below)
    assert.equal(png.width, Math.round(w * 2));
    assert.equal(png.height, Math.round(h * 2));
    const ink = inkPixels(png);
    assert.ok(ink > 0.02 * png.width * png.height, `${name}: only ${ink} non-white pixels`);
    assert.ok(distinctColours(png) > 20, `${name}: too few colours for a figure`);
  });
}

test("PNG text is drawn with the shipped fonts (a text-only chart has ink)", async () => {
  const spec: TopLevelSpec = {
    $schema: viz.SCHEMA_URL,
    data: { values: [{ t: "Paperlab 123" }] },
    mark: { type: "text", fontSize: 40 },
    encoding: { text: { field: "t" } },
  };
  const png = decodePng(await viz.renderPng(spec, { scale: 1 }));
  // resvg draws nothing for text when no font is found, so this would be 0 without fonts
  assert.ok(inkPixels(png) > 300, `text ink ${inkPixels(png)}`);
  assert.ok(viz.fontFiles().files.length > 0);
});

test("renderPng scale sets the pixel size", async () => {
  const spec = viz.confusionMatrix([[1, 0], [0, 1]], ["a", "b"]);
  const root = parseXml(await viz.renderSvg(spec));
  const png = decodePng(await viz.renderPng(spec, { scale: 3 }));
  assert.equal(png.width, Math.round(Number(root.attrs.width) * 3));
});

test("an invalid spec fails schema validation (the check can fail)", () => {
  assert.equal(validateVegaLite({ mark: "line", encoding: { x: { field: "a", type: "quantitive" } } }).ok, false);
});
