import * as assert from "node:assert/strict";
import { test } from "node:test";
import { loadSongci, readSongciPackage, segmentChinese, selectSongci, type Ci } from "../../../datasets/entries/chinese-poetry";
import { Rng } from "../../../lib/core/train/seed";
import { assertDatasetError, tempDir } from "../helpers";

test("chinese-poetry (shipped subset): 1000 Song ci, 20 tunes x 50, labels match tunes", async () => {
  const s = await loadSongci();
  assert.equal(s.poems.length, 1000);
  assert.equal(s.tunes.length, 20);
  assert.ok(s.tunes.includes("浣溪沙"));
  assert.ok(!s.tunes.includes("失调名"));
  s.poems.forEach((p, i) => assert.equal(s.tunes[s.labels[i]], p.rhythmic));
  assert.ok(s.poems.every((p) => p.paragraphs.length > 0 && p.author.length > 0));
});

test("selectSongci is deterministic and balanced on a synthetic package", () => {
  const all: Ci[] = [];
  for (let t = 0; t < 4; t++) for (let k = 0; k < 10 + t; k++) all.push({ rhythmic: `tune${t}`, author: `a${k}`, paragraphs: [`${t}-${k}`] });
  all.push(...Array.from({ length: 50 }, () => ({ rhythmic: "失调名", author: "x", paragraphs: ["lost"] })));
  const a = selectSongci(all, 3, 5, new Rng(9));
  assert.deepEqual(a, selectSongci(all, 3, 5, new Rng(9)));
  assert.equal(a.length, 15);
  assert.deepEqual([...new Set(a.map((p) => p.rhythmic))], ["tune3", "tune2", "tune1"]);
  assert.notDeepEqual(a.map((p) => p.paragraphs[0]), selectSongci(all, 3, 5, new Rng(10)).map((p) => p.paragraphs[0]));
  assertDatasetError(() => readSongciPackage(tempDir()), "missing");
});

test("@node-rs/jieba loads and segments a line of ci into words", () => {
  let words: string[];
  try {
    words = segmentChinese("明月几时有，把酒问青天");
  } catch (e) {
    // the prebuilt binary is an optional platform package; say which one is missing
    assert.match((e as Error).message, /@node-rs\/jieba/);
    return;
  }
  assert.ok(words.length >= 4 && words.length < 11, `segments: ${words.join("/")}`);
  assert.equal(words.join(""), "明月几时有，把酒问青天");
  assert.ok(words.some((w) => w.length >= 2), "at least one multi-character word");
});
