import { test } from "node:test";
import assert from "node:assert/strict";
import { newDocument } from "./dom";
import { ProgressState, etaMs, progressFraction } from "../../../lib/protocol";
import { logTicks } from "../../../lib/viz/ticks";
import { renderTraining } from "../src/render/training";

const state: ProgressState = {
  title: "mlp <demo>", epoch: 1, epochs: 4, step: 30, totalSteps: 120, loss: 0.12345, lr: 1e-4,
  elapsedMs: 3000, metrics: { valAcc: 0.875 }, done: false,
};

function facts(el: Element): Record<string, string> {
  return Object.fromEntries([...el.querySelectorAll("[data-fact]")].map((d) => [d.getAttribute("data-fact")!, d.textContent ?? ""]));
}

test("training progress: bar at the fraction done, rate, ETA and the latest metrics", () => {
  const el = renderTraining(newDocument(), { version: 1, kind: "progress", state });
  assert.equal(el.getAttribute("data-percent"), "25");
  assert.equal((el.querySelector(".paperlab-bar-fill") as HTMLElement).style.width, "25%");
  assert.equal(el.querySelector(".paperlab-percent")?.textContent, "25.0%");
  assert.equal(el.querySelector(".paperlab-training-title")?.textContent, "mlp <demo>");
  assert.deepEqual(facts(el), {
    epoch: "2/4", step: "30/120", loss: "0.1235", lr: "1.000e-4", valAcc: "0.875", rate: "10.0 steps/s", elapsed: "3.0 s", ETA: "9.0 s",
  });
  assert.equal(etaMs(state), 9000);
  assert.deepEqual(progressFraction(state), { fraction: 0.25, estimated: false });
});

test("training progress: an unknown total in the first epoch is an indeterminate bar, never 0 %", () => {
  const first: ProgressState = { ...state, epoch: 0, step: 30, totalSteps: undefined, epochStep: 30 };
  const el = renderTraining(newDocument(), { version: 1, kind: "progress", state: first });
  assert.ok(el.classList.contains("paperlab-indeterminate"));
  assert.equal(el.getAttribute("data-percent"), null);
  assert.equal(el.querySelector(".paperlab-percent"), null, "no percentage at all");
  const bar = el.querySelector("[role=progressbar]")!;
  assert.equal(bar.getAttribute("aria-valuenow"), null, "ARIA: an indeterminate progressbar has no value");
  assert.equal(bar.getAttribute("aria-valuetext"), "total not known yet");
  assert.ok(el.querySelector(".paperlab-bar-moving"));
  assert.deepEqual([facts(el).step, facts(el).ETA], ["30", "–"]);
});

test("training progress: an estimated total shows ~ on the percentage, the total and the ETA", () => {
  // steps per epoch measured from the first epoch: the loop marks the total as an estimate
  const est = renderTraining(newDocument(), { version: 1, kind: "progress", state: { ...state, totalEstimated: true } });
  assert.equal(est.getAttribute("data-percent"), "25");
  assert.equal(est.getAttribute("data-estimated"), "true");
  assert.equal(est.querySelector(".paperlab-percent")?.textContent, "~25.0%");
  assert.deepEqual([facts(est).step, facts(est).ETA], ["30/~120", "~9.0 s"]);
  // no total at all, second epoch: 30 steps before it (1 epoch) and 15 into it → (1 + 15/30) / 4 = 37.5 %
  const resumed = renderTraining(newDocument(), { version: 1, kind: "progress", state: { ...state, step: 45, epochStep: 15, totalSteps: undefined } });
  assert.equal(resumed.getAttribute("data-percent"), "37.5");
  assert.equal(resumed.querySelector(".paperlab-percent")?.textContent, "~37.5%");
});

test("training progress: done shows 100% and no ETA; the note is shown", () => {
  const el = renderTraining(newDocument(), { version: 1, kind: "progress", state: { ...state, done: true, note: "stopped early at epoch 2" } });
  assert.equal(el.getAttribute("data-percent"), "100");
  assert.ok(el.classList.contains("paperlab-done"));
  assert.equal(facts(el).ETA, "done");
  assert.match(el.textContent ?? "", /stopped early at epoch 2/);
});

test("training curves: one SVG path per run through every point, log y when all positive", () => {
  const rows = [1, 2, 3, 4].map((step) => ({ step, loss: 1 / step, run: "train" }));
  rows.push({ step: 2, loss: 0.7, run: "valLoss" }, { step: 4, loss: 0.4, run: "valLoss" });
  const el = renderTraining(newDocument(), { version: 1, kind: "curves", title: "loss", rows });
  const paths = [...el.querySelectorAll("svg path")];
  assert.deepEqual(paths.map((p) => p.getAttribute("data-run")), ["train", "valLoss"]);
  assert.equal((paths[0].getAttribute("d")!.match(/[ML]/g) ?? []).length, 4);
  assert.equal((paths[1].getAttribute("d")!.match(/[ML]/g) ?? []).length, 2);
  // the lowest train loss (0.25 at step 4) is the lowest point: largest y in SVG coordinates
  const ys = paths[0].getAttribute("d")!.split(/[ML]/).filter(Boolean).map((p) => Number(p.split(",")[1]));
  assert.equal(Math.max(...ys), ys[3]);
  assert.match(el.textContent ?? "", /log/);
  // log y: the shared tick helper's labels (whole decades, 1-2-5), not just the first and last value
  const yTicks = [...el.querySelectorAll(".paperlab-y-tick")].map((t) => t.textContent);
  assert.deepEqual(yTicks, logTicks(0.25, 1).ticks.map(String));
  assert.deepEqual(yTicks, ["0.1", "0.2", "0.5", "1"]);
  assert.equal(el.querySelectorAll(".paperlab-grid").length, yTicks.length);
  // labels sit in order from bottom to top
  const ty = [...el.querySelectorAll(".paperlab-y-tick")].map((t) => Number(t.getAttribute("y")));
  assert.ok(ty.every((y, i) => i === 0 || y < ty[i - 1]));
  assert.deepEqual([...el.querySelectorAll(".paperlab-x-tick")].map((t) => t.textContent), ["1", "2", "3", "4"]);
  // small values read as plain decimals, like Vega's "~g" labels (not 1.000e-4)
  const tiny = renderTraining(newDocument(), { version: 1, kind: "curves", title: "loss", rows: [{ step: 1, loss: 3e-4, run: "train" }, { step: 2, loss: 2, run: "train" }] });
  assert.deepEqual([...tiny.querySelectorAll(".paperlab-y-tick")].map((t) => t.textContent), ["0.0001", "0.001", "0.01", "0.1", "1", "10"]);
  assert.match(el.querySelector(".paperlab-legend")?.textContent ?? "", /train 0\.25.*valLoss 0\.4/);
  // a negative value turns the log scale off
  const lin = renderTraining(newDocument(), { version: 1, kind: "curves", title: "loss", rows: [{ step: 1, loss: -1, run: "train" }, { step: 2, loss: 1, run: "train" }] });
  assert.doesNotMatch(lin.querySelector("svg")?.textContent ?? "", /log/);
});

test("training curves: no points yet says so (not a blank)", () => {
  const el = renderTraining(newDocument(), { version: 1, kind: "curves", title: "loss", rows: [] });
  assert.match(el.textContent ?? "", /no points yet/);
});

test("training: malformed payloads give an error box naming the field", () => {
  const doc = newDocument();
  const bad: [unknown, RegExp][] = [
    [undefined, /payload: expected an object, got undefined/],
    [{ version: 1, kind: "bar" }, /kind: expected "progress" or "curves", got the string "bar"/],
    [{ version: 1, kind: "progress", state: { ...state, step: "30" } }, /state\.step: expected a number, got the string "30"/],
    [{ version: 1, kind: "progress", state: { ...state, done: "no" } }, /state\.done: expected true or false/],
    [{ version: 1, kind: "progress", state: { ...state, metrics: { acc: null } } }, /state\.metrics\.acc: expected a number, got null/],
    [{ version: 1, kind: "curves", rows: [{ step: 1, loss: "x", run: "train" }] }, /rows\[0\]\.loss: expected a number/],
    [{ version: 9, kind: "curves", rows: [] }, /version: payload version 9 is newer/],
  ];
  for (const [data, message] of bad) {
    const el = renderTraining(doc, data);
    assert.ok(el.classList.contains("paperlab-error"), `error box for ${JSON.stringify(data)}`);
    assert.match(el.querySelector(".paperlab-error-problem")?.textContent ?? "", message);
    assert.match(el.textContent ?? "", /cannot render application\/vnd\.paperlab\.training\+json/);
  }
});
