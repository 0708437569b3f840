/**
 * kernel/cell-awaits.ts: the rewrite of a cell's awaits (lines kept, nesting kept, nothing else touched) and what a
 * rewritten await waits for once the cell's interrupt signal is aborted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ts from "typescript";
import { AWAITED, awaitUnlessInterrupted, guardAwaits } from "../../kernel/cell-awaits";

test("every await at any depth is wrapped; lines, for-await and code without await are left as they are", () => {
  const js = "const a = await f(1);\nasync function g() {\n  return (await (await h()).json()) + 1;\n}\nfor await (const x of it) use(x);\nconst s = 'await';";
  const { js: out, topLevelAwait } = guardAwaits(js, ts);
  assert.equal(topLevelAwait, true);
  assert.equal(out.split("\n").length, js.split("\n").length, "same number of lines (source maps stay valid)");
  assert.equal(out.split("\n")[0], `const a = await ${AWAITED}(f(1));`);
  assert.equal(out.split("\n")[2], `  return (await ${AWAITED}((await ${AWAITED}(h())).json())) + 1;`);
  assert.equal(out.split("\n")[4], "for await (const x of it) use(x);");
  assert.equal(out.split("\n")[5], "const s = 'await';");
  const plain = "const b = 2;\nb + 1;";
  assert.deepEqual(guardAwaits(plain, ts), { js: plain, topLevelAwait: false });
  assert.equal(guardAwaits("async function f() { await g(); }", ts).topLevelAwait, false, "awaits inside functions only");
  assert.equal(guardAwaits("for await (const x of it) use(x);", ts).topLevelAwait, true, "a top-level for await");
});

test("the rewritten code means the same: values, rejections and nested awaits", async () => {
  const js = "(async () => { let caught = ''; try { await Promise.reject(new Error('x')); } catch (e) { caught = e.message; } const twice = async (v) => (await v) * 2; return (await twice(await Promise.resolve(4))) + caught; })()";
  const run = new Function("__paperlab__", `return ${guardAwaits(js, ts).js};`) as (g: unknown) => Promise<string>;
  assert.equal(await run({ awaited: (v: unknown) => awaitUnlessInterrupted(v, new AbortController().signal) }), "8x");
});

test("after the cell's signal is aborted, a pending await never settles and a new one never starts", async () => {
  const ctl = new AbortController();
  let release!: (v: number) => void;
  const gate = new Promise<number>((r) => (release = r));
  let settled = false;
  void Promise.resolve(awaitUnlessInterrupted(gate, ctl.signal)).then(() => (settled = true), () => (settled = true));
  ctl.abort(new Error("interrupted"));
  release(1);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(settled, false, "the pending await did not resume");
  let later = false;
  void Promise.resolve(awaitUnlessInterrupted(Promise.resolve(2), ctl.signal)).then(() => (later = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(later, false, "an await after the interrupt does not resume either");
  // outside a cell (no signal) the value passes through untouched
  assert.equal(awaitUnlessInterrupted(5, undefined), 5);
});
