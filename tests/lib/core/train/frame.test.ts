import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { toCsv, toFrame, toRows, saveResults, loadResults, isFrame, trainFrame } from "../../../../lib/core/train/frame";
import { runInfo } from "../../../../lib/core/train/run-info";
import { seed } from "../../../../lib/core/train/seed";
import type { TrainResult } from "../../../../lib/core/train/loop";

const rows = [
  { model: "snn, T=4", acc: 0.91, energyPj: 1843.2 },
  { model: 'ann "base"', acc: 0.93, note: "line\nbreak" },
];

test("toCsv quotes commas, quotes and newlines; missing keys are empty", () => {
  assert.equal(
    toCsv(rows),
    'model,acc,energyPj,note\n"snn, T=4",0.91,1843.2,\n"ann ""base""",0.93,,"line\nbreak"\n',
  );
});

test("saveResults/loadResults round trip in CSV (+ info sidecar) and JSON", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-results-"));
  seed(5);
  const info = runInfo();
  const files = await saveResults(path.join(dir, "sub", "r.csv"), rows, info);
  assert.deepEqual(files.map((f) => path.basename(f)), ["r.csv", "r.csv.info.json"]);
  const back = await loadResults(files[0]);
  assert.deepEqual(back.rows, [
    { model: "snn, T=4", acc: 0.91, energyPj: 1843.2, note: null },
    { model: 'ann "base"', acc: 0.93, energyPj: null, note: "line\nbreak" },
  ]);
  assert.equal(back.info?.seed, 5);
  await saveResults(path.join(dir, "r.json"), rows, info);
  const j = await loadResults(path.join(dir, "r.json"));
  assert.deepEqual(j.rows, rows);
  assert.equal(j.info?.versions.node, process.version);
  await assert.rejects(saveResults(path.join(dir, "r.xlsx"), rows), /use a \.csv or \.json extension/);
  fs.rmSync(dir, { recursive: true });
});

test("danfo DataFrames: rows in, rows out; trainFrame of a result", () => {
  const df = toFrame([{ epoch: 0, loss: 1.5 }, { epoch: 1, loss: 0.75 }]);
  assert.ok(isFrame(df));
  assert.deepEqual(df.columns, ["epoch", "loss"]);
  assert.deepEqual(df.shape, [2, 2]);
  assert.deepEqual(toRows(df), [{ epoch: 0, loss: 1.5 }, { epoch: 1, loss: 0.75 }]);
  assert.equal(toCsv(df), "epoch,loss\n0,1.5\n1,0.75\n");
  const r = { epochs: [{ epoch: 0, step: 4, loss: 2, steps: 4, ms: 10 }], history: [] } as unknown as TrainResult;
  assert.deepEqual(trainFrame(r).shape, [1, 5]);
});

test("runInfo records seed, backend and versions", () => {
  seed(42);
  const i = runInfo({ startedAt: Date.now() - 1500 });
  assert.equal(i.seed, 42);
  assert.match(i.versions.tfjs, /^4\./);
  assert.match(i.versions.paperlab, /^\d+\.\d+\.\d+/);
  assert.ok(i.wallSeconds >= 1.5 && i.wallSeconds < 60);
  assert.ok(typeof i.backend === "string");
});
