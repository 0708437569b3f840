/**
 * Headless text layout: vega measures text with the shipped font's advance widths (lib/viz/text-metrics.ts), so a
 * figure's canvas fits its content and axis labels are not thinned out as overlapping when they are not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as viz from "../../../lib/viz";
import { parseFace, textWidth } from "../../../lib/viz/text-metrics";
import { parseXml, findAll } from "./helpers";

test("text widths match what resvg draws with the same font (within 3 %)", () => {
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const f = viz.fontFiles();
  for (const [text, size, weight] of [["MQAR accuracy vs width (best over learning rate)", 14, 600], ["expanded (binary spikes) logit", 12, 600], ["−0.25 σ λ/4 Δ", 11, 400]] as const) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="40"><text x="0" y="30" font-family="${f.family}" font-size="${size}" font-weight="${weight}">${text}</text></svg>`;
    const ink = new Resvg(svg, { font: { fontFiles: f.files, loadSystemFonts: false, defaultFontFamily: f.family } }).getBBox();
    const ours = textWidth(text, size, weight);
    assert.ok(ink && ink.width > 0, "resvg drew the text");
    // The ink box leaves out the side bearings of the first and last glyph: ours is a little wider.
    assert.ok(Math.abs(ours - ink.width) / ours < 0.03, `"${text}": ${ours.toFixed(1)} px measured, resvg's ink ${ink.width.toFixed(1)} px`);
  }
  assert.ok(textWidth("Accuracy", 14, 700) > textWidth("Accuracy", 14, 400), "bold is wider than regular");
  assert.equal(textWidth("", 12), 0);
});

test("a font file without the tables a width needs is refused, naming the table", () => {
  const file = viz.fontFiles().files[0];
  const buf = Buffer.from(fs.readFileSync(file));
  // Rename the 'hmtx' table in the directory.
  for (let i = 0; i < buf.readUInt16BE(4); i++) if (buf.toString("latin1", 12 + 16 * i, 16 + 16 * i) === "hmtx") buf.write("xxxx", 12 + 16 * i, "latin1");
  assert.throws(() => parseFace(buf, "broken.ttf"), /broken\.ttf has no 'hmtx' table/);
});

test("a long title sizes the canvas by its real width, not 0.8 em per character", async () => {
  // Shorter than MIN_TITLE_WIDTH, so it is not wrapped (lib/viz/titles.ts): the canvas is the title's width.
  const title = "MQAR accuracy vs width (best lr)";
  const svg = await viz.renderSvg(viz.groupedBars([{ group: "a", value: 1 }, { group: "b", value: 2 }], { title }));
  const width = Number(parseXml(svg).attrs.width);
  const real = textWidth(title, 14, 600);
  const estimate = 0.8 * title.length * 14;
  assert.ok(real < viz.MIN_TITLE_WIDTH && estimate > viz.MIN_TITLE_WIDTH, `title ${real} px, estimate ${estimate} px`);
  assert.ok(width >= real && width < real + 40, `canvas ${width} px for a ${real.toFixed(0)}-px title (vega's estimate: ${estimate} px)`);
});

test("axis labels that fit are all drawn (none dropped as overlapping)", async () => {
  const values = [{ x: -0.34, y: -0.34 }, { x: 0.29, y: 0.29 }];
  const svg = await viz.renderSvg({ $schema: viz.SCHEMA_URL, width: 220, height: 220, data: { values }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
  const xLabels = findAll(parseXml(svg), (n) => n.name === "g" && (n.attrs.class ?? "").includes("role-axis-label"))[0];
  // Vega hides an overlapping label with opacity 0 (it stays in the SVG).
  const texts = findAll(xLabels, (n) => n.name === "text" && n.attrs.opacity !== "0").map((t) => t.text.trim());
  const nums = texts.map((t) => Number(t.replace("−", "-")));
  // With vega's 0.8-em estimate every other label was dropped: −0.3, −0.1, 0.1, 0.3.
  assert.ok(nums.length >= 6 && nums.every((v, i) => i === 0 || Math.abs(v - nums[i - 1] - 0.1) < 1e-9), `x labels: ${texts.join(" ")}`);
});
