import { test } from "node:test";
import assert from "node:assert/strict";
import { SCALES } from "../../../../lib/papers/mfsnn/config";
import * as path from "path";
import * as fs from "fs";
import * as os from "os";
import { checkData, loadRecordedSeed, recordedDir } from "../../../../lib/papers/mfsnn/loaders";

test("MFSNN config: three scales, ≥ 3 seeds at default, disjoint days, checked overrides; full without recordings names what to get", () => {
  for (const s of ["smoke", "default", "full"] as const) {
    const c = SCALES.config(s);
    assert.deepEqual(c.trainDays.filter((d) => c.testDays.includes(d)), [], `${s}: train and test days are disjoint`);
    assert.equal(c.batch % c.trainDays.length, 0, `${s}: M's batch splits evenly over the training days`);
  }
  assert.ok(SCALES.config("default").seeds >= 3);
  assert.equal(SCALES.config("default", { steps: 10 }).steps, 10);
  assert.equal(SCALES.config("default", { lr: { mfsnn: 1e-2 } }).lr.gru, 1e-2, "nested groups merge one level deep");
  assert.throws(() => SCALES.config("default", JSON.parse('{"step": 3}')), /unknown config key 'step'/);
  assert.throws(() => SCALES.config("huge"), /unknown scale "huge"/);
  const full = SCALES.config("full", { dataDir: "/nonexistent/mfsnn-data" });
  assert.throws(() => checkData(full), /--scale full needs recorded data: put the O'Doherty–Sabes reaching sessions .* in \/nonexistent\/mfsnn-data/);
  assert.doesNotThrow(() => checkData(SCALES.config("default")));
});

test("MFSNN full-scale path: recorded sessions (the fixture) become one seed's data, days renumbered by date, split without leakage", async () => {
  const dir = path.join(__dirname, "..", "..", "..", "..", "..", "tests", "fixtures", "datasets", "bci-recorded");
  const cfg = SCALES.config("full", { dataDir: dir, trainDays: [0, 1], testDays: [2] });
  const sd = loadRecordedSeed(cfg, "center-out", 0);
  assert.deepEqual([...new Set(sd.trials.day)], [0, 1, 2], "days 3, 5, 9 → sessions 0, 1, 2");
  assert.equal(sd.trials.rates, null);
  assert.deepEqual(sd.split.test.map((x) => x.idx.length), [4]);
  assert.ok(sd.split.byDay.every((x) => x.train.every((i) => sd.trials.day[i] === x.day)));
  assert.deepEqual(sd.severityTests, [], "drift severity needs the simulator");
});

test("MFSNN full-scale path: without a bci-recorded folder the trials `prepare odoherty-reaching` wrote are used; dataDir wins", () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-mfsnn-dir-"));
  const saved = [process.env.PAPERLAB_DATA, process.env.PAPERLAB_MFSNN_DATA];
  process.env.PAPERLAB_DATA = cache;
  delete process.env.PAPERLAB_MFSNN_DATA;
  try {
    const cfg = SCALES.config("full");
    assert.equal(recordedDir(cfg), path.join(cache, "bci-recorded"));
    const reaching = path.join(cache, "odoherty-reaching", "bci-recorded");
    fs.mkdirSync(reaching, { recursive: true });
    fs.writeFileSync(path.join(reaching, "spikes.npy"), "");
    assert.equal(recordedDir(cfg), reaching);
    assert.equal(recordedDir(SCALES.config("full", { dataDir: "/elsewhere" })), "/elsewhere");
  } finally {
    for (const [k, v] of [["PAPERLAB_DATA", saved[0]], ["PAPERLAB_MFSNN_DATA", saved[1]]] as const) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
});
