import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { jsonErrorOffset, parseJsonl, readJson } from "../../../datasets/formats/jsonl";
import { assertDatasetError, tempDir } from "../helpers";

test("JSONL: values per line, blank lines skipped", () => {
  assert.deepEqual(parseJsonl('{"a":1}\n\n{"a":2}\r\n', "x.jsonl"), [{ a: 1 }, { a: 2 }]);
});

test("JSONL: a broken line is named by file and line", () => {
  const e = assertDatasetError(() => parseJsonl('{"a":1}\n{"a":2}\n{"a":,}\n', "b.jsonl"), "jsonl-parse", "b.jsonl:3:6");
  assert.equal(e.location?.line, 3);
  assert.equal(e.location?.column, 6);
});

test("readJson reports line and column of a syntax error", () => {
  const f = path.join(tempDir(), "bad.json");
  fs.writeFileSync(f, '{\n  "a": 1,\n  "b": [1, 2,, 3]\n}\n');
  const e = assertDatasetError(() => readJson(f), "json-parse", f);
  assert.equal(e.location?.line, 3);
  assert.equal(e.location?.column, 14); // the second comma of `2,,`
});

test("jsonErrorOffset finds the first bad character, -1 for valid JSON", () => {
  assert.equal(jsonErrorOffset('{"a": [1, 2, {"b": null}], "c": "x\\"y"}'), -1);
  assert.equal(jsonErrorOffset('{"a":1'), 6);
  assert.equal(jsonErrorOffset("[1, 2] x"), 7);
  assert.equal(jsonErrorOffset("[tru]"), 1);
});
