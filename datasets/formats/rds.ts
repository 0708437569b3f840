/**
 * Reader for R's serialization format (XDR, format versions 2 and 3) as used by `.rds` files and
 * by lazy-load databases (`Rdata.rdx` index + `Rdata.rdb` chunks, e.g. the data/ folder of an
 * installed R package). Enough of the format for data: vectors, lists, pairlists, attributes,
 * factors, data.frames, symbols, environments and references, ALTREP compact sequences and
 * wrappers. Closures and byte code are read structurally where possible, otherwise reported.
 *
 * Layout of one item: an int32 flags word — type in bits 0–7, "is object" bit 8, "has attributes"
 * bit 9, "has tag" bit 10, general-purpose levels in bits 12–27 — followed by the type's payload.
 * All integers and doubles are big-endian. NA_integer_ is -2^31; NA_real_ is a NaN whose low word
 * is 1954; a CHARSXP of length -1 is NA_character_.
 */
import * as fs from "fs";
import * as zlib from "zlib";
import { DatasetError } from "../errors";
import { readFileBytes } from "../checksum";
import { gunzipChecked } from "./gzip";

/** A decoded R value. `attributes` holds e.g. names, class, levels, row.names. */
export type RValue =
  | { type: "null" }
  | { type: "logical"; data: Int32Array; attributes?: RAttributes }
  | { type: "integer"; data: Int32Array; attributes?: RAttributes }
  | { type: "double"; data: Float64Array; attributes?: RAttributes }
  | { type: "complex"; data: Float64Array; attributes?: RAttributes }
  | { type: "character"; data: (string | null)[]; attributes?: RAttributes }
  | { type: "raw"; data: Uint8Array; attributes?: RAttributes }
  | { type: "list"; data: RValue[]; attributes?: RAttributes }
  | { type: "pairlist"; data: { tag: string | null; value: RValue }[]; attributes?: RAttributes }
  | { type: "symbol"; name: string }
  | { type: "environment"; name: string; attributes?: RAttributes }
  | { type: "other"; sexptype: number; attributes?: RAttributes };

/** Attribute name → value. */
export type RAttributes = Record<string, RValue>;

/** NA_integer_. */
export const R_NA_INT = -2147483648;

const SXP = { NIL: 0, SYM: 1, LIST: 2, CLO: 3, ENV: 4, PROM: 5, LANG: 6, SPECIAL: 7, BUILTIN: 8, CHAR: 9, LGL: 10, INT: 13, REAL: 14, CPLX: 15, STR: 16, DOT: 17, VEC: 19, EXPR: 20, BCODE: 21, EXTPTR: 22, WEAKREF: 23, RAW: 24, S4: 25 };
const REFSXP = 255, NILVALUE = 254, GLOBALENV = 253, UNBOUNDVALUE = 252, MISSINGARG = 251, BASENAMESPACE = 250, NAMESPACESXP = 249, PACKAGESXP = 248, PERSISTSXP = 247, EMPTYENV = 242, BASEENV = 241, ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP = 238;

/** Decodes one serialized R object (`X\n` XDR format; gzip/zlib wrappers are removed first). */
export function unserialize(buf: Buffer, file: string, fix = "re-extract the file from its R package"): RValue {
  buf = gunzipChecked(buf, file, fix);
  return new Reader(buf, file, fix).readTop();
}

/** Reads an `.rds` file (gzip-compressed or not). */
export function readRds(file: string, fix?: string): RValue {
  const buf = readFileBytes(file, fix, "R data file");
  return unserialize(buf, file, fix);
}

/**
 * Reads one object from an R lazy-load database: `rdx` is the (gzip) serialized index whose
 * `variables` maps names to (offset, length) into `rdb`; each chunk is a 4-byte big-endian
 * uncompressed length followed by a zlib stream of a serialized object.
 */
export function readLazyLoad(rdxFile: string, rdbFile: string, name: string, fix = "re-extract the R package's data/ folder"): RValue {
  const index = listLazyLoad(rdxFile, fix);
  const where = index[name];
  if (!where) {
    throw new DatasetError("rdx-name", `object '${name}' is not in the lazy-load index; it has: ${Object.keys(index).join(", ")}`, fix, { file: rdxFile });
  }
  const fd = fs.openSync(rdbFile, "r");
  const chunk = Buffer.alloc(where.length);
  try {
    const n = fs.readSync(fd, chunk, 0, where.length, where.offset);
    if (n !== where.length) throw new DatasetError("rdb-truncated", `chunk of '${name}' needs ${where.length} bytes at offset ${where.offset}, file ends after ${n}`, fix, { file: rdbFile, offset: where.offset + n });
  } finally {
    fs.closeSync(fd);
  }
  return unserialize(inflateChunk(chunk, rdbFile, where.offset, fix), rdbFile, fix);
}

/** Inflates one lazy-load chunk (4-byte length + zlib). Exported for fixtures holding a single chunk. */
export function inflateChunk(chunk: Buffer, file: string, offset: number, fix: string): Buffer {
  const expected = chunk.readUInt32BE(0);
  let out: Buffer;
  try {
    out = zlib.inflateSync(chunk.subarray(4));
  } catch (e) {
    throw new DatasetError("rdb-zlib", `zlib stream of a lazy-load chunk is broken: ${(e as Error).message}`, fix, { file, offset: offset + 4 });
  }
  if (out.length !== expected) throw new DatasetError("rdb-length", `chunk inflates to ${out.length} bytes, its header says ${expected}`, fix, { file, offset });
  return out;
}

/** The `variables` table of a lazy-load index: name → byte range in the .rdb file. */
export function listLazyLoad(rdxFile: string, fix = "re-extract the R package's data/ folder"): Record<string, { offset: number; length: number }> {
  const idx = readRds(rdxFile, fix);
  const vars = listElement(idx, "variables");
  if (!vars || vars.type !== "list") throw new DatasetError("rdx-format", "lazy-load index has no 'variables' list", fix, { file: rdxFile });
  const names = namesOf(vars);
  const out: Record<string, { offset: number; length: number }> = {};
  vars.data.forEach((v, i) => {
    if ((v.type === "integer" || v.type === "double") && v.data.length === 2) out[names[i] ?? String(i)] = { offset: Number(v.data[0]), length: Number(v.data[1]) };
  });
  return out;
}

/** The `names` attribute as strings ("" for NA). */
export function namesOf(v: RValue): string[] {
  const n = "attributes" in v ? v.attributes?.names : undefined;
  return n && n.type === "character" ? n.data.map((s) => s ?? "") : [];
}

/** Element `name` of a named list, or undefined. */
export function listElement(v: RValue, name: string): RValue | undefined {
  if (v.type !== "list") return undefined;
  const i = namesOf(v).indexOf(name);
  return i < 0 ? undefined : v.data[i];
}

/** The `class` attribute (empty if none). */
export function classOf(v: RValue): string[] {
  const c = "attributes" in v ? v.attributes?.class : undefined;
  return c && c.type === "character" ? c.data.map((s) => s ?? "") : [];
}

/** A data.frame column: numbers (NA → NaN), strings (NA → null) or a factor (codes 0-based, NA → -1). */
export type RColumn =
  | { kind: "number"; values: Float64Array }
  | { kind: "string"; values: (string | null)[] }
  | { kind: "factor"; levels: string[]; codes: Int32Array };

/** A data.frame as named columns of equal length. */
export interface RDataFrame {
  names: string[];
  columns: Record<string, RColumn>;
  nrow: number;
}

/** Converts an R data.frame value to columns; throws if `v` is not a data.frame. */
export function toDataFrame(v: RValue, file: string, fix = "pass an R data.frame"): RDataFrame {
  if (v.type !== "list" || !classOf(v).includes("data.frame")) {
    throw new DatasetError("rds-not-df", `expected an R data.frame, got ${v.type} with class [${classOf(v).join(", ")}]`, fix, { file });
  }
  const names = namesOf(v);
  const columns: Record<string, RColumn> = {};
  let nrow = -1;
  v.data.forEach((col, i) => {
    let c: RColumn;
    if (col.type === "integer" && classOf(col).includes("factor")) {
      const lv = col.attributes?.levels;
      const levels = lv && lv.type === "character" ? lv.data.map((s) => s ?? "NA") : [];
      c = { kind: "factor", levels, codes: Int32Array.from(col.data, (x) => (x === R_NA_INT ? -1 : x - 1)) };
    } else if (col.type === "integer" || col.type === "logical") {
      c = { kind: "number", values: Float64Array.from(col.data, (x) => (x === R_NA_INT ? NaN : x)) };
    } else if (col.type === "double") {
      c = { kind: "number", values: col.data };
    } else if (col.type === "character") {
      c = { kind: "string", values: col.data };
    } else {
      throw new DatasetError("rds-column", `column '${names[i]}' has unsupported type ${col.type}`, fix, { file });
    }
    const len = c.kind === "factor" ? c.codes.length : c.values.length;
    if (nrow >= 0 && len !== nrow) throw new DatasetError("rds-column", `column '${names[i]}' has ${len} rows, earlier columns ${nrow}`, fix, { file });
    nrow = len;
    columns[names[i]] = c;
  });
  return { names, columns, nrow: Math.max(nrow, 0) };
}

/** Value of a column at row r as a JS value (number/NaN, string/null). */
export function cell(c: RColumn, r: number): number | string | null {
  if (c.kind === "number") return c.values[r];
  if (c.kind === "string") return c.values[r];
  const k = c.codes[r];
  return k < 0 ? null : c.levels[k];
}

class Reader {
  private pos = 0;
  private refs: RValue[] = [];
  constructor(private buf: Buffer, private file: string, private fix: string) {}

  private fail(problem: string, at = this.pos): never {
    throw new DatasetError("rds-format", problem, this.fix, { file: this.file, offset: at });
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail(`R serialization truncated: need ${n} more bytes at offset ${this.pos}, data has ${this.buf.length}`);
  }
  private int(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  private length(): number {
    const n = this.int();
    if (n !== -1) return n;
    const hi = this.int();
    const lo = this.int();
    return hi * 4294967296 + (lo >>> 0);
  }

  readTop(): RValue {
    this.need(2);
    const fmt = this.buf.toString("latin1", 0, 2);
    if (fmt !== "X\n") this.fail(`unsupported R serialization format '${JSON.stringify(fmt)}': only XDR ('X\\n') is read; re-save with saveRDS(x, ascii = FALSE)`, 0);
    this.pos = 2;
    const version = this.int();
    this.int(); // writer R version
    this.int(); // minimal reader R version
    if (version === 3) {
      const n = this.int();
      this.need(n);
      this.pos += n; // native encoding name
    } else if (version !== 2) this.fail(`unsupported R serialization version ${version} (expected 2 or 3)`, 2);
    return this.item();
  }

  private item(): RValue {
    const at = this.pos;
    const flags = this.int();
    const type = flags & 0xff;
    const levels = flags >> 12;
    const hasAttr = (flags & (1 << 9)) !== 0;
    const hasTag = (flags & (1 << 10)) !== 0;
    switch (type) {
      case NILVALUE:
        return { type: "null" };
      case EMPTYENV:
        return { type: "environment", name: "emptyenv" };
      case BASEENV:
        return { type: "environment", name: "baseenv" };
      case GLOBALENV:
        return { type: "environment", name: "globalenv" };
      case UNBOUNDVALUE:
      case MISSINGARG:
        return { type: "other", sexptype: type };
      case BASENAMESPACE:
        return { type: "environment", name: "namespace:base" };
      case REFSXP: {
        let idx = flags >> 8;
        if (idx === 0) idx = this.int();
        const v = this.refs[idx - 1];
        if (!v) this.fail(`reference #${idx} to an object not read yet`, at);
        return v;
      }
      case PERSISTSXP:
      case NAMESPACESXP:
      case PACKAGESXP: {
        const strs = this.stringVec();
        const v: RValue = { type: "environment", name: `${type === PACKAGESXP ? "package" : type === NAMESPACESXP ? "namespace" : "persist"}:${strs.join(" ")}` };
        this.refs.push(v);
        return v;
      }
      case SXP.SYM: {
        const name = this.item();
        const v: RValue = { type: "symbol", name: name.type === "character" ? name.data[0] ?? "" : "" };
        this.refs.push(v);
        return v;
      }
      case SXP.ENV: {
        this.int(); // locked
        const v: RValue = { type: "environment", name: "env" };
        this.refs.push(v);
        this.item(); // enclosure
        this.item(); // frame
        this.item(); // hash table
        this.item(); // attributes
        return v;
      }
      case SXP.LIST:
      case SXP.LANG:
      case SXP.CLO:
      case SXP.PROM:
      case SXP.DOT:
      case ATTRLANGSXP:
      case ATTRLISTSXP:
        return this.pairlist(type, hasAttr, hasTag);
      case SXP.SPECIAL:
      case SXP.BUILTIN: {
        const n = this.int();
        this.need(n);
        this.pos += n;
        return { type: "other", sexptype: type };
      }
      case SXP.CHAR: {
        const n = this.int();
        if (n === -1) return { type: "character", data: [null] };
        this.need(n);
        const enc = levels & (1 << 2) ? "latin1" : "utf8";
        const s = this.buf.toString(enc, this.pos, this.pos + n);
        this.pos += n;
        return { type: "character", data: [s] };
      }
      case SXP.LGL:
      case SXP.INT: {
        const n = this.length();
        this.need(4 * n);
        const data = new Int32Array(n);
        for (let i = 0; i < n; i++) data[i] = this.buf.readInt32BE(this.pos + 4 * i);
        this.pos += 4 * n;
        return this.withAttr({ type: type === SXP.LGL ? "logical" : "integer", data }, hasAttr);
      }
      case SXP.REAL:
      case SXP.CPLX: {
        const n = this.length() * (type === SXP.CPLX ? 2 : 1);
        this.need(8 * n);
        const data = new Float64Array(n);
        for (let i = 0; i < n; i++) data[i] = this.buf.readDoubleBE(this.pos + 8 * i);
        this.pos += 8 * n;
        return this.withAttr({ type: type === SXP.CPLX ? "complex" : "double", data }, hasAttr);
      }
      case SXP.STR: {
        const n = this.length();
        const data: (string | null)[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const c = this.item();
          data[i] = c.type === "character" ? c.data[0] : null;
        }
        return this.withAttr({ type: "character", data }, hasAttr);
      }
      case SXP.VEC:
      case SXP.EXPR: {
        const n = this.length();
        const data: RValue[] = new Array(n);
        for (let i = 0; i < n; i++) data[i] = this.item();
        return this.withAttr({ type: "list", data }, hasAttr);
      }
      case SXP.RAW: {
        const n = this.length();
        this.need(n);
        const data = new Uint8Array(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        return this.withAttr({ type: "raw", data }, hasAttr);
      }
      case SXP.S4:
        return this.withAttr({ type: "other", sexptype: type }, hasAttr);
      case ALTREP:
        return this.altrep();
      default:
        return this.fail(`unsupported R object type ${type} (flags 0x${(flags >>> 0).toString(16)}); this reader handles data objects only`, at);
    }
  }

  private stringVec(): string[] {
    if (this.int() !== 0) this.fail("malformed string vector in a namespace/package reference");
    const n = this.int();
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = this.item();
      out.push(c.type === "character" ? c.data[0] ?? "NA" : "");
    }
    return out;
  }

  private withAttr<T extends RValue & { attributes?: RAttributes }>(v: T, hasAttr: boolean): T {
    if (hasAttr) v.attributes = this.attributes(this.item());
    return v;
  }

  private attributes(pl: RValue): RAttributes {
    const out: RAttributes = {};
    if (pl.type === "pairlist") for (const { tag, value } of pl.data) out[tag ?? ""] = value;
    return out;
  }

  /** A pairlist-like chain, read iteratively along the CDR to avoid deep recursion on long lists. */
  private pairlist(type: number, hasAttr: boolean, hasTag: boolean): RValue {
    const cells: { tag: string | null; value: RValue }[] = [];
    let attributes: RAttributes | undefined;
    let first = true;
    for (;;) {
      let attr: RValue | undefined;
      if (hasAttr) attr = this.item();
      let tag: string | null = null;
      if (hasTag) {
        const t = this.item();
        tag = t.type === "symbol" ? t.name : t.type === "character" ? t.data[0] : null;
      }
      const car = this.item();
      cells.push({ tag, value: car });
      if (first && attr) attributes = this.attributes(attr);
      first = false;
      // peek at the CDR: continue the loop while it is another cell of the same chain type
      this.need(4);
      const flags = this.buf.readInt32BE(this.pos);
      const t = flags & 0xff;
      if (t === SXP.LIST || t === ATTRLISTSXP || (t === type && type !== SXP.CLO && type !== SXP.PROM)) {
        this.pos += 4;
        hasAttr = (flags & (1 << 9)) !== 0;
        hasTag = (flags & (1 << 10)) !== 0;
        continue;
      }
      this.item(); // terminating CDR (usually NILVALUE)
      break;
    }
    if (type === SXP.LIST || type === ATTRLISTSXP) return { type: "pairlist", data: cells, attributes };
    return { type: "other", sexptype: type, attributes };
  }

  /** ALTREP objects: class info, state, attributes; expands compact sequences and wrappers. */
  private altrep(): RValue {
    const info = this.item();
    const state = this.item();
    const attr = this.item();
    const cls = info.type === "pairlist" && info.data[0]?.value.type === "symbol" ? info.data[0].value.name : "";
    let v: RValue;
    if (cls === "compact_intseq" && state.type === "double") {
      const [n, start, step] = state.data;
      v = { type: "integer", data: Int32Array.from({ length: n }, (_, i) => start + i * step) };
    } else if (cls === "compact_realseq" && state.type === "double") {
      const [n, start, step] = state.data;
      v = { type: "double", data: Float64Array.from({ length: n }, (_, i) => start + i * step) };
    } else if (cls.startsWith("wrap_") && state.type === "list") {
      v = { ...state.data[0] } as RValue;
    } else if (cls === "deferred_string" && state.type === "pairlist") {
      const src = state.data[0].value;
      const data = src.type === "integer" ? Array.from(src.data, (x) => (x === R_NA_INT ? null : String(x))) : src.type === "double" ? Array.from(src.data, (x) => (Number.isNaN(x) ? null : String(x))) : [];
      v = { type: "character", data };
    } else {
      return this.fail(`unsupported ALTREP class '${cls}'`);
    }
    if (attr.type === "pairlist") (v as { attributes?: RAttributes }).attributes = this.attributes(attr);
    return v;
  }
}
