import * as assert from "node:assert/strict";
import { test } from "node:test";
import * as fs from "fs";
import * as path from "path";
import { parseNpy, readNpy, writeNpy } from "../../../datasets/formats/npy";
import { assertDatasetError, tempDir } from "../helpers";

const FIXTURES = path.join(__dirname, "..", "..", "..", "..", "tests", "fixtures", "datasets", "bci-recorded");

/** A version-1.0 .npy file as numpy writes it (header padded with spaces to a multiple of 64 bytes, ending in \n). */
function npy(descr: string, shape: number[], data: Buffer, fortran = false): Buffer {
  let h = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  while ((10 + h.length + 1) % 64) h += " ";
  const head = Buffer.alloc(10);
  Buffer.from([0x93]).copy(head, 0);
  head.write("NUMPY", 1, "latin1");
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(h.length + 1, 8);
  return Buffer.concat([head, Buffer.from(h + "\n", "latin1"), data]);
}

test("npy: files written by numpy (uint16 [12, 5, 4], int64, int32) read back with their shapes and values", () => {
  const s = readNpy(path.join(FIXTURES, "spikes.npy"));
  assert.deepEqual(s.shape, [12, 5, 4]);
  assert.equal(s.dtype, "<u2");
  assert.equal(Array.from(s.data).reduce((a, b) => a + b, 0), 383);
  assert.deepEqual([0, 1, 2, 3, 4].map((t) => s.data[t * 4]), [1, 2, 1, 0, 1], "C order: trial 0, channel 0 over time");
  assert.deepEqual(Array.from(readNpy(path.join(FIXTURES, "labels.npy")).data), [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
  assert.equal(readNpy(path.join(FIXTURES, "day.npy")).dtype, "<i4");
  const f = Buffer.alloc(24);
  [0, 1, 2, 3, 4, 5].forEach((v, i) => f.writeFloatLE(v * 0.5, 4 * i));
  const a = parseNpy(npy("<f4", [2, 3], f));
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual(Array.from(a.data), [0, 0.5, 1, 1.5, 2, 2.5]);
});

test("npy: malformed files name the file, the offset and the fix", () => {
  assertDatasetError(() => parseNpy(Buffer.from("PK\x03\x04 a zip"), "x.npy"), "npy-magic", "x.npy");
  assertDatasetError(() => parseNpy(npy("<f4", [2, 3], Buffer.alloc(20)), "short.npy"), "npy-length", "short.npy");
  assertDatasetError(() => parseNpy(npy(">f4", [2], Buffer.alloc(8)), "big.npy"), "npy-dtype", "big.npy");
  assertDatasetError(() => parseNpy(npy("<f4", [2, 2], Buffer.alloc(16), true), "f.npy"), "npy-order", "f.npy");
  assertDatasetError(() => readNpy("/nonexistent/spikes.npy"), "missing", "/nonexistent/spikes.npy");
});

test("npy: writeNpy round-trips float32 [2, 3] and int32 [4] through readNpy (header padded to 64 bytes)", () => {
  const d = tempDir("paperlab-npy-write-");
  writeNpy(path.join(d, "a.npy"), Float32Array.from([1.5, -2, 3, 0, 7.25, 9]), [2, 3]);
  writeNpy(path.join(d, "b.npy"), Int32Array.from([3, -1, 0, 8]), [4]);
  const a = readNpy(path.join(d, "a.npy")), b = readNpy(path.join(d, "b.npy"));
  assert.deepEqual([a.shape, a.dtype, Array.from(a.data)], [[2, 3], "<f4", [1.5, -2, 3, 0, 7.25, 9]]);
  assert.deepEqual([b.shape, b.dtype, Array.from(b.data)], [[4], "<i4", [3, -1, 0, 8]]);
  assert.equal((fs.readFileSync(path.join(d, "a.npy")).length - 24) % 64, 0, "data starts at a multiple of 64 bytes");
  assert.throws(() => writeNpy(path.join(d, "c.npy"), new Float32Array(5), [2, 3]), /holds 6 values, got 5/);
});
