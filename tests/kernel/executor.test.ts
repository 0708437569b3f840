/**
 * The executor used directly (no kernel process): runtime stack traces point at cell lines both for a
 * fresh cell and for an identical cell run again (whose ESM → CommonJS transpile comes from the hooks'
 * cache, with its source maps built only when the trace needs them), and type errors still stop a cell.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Executor, ExecOutcome } from "../../kernel/executor";
import { ROOT } from "./kernel-client";

let ex: Executor;
let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-executor-"));
  ex = new Executor({ rootDir: dir, packageRoot: ROOT });
});

after(() => {
  ex?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function traceback(r: ExecOutcome): string {
  assert.equal(r.status, "error", JSON.stringify(r));
  if (r.status !== "error") return "";
  return r.error.traceback.join("\n");
}

describe("executor", () => {
  const throwing = "const pad = 1;\nfunction g(n: number) {\n\n  throw new RangeError('bad ' + n);\n}\ng(pad)";

  test("a runtime error's traceback names the cell lines, also when the same cell runs again", async () => {
    for (const name of ["cell 1", "cell 2"]) {
      const tb = traceback(await ex.execute(throwing, name));
      assert.match(tb, new RegExp(`at ${name}, line 4:\\d+ in g`));
      assert.match(tb, /throw new RangeError\('bad ' \+ n\);/);
      assert.match(tb, new RegExp(`at ${name}, line 6:1`));
    }
  });

  test("an earlier cell's frames still map after other cells ran", async () => {
    const def = await ex.execute("function h(): number {\n  throw new Error('from h');\n}", "cell 3");
    assert.equal(def.status, "ok");
    for (let i = 0; i < 3; i++) assert.equal((await ex.execute(`${i} + 1`, `cell ${4 + i}`)).status, "ok");
    const tb = traceback(await ex.execute("\n\nh()", "cell 7"));
    assert.match(tb, /at cell 3, line 2:\d+ in (Proxy\.)?h\n/);
    assert.match(tb, /at cell 7, line 3:1/);
  });

  test("a top-level await that tslab's converter misses still runs the cell as async (await of a dynamic import)", async () => {
    const r = await ex.execute("const st = await (await import('fs')).promises.stat('.');\nst.isDirectory()", "cell 7");
    assert.equal(r.status, "ok", JSON.stringify(r));
    if (r.status === "ok") assert.equal(r.value, true);
  });

  test("a traceback through an await names the cell line of the throw (the await rewrite keeps lines)", async () => {
    const tb = traceback(await ex.execute("await Promise.resolve(1);\nconst v = await Promise.resolve(2);\nthrow new TypeError('after ' + v);", "cell 8"));
    assert.match(tb, /at cell 8, line 3:\d+/);
  });

  test("values come back and type errors stop the cell, cached transpile or not", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await ex.execute("20 + 22", `cell v${i}`);
      assert.deepEqual(r, { status: "ok", hasValue: true, value: 42 });
      const bad = await ex.execute("let s: string = 1;", `cell t${i}`);
      assert.equal(bad.status, "error");
      assert.equal(bad.status === "error" && bad.kind, "compile");
    }
  });
});
