import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setDisplaySink, DisplayBundle } from "../../../../lib/display";
import {
  progressBundle, progressLine, lossCurveSpec, downsampleCurve, LineProgress, createProgress, DisplayProgress,
  TRAINING_MIME, ProgressState, CurveRow, TrainingPayload,
} from "../../../../lib/core/train/progress";
import { SCHEMA_URL, VEGALITE_MIME } from "../../../../lib/protocol";
import { logTicks } from "../../../../lib/viz/ticks";
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

test("progressBundle: an unknown total in the first epoch is an indeterminate bar, never 0 %", () => {
  const first: ProgressState = { ...state, epoch: 0, step: 31, totalSteps: undefined, epochStep: 31, metrics: {} };
  const b = progressBundle(first);
  const text = String(b["text/plain"]);
  // a marker that moves with the steps (31 mod 28 = 3 dots before it), no percentage and no ETA
  assert.match(text, /^\[\.{3}<=>\.{24}\] mlp <demo>: epoch 1\/4 step 31 loss /);
  assert.doesNotMatch(text, /%|ETA/);
  assert.doesNotMatch(String(b["text/html"]), /%|ETA/);
  assert.match(String(b["text/html"]), /title="total not known yet"/);
});

test("progressBundle: estimated totals are marked with ~ (percentage, total and ETA)", () => {
  const b = progressBundle({ ...state, totalEstimated: true });
  assert.match(String(b["text/plain"]), /^\[#{8}\.{22}\] ~25\.0% mlp <demo>: epoch 2\/4 step 30\/~120 .* ETA ~9\.0 s$/);
  // no total, second epoch: 30 steps in the first, 15 into this one → (1 + 15/30) / 4 = 37.5 %
  const resumed = progressBundle({ ...state, step: 45, epochStep: 15, totalSteps: undefined });
  assert.match(String(resumed["text/plain"]), / ~37\.5% mlp <demo>: epoch 2\/4 step 45 /);
});

test("lossCurveSpec: a Vega-Lite v5 spec with the points, log y when positive; downsampling averages bins", () => {
  const rows: CurveRow[] = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1), run: "train" }));
  rows.push({ step: 10, loss: 0.2, run: "valLoss" });
  const spec = lossCurveSpec(rows) as { $schema: string; data: { values: Record<string, unknown>[] } };
  assert.equal(spec.$schema, SCHEMA_URL);
  assert.equal(spec.data.values.length, 11);
  assert.match(JSON.stringify(spec), /"type":"log"/);
  // it compiles to Vega (vega-lite checks the spec)
  const vl = require("vega-lite") as typeof import("vega-lite");
  const compiled = vl.compile(spec as never).spec as { data?: unknown[] };
  assert.ok(Array.isArray(compiled.data) && compiled.data.length > 0);
  // the log axis labels the shared helper's ticks (1-2-5 over whole decades), not only the first and last value
  const y = (spec as unknown as { layer: { encoding: { y: { axis: { values: number[] } } } }[] }).layer[0].encoding.y.axis.values;
  assert.deepEqual(y, logTicks(0.1, 1).ticks);
  assert.deepEqual(y, [0.1, 0.2, 0.5, 1]);
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
  assert.match(String(lastBar.data["text/plain"]), /100\.0% train: epoch 2\/2 step 6\/6 /);
  // data of unknown length: no percentage during the first epoch; the measured total is an estimate after it
  const bars = [bar, ...updates.filter((u) => u.id === bar.id)].map((u) => u.data[TRAINING_MIME] as TrainingPayload);
  const texts = [bar, ...updates.filter((u) => u.id === bar.id)].map((u) => String(u.data["text/plain"]));
  const firstEpoch = texts.filter((_, i) => bars[i].kind === "progress" && bars[i].state.epoch === 0 && bars[i].state.totalSteps === undefined);
  assert.ok(firstEpoch.length >= 3, texts.join("\n"));
  assert.ok(firstEpoch.every((t) => !/%/.test(t) && /<=>/.test(t)), firstEpoch.join("\n"));
  assert.ok(texts.some((t) => / ~\d+\.\d% train: epoch 2\/2 step [45]\/~6 /.test(t)), texts.join("\n"));
  const curveUpdates = updates.filter((u) => u.id === curve.id);
  const lastCurve = curveUpdates.at(-1)!;
  // the curve is a lib/viz live chart: intermediate updates skip the SVG render, the final one (close) has it
  assert.ok(!("image/svg+xml" in curve.data));
  assert.ok("image/svg+xml" in lastCurve.data, "the final curve carries the SVG fallback for saved notebooks");
  assert.ok([curve, ...curveUpdates].every((u) => (u.data[TRAINING_MIME] as TrainingPayload).kind === "curves"));
  assert.match(String(lastCurve.data["text/plain"]), /^loss curve: 6 points, last train loss .* at step 6$/);
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
