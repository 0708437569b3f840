/** Shared helpers of the datasets tests: temp folders and error assertions. */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isDatasetError, type DatasetError } from "../../datasets/errors";

process.env.PAPERLAB_QUIET = "1";

/** A fresh temporary folder (removed by the OS; tests also clean up where cheap). */
export function tempDir(prefix = "paperlab-ds-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Asserts that `fn` throws a DatasetError with this code whose message names `file` and has a fix; returns it. */
export function assertDatasetError(fn: () => unknown, code: string, file?: string): DatasetError {
  try {
    fn();
  } catch (e) {
    assert.ok(isDatasetError(e), `expected a DatasetError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (file) assert.ok(e.message.includes(file), `message should name ${file}: ${e.message}`);
    assert.ok(e.fix.length > 10, "error must carry a fix");
    assert.ok(e.message.includes("fix:"), "message must show the fix");
    return e;
  }
  assert.fail(`expected a DatasetError '${code}', nothing was thrown`);
}

/** Async version of assertDatasetError. */
export async function assertRejectsDataset(p: Promise<unknown>, code: string, file?: string): Promise<DatasetError> {
  try {
    await p;
  } catch (e) {
    return assertDatasetError(() => {
      throw e;
    }, code, file);
  }
  assert.fail(`expected a DatasetError '${code}', the promise resolved`);
}
