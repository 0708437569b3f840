import { test } from "node:test";
import assert from "node:assert/strict";
import { clearOutput, display, DisplayBundle, DisplayHandle, headlessText, isNoEcho, JUPYTER_DISPLAY, NO_ECHO, registerFormatter, setDisplaySink, toMimeBundle } from "../../../lib/display";
import { FRAME_MAX_ROWS, formatFrame, formatTensor, isFrameLike, isTensorLike, isVegaLiteSpec } from "../../../lib/display/formatters";
import { table } from "../../../lib/display/table";

/** A tensor-shaped value (no tfjs needed: formatters duck-type). */
function fakeTensor(values: number[], shape: number[], dtype = "float32") {
  return {
    shape, dtype, rank: shape.length, size: values.length,
    dataSync: () => Float32Array.from(values),
    toString: () => `Tensor\n    [${values.join(", ")}]`,
  };
}

test("plain values become text/plain", async () => {
  assert.deepEqual((await toMimeBundle(42)).data, { "text/plain": "42" });
  assert.equal((await toMimeBundle("hi")).data["text/plain"], "'hi'");
});

test("Symbol.for('Jupyter.display') objects give their bundle plus text/plain", async () => {
  const b = await toMimeBundle({ [JUPYTER_DISPLAY]: () => ({ "text/html": "<b>x</b>" }) });
  assert.equal(b.data["text/html"], "<b>x</b>");
  assert.ok(typeof b.data["text/plain"] === "string");
});

test("tensors show shape, dtype and a value summary", async () => {
  const t = fakeTensor([1, 2, 3, 6], [2, 2]);
  assert.ok(isTensorLike(t));
  const text = String(formatTensor(t).data["text/plain"]);
  assert.match(text, /^Tensor float32 \[2, 2\]/);
  assert.match(text, /min 1 {2}max 6 {2}mean 3/);
  assert.equal((await toMimeBundle(t)).data["text/plain"], text);
  assert.match(String(formatTensor({ ...t, isDisposed: true }).data["text/plain"]), /disposed/);
});

test("danfo-like frames display as lab.table does: a Markdown table and aligned text, dtypes beside the names", () => {
  const df = { columns: ["a", "b"], dtypes: ["int32", "string"], shape: [2, 2], index: [0, 1], values: [[1, "x"], [2, "y"]], head() {} };
  assert.ok(isFrameLike(df));
  const b = formatFrame(df);
  const same = table([{ "": 0, a: 1, b: "x" }, { "": 1, a: 2, b: "y" }], { caption: "DataFrame 2 × 2", units: { a: "int32", b: "string" } });
  assert.deepEqual(b.data, { "text/markdown": same.markdown(), "text/plain": same.text() });
  assert.match(String(b.data["text/markdown"]), /^\*\*DataFrame 2 × 2\*\*\n\n\|  \| a \(int32\) \| b \(string\) \|/);
  assert.equal(String(b.data["text/plain"]).split("\n")[1].trim(), "a (int32)  b (string)");
});

test("long frames show head and tail with '… N more rows' between; integer-like column names keep their order", () => {
  const n = 100;
  const df = { columns: ["1", "0"], dtypes: ["int32", "int32"], shape: [n, 2], index: [...Array(n).keys()], values: [...Array(n).keys()].map((i) => [i, -i]), head() {} };
  const lines = String(formatFrame(df).data["text/plain"]).split("\n");
  assert.equal(lines.length, 3 + FRAME_MAX_ROWS + 1); // caption, header, rule, 10 + gap + 10
  assert.match(lines[1], /^\s+1 \(int32\)\s+0 \(int32\)$/);
  assert.match(lines[3 + FRAME_MAX_ROWS / 2], /^… 80 more rows\s+…\s+…$/);
  assert.match(lines[lines.length - 1], /^99\s+99\s+-99$/);
});

test("real danfo DataFrames and Series, as a cell's value, display as tables", async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  const df = new dfd.DataFrame({ model: ["a", "b", "c"], acc: [0.91234, 0.8, 0.7] });
  const b = await toMimeBundle(df);
  assert.deepEqual(Object.keys(b.data).sort(), ["text/markdown", "text/plain"]);
  assert.match(String(b.data["text/markdown"]), /\| 0 \| a \| 0\.9123 \|/);
  const s = await toMimeBundle(df.column("acc"));
  assert.match(String(s.data["text/plain"]), /^Series 3/);
  assert.match(String(s.data["text/markdown"]), /\| 2 \| 0\.7 \|/);
});

test("a Vega-Lite spec shows as JSON (never mislabelled) until lib/viz handles it", async () => {
  const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "point" };
  assert.ok(isVegaLiteSpec(spec));
  assert.ok(!isVegaLiteSpec({ $schema: "https://json-schema.org/draft-07" }));
  const b = await toMimeBundle(spec);
  assert.ok("text/plain" in b.data);
});

test("a formatter that throws is skipped, not fatal", async () => {
  registerFormatter({ name: "test-broken", format: (v) => { if ((v as { boom?: boolean })?.boom) throw new Error("broken"); return undefined; } });
  const b = await toMimeBundle({ boom: true });
  assert.match(String(b.data["text/plain"]), /boom: true/);
});

test("display helpers and handles go to the sink with their MIME types", async () => {
  const seen: Array<[string, DisplayBundle | boolean, string | undefined]> = [];
  const prev = setDisplaySink({
    display: (b, id) => seen.push(["display", b, id]),
    update: (b, id) => seen.push(["update", b, id]),
    clear: (wait) => seen.push(["clear", wait, undefined]),
  });
  try {
    const h = await display.html("<i>a</i>", { id: "x1" });
    await h.update(5);
    await display.markdown("# m");
    await display.svg("<svg/>");
    await display.png(Uint8Array.from([137, 80]));
    await display.json({ k: 1 });
    clearOutput({ wait: true });
  } finally {
    setDisplaySink(prev);
  }
  assert.equal(seen[0][2], "x1");
  assert.equal((seen[0][1] as DisplayBundle).data["text/html"], "<i>a</i>");
  assert.deepEqual([seen[1][0], seen[1][2], (seen[1][1] as DisplayBundle).data["text/plain"]], ["update", "x1", "5"]);
  assert.equal((seen[2][1] as DisplayBundle).data["text/markdown"], "# m");
  assert.equal((seen[3][1] as DisplayBundle).data["image/svg+xml"], "<svg/>");
  assert.equal((seen[4][1] as DisplayBundle).data["image/png"], Buffer.from([137, 80]).toString("base64"));
  assert.deepEqual((seen[5][1] as DisplayBundle).data["application/json"], { k: 1 });
  assert.deepEqual(seen[6], ["clear", true, undefined]);
});

test("tensor and frame formatters win over structural matchers registered later", async () => {
  registerFormatter({ name: "test-greedy", format: (v) => (v && typeof v === "object" && "dataSync" in v ? { data: { "text/plain": "greedy" }, metadata: {} } : undefined) });
  assert.match(String((await toMimeBundle(fakeTensor([1], [1]))).data["text/plain"]), /^Tensor float32 \[1\]/);
});

test("display() returns a Promise of its handle; a raw bundle reaches the sink before that", async () => {
  const seen: Array<[string, string | undefined]> = [];
  const prev = setDisplaySink({
    display: (b, id) => seen.push([String(b.data["text/plain"]), id]),
    update: (b, id) => seen.push([`update ${String(b.data["text/plain"])}`, id]),
    clear: () => undefined,
  });
  try {
    const pending = display({ "text/plain": "raw" }, { raw: true, id: "r1" });
    assert.ok(pending instanceof Promise, "display() is asynchronous: await it for the handle");
    assert.deepEqual(seen, [["raw", "r1"]], "sent synchronously");
    const h = await pending;
    assert.ok(h instanceof DisplayHandle);
    assert.equal(h.id, "r1");
    await h.update(7);
    const formatted = display({ k: 1 });
    assert.equal(seen.length, 2, "a formatted value is sent once its formatter has run, not before display() returns");
    await formatted;
    assert.equal(seen.length, 3);
  } finally {
    setDisplaySink(prev);
  }
  assert.deepEqual(seen[1], ["update 7", "r1"]);
});

test("the headless sink prints text/plain, else the bundle's MIME types", () => {
  assert.equal(headlessText({ data: { "text/html": "<b/>", "text/plain": "B" }, metadata: {} }), "B");
  assert.equal(headlessText({ data: { "text/html": "<b/>" }, metadata: {} }), "<text/html>");
  assert.equal(headlessText({ data: {}, metadata: {} }), "<empty display>");
});

test("display handles carry the no-echo mark (a kernel does not echo them as the cell's result); other values do not", async () => {
  const shown: DisplayBundle[] = [];
  const prev = setDisplaySink({ display: (b) => shown.push(b), update: () => {}, clear: () => {} });
  try {
    const h = await display.markdown("# x");
    assert.ok(h instanceof DisplayHandle);
    assert.equal(isNoEcho(h), true);
    assert.equal(shown.length, 1);
  } finally {
    setDisplaySink(prev);
  }
  assert.equal(NO_ECHO, Symbol.for("paperlab.display.noEcho"), "a registered symbol: another copy of the module agrees");
  assert.equal(isNoEcho({ [Symbol.for("paperlab.display.noEcho")]: true }), true);
  for (const v of [null, undefined, 0, "h", {}, { id: "x" }, [1], () => 1]) assert.equal(isNoEcho(v), false, String(v));
});
