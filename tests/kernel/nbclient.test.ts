/**
 * Interop: Debian's nbclient executes a small notebook with this kernel (allow_errors on, so the
 * cell after an error must still run) and the outputs are the expected ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installTempKernelSpec, missingPython, PYTHON } from "./python-jupyter";

const skip = missingPython("nbclient", "python3-nbclient");

function cell(source: string) {
  return { cell_type: "code", execution_count: null, metadata: {}, outputs: [], source };
}

test("nbclient runs a paperlab notebook with the expected outputs", { skip: skip ?? false, timeout: 300000 }, () => {
  const { dir, env } = installTempKernelSpec();
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "paperlab", display_name: "TypeScript (paperlab)", language: "typescript" } },
    cells: [
      cell("const n: number = 21;\nconsole.log('n is', n);"),
      cell("n * 2"),
      cell("throw new Error('expected in CI');"),
      cell("await display.html('<p>after the error</p>');"),
    ],
  };
  const input = path.join(dir, "in.ipynb");
  const output = path.join(dir, "out.ipynb");
  fs.writeFileSync(input, JSON.stringify(nb));
  const script = [
    "import sys, nbformat",
    "from nbclient import NotebookClient",
    "nb = nbformat.read(sys.argv[1], as_version=4)",
    "NotebookClient(nb, timeout=240, kernel_name='paperlab', allow_errors=True).execute()",
    "nbformat.write(nb, sys.argv[2])",
  ].join("\n");
  const r = spawnSync(PYTHON, ["-c", script, input, output], { encoding: "utf8", env, cwd: dir, timeout: 280000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const done = JSON.parse(fs.readFileSync(output, "utf8")) as { cells: Array<{ execution_count: number; outputs: Array<Record<string, any>> }> };
  const [c1, c2, c3, c4] = done.cells;
  assert.equal(c1.outputs[0].output_type, "stream");
  assert.equal([].concat(c1.outputs[0].text).join(""), "n is 21\n");
  assert.equal(c2.outputs[0].output_type, "execute_result");
  assert.equal([].concat(c2.outputs[0].data["text/plain"]).join(""), "42");
  assert.equal(c3.outputs[0].output_type, "error");
  assert.equal(c3.outputs[0].ename, "Error");
  assert.equal(c4.outputs[0].output_type, "display_data");
  assert.equal([].concat(c4.outputs[0].data["text/html"]).join(""), "<p>after the error</p>");
  assert.deepEqual(done.cells.map((c) => c.execution_count), [1, 2, 3, 4]);
});
