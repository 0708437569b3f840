import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRealSets, parsePclCsv } from "../../../../lib/papers/pclgpt/loaders";
import { SCALES } from "../../../../lib/papers/pclgpt/config";

// project-written fixtures about fictional groups (the real sets never ship)
test("DPM loader: binary labels, or 0–4 scores mapped PCL iff ≥ 2, community kept; quoted multi-line text", () => {
  const bin = parsePclCsv('text,label\n"the interns, as always",1\nthe campers met,0\n', "dpm.csv", "dpm");
  assert.deepEqual(bin.map((x) => x.label), [1, 0]);
  const sc = parsePclCsv('text,label,community\n"a quoted\nparagraph",3,interns\nplain,1,gardeners\nother,0,interns\n', "dpm.csv", "dpm");
  assert.deepEqual(sc.map((x) => x.label), [1, 0, 0]);
  assert.equal(sc[0].text, "a quoted\nparagraph");
  assert.equal(sc[1].community, "gardeners");
});

test("TalkDown loader drops empty, very short and repeated texts; CPCL reads grades A–D or 0–3", () => {
  const td = parsePclCsv("text,label\n,1\nok,0\nthe campers met,0\nthe campers met,0\nthe interns lead,1\n", "td.csv", "td");
  assert.deepEqual(td.map((x) => x.text), ["the campers met", "the interns lead"]);
  const cp = parsePclCsv("text,grade\n新人开会,A\n实习生,c\n园丁,3\n", "cpcl.csv", "cpcl");
  assert.deepEqual(cp.map((x) => [x.grade, x.label]), [[0, 0], [2, 1], [3, 1]]);
});

test("loader errors name the file and line; full scale without the data names the sets", () => {
  assert.throws(() => parsePclCsv("text,label\na b c,1\nd e f,7\n", "x.csv", "dpm"), /x\.csv:3: label '7'/);
  assert.throws(() => parsePclCsv("text,grade\na b c,E\n", "y.csv", "cpcl"), /unknown grade 'E' at y\.csv:2/);
  assert.throws(() => parsePclCsv("body,label\na,1\n", "z.csv", "td"), /z\.csv: no text column/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcl-"));
  assert.throws(() => loadRealSets(SCALES.config("full", { full: { dir } })), /needs the real sets.*DPM\.csv, TalkDown\.csv, CPCL_15k\.csv/s);
  fs.writeFileSync(path.join(dir, "TalkDown.csv"), "text,label\nthe campers met,0\n");
  const got = loadRealSets(SCALES.config("full", { full: { dir }, sets: ["td"] }));
  assert.equal(got.td.length, 1);
});
