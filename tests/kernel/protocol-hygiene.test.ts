/**
 * The kernel under hostile or unlucky input (issue 26, "Process hygiene"), against a real kernel process over
 * ZeroMQ: user_expressions that is not an object, a replayed signed message, and the history file's caps and mode.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { streamText, TestKernel } from "./kernel-client";

let k: TestKernel;

before(async () => {
  k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0" } });
});

after(async () => {
  await k?.close();
});

describe("kernel process hygiene", () => {
  test("user_expressions that is not an object gets a BadRequest error reply, never runs, and the kernel lives on", async () => {
    const x = await k.execute("globalThis.hygieneRuns = (globalThis.hygieneRuns ?? 0) + 1; console.log('ran');", { user_expressions: "abc" });
    assert.equal(x.reply.content.status, "error", JSON.stringify(x.reply.content));
    assert.equal(x.reply.content.ename, "BadRequest");
    assert.match(String(x.reply.content.evalue), /user_expressions must be an object/);
    assert.equal(streamText(x), "", "the cell did not run");
    const arr = await k.execute("1", { user_expressions: ["a", "b"] });
    assert.equal(arr.reply.content.ename, "BadRequest");
    const nonString = await k.execute("1", { user_expressions: { a: 1 } });
    assert.equal(nonString.reply.content.ename, "BadRequest");
    assert.match(String(nonString.reply.content.evalue), /user_expressions\.a must be a string/);
    const ok = await k.execute("const hygieneX = 6;", { user_expressions: { y: "hygieneX * 7" } });
    assert.equal(ok.reply.content.status, "ok");
    const y = (ok.reply.content.user_expressions as Record<string, { status: string; data: Record<string, string> }>).y;
    assert.equal(y.status, "ok");
    assert.equal(y.data["text/plain"], "42");
    assert.ok(k.alive);
  });
});
