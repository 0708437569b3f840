/** The project theme: applied everywhere, overridable globally and per call. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as viz from "../../../lib/viz";

const spec = () => viz.groupedBars([{ group: "a", value: 1 }, { group: "b", value: 2 }]);

test("themed specs carry the Okabe–Ito categories, viridis ramps and the shipped font", () => {
  const t = viz.themed(spec()) as { config: Record<string, any>; $schema: string };
  assert.equal(t.config.font.split(",")[0], '"Source Sans 3"');
  assert.deepEqual(t.config.range.category.slice(0, 3), ["#0072B2", "#E69F00", "#009E73"]);
  assert.equal(t.config.range.heatmap.scheme, "viridis");
  assert.match(t.$schema, /vega-lite\/v5/);
});

test("setTheme overrides globally, per-call config wins, setTheme(null) restores", async () => {
  const prev = viz.setTheme({ font: "DejaVu Sans", axis: { labelFontSize: 20 } });
  try {
    const t = viz.themed(spec()) as { config: Record<string, any> };
    assert.equal(t.config.font, '"DejaVu Sans"', "family names are quoted (valid CSS)");
    assert.equal(t.config.axis.labelFontSize, 20);
    assert.equal(t.config.axis.titleFontSize, 12, "deep merge keeps the rest of the default");
    const t2 = viz.themed(viz.groupedBars([{ group: "a", value: 1 }], { config: { axis: { labelFontSize: 7 } } })) as { config: Record<string, any> };
    assert.equal(t2.config.axis.labelFontSize, 7);
    const svg = await viz.renderSvg(spec());
    assert.match(svg, /font-family="&quot;DejaVu Sans&quot;"/, "family names are quoted (valid CSS)");
  } finally {
    viz.setTheme(null);
  }
  assert.equal(viz.getTheme(), viz.defaultTheme);
  assert.ok(prev === viz.defaultTheme);
});

test("font families are written as valid CSS: names quoted, generic keywords bare, idempotent", () => {
  assert.equal(viz.cssFontFamily("Source Sans 3, DejaVu Sans, sans-serif"), '"Source Sans 3", "DejaVu Sans", sans-serif');
  assert.equal(viz.cssFontFamily(viz.FONT), viz.FONT);
  assert.equal(viz.cssFontFamily("'Source Sans 3', Serif"), '"Source Sans 3", Serif');
  assert.equal(viz.cssFontFamily(["Helvetica Neue", "monospace"]), '"Helvetica Neue", monospace');
  const t = viz.themed(spec(), { config: { title: { font: "Source Sans 3, serif" }, axis: { labelFont: "Arial" } } }) as { config: Record<string, any> };
  assert.equal(t.config.title.font, '"Source Sans 3", serif');
  assert.equal(t.config.axis.labelFont, '"Arial"');
  assert.equal(t.config.axis.labelFontSize, 11, "only font families change");
});

test("y-axis end labels sit on their ticks (the theme does not flush them)", async () => {
  const spec = { $schema: viz.SCHEMA_URL, height: 200, data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } } as const;
  const yLabels = async (config?: object) => {
    const svg = await viz.renderSvg(spec as unknown as Parameters<typeof viz.renderSvg>[0], { config });
    const group = [...svg.matchAll(/<g class="mark-text role-axis-label"[^]*?<\/g>/g)].map((m) => m[0]).find((g) => !/text-anchor="(start|middle)"/.test(g))!; // the y axis: every label right-aligned
    return [...group.matchAll(/translate\([^,]+,([^)]+)\)/g)].map((m) => Number(m[1]));
  };
  const ys = await yLabels();
  assert.ok(ys.length >= 5, `y labels at ${ys.join(", ")}`);
  const steps = ys.slice(1).map((y, i) => ys[i] - y);
  assert.ok(steps.every((d) => Math.abs(d - steps[0]) < 0.5), `labels evenly spaced like their ticks: ${ys.join(", ")}`);
  const flushed = await yLabels({ axis: { labelFlush: true } });
  assert.notDeepEqual(flushed, ys, "the check can tell flushed labels apart");
});

test("builders do not bake the theme in (a later setTheme still applies)", () => {
  assert.equal((spec() as { config?: unknown }).config, undefined);
});

test("series stay distinct in grey-scale: lines get dash patterns, points get shapes", () => {
  const rows = ["a", "b", "c"].flatMap((run) => [0, 1].map((step) => ({ run, step, value: step, x: step + 1, y: step, m: run })));
  const curves = JSON.stringify(viz.trainingCurves(rows));
  assert.match(curves, /"strokeDash":\{"field":"run"/);
  const scatter = JSON.stringify(viz.scatterFrontier(rows, { series: "m" }));
  assert.match(scatter, /"shape":\{"field":"m"/);
  // Okabe–Ito: the first two colours (lines 1 and 2) differ in luminance by more than 0.2
  const lum = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(Math.abs(lum(viz.OKABE_ITO[0]) - lum(viz.OKABE_ITO[1])) > 0.2);
});

test("the shipped font is the one PNG rendering loads", () => {
  const f = viz.fontFiles();
  assert.equal(f.family, "Source Sans 3", "npm package @expo-google-fonts/source-sans-3 missing: run npm install");
  assert.ok(f.files.every((p) => p.endsWith(".ttf")));
});
