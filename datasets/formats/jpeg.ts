/** JPEG decoding/encoding through `jpeg-js` (pure JS, every backend), with errors that name the file. */
import * as jpeg from "jpeg-js";
import { DatasetError } from "../errors";
import type { RgbaImage } from "./png";
import { readFileBytes } from "../checksum";

/** True when `buf` starts with the JPEG start-of-image marker FF D8 FF. */
export function isJpeg(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff;
}

/**
 * Decodes a JPEG buffer to RGBA `[height, width, 4]` (grayscale and CMYK converted to RGB, alpha 255);
 * `file` names it in errors. Decoding may use up to 1 GiB (ImageNet's largest images fit).
 */
export function decodeJpeg(buf: Uint8Array, file: string, fix = "replace the file with a valid JPEG"): RgbaImage {
  if (!isJpeg(buf)) throw new DatasetError("jpeg-magic", "not a JPEG (missing the FF D8 FF start-of-image marker)", fix, { file, offset: 0 });
  try {
    const d = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: d.width, height: d.height, data: d.data };
  } catch (e) {
    throw new DatasetError("jpeg-decode", `JPEG cannot be decoded: ${(e as Error).message}`, fix, { file });
  }
}

/** Reads and decodes a JPEG file. */
export function readJpeg(file: string, fix?: string): RgbaImage {
  const buf = readFileBytes(file, fix, "image file");
  return decodeJpeg(buf, file, fix);
}

/** Encodes RGBA `[height, width, 4]` bytes as a baseline JPEG (alpha dropped) at `quality` 1–100. */
export function encodeJpeg(img: RgbaImage, quality = 90): Buffer {
  return jpeg.encode({ width: img.width, height: img.height, data: img.data }, quality).data;
}
