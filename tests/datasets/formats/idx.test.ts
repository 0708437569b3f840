import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { test } from "node:test";
import { encodeIdxUint8, parseIdx, readIdx } from "../../../datasets/formats/idx";
import { assertDatasetError, tempDir } from "../helpers";

const FIX = "get a good copy";

test("IDX round trip: encode then parse gives the same shape and bytes (plain and gzip)", () => {
  const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 7);
  const buf = encodeIdxUint8([2, 3, 4], data);
  assert.equal(buf.length, 16 + 24);
  for (const b of [buf, zlib.gzipSync(buf)]) {
    const t = parseIdx(b, "x.idx", FIX);
    assert.equal(t.dtype, "uint8");
    assert.deepEqual(t.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(t.data), Array.from(data));
  }
});

test("IDX int32 big-endian values decode", () => {
  const b = Buffer.alloc(4 + 4 + 8);
  b[2] = 0x0c;
  b[3] = 1;
  b.writeUInt32BE(2, 4);
  b.writeInt32BE(-5, 8);
  b.writeInt32BE(70000, 12);
  assert.deepEqual(Array.from(parseIdx(b, "i.idx", FIX).data), [-5, 70000]);
});

test("truncated IDX file: error names the file, the byte offset and the fix", () => {
  const dir = tempDir();
  const file = path.join(dir, "train-images-idx3-ubyte");
  const full = encodeIdxUint8([10, 28, 28], new Uint8Array(10 * 784));
  fs.writeFileSync(file, full.subarray(0, 1000));
  const e = assertDatasetError(() => readIdx(file, FIX), "idx-truncated", file);
  assert.equal(e.location?.offset, 1000);
  assert.match(e.message, /byte offset 1000/);
  assert.match(e.message, /needs 7856 bytes, file has 1000/);
  assert.equal(e.fix, FIX);
  // truncated inside the header
  fs.writeFileSync(file, full.subarray(0, 9));
  assert.equal(assertDatasetError(() => readIdx(file, FIX), "idx-truncated", file).location?.offset, 9);
});

test("bad magic, unknown type and trailing bytes are reported with offsets", () => {
  assert.equal(assertDatasetError(() => parseIdx(Buffer.from([1, 0, 8, 1, 0, 0, 0, 0]), "m", FIX), "idx-magic", "m").location?.offset, 0);
  assert.equal(assertDatasetError(() => parseIdx(Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 0]), "t", FIX), "idx-type", "t").location?.offset, 2);
  const extra = Buffer.concat([encodeIdxUint8([2], Uint8Array.from([1, 2])), Buffer.from([9])]);
  assert.equal(assertDatasetError(() => parseIdx(extra, "e", FIX), "idx-trailing", "e").location?.offset, 10);
  assertDatasetError(() => readIdx(path.join(tempDir(), "nope"), FIX), "missing");
});

test("readIdx without a fix: the advice fits a file of yours (no 'undefined', no git checkout, no npm install)", () => {
  const dir = tempDir();
  const f = path.join(dir, "mine-idx1-ubyte");
  fs.writeFileSync(f, encodeIdxUint8([10], new Uint8Array(10)).subarray(0, 12));
  const e = assertDatasetError(() => readIdx(f), "idx-truncated", f);
  assert.ok(!/undefined/.test(e.message), e.message);
  assert.doesNotMatch(e.fix, /git checkout|npm install/);
  assert.match(e.fix, /your|yours/);
});
