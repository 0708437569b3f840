/** PNG decoding/encoding through `pngjs` (pure JS), with errors that name the file. */
import { PNG } from "pngjs";
import { DatasetError } from "../errors";
import { readFileBytes } from "../checksum";

/** A decoded image: RGBA bytes, row-major `[height, width, 4]`. */
export interface RgbaImage {
  width: number;
  height: number;
  /** `[height, width, 4]` uint8 RGBA. */
  data: Uint8Array;
}

/** Decodes a PNG buffer; `file` names it in errors. */
export function decodePng(buf: Buffer, file: string, fix = "replace the file with a valid PNG"): RgbaImage {
  if (buf.length < 8 || buf.readUInt32BE(0) !== 0x89504e47) {
    throw new DatasetError("png-magic", "not a PNG (missing the \\x89PNG signature)", fix, { file, offset: 0 });
  }
  try {
    const png = PNG.sync.read(buf);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch (e) {
    throw new DatasetError("png-decode", `PNG cannot be decoded: ${(e as Error).message}`, fix, { file });
  }
}

/** Reads and decodes a PNG file. */
export function readPng(file: string, fix?: string): RgbaImage {
  const buf = readFileBytes(file, fix, "image file");
  return decodePng(buf, file, fix);
}

/** Encodes RGBA `[height, width, 4]` bytes as PNG. */
export function encodePng(img: RgbaImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length).copy(png.data);
  return PNG.sync.write(png);
}
