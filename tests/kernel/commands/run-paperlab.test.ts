/**
 * `paperlab run` and `paperlab reproduce` on the project's own kernel (embedded default): the
 * TypeScript fixture notebooks, with `lab.claim`, `lab.viz.show` and named figures. Each test
 * skips, saying why, when the paperlab kernel cannot start in this checkout.
 */
import { describe, test, TestContext } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { CliResult, FIXTURES, assertValidNotebook, runCli, tempDir } from "../client/support";
import { pngSize, svgSize } from "../../../lib/report";

const NB = path.join(FIXTURES, "runner-typescript.ipynb");
const out = tempDir("paperlab-ts-");
const read = (f: string) => JSON.parse(fs.readFileSync(f, "utf8"));
const cell = (nb: any, id: string) => nb.cells.find((c: any) => c.id === id);
const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);

/** True (and the test is marked skipped) when the kernel itself could not start. */
function kernelMissing(t: TestContext, r: CliResult): boolean {
  if (r.code === 4 && /did not answer kernel_info|cannot start kernel|exited \(code/.test(r.stderr) && !/during cell/.test(r.stderr)) {
    t.skip(`the paperlab kernel cannot start in this checkout: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
    return true;
  }
  return false;
}

// The runner warms the kernel up (preload, type checker) before the first cell, outside --timeout.
describe("paperlab kernel (embedded default)", { concurrency: 2 }, () => {
  test("a clean run: parameters assigned, rich and live outputs, valid nbformat", async (t) => {
    const o = path.join(out, "ok.ipynb");
    const r = await runCli(["run", NB, "-o", o, "-p", "repeat", "3", "-p", "labels", '["x","y"]'], { timeoutMs: 240000 });
    if (kernelMissing(t, r)) return;
    assert.equal(r.code, 0, r.stderr);
    const nb = read(o);
    const injected = nb.cells[2];
    assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
    assert.equal(text(injected.source), '// Parameters\nrepeat = 3;\nlabels = ["x","y"];\nvoid 0;');
    assert.deepEqual(injected.outputs, [], "the injected cell shows nothing");
    const streams = cell(nb, "streams").outputs;
    assert.deepEqual(streams.map((s: any) => [s.name, s.text]), [
      ["stdout", "mode ok repeat 3 shout false labels x,y\n"],
      ["stderr", "to stderr\n"],
      ["stdout", "late output of the streams cell\n"],
    ], "output of a timer that fires after its cell ended stays with that cell");
    assert.equal(cell(nb, "rich").outputs[0].data["text/html"], "<b>rich</b>");
    const live = cell(nb, "live").outputs;
    assert.equal(live[0].data["text/markdown"], "second", "update() replaced the display");
    assert.equal(live[1].output_type, "execute_result");
    assert.equal(live[1].data["text/plain"], "63");
    assert.equal(nb.metadata.language_info.name, "typescript");
    assertValidNotebook(t, o);
  });

  test("an allowed error, then a cell past --timeout: exit 3, both cells marked", async (t) => {
    const o = path.join(out, "timeout.ipynb");
    const r = await runCli(["run", NB, "-o", o, "-p", "mode", "error,sleep", "--allow-errors", "--timeout", "10"], { timeoutMs: 240000 });
    if (kernelMissing(t, r)) return;
    assert.equal(r.code, 3, r.stderr);
    const nb = read(o);
    assert.equal(cell(nb, "error").outputs[0].ename, "Error");
    assert.match(cell(nb, "error").outputs[0].evalue, /boom from the fixture/);
    assert.equal(cell(nb, "sleep").metadata.paperlab.status, "timeout");
    assert.equal(cell(nb, "last").execution_count, null);
  });

  test("process.exit in a cell: exit 4 with the finished outputs on disk", async (t) => {
    const o = path.join(out, "die.ipynb");
    const r = await runCli(["run", NB, "-o", o, "-p", "mode", "die"], { timeoutMs: 240000 });
    if (kernelMissing(t, r)) return;
    assert.equal(r.code, 4, r.stderr);
    const nb = read(o);
    assert.equal(cell(nb, "die").metadata.paperlab.status, "kernel-died");
    assert.equal(cell(nb, "rich").outputs.length, 1);
  });

  test("a cell that exhausts the heap: exit 4, and the reason starts with V8's fatal line, not its stack frames", async (t) => {
    const o = path.join(out, "oom.ipynb");
    // A small heap for the kernel (and the runner, which needs far less): the cell reaches it in seconds.
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=768`.trim() };
    const r = await runCli(["run", NB, "-o", o, "-p", "mode", "oom"], { timeoutMs: 300000, env });
    if (kernelMissing(t, r)) return;
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /kernel died during cell \d+: the kernel process exited \([^)]*\): FATAL ERROR: [^\n]*heap out of memory/);
    const nb = read(o);
    assert.equal(cell(nb, "die").metadata.paperlab.status, "kernel-died");
    assert.equal(cell(nb, "rich").outputs.length, 1, "finished outputs kept");
  });

  test("reproduce: lab.claim and named figures end up in the report", async (t) => {
    const dir = path.join(out, "repro");
    const r = await runCli(["reproduce", "--notebooks", path.join(FIXTURES, "papers-typescript"), "--scale", "smoke", "--out", dir], { timeoutMs: 240000 });
    if (kernelMissing(t, r)) return;
    assert.equal(r.code, 0, r.stderr);
    const report = read(path.join(dir, "report.json"));
    const [c] = report.papers[0].claims;
    assert.deepEqual([c.paper, c.id, c.verdict, c.scale, c.provenance.seed], ["toy-paper-ts", "toy-acc", "holds", "smoke", 7]);
    assert.equal(c.provenance.versions.node, process.version);
    assert.ok(c.provenance.backend, "the kernel's TensorFlow.js backend is recorded");
    const figs = path.join(dir, "figures", "toy-paper-ts");
    for (const name of ["fig1-line", "fig2-raw"]) {
      const svg = fs.readFileSync(path.join(figs, `${name}.svg`), "utf8");
      const s = svgSize(svg);
      assert.deepEqual(pngSize(fs.readFileSync(path.join(figs, `${name}.png`))), { width: 2 * s.width, height: 2 * s.height });
      assert.ok(JSON.parse(fs.readFileSync(path.join(figs, `${name}.vl.json`), "utf8")).mark);
    }
  });
});
