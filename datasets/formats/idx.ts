/**
 * IDX reader/writer (the MNIST file format, LeCun et al.): a 4-byte magic `0x00 0x00 TYPE NDIM`,
 * then NDIM big-endian uint32 dimensions, then the values in row-major order (big-endian for
 * multi-byte types). Gzipped files (`.gz`, magic 1f 8b) are inflated first.
 */
import { DatasetError } from "../errors";
import { readFileBytes } from "../checksum";
import { gunzipChecked } from "./gzip";
import { fixOwnFile } from "../messages";

/** The advice when the caller gives none: the file is the user's own (shipped and installed files pass their entry's fix). */
const OWN_FIX = fixOwnFile("an IDX file (magic 00 00 TYPE NDIM, big-endian dimensions, then the values), gzipped or not");

/** The IDX element types by type code. */
export const IDX_TYPES = {
  0x08: { name: "uint8", size: 1 },
  0x09: { name: "int8", size: 1 },
  0x0b: { name: "int16", size: 2 },
  0x0c: { name: "int32", size: 4 },
  0x0d: { name: "float32", size: 4 },
  0x0e: { name: "float64", size: 8 },
} as const;

/** A decoded IDX tensor: `data` has `shape.reduce(*)` elements. */
export interface IdxTensor {
  dtype: (typeof IDX_TYPES)[keyof typeof IDX_TYPES]["name"];
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Reads and decodes an IDX file (optionally gzipped). `fix` is appended to any error (default: advice for a file of your own). */
export function readIdx(file: string, fix: string = OWN_FIX): IdxTensor {
  const buf = readFileBytes(file, fix, "IDX file");
  return parseIdx(buf, file, fix);
}

/** Decodes an IDX buffer; `file` names it in errors. Checks the magic, dimensions and exact length. */
export function parseIdx(buf: Buffer, file: string, fix: string = OWN_FIX): IdxTensor {
  buf = gunzipChecked(buf, file, fix, "idx-gzip");
  if (buf.length < 4) throw new DatasetError("idx-truncated", `IDX header truncated: ${buf.length} bytes, need at least 4`, fix, { file, offset: buf.length });
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new DatasetError("idx-magic", `not an IDX file: magic bytes are ${hex(buf[0])} ${hex(buf[1])}, expected 0x00 0x00`, fix, { file, offset: 0 });
  }
  const type = IDX_TYPES[buf[2] as keyof typeof IDX_TYPES];
  if (!type) throw new DatasetError("idx-type", `unknown IDX element type ${hex(buf[2])} (known: 0x08 0x09 0x0b 0x0c 0x0d 0x0e)`, fix, { file, offset: 2 });
  const ndim = buf[3];
  const headerLen = 4 + 4 * ndim;
  if (ndim === 0) throw new DatasetError("idx-ndim", "IDX header declares 0 dimensions", fix, { file, offset: 3 });
  if (buf.length < headerLen) {
    throw new DatasetError("idx-truncated", `IDX header truncated: ${ndim} dimensions need ${headerLen} header bytes, file has ${buf.length}`, fix, { file, offset: buf.length });
  }
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerLen + count * type.size;
  if (buf.length < expected) {
    throw new DatasetError(
      "idx-truncated",
      `IDX data truncated: shape [${shape.join(",")}] of ${type.name} needs ${expected} bytes, file has ${buf.length} (data ends early at byte ${buf.length}, element ${Math.floor((buf.length - headerLen) / type.size)} of ${count})`,
      fix,
      { file, offset: buf.length },
    );
  }
  if (buf.length > expected) {
    throw new DatasetError("idx-trailing", `IDX file has ${buf.length - expected} unexpected trailing bytes after shape [${shape.join(",")}]`, fix, { file, offset: expected });
  }
  const body = buf.subarray(headerLen, expected);
  let data: IdxTensor["data"];
  switch (type.name) {
    case "uint8":
      data = new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
      break;
    case "int8":
      data = new Int8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
      break;
    default: {
      const ctor = { int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[type.name];
      const out = new ctor(count);
      const read = { int16: (o: number) => body.readInt16BE(o), int32: (o: number) => body.readInt32BE(o), float32: (o: number) => body.readFloatBE(o), float64: (o: number) => body.readDoubleBE(o) }[type.name];
      for (let i = 0; i < count; i++) out[i] = read(i * type.size);
      data = out;
    }
  }
  return { dtype: type.name, shape, data };
}

/** Encodes a uint8 tensor as IDX (used by tests and by `prepare` conversions). */
export function encodeIdxUint8(shape: number[], data: Uint8Array): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`encodeIdxUint8: shape [${shape}] needs ${count} values, got ${data.length}`);
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.length)]);
}

function hex(b: number | undefined): string {
  return b === undefined ? "(none)" : `0x${b.toString(16).padStart(2, "0")}`;
}
