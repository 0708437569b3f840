/**
 * `paperlab run` on notebooks written for other kernels (tests/fixtures/compat): a tslab notebook,
 * a Deno notebook and a jslab notebook run unchanged, with no --kernel flag, on paperlab when
 * their own kernel is not installed (an empty Jupyter path here), each with a one-line note and
 * no error outputs. A notebook in a language paperlab does not run still fails, naming --kernel.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { runMessages } from "../../../kernel/client/messages";
import { FIXTURES, assertValidNotebook, runCli, tempDir } from "../client/support";

const out = tempDir("paperlab-compat-");
const noKernels = tempDir("paperlab-compat-jp-");
/** No kernelspecs installed anywhere (the system's python3 may be; tslab, deno and jslab are not). */
const env = (preload: boolean): NodeJS.ProcessEnv => ({
  ...process.env,
  JUPYTER_PATH: noKernels,
  JUPYTER_DATA_DIR: noKernels,
  ...(preload ? {} : { PAPERLAB_KERNEL_PRELOAD: "0" }),
});

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  ename?: string;
}
interface Cell {
  id: string;
  outputs: Output[];
}
interface Nb {
  cells: Cell[];
  metadata: { kernelspec: { name: string }; language_info: { name: string }; paperlab: { run: Record<string, unknown> } };
}

const read = (f: string): Nb => JSON.parse(fs.readFileSync(f, "utf8")) as Nb;
const cell = (nb: Nb, id: string): Output[] => {
  const c = nb.cells.find((x) => x.id === id);
  assert.ok(c, `cell ${id}`);
  return c.outputs;
};
const data = (o: Output[]) => o.map((x) => [x.output_type, x.data]);

function noErrors(nb: Nb): void {
  const errors = nb.cells.flatMap((c) => c.outputs.filter((o) => o.output_type === "error").map((o) => `${c.id}: ${o.ename}`));
  assert.deepEqual(errors, []);
}

describe("notebooks from tslab, Deno and jslab", { concurrency: 2 }, () => {
  test("a tslab notebook (display calls, newDisplay loop, top-level await, types) runs on paperlab with the preload", async (t) => {
    const o = path.join(out, "tslab.ipynb");
    const r = await runCli(["run", path.join(FIXTURES, "compat", "tslab.ipynb"), "-o", o], { env: env(true), timeoutMs: 240000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(runMessages.standInKernel("tslab", "typescript")), r.stderr);
    const nb = read(o);
    noErrors(nb);
    assert.deepEqual(data(cell(nb, "imports")), [["execute_result", { "text/plain": "5" }]]);
    assert.deepEqual(data(cell(nb, "display")), [
      ["display_data", { "text/html": "<b>bold</b> from tslab" }],
      ["display_data", { "text/markdown": "# A markdown heading" }],
      ["display_data", { "text/plain": "plain text" }],
      ["display_data", { "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>' }],
      ["display_data", { "image/png": Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]).toString("base64") }],
      ["display_data", { "image/jpeg": Buffer.from([255, 216, 255, 217]).toString("base64") }],
      ["display_data", { "application/json": JSON.stringify({ via: "default import" }) }],
    ]);
    assert.deepEqual(data(cell(nb, "progress")), [["display_data", { "text/html": "<b>done</b>" }]], "the loop's updates replaced one output");
    assert.deepEqual(data(cell(nb, "await")), [["execute_result", { "text/plain": "42" }]]);
    assert.match(String(cell(nb, "versions")[0].data?.["text/plain"]), /^'tslab \d+\.\d+\.\d+, TypeScript \d+\.\d+\.\d+, Node v\d+/);
    assert.equal(nb.metadata.kernelspec.name, "tslab", "the notebook keeps its own kernelspec");
    assert.equal(nb.metadata.paperlab.run.standInFor, "tslab");
    assertValidNotebook(t, o);
  });

  test("a Deno notebook using Deno.jupyter runs on paperlab", async (t) => {
    const o = path.join(out, "deno.ipynb");
    const r = await runCli(["run", path.join(FIXTURES, "compat", "deno.ipynb"), "-o", o], { env: env(false), timeoutMs: 240000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(runMessages.standInKernel("deno", "typescript")), r.stderr);
    const nb = read(o);
    noErrors(nb);
    assert.deepEqual(data(cell(nb, "md")), [["display_data", { "text/markdown": "# Hello from Deno's API", "text/plain": "# Hello from Deno's API" }]]);
    assert.deepEqual(data(cell(nb, "update")), [["display_data", { "text/plain": "step 3" }]]);
    assert.deepEqual(data(cell(nb, "html")), [["execute_result", { "text/html": "<ul><li>1</li><li>2</li><li>3</li></ul>", "text/plain": "<HTML>" }]]);
    assert.deepEqual(data(cell(nb, "format")), [["execute_result", { "text/plain": "'image/svg+xml,text/plain'" }]]);
    assert.equal(nb.metadata.kernelspec.name, "deno");
    assertValidNotebook(t, o);
  });

  test("a jslab notebook runs as JavaScript on paperlab", async () => {
    const o = path.join(out, "jslab.ipynb");
    const r = await runCli(["run", path.join(FIXTURES, "compat", "jslab.ipynb"), "-o", o], { env: env(false), timeoutMs: 240000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(runMessages.standInKernel("jslab", "javascript")), r.stderr);
    const nb = read(o);
    noErrors(nb);
    assert.deepEqual(data(cell(nb, "value")), [["execute_result", { "text/plain": "42" }]]);
    assert.deepEqual(data(cell(nb, "display")), [["display_data", { "text/html": "<b>from jslab</b>" }]]);
    assert.deepEqual(data(cell(nb, "await")), [["execute_result", { "text/plain": "'awaited'" }]]);
    assert.equal(nb.metadata.language_info.name, "javascript");
  });

  test("a missing kernel of another language, or one named with --kernel, is still an error naming --kernel", async () => {
    const py = path.join(out, "py.ipynb");
    const nb = read(path.join(FIXTURES, "compat", "jslab.ipynb"));
    fs.writeFileSync(py, JSON.stringify({ ...nb, metadata: { kernelspec: { name: "no-such-python", display_name: "P", language: "python" } } }));
    const r = await runCli(["run", py, "-o", path.join(out, "py.out.ipynb")], { env: env(false), timeoutMs: 60000 });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no kernel named 'no-such-python'.*--kernel/);
    const named = await runCli(["run", path.join(FIXTURES, "compat", "tslab.ipynb"), "--kernel", "tslab", "-o", path.join(out, "named.ipynb")], { env: env(false), timeoutMs: 60000 });
    assert.equal(named.code, 2, named.stderr);
    assert.match(named.stderr, /no kernel named 'tslab'/);
  });
});
