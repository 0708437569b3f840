import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setDisplaySink, DisplayBundle } from "../../../../lib/display";
import {
  progressBundle, progressLine, lossCurveSpec, downsampleCurve, LineProgress, createProgress, DisplayProgress,
  VEGALITE_MIME, VEGALITE_SCHEMA, TRAINING_MIME, ProgressState, CurveRow, TrainingPayload,
} from "../../../../lib/core/train/progress";
import { train } from "../../../../lib/core/train/loop";
import { useBackend } from "./backends";

const state: ProgressState = {
  title: "mlp <demo>", epoch: 1, epochs: 4, step: 30, totalSteps: 120, loss: 0.12345, lr: 1e-4,
  elapsedMs: 3000, metrics: { valAcc: 0.875 }, done: false,
};

test("progressBundle: html bar + text line, escaped, with ETA", () => {
  const b = progressBundle(state);
  const text = String(b["text/plain"]);
  assert.match(text, /^\[#{8}\.{22}\] 25\.0% mlp <demo>: epoch 2\/4 step 30\/120 loss 0\.1235 lr 1\.000e-4 valAcc 0\.8750 10\.0 steps\/s 3\.0 s ETA 9\.0 s$/);
  const html = String(b["text/html"]);
  assert.match(html, /width:25%/);
  assert.match(html, /mlp &lt;demo&gt;/);
  assert.doesNotMatch(html, /<demo>/);
  assert.match(progressLine({ ...state, done: true, note: "stopped" }), /\(stopped\)$/);
});

test("lossCurveSpec: a Vega-Lite v5 spec with the points, log y when positive; downsampling averages bins", () => {
  const rows: CurveRow[] = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1), run: "train" }));
  rows.push({ step: 10, loss: 0.2, run: "valLoss" });
  const spec = lossCurveSpec(rows) as { $schema: string; data: { values: Record<string, unknown>[] } };
  assert.equal(spec.$schema, VEGALITE_SCHEMA);
  assert.equal(spec.data.values.length, 11);
  assert.match(JSON.stringify(spec), /"type":"log"/);
  // it compiles to Vega (vega-lite checks the spec)
  const vl = require("vega-lite") as typeof import("vega-lite");
  const compiled = vl.compile(spec as never).spec as { data?: unknown[] };
  assert.ok(Array.isArray(compiled.data) && compiled.data.length > 0);
  const neg = lossCurveSpec([{ step: 1, loss: -1, run: "train" }]);
  assert.doesNotMatch(JSON.stringify(neg), /"type":"log"/);
  const many = Array.from({ length: 1000 }, (_, i) => ({ step: i + 1, loss: i, run: "train" }));
  const d = downsampleCurve(many, 100);
  assert.equal(d.length, 100);
  assert.deepEqual(d[0], { run: "train", step: 10, loss: 4.5 });
});

test("LineProgress is rate-limited; forced lines always print", async () => {
  let now = 0;
  const lines: string[] = [];
  const p = new LineProgress((l) => lines.push(l), 1000, () => now);
  await p.update(state, []); // first: prints
  now = 500;
  await p.update(state, []); // too soon
  await p.update(state, [], true); // forced
  now = 1600;
  await p.update(state, []);
  assert.equal(lines.length, 3);
});

test("in a notebook, train() shows a bar and a loss curve updated in place by display id", async () => {
  await useBackend("wasm");
  const calls: { kind: "display" | "update"; id: string; data: Record<string, unknown> }[] = [];
  const prev = setDisplaySink({
    display: (b: DisplayBundle, id: string | undefined) => void calls.push({ kind: "display", id: id!, data: b.data }),
    update: (b: DisplayBundle, id: string) => void calls.push({ kind: "update", id, data: b.data }),
    clear: () => {},
  });
  try {
    assert.ok(createProgress("auto") instanceof DisplayProgress);
    const w = tf.variable(tf.tensor1d([2]));
    await train({ data: () => [0, 1, 2], loss: () => tf.sum(tf.square(w)), optimizer: tf.train.sgd(0.1), epochs: 2, progressEveryMs: 0 });
    w.dispose();
  } finally {
    setDisplaySink(prev);
  }
  const displays = calls.filter((c) => c.kind === "display");
  assert.equal(displays.length, 2, "one bar and one curve output");
  const [bar, curve] = displays;
  assert.ok("text/html" in bar.data && "text/plain" in bar.data);
  assert.ok(VEGALITE_MIME in curve.data);
  assert.notEqual(bar.id, curve.id);
  const updates = calls.filter((c) => c.kind === "update");
  assert.ok(updates.length >= 6);
  assert.ok(updates.every((u) => u.id === bar.id || u.id === curve.id));
  const lastBar = updates.filter((u) => u.id === bar.id).at(-1)!;
  assert.match(String(lastBar.data["text/plain"]), /100\.0% train: epoch 2\/2 step 6\/6/);
  const lastCurve = updates.filter((u) => u.id === curve.id).at(-1)!;
  const spec = lastCurve.data[VEGALITE_MIME] as { data: { values: unknown[] } };
  assert.equal(spec.data.values.length, 6);
  // the extension's payloads ride along in the same bundles: the last state, the same points
  const barPayload = lastBar.data[TRAINING_MIME] as TrainingPayload;
  assert.ok(barPayload.kind === "progress" && barPayload.version === 1);
  assert.equal(barPayload.state.step, 6);
  assert.equal(barPayload.state.done, true);
  const curvePayload = lastCurve.data[TRAINING_MIME] as TrainingPayload;
  assert.ok(curvePayload.kind === "curves");
  assert.deepEqual(curvePayload.rows.map((r) => r.step), spec.data.values.map((v) => (v as { step: number }).step));
});

test("headless, train() prints plain lines: one per epoch end and one at the end when rate-limited", async () => {
  await useBackend("wasm");
  const lines: string[] = [];
  const w = tf.variable(tf.tensor1d([2]));
  await train({ data: () => [0, 1, 2], loss: () => tf.sum(tf.square(w)), optimizer: tf.train.sgd(0.1), epochs: 3, progress: "lines", progressEveryMs: 1e9, log: (l) => lines.push(l) });
  w.dispose();
  // the first step always prints (nothing printed yet), then the 3 epoch ends and the final line
  assert.equal(lines.length, 5, lines.join("\n"));
  assert.match(lines[4], /^train: epoch 3\/3 step 9\/9 loss /);
});
