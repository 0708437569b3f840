/**
 * `paperlab run` end to end on the embedded transport, against Debian's ipykernel (a kernel we
 * did not write: the client must work with any kernel). Checks the output notebook, its nbformat
 * validity, that it differs from the source only in outputs and metadata, and every exit code.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, assertValidNotebook, pythonKernelEnv, runCli, skipUnless, tempDir } from "../client/support";
import { parseRunArgs, UsageError } from "../../../kernel/commands/run";

const NB = path.join(FIXTURES, "runner-python.ipynb");
const skip = skipUnless("ipykernel", "python3-ipykernel");
const env = skip ? process.env : pythonKernelEnv();
const out = tempDir("paperlab-run-");

interface Nb {
  cells: Array<{ cell_type: string; id?: string; source: string | string[]; metadata: Record<string, any>; outputs?: any[]; execution_count?: number | null }>;
  metadata: Record<string, any>;
}
const read = (f: string): Nb => JSON.parse(fs.readFileSync(f, "utf8"));
const byId = (nb: Nb, id: string) => nb.cells.find((c) => c.id === id)!;
const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);
/** stream name → all its text, in order. */
function streamText(outputs: any[]): Record<string, string> {
  const t: Record<string, string> = {};
  for (const o of outputs) if (o.output_type === "stream") t[o.name] = (t[o.name] ?? "") + text(o.text);
  return t;
}
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Each test starts its own kernel, so they run side by side.
describe("paperlab run (embedded, ipykernel)", { concurrency: 3 }, () => {
test("argument parsing: options, pairs, and errors that name the option", () => {
  const a = parseRunArgs(["nb.ipynb", "-o", "o.ipynb", "-p", "n", "3", "-r", "s", "x", "--timeout", "2.5", "--allow-errors", "--kernel", "python3"]);
  assert.deepEqual(a.cliParameters, [["n", "3"]]);
  assert.deepEqual(a.rawParameters, [["s", "x"]]);
  assert.equal(a.timeoutS, 2.5);
  assert.equal(a.allowErrors, true);
  assert.throws(() => parseRunArgs(["nb.ipynb", "--timeout", "soon"]), (e) => e instanceof UsageError && /--timeout/.test(e.message));
  assert.throws(() => parseRunArgs(["nb.ipynb", "-p", "only-name"]), /NAME and VALUE/);
  assert.throws(() => parseRunArgs([]), /expected a notebook/);
  assert.throws(() => parseRunArgs(["a.ipynb", "--frobnicate"]), /unknown option --frobnicate/);
});

test("bad input exits 2 before any kernel starts: unknown parameter, unknown kernel, missing file", { skip }, async (t) => {
  const unknownParam = await runCli(["run", NB, "-o", path.join(out, "x.ipynb"), "-p", "mdoe", "error"], { env });
  assert.equal(unknownParam.code, 2);
  assert.match(unknownParam.stderr, /unknown parameter 'mdoe': the parameters cell declares mode, repeat, shout, labels/);
  const badKernel = await runCli(["run", NB, "--kernel", "no-such-kernel"], { env });
  assert.equal(badKernel.code, 2);
  assert.match(badKernel.stderr, /no kernel named 'no-such-kernel': known kernels are .*python3/);
  const missing = await runCli(["run", path.join(out, "missing.ipynb")], { env });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read notebook/);
  assert.equal(fs.existsSync(path.join(out, "x.ipynb")), false);
});

test("a clean run: typed parameters, outputs, execution counts, timing; valid nbformat; only outputs and metadata change", { skip }, async (t) => {
  const o = path.join(out, "ok.ipynb");
  const params = path.join(out, "params.yaml");
  fs.writeFileSync(params, "labels: [x, y]\nrepeat: 4\n");
  const r = await runCli(["run", NB, "-o", o, "-f", params, "-p", "repeat", "5", "-p", "shout", "true"], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\[1\/8\] mode = "ok"/); // plain progress lines when not a TTY
  const nb = read(o);
  const src = read(NB);
  // The injected cell follows the parameters cell; without it, the cells are the source's.
  const injectedAt = nb.cells.findIndex((c) => c.metadata.tags?.includes("injected-parameters"));
  assert.equal(injectedAt, src.cells.findIndex((c) => c.metadata.tags?.includes("parameters")) + 1);
  assert.equal(text(nb.cells[injectedAt].source), '# Parameters\nlabels = ["x", "y"]\nrepeat = 5\nshout = True');
  const rest = nb.cells.filter((_, i) => i !== injectedAt);
  assert.equal(rest.length, src.cells.length);
  rest.forEach((c, i) => {
    const s = src.cells[i];
    assert.deepEqual({ ...c, outputs: undefined, metadata: undefined, execution_count: undefined }, { ...s, outputs: undefined, metadata: undefined, execution_count: undefined });
    if (s.metadata.tags) assert.deepEqual(c.metadata.tags, s.metadata.tags);
  });
  // ipykernel flushes stdout and stderr on its own schedule, so only the text per stream is fixed.
  assert.deepEqual(streamText(byId(nb, "streams").outputs!), { stdout: "mode ok repeat 5 shout True labels ['x', 'y']\nmore stdout\n", stderr: "to stderr\n" });
  const rich = byId(nb, "rich");
  assert.equal(rich.outputs![0].data["text/html"], "<b>rich</b>");
  assert.equal(rich.outputs![1].data["text/markdown"], "second", "update_display_data replaced the display in place");
  assert.deepEqual(rich.outputs![2], { output_type: "execute_result", data: { "text/plain": "105" }, metadata: {}, execution_count: rich.execution_count });
  const counts = nb.cells.filter((c) => c.cell_type === "code").map((c) => c.execution_count);
  assert.deepEqual(counts, [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const k of ["iopub.status.busy", "iopub.execute_input", "shell.execute_reply", "iopub.status.idle"]) {
    assert.match(byId(nb, "last").metadata.execution[k], /^\d{4}-\d\d-\d\dT/, k);
  }
  assert.equal(nb.metadata.paperlab.run.status, "ok");
  assert.deepEqual(nb.metadata.paperlab.run.parameters, { labels: ["x", "y"], repeat: 5, shout: true });
  assert.equal(nb.metadata.language_info.name, "python");
  assertValidNotebook(t, o);
});

test("a cell error exits 1, marks the cell, and stops; --allow-errors runs on and exits 0", { skip }, async (t) => {
  const o = path.join(out, "error.ipynb");
  const r = await runCli(["run", NB, "-o", o, "-p", "mode", "error"], { env });
  // On a hang (code null after runCli's 60 s) the runner's own progress lines say where it waited.
  assert.equal(r.code, 1, `exit ${r.code} (signal ${r.signal}); stderr:\n${r.stderr.slice(-2000)}`);
  assert.match(r.stderr, /raised ValueError: boom from the fixture/);
  const nb = read(o);
  const cell = byId(nb, "error");
  assert.equal(cell.metadata.paperlab.status, "error");
  assert.equal(cell.outputs![0].output_type, "error");
  assert.equal(cell.outputs![0].ename, "ValueError");
  assert.equal(byId(nb, "last").execution_count, null, "cells after the error did not run");
  assert.equal(nb.metadata.paperlab.run.exit_code, 1);
  assertValidNotebook(t, o);

  const o2 = path.join(out, "allowed.ipynb");
  const r2 = await runCli(["run", NB, "-o", o2, "-p", "mode", "error", "--allow-errors"], { env });
  assert.equal(r2.code, 0);
  assert.deepEqual(byId(read(o2), "last").outputs, [{ output_type: "stream", name: "stdout", text: "last cell ran\n" }]);
});

test("--timeout interrupts the long cell and exits 3 with earlier outputs on disk", { skip }, async (t) => {
  const o = path.join(out, "timeout.ipynb");
  const r = await runCli(["run", NB, "-o", o, "-p", "mode", "sleep", "--timeout", "1"], { env });
  assert.equal(r.code, 3, r.stderr);
  const nb = read(o);
  assert.equal(byId(nb, "sleep").metadata.paperlab.status, "timeout");
  assert.ok(byId(nb, "sleep").outputs!.some((x) => x.output_type === "error"));
  assert.equal(byId(nb, "rich").outputs!.length, 3, "finished outputs are kept");
  assert.equal(nb.metadata.paperlab.run.status, "timeout");
});

test("a cell that kills the kernel exits 4, names the death, and keeps finished outputs", { skip }, async (t) => {
  const o = path.join(out, "die.ipynb");
  const r = await runCli(["run", NB, "-o", o, "-p", "mode", "die"], { env });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /kernel died during cell \d+: the kernel process exited \(code 1\)/);
  const nb = read(o);
  assert.equal(byId(nb, "die").metadata.paperlab.status, "kernel-died");
  assert.equal(byId(nb, "die").outputs!.at(-1).ename, "DeadKernelError");
  assert.equal(streamText(byId(nb, "streams").outputs!).stderr, "to stderr\n");
  assertValidNotebook(t, o);
});

test("Ctrl-C (SIGINT) interrupts the kernel, saves finished cells, exits 130, and leaves no kernel behind", { skip }, async (t) => {
  const o = path.join(out, "sigint.ipynb");
  const r = await runCli(["run", NB, "-o", o, "-p", "mode", "sleep"], { env, interruptWhen: /\[6\/8\] if mode == "sleep"/ });
  assert.equal(r.code, 130, r.stderr);
  const nb = read(o);
  assert.equal(byId(nb, "sleep").metadata.paperlab.status, "interrupted");
  assert.equal(byId(nb, "rich").outputs!.length, 3);
  assert.equal(nb.metadata.paperlab.run.exit_code, 130);
  const pid = Number(/\(pid (\d+)\)/.exec(nb.metadata.paperlab.run.kernel)?.[1]);
  assert.ok(pid > 0, "the run records its kernel's pid");
  assert.equal(alive(pid), false, "no kernel process outlives the runner");
});
});

test("--server URL?token=T: the token moves to --token and out of the URL; an explicit --token wins", () => {
  const a = parseRunArgs(["nb.ipynb", "--server", "http://127.0.0.1:8888/lab?token=abc123"]);
  assert.equal(a.server, "http://127.0.0.1:8888/");
  assert.equal(a.token, "abc123");
  const b = parseRunArgs(["nb.ipynb", "--token", "mine", "--server", "http://127.0.0.1:8888/user/ada/tree?token=abc123"]);
  assert.equal(b.server, "http://127.0.0.1:8888/user/ada/");
  assert.equal(b.token, "mine");
});
