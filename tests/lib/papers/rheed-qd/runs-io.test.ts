/**
 * Run folders (lib/papers/rheed-qd/runs-io.ts): the renderer writes the real-data layout (PNG frames, run.json,
 * process.csv, labels.csv) and the loader reads it back (phases from the In shutter, ROI crop + resize, PL from
 * labels.csv, splits by growth day, leave-one-day-out folds); malformed files fail naming file and line; no folders
 * → the full-scale message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { generateRheed } from "../../../../lib/papers/rheed-qd/generate";
import { cropResize, leaveOneDayOut, loadRunFolders, writeRunFolders } from "../../../../lib/papers/rheed-qd/runs-io";
import { rheedMessages } from "../../../../lib/papers/rheed-qd/messages";
import { loadData } from "../../../../lib/papers/rheed-qd/experiment";
import { SCALES } from "../../../../lib/papers/rheed-qd/config";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "rheed-runs-"));
const OPTS = { size: 16, annealFrames: 2, depositionFrames: 3 };

test("write → load round trip: same frames, PL and phases; splits by day; leave-one-day-out folds", () => {
  const d = generateRheed({ runs: 6, runsPerDay: 2, ...OPTS });
  const root = tmp();
  writeRunFolders(d, root);
  assert.ok(fs.existsSync(path.join(root, "run0000", "frames", "000004.png")));
  const back = loadRunFolders(root, OPTS);
  assert.equal(back.runs.length, 6);
  for (const [i, r] of back.runs.entries()) {
    assert.deepEqual(r.anneal, d.runs[i].anneal, `${r.id} anneal frames`);
    assert.deepEqual(r.deposition, d.runs[i].deposition, `${r.id} deposition frames`);
    assert.ok(Math.abs(r.measured.fwhm - d.runs[i].measured.fwhm) < 1e-3);
    assert.ok(Math.abs(r.params.tSet - d.runs[i].params.tSet) < 0.01 && Math.abs(r.params.dT - d.runs[i].params.dT) < 0.02);
    assert.equal(r.truth, null);
  }
  // intensities are normalised by the median run: differences of ln I are kept
  assert.ok(Math.abs((back.runs[1].measured.lnI - back.runs[0].measured.lnI) - (d.runs[1].measured.lnI - d.runs[0].measured.lnI)) < 1e-5);
  assert.deepEqual(back.runs.map((r) => r.split), ["train", "train", "val", "val", "test", "test"]);
  const folds = leaveOneDayOut(back);
  assert.equal(folds.length, 3);
  for (const f of folds) assert.deepEqual(f.data.runs.filter((r) => r.split === "test").map((r) => r.dayKey), [f.day, f.day]);
});

test("malformed files: run.json syntax (file:line), a missing label row, no run folders", () => {
  const d = generateRheed({ runs: 2, runsPerDay: 1, ...OPTS });
  const root = tmp();
  writeRunFolders(d, root);
  const rj = path.join(root, "run0001", "run.json");
  const good = fs.readFileSync(rj, "utf8");
  fs.writeFileSync(rj, good.replace('"fps": 2,', '"fps": 2,,'));
  assert.throws(() => loadRunFolders(root, OPTS), (e: Error) => e.message.startsWith(`${rj}:`) && /run.json needs run_id/.test(e.message));
  fs.writeFileSync(rj, good);
  const labels = path.join(root, "labels.csv");
  fs.writeFileSync(labels, fs.readFileSync(labels, "utf8").split("\n").filter((l) => !l.startsWith("run0001")).join("\n"));
  assert.throws(() => loadRunFolders(root, OPTS), { message: rheedMessages.missingLabel(labels, "run0001") });
  const empty = tmp();
  assert.throws(() => loadRunFolders(empty, OPTS), { message: rheedMessages.noRunFolders(empty) });
});

test("crop and box resize: a 4×4 ROI of a gradient averages to the expected 2×2", () => {
  const w = 6;
  const plane = Uint8Array.from({ length: 36 }, (_, i) => (i % w) * 10 + Math.floor(i / w));
  const out = cropResize(plane, w, [1, 1, 4, 4], 2);
  // pixel (x, y) = 10x + y; ROI x ∈ {1..4}, y ∈ {1..4}; top-left block x ∈ {1,2}, y ∈ {1,2} → 15 + 1.5 = 16.5 → 17
  assert.deepEqual(Array.from(out), [17, 37, 19, 39]);
});

test("--scale full without run folders stops with one message naming what to provide and where", () => {
  const empty = tmp();
  const before = process.env.RHEED_QD_DIR;
  process.env.RHEED_QD_DIR = empty;
  try {
    assert.throws(() => loadData(SCALES.config("full")), { message: rheedMessages.noRunFolders(empty) });
  } finally {
    if (before === undefined) delete process.env.RHEED_QD_DIR;
    else process.env.RHEED_QD_DIR = before;
  }
  assert.match(rheedMessages.noRunFolders(empty), /run\.json.*process\.csv.*labels\.csv.*RHEED_QD_DIR/s);
});
