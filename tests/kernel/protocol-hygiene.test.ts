/**
 * The kernel under hostile or unlucky input (issue 26, "Process hygiene"), against a real kernel process over
 * ZeroMQ: user_expressions that is not an object, a replayed signed message, and the history file's caps and mode.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { encode, newHeader } from "../../kernel/wire";
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

  test("a replayed, validly signed message is dropped, never executed again", async () => {
    const header = newHeader("execute_request", k.session, "test");
    const frames = encode(
      { identities: [], header, parent_header: {}, metadata: {}, content: { code: "console.log('replayed-marker')", silent: false, store_history: true, allow_stdin: false, stop_on_error: true } },
      k.signer,
    );
    await k.shellSocket.send(frames);
    const first = await k.exchange(header.msg_id);
    assert.equal(first.reply.content.status, "ok");
    const from = k.stderr.length;
    await k.shellSocket.send(frames);
    // A later request is answered after the replay would have been: the replay must have left no trace.
    const after = await k.execute("'after replay'");
    assert.equal(after.reply.content.status, "ok");
    const marks = k.iopubLog.filter((m) => m.header.msg_type === "stream" && m.content.text === "replayed-marker\n");
    assert.equal(marks.length, 1, "the replayed cell ran only once");
    assert.ok(await k.until(() => /replayed/.test(k.stderr.slice(from)), 5000), `kernel stderr: ${k.stderr.slice(from)}`);
  });

  test("history.jsonl is written owner-only (0600) and skips huge cells", async () => {
    const big = `// ${"x".repeat(300_000)}\n1`;
    const x = await k.execute(big);
    assert.equal(x.reply.content.status, "ok");
    await k.execute("'small cell for history'");
    const file = path.join(k.dir, "jupyter", "paperlab", "history.jsonl");
    assert.ok(fs.existsSync(file), "history file written");
    if (process.platform !== "win32") assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const text = fs.readFileSync(file, "utf8");
    assert.ok(text.length < 100_000, `history file holds ${text.length} bytes: the huge cell was stored`);
    assert.match(text, /small cell for history/);
  });
});

test("the kernel exits when the process in JPY_PARENT_PID dies (as ipykernel does)", { timeout: 120000 }, async () => {
  const parent = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0", JPY_PARENT_PID: String(parent.pid) } });
  try {
    assert.equal((await k.execute("1 + 1")).reply.content.status, "ok");
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(k.alive, "alive while its parent lives");
    parent.kill("SIGKILL");
    const end = Date.now() + 15000;
    while (k.alive && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!k.alive, `the kernel exited after its parent died; stderr:\n${k.stderr}`);
    assert.match(k.stderr, /JPY_PARENT_PID \d+\) is gone/);
  } finally {
    parent.kill("SIGKILL");
    await k.close();
  }
});

test("process.exit(3) in a cell ends the kernel cleanly with code 3: a note in the cell, history saved, no native abort", { timeout: 120000 }, async () => {
  const k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0" } });
  try {
    const id = k.submit("console.log('before exit');\nprocess.exit(3);");
    assert.ok(await k.until(() => /process\.exit\(3\) called in a cell/.test(streamText(k.childrenOf(id), "stderr")), 30000), "the cell says why the kernel ends");
    const end = Date.now() + 15000;
    while (k.alive && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!k.alive, "the kernel exited");
    assert.equal(k.proc.exitCode, 3);
    assert.doesNotMatch(k.stderr, /Napi::Error|FATAL|Assertion failed|terminate called/);
    const hist = fs.readFileSync(path.join(k.dir, "jupyter", "paperlab", "history.jsonl"), "utf8");
    assert.match(hist, /process\.exit\(3\)/);
  } finally {
    await k.close();
  }
});
