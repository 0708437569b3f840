/** SHA-256 of files and buffers (a per-process memo hashes a file once per size and mtime), and the checked file reads the formats share. */
import * as crypto from "crypto";
import * as fs from "fs";
import { DatasetError } from "./errors";

const memo = new Map<string, string>();

/** Hex SHA-256 of a buffer. */
export function sha256(buf: Uint8Array | string): string {
  return crypto.createHash("sha256").update(buf).digest("hex");
}

/** Hex SHA-256 of a file (memoized on path, size and mtime). */
export function sha256File(file: string): string {
  const st = fs.statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const h = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 22);
    let n: number;
    while ((n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0) h.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  const hex = h.digest("hex");
  memo.set(key, hex);
  return hex;
}

/** Throws a DatasetError naming the file, both hashes and the fix when the file's SHA-256 differs. */
export function checkSha256(file: string, expected: string, fix: string): void {
  const got = sha256File(file);
  if (got !== expected) {
    throw new DatasetError("checksum", `SHA-256 mismatch: expected ${expected}, got ${got} (the file is corrupt, truncated or a different version)`, fix, { file });
  }
}

/** Reads a file's bytes; a missing or unreadable file is a DatasetError "missing" naming it (`what`: e.g. "IDX file"). */
export function readFileBytes(file: string, fix = "check the path", what = "file"): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new DatasetError("missing", `${what} not found`, fix, { file });
  }
}

/** Throws a DatasetError naming the file and the fix when it does not exist. */
export function checkExists(file: string, fix: string): void {
  if (!fs.existsSync(file)) throw new DatasetError("missing", "file not found", fix, { file });
}
