/**
 * The preloaded libraries (tf, dfd, vl, lab) load on first use: a cell that names none of them runs
 * without waiting for TensorFlow.js, and the first cell that names one shows a loading note (cleared
 * before its own outputs). Idle warm-up is pushed far out here so that the first use does the loading.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { kernelMessages } from "../../kernel/messages";
import { outputs, TestKernel } from "./kernel-client";

let k: TestKernel;
before(async () => {
  k = await TestKernel.start({ env: { PAPERLAB_KERNEL_IDLE_WARM_MS: "600000" } });
});
after(async () => {
  await k?.close();
});

const result = (x: Awaited<ReturnType<TestKernel["execute"]>>) =>
  String((outputs(x).find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, unknown> | undefined)?.["text/plain"]);

const TFJS_LOADED = 'import { createRequire } from "module";\nObject.keys(createRequire(process.cwd() + "/x.js").cache).some((f) => f.includes("tfjs-core"))';

test("a cell that names no preloaded library runs before any of them is loaded", { timeout: 240000 }, async () => {
  const x = await k.execute("const n: number = 6 * 7;\nn");
  assert.equal(result(x), "42");
  assert.equal(result(await k.execute(TFJS_LOADED)), "false", "TensorFlow.js was not loaded for it");
});

test("the first cell that names one shows a loading note, cleared before its result; later cells do not", { timeout: 240000 }, async () => {
  const x = await k.execute("typeof lab.backend");
  assert.equal(x.reply.content.status, "ok", JSON.stringify(x.reply.content));
  const out = outputs(x);
  assert.deepEqual(out.map((m) => m.header.msg_type), ["display_data", "clear_output", "execute_result"]);
  assert.deepEqual(out[0].content.data, { "text/plain": kernelMessages.loadingLibraries(["tf", "vl", "lab"]) });
  assert.equal(out[1].content.wait, false);
  assert.equal(result(x), "'function'");
  assert.equal(result(await k.execute(TFJS_LOADED)), "true");
  const y = await k.execute("tf.getBackend()");
  assert.deepEqual(outputs(y).map((m) => m.header.msg_type), ["execute_result"]);
  assert.match(result(y), /'(wasm|tensorflow|cpu|webgl|webgpu)'/);
});
