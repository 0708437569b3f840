/**
 * NumPy `.npy` arrays (format versions 1.0–3.0: magic `\x93NUMPY`, a little-endian header length, a Python dict
 * header {'descr', 'fortran_order', 'shape'}, then the raw C-order data). Numeric little-endian dtypes only; every
 * problem is a DatasetError naming the file, the byte offset and what to do.
 */
import * as fs from "fs";
import { DatasetError } from "../errors";

/** A loaded array: values as numbers in a typed array, its shape and numpy dtype. */
export interface NpyArray {
  data: Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Int8Array;
  shape: number[];
  dtype: string;
}

const FIX = "write the array with numpy.save(path, array) (C order, a numeric dtype such as float32, int32 or uint16)";

const DTYPES: Record<string, { bytes: number; read: (b: Buffer, n: number, off: number) => NpyArray["data"] }> = {
  "<f4": { bytes: 4, read: (b, n, o) => Float32Array.from({ length: n }, (_, i) => b.readFloatLE(o + 4 * i)) },
  "<f8": { bytes: 8, read: (b, n, o) => Float64Array.from({ length: n }, (_, i) => b.readDoubleLE(o + 8 * i)) },
  "<i4": { bytes: 4, read: (b, n, o) => Int32Array.from({ length: n }, (_, i) => b.readInt32LE(o + 4 * i)) },
  "<i8": { bytes: 8, read: (b, n, o) => Int32Array.from({ length: n }, (_, i) => Number(b.readBigInt64LE(o + 8 * i))) },
  "<u4": { bytes: 4, read: (b, n, o) => Uint32Array.from({ length: n }, (_, i) => b.readUInt32LE(o + 4 * i)) },
  "<i2": { bytes: 2, read: (b, n, o) => Int16Array.from({ length: n }, (_, i) => b.readInt16LE(o + 2 * i)) },
  "<u2": { bytes: 2, read: (b, n, o) => Uint16Array.from({ length: n }, (_, i) => b.readUInt16LE(o + 2 * i)) },
  "|u1": { bytes: 1, read: (b, n, o) => Uint8Array.from(b.subarray(o, o + n)) },
  "|i1": { bytes: 1, read: (b, n, o) => Int8Array.from({ length: n }, (_, i) => b.readInt8(o + i)) },
  "|b1": { bytes: 1, read: (b, n, o) => Uint8Array.from(b.subarray(o, o + n)) },
};

/** Parses `.npy` bytes; `file` names the source in errors. */
export function parseNpy(buf: Buffer, file = "(buffer)"): NpyArray {
  const err = (code: string, problem: string, offset: number) => new DatasetError(code, problem, FIX, { file, offset });
  if (buf.length < 10 || buf[0] !== 0x93 || buf.subarray(1, 6).toString("latin1") !== "NUMPY") throw err("npy-magic", "not a .npy file (no \\x93NUMPY magic)", 0);
  const major = buf[6];
  if (major < 1 || major > 3) throw err("npy-version", `format version ${major}.${buf[7]} is not supported (1.0–3.0)`, 6);
  const lenBytes = major === 1 ? 2 : 4;
  const hlen = lenBytes === 2 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = 8 + lenBytes;
  if (buf.length < start + hlen) throw err("npy-header", `header of ${hlen} bytes runs past the end of the file (${buf.length} bytes)`, 8);
  const header = buf.subarray(start, start + hlen).toString(major === 3 ? "utf8" : "latin1");
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw err("npy-header", `header ${JSON.stringify(header.trim())} lacks 'descr', 'fortran_order' or 'shape'`, start);
  if (fortran === "True") throw err("npy-order", "Fortran-order arrays are not supported", start);
  const dt = DTYPES[descr];
  if (!dt) throw err("npy-dtype", `dtype '${descr}' is not supported (little-endian ${Object.keys(DTYPES).join(", ")})`, start);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw err("npy-header", `shape (${shapeText}) is not a tuple of sizes`, start);
  const n = shape.reduce((a, b) => a * b, 1);
  const off = start + hlen;
  if (buf.length !== off + n * dt.bytes) throw err("npy-length", `shape [${shape.join(", ")}] of ${descr} needs ${n * dt.bytes} data bytes, file has ${buf.length - off}`, Math.min(buf.length, off + n * dt.bytes));
  return { data: dt.read(buf, n, off), shape, dtype: descr };
}

/** Reads a `.npy` file (missing file: a DatasetError naming it). */
export function readNpy(file: string): NpyArray {
  if (!fs.existsSync(file)) throw new DatasetError("missing", "file not found", FIX, { file });
  return parseNpy(fs.readFileSync(file), file);
}

/** Writes a C-order `.npy` (format 1.0) of float32 or int32 values with this shape. */
export function writeNpy(file: string, data: Float32Array | Int32Array, shape: number[]): void {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new Error(`writeNpy: shape [${shape.join(", ")}] holds ${n} values, got ${data.length}`);
  const descr = data instanceof Float32Array ? "<f4" : "<i4";
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n"; // magic + version + length + header ≡ 0 (mod 64)
  const head = Buffer.alloc(10);
  Buffer.from([0x93]).copy(head, 0);
  head.write("NUMPY", 1, "latin1");
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, "latin1"), body]));
}
