/**
 * Runs Debian's jupyter_kernel_test suite (tests/kernel/conformance.py) against the installed
 * kernelspec: every sample attribute is set, so only the pager test may skip.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "./kernel-client";
import { installTempKernelSpec, missingPython, PYTHON } from "./python-jupyter";

const skip = missingPython("jupyter_kernel_test", "python3-jupyter-kernel-test");

test("jupyter_kernel_test conformance suite passes (only the pager skipped)", { skip: skip ?? false, timeout: 600000 }, () => {
  const { env } = installTempKernelSpec();
  const r = spawnSync(PYTHON, [path.join(ROOT, "tests", "kernel", "conformance.py"), "-v"], { encoding: "utf8", env, timeout: 540000 });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  const ran = /Ran (\d+) tests?/.exec(out);
  assert.ok(ran && Number(ran[1]) >= 12, out);
  const skipped = /skipped=(\d+)/.exec(out);
  assert.ok(!skipped || Number(skipped[1]) <= 1, out);
  if (skipped) assert.match(out, /test_pager \S+ \.\.\. skipped/, out);
});
