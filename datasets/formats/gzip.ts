/**
 * Checked gzip inflation shared by the formats (CSV/TSV, JSONL, IDX, RDS): a broken stream becomes a
 * DatasetError naming the file and the compressed byte offset where inflation stops, instead of a
 * raw zlib error. The offset is found only on the error path, by bisecting the longest prefix that
 * still inflates (with a sync flush, a clean prefix inflates without error; a corrupt byte fails
 * every prefix that contains it), so the good path costs one `gunzipSync`.
 */
import * as zlib from "zlib";
import { DatasetError } from "../errors";

/** Whether `buf` starts with the gzip magic 1f 8b. */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Inflates `buf` when it is gzip (returned unchanged otherwise); a broken stream throws DatasetError `code` naming `file` and the offset. */
export function gunzipChecked(buf: Buffer, file: string, fix: string, code = "gzip"): Buffer {
  if (!isGzip(buf)) return buf;
  try {
    return zlib.gunzipSync(buf);
  } catch (e) {
    const reason = (e as Error).message;
    const at = brokenOffset(buf);
    const problem = at >= buf.length
      ? `gzip stream ends early at byte ${buf.length} (the file is truncated; zlib: ${reason})`
      : `gzip stream is corrupt at byte ${at} of ${buf.length} (zlib: ${reason})`;
    throw new DatasetError(code, problem, fix, { file, offset: Math.min(at, buf.length) });
  }
}

/** Length of the longest prefix of `buf` that inflates without error (= buf.length for a truncated stream). */
function brokenOffset(buf: Buffer): number {
  const ok = (n: number): boolean => {
    try {
      zlib.gunzipSync(buf.subarray(0, n), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      return true;
    } catch {
      return false;
    }
  };
  if (ok(buf.length)) return buf.length;
  let lo = 0; // ok(lo) holds (an empty prefix inflates to nothing)
  let hi = buf.length; // ok(hi) fails
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
