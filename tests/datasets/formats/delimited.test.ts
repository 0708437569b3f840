import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { test } from "node:test";
import { numberColumn, parseDelimited, readDelimited, stringColumn, toRecords } from "../../../datasets/formats/delimited";
import { assertDatasetError, tempDir } from "../helpers";

test("CSV with RFC 4180 quoting: embedded commas, doubled quotes, quoted newlines, CRLF", () => {
  const t = parseDelimited('name,note,n\r\n"Congo, Rep.","say ""hi""",1\r\nx,"two\nlines",2\r\n', "q.csv");
  assert.deepEqual(t.header, ["name", "note", "n"]);
  assert.deepEqual(t.rows[0], ["Congo, Rep.", 'say "hi"', "1"]);
  assert.deepEqual(t.rows[1], ["x", "two\nlines", "2"]);
  assert.deepEqual(t.line, [2, 3]);
  assert.deepEqual(Array.from(numberColumn(t, "n")), [1, 2]);
  assert.deepEqual(toRecords(t)[0].name, "Congo, Rep.");
});

test("malformed CSV row: error names file:line and says how many fields", () => {
  const e = assertDatasetError(() => parseDelimited("a,b,c\n1,2,3\n4,5\n6,7,8\n", "bad.csv"), "csv-columns", "bad.csv:3");
  assert.equal(e.location?.line, 3);
  assert.match(e.message, /row has 2 fields, expected 3/);
  // a quoted field with a newline shifts later line numbers correctly
  const e2 = assertDatasetError(() => parseDelimited('a,b\n"x\ny",1\n1,2,3\n', "q.csv"), "csv-columns", "q.csv:4");
  assert.equal(e2.location?.line, 4);
  assertDatasetError(() => parseDelimited('a,b\n"open,1\n', "u.csv"), "csv-quote", "u.csv:2");
});

test("numberColumn: a non-number names line and column; NA is NaN", () => {
  const t = parseDelimited("x,y\n1,NA\n2,abc\n", "n.csv");
  const ok = parseDelimited("x,y\n1,NA\n2,\n", "m.csv");
  const y = numberColumn(ok, "y");
  assert.ok(Number.isNaN(y[0]) && Number.isNaN(y[1]));
  assertDatasetError(() => numberColumn(parseDelimited("x\n1.5\n", "i.csv"), "x", { integer: true }), "csv-number", "i.csv:2:1");
  const e = assertDatasetError(() => numberColumn(t, "y"), "csv-number", "n.csv:3:2");
  assert.equal(e.location?.column, 2);
  assertDatasetError(() => stringColumn(t, "zz"), "csv-no-column", "n.csv");
});

test("TSV files are detected by extension, gzip by magic", () => {
  const dir = tempDir();
  const f = path.join(dir, "t.tsv");
  fs.writeFileSync(f, "id\trate\n1001\t0.097\n1003\t0.091\n");
  const t = readDelimited(f);
  assert.deepEqual(t.header, ["id", "rate"]);
  assert.deepEqual(Array.from(numberColumn(t, "rate")), [0.097, 0.091]);
});

test("corrupt or truncated gzip: a dataset error naming the file and the byte offset where the stream breaks", () => {
  const dir = tempDir();
  const csv = Array.from({ length: 2000 }, (_, i) => `${i},${(i * 7919) % 1000},row ${i}`).join("\n");
  const gz = zlib.gzipSync(Buffer.from(`a,b,c\n${csv}\n`));
  const bad = Buffer.from(gz);
  const at = Math.floor(bad.length / 2);
  bad[at] ^= 0xff;
  bad[at + 1] ^= 0xa5;
  const f1 = path.join(dir, "bad.csv.gz");
  fs.writeFileSync(f1, bad);
  const e1 = assertDatasetError(() => readDelimited(f1), "gzip", f1);
  const off1 = Number(/byte offset (\d+)/.exec(e1.message)?.[1]);
  assert.ok(off1 > 10 && off1 < bad.length, `offset ${off1} should lie inside the compressed data (${bad.length} bytes): ${e1.message}`);
  assert.equal(e1.location?.offset, off1);
  const f2 = path.join(dir, "cut.csv.gz");
  fs.writeFileSync(f2, gz.subarray(0, at));
  const e2 = assertDatasetError(() => readDelimited(f2), "gzip", f2);
  assert.equal(e2.location?.offset, at, e2.message);
  assert.match(e2.message, /truncated|ends early/);
});
