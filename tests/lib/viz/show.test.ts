/** The display formatter, named figures and live charts, through lib/display with a recording sink. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DisplayBundle, DisplaySink, listFormatters, setDisplaySink, toMimeBundle } from "../../../lib/display";
import * as viz from "../../../lib/viz";
import { parseXml } from "./helpers";

const spec = () => viz.confusionMatrix([[3, 1], [0, 4]], ["cat", "dog"], { title: "pets" });

test("importing lib/viz registers the Vega-Lite formatter", () => {
  assert.ok(listFormatters().some((f) => f.name === viz.FORMATTER_NAME));
});

test("a spec displays as Vega-Lite v5 + SVG + one-line text, never HTML", async () => {
  const b = await toMimeBundle(spec());
  assert.deepEqual(Object.keys(b.data).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
  const vl = b.data["application/vnd.vegalite.v5+json"] as { config?: { font?: string } };
  assert.ok(vl.config?.font, "theme applied in the bundle");
  assert.equal(parseXml(String(b.data["image/svg+xml"])).name, "svg");
  assert.equal(b.data["text/plain"], '<Vega-Lite figure "pets" (heatmap: 2 × 2 grid, values 0 … 1)>');
  // a hand-written spec is recognised by its $schema
  const hand = await toMimeBundle({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } });
  assert.ok("application/vnd.vegalite.v5+json" in hand.data);
  // a plain object is not a chart
  assert.deepEqual(Object.keys((await toMimeBundle({ mark: "not a spec" })).data), ["text/plain"]);
});

function recordingSink() {
  const events: { kind: string; bundle: DisplayBundle; id?: string }[] = [];
  const sink: DisplaySink = {
    display: (bundle, id) => events.push({ kind: "display", bundle, id }),
    update: (bundle, id) => events.push({ kind: "update", bundle, id }),
    clear: () => {},
  };
  return { events, sink };
}

test("show attaches the figure name to the display metadata; bad names are refused", async () => {
  const { events, sink } = recordingSink();
  const prev = setDisplaySink(sink);
  try {
    await viz.show(spec(), { name: "fig3-mqar-accuracy" });
  } finally {
    setDisplaySink(prev);
  }
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].bundle.metadata, { paperlab: { figure: "fig3-mqar-accuracy" } });
  await assert.rejects(viz.show(spec(), { name: "../x y" }), /must be letters, digits/);
});

test("liveChart displays once, then updates in place (throttled); close adds the SVG fallback", async () => {
  const { events, sink } = recordingSink();
  const prev = setDisplaySink(sink);
  try {
    const live = viz.liveChart((rows) => viz.trainingCurves(rows, { y: "loss" }), { intervalMs: 60_000, name: "loss" });
    live.push({ step: 0, loss: 1 });
    live.push({ step: 1, loss: 0.8 }, { step: 2, loss: 0.7 });
    await live.flush(); // the first update goes out at once
    live.push({ step: 3, loss: 0.6 }); // throttled: pending until flush/close (interval is 60 s)
    assert.equal(events.length, 1);
    await live.close();
    assert.throws(() => live.push({ step: 4, loss: 0.5 }), /after close/);
    assert.deepEqual(events.map((e) => e.kind), ["display", "update"]);
    assert.equal(events[0].id, events[1].id);
    assert.ok(!("image/svg+xml" in events[0].bundle.data), "intermediate updates skip the SVG render");
    assert.ok("image/svg+xml" in events[1].bundle.data, "the final update carries the SVG fallback");
    const final = events[1].bundle.data["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] } };
    assert.equal(final.data.values.length, 4);
    assert.deepEqual(events[1].bundle.metadata, { paperlab: { figure: "loss" } });
  } finally {
    setDisplaySink(prev);
  }
});

test("liveChart with a fixed spec fills data.values", () => {
  const live = viz.liveChart({ $schema: viz.SCHEMA_URL, data: { values: [] }, mark: "line", encoding: { x: { field: "t", type: "quantitative" } } });
  live.push({ t: 1 }, { t: 2 });
  assert.equal((live.spec() as { data: { values: unknown[] } }).data.values.length, 2);
});

test("saveFigure writes svg, png and json by extension", async () => {
  const fs = await import("fs");
  const os = await import("os");
  const path = await import("path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "viz-"));
  try {
    for (const ext of ["svg", "png", "json"]) {
      const f = await viz.saveFigure(spec(), path.join(dir, `fig.${ext}`));
      assert.ok(fs.statSync(f).size > 100, ext);
    }
    await assert.rejects(viz.saveFigure(spec(), path.join(dir, "fig.gif")), /use .svg, .png or .json/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("large figures fall back to PNG instead of a huge SVG; broken specs still send the chart", async () => {
  const big = viz.imageGrid(Array.from({ length: 6 }, (_, k) => ({ label: k, data: { values: Float32Array.from({ length: 64 * 64 }, (_, i) => Math.sin(i * (k + 1) / 97)), shape: [64, 64] } })));
  const b = await viz.specBundle(big);
  assert.ok(!("image/svg+xml" in b.data));
  const png = Buffer.from(String(b.data["image/png"]), "base64");
  assert.equal(png.subarray(1, 4).toString("ascii"), "PNG");
  // compact inline data: a 64 × 64 panel costs about 6 bytes per cell, not ~40
  assert.ok(JSON.stringify(big).length < 6 * 64 * 64 * 8, `spec is ${JSON.stringify(big).length} bytes`);
  const broken = { $schema: viz.SCHEMA_URL, data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } }, transform: [{ calculate: "datum.a +* 2", as: "b" }] };
  const bb = await viz.specBundle(broken as never);
  assert.ok("application/vnd.vegalite.v5+json" in bb.data);
  assert.match(String(bb.data["text/plain"]), /no SVG fallback: Unexpected token/);
});

test("without a kernel a live chart displays only its final figure", async () => {
  // The default sink (no kernel) prints text/plain to stdout: capture it.
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  (process.stdout as { write: unknown }).write = (chunk: unknown) => (lines.push(String(chunk)), true);
  try {
    const live = viz.liveChart((rows) => viz.trainingCurves(rows, { y: "loss" }), { intervalMs: 0 });
    live.push({ step: 0, loss: 1 });
    await live.flush();
    live.push({ step: 1, loss: 0.5 });
    await live.close();
  } finally {
    (process.stdout as { write: unknown }).write = write;
  }
  assert.equal(lines.length, 1, lines.join("|"));
  assert.match(lines[0], /trainingCurves: 1 run\(s\)/);
});

test("Vega and Vega-Lite warnings go to the run log (the sink's log), never to the console or the cell", async () => {
  const logged: string[] = [];
  const shown: DisplayBundle[] = [];
  const prev = setDisplaySink({ display: (b) => shown.push(b), update() {}, clear() {}, log: (t) => logged.push(t) });
  const consoleWarn = console.warn;
  const consoleLog = console.log;
  const consoled: unknown[][] = [];
  console.warn = (...a: unknown[]) => void consoled.push(a);
  console.log = (...a: unknown[]) => void consoled.push(a);
  try {
    // A field with no finite value (vega: "Infinite extent") and a quantitative shape (vega-lite: a compile warning).
    const spec = { $schema: viz.SCHEMA_URL, data: { values: [{ a: null, b: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" }, shape: { field: "b", type: "quantitative" } } };
    const svg = await viz.renderSvg(spec as unknown as Parameters<typeof viz.renderSvg>[0]);
    assert.equal(parseXml(svg).name, "svg", "the figure still renders");
    assert.ok(logged.some((t) => /^viz: WARN Infinite extent for field "a"/.test(t)), `run log: ${JSON.stringify(logged)}`);
    assert.ok(logged.some((t) => /^viz: WARN .*shape/.test(t)), "Vega-Lite's compile warnings too");
    assert.deepEqual(consoled, [], "nothing on the console, which a kernel turns into cell output");
    assert.equal(shown.length, 0);
  } finally {
    console.warn = consoleWarn;
    console.log = consoleLog;
    setDisplaySink(prev);
  }
});
