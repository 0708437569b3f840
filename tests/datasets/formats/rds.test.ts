import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { test } from "node:test";
import { classOf, inflateChunk, namesOf, R_NA_INT, toDataFrame, unserialize, type RValue } from "../../../datasets/formats/rds";
import { assertDatasetError } from "../helpers";

/** The fixture is one real chunk of dslabs' Rdata.rdb (object greenhouse_gases, 1234 bytes, Artistic-2.0). */
const FIXTURE = path.join(__dirname, "..", "..", "..", "..", "tests", "fixtures", "datasets", "dslabs-greenhouse-gases.chunk");

test("a real lazy-load chunk (dslabs greenhouse_gases) decodes to a 300-row data.frame", () => {
  const buf = inflateChunk(fs.readFileSync(FIXTURE), FIXTURE, 0, "fix");
  const df = toDataFrame(unserialize(buf, FIXTURE), FIXTURE);
  assert.equal(df.nrow, 300);
  assert.deepEqual(df.names, ["year", "gas", "concentration"]);
  const gas = df.columns.gas;
  assert.equal(gas.kind, "string");
  if (gas.kind === "string") assert.deepEqual([...new Set(gas.values)].sort(), ["CH4", "CO2", "N2O"]);
  const year = df.columns.year;
  assert.equal(year.kind, "number");
  if (year.kind === "number") {
    assert.equal(Math.min(...year.values), 20);
    assert.equal(Math.max(...year.values), 2000);
  }
});

/** A minimal XDR serializer for test inputs (version 2). */
class W {
  parts: Buffer[] = [Buffer.from("X\n"), int(2), int(0x030602), int(0x020300)];
  i(v: number) { this.parts.push(int(v)); return this; }
  d(v: number) { const b = Buffer.alloc(8); b.writeDoubleBE(v); this.parts.push(b); return this; }
  naReal() { const b = Buffer.alloc(8); b.writeUInt32BE(0x7ff00000, 0); b.writeUInt32BE(1954, 4); this.parts.push(b); return this; }
  chr(s: string | null) { if (s === null) return this.i(9).i(-1); const b = Buffer.from(s, "utf8"); this.i(9 | (1 << 15)).i(b.length); this.parts.push(b); return this; }
  buf() { return Buffer.concat(this.parts); }
}
function int(v: number): Buffer { const b = Buffer.alloc(4); b.writeInt32BE(v | 0); return b; }
const ATTR = 1 << 9, TAG = 1 << 10, OBJ = 1 << 8;

test("hand-built data.frame: factor with NA, double NA, string NA, symbol reference, compact row.names", () => {
  const w = new W();
  w.i(19 | ATTR | OBJ).i(3); // VECSXP of 3 columns, with attributes
  // column 1: factor c("b", NA, "a") with levels c("a","b")
  w.i(13 | ATTR | OBJ).i(3).i(2).i(R_NA_INT).i(1);
  w.i(2 | TAG).i(1).chr("levels").i(16).i(2).chr("a").chr("b"); // pairlist: levels = ...   (symbol #1)
  w.i(2 | TAG).i(1).chr("class").i(16).i(1).chr("factor"); // class = "factor"            (symbol #2)
  w.i(254);
  // column 2: c(1.5, NA, -2)
  w.i(14).i(3).d(1.5).naReal().d(-2);
  // column 3: c("x", NA, "z")
  w.i(16).i(3).chr("x").chr(null).chr("z");
  // attributes of the list: names, class (symbol #2 by reference), row.names = c(NA, -3)
  w.i(2 | TAG).i(1).chr("names").i(16).i(3).chr("f").chr("num").chr("s");
  w.i(2 | TAG).i(255 | (2 << 8)).i(16).i(1).chr("data.frame");
  w.i(2 | TAG).i(1).chr("row.names").i(13).i(2).i(R_NA_INT).i(-3);
  w.i(254);
  const v: RValue = unserialize(zlib.gzipSync(w.buf()), "df.rds");
  assert.deepEqual(classOf(v), ["data.frame"]);
  assert.deepEqual(namesOf(v), ["f", "num", "s"]);
  const df = toDataFrame(v, "df.rds");
  assert.equal(df.nrow, 3);
  const f = df.columns.f;
  assert.ok(f.kind === "factor");
  if (f.kind === "factor") {
    assert.deepEqual(f.levels, ["a", "b"]);
    assert.deepEqual(Array.from(f.codes), [1, -1, 0]);
  }
  const num = df.columns.num;
  if (num.kind !== "number") assert.fail("num should be numeric");
  assert.equal(num.values[0], 1.5);
  assert.ok(Number.isNaN(num.values[1]));
  const s = df.columns.s;
  if (s.kind !== "string") assert.fail("s should be strings");
  assert.deepEqual(s.values, ["x", null, "z"]);
});

test("ALTREP compact_intseq expands to 1..n", () => {
  const w = new W();
  w.i(238);
  w.i(2).i(1).chr("compact_intseq").i(2).i(1).chr("base").i(2).i(13).i(1).i(13).i(254); // info pairlist (class sym, pkg sym, type)
  w.i(14).i(3).d(5).d(1).d(1); // state: n=5, start=1, step=1
  w.i(254); // no attributes
  const v = unserialize(w.buf(), "alt.rds");
  assert.equal(v.type, "integer");
  if (v.type === "integer") assert.deepEqual(Array.from(v.data), [1, 2, 3, 4, 5]);
});

test("truncated or foreign input: errors name the byte offset and the fix", () => {
  const w = new W();
  w.i(14).i(3).d(1);
  const e = assertDatasetError(() => unserialize(w.buf(), "short.rds", "re-save it with saveRDS(x)"), "rds-format", "short.rds");
  assert.equal(e.location?.offset, 22); // start of the 3 doubles: 14-byte header + flags + length
  assert.match(e.message, /need 24 more bytes/);
  assert.equal(e.fix, "re-save it with saveRDS(x)");
  assertDatasetError(() => unserialize(Buffer.from("A\n1\n"), "ascii.rds"), "rds-format", "ascii.rds");
  const chunk = fs.readFileSync(FIXTURE);
  const bad = Buffer.from(chunk);
  bad[40] ^= 0xff;
  assertDatasetError(() => inflateChunk(bad, "Rdata.rdb", 242963, "re-extract the package"), "rdb-zlib", "Rdata.rdb");
});
