/**
 * The preloaded globals tf, dfd, vl, lab: present at run time, known to the type checker, and
 * displayed through the built-in formatters.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { outputs, TestKernel } from "./kernel-client";

let k: TestKernel;
before(async () => {
  k = await TestKernel.start();
});
after(async () => {
  await k?.close();
});

const text = (x: Awaited<ReturnType<TestKernel["execute"]>>) =>
  String((outputs(x).find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, unknown> | undefined)?.["text/plain"]);

test("tf is ready on a backend, typed, and tensors display shape/dtype/values", { timeout: 240000 }, async () => {
  const b = await k.execute("tf.getBackend()");
  assert.equal(b.reply.content.status, "ok", JSON.stringify(b.reply.content));
  assert.match(text(b), /'(wasm|cpu|tensorflow|webgpu|webgl)'/);
  const t = await k.execute("const r: number = tf.tensor([1, 2, 3]).rank;\ntf.tensor([[1, 2], [3, 4]])");
  assert.match(text(t), /^Tensor float32 \[2, 2\]\s+min 1\s+max 4\s+mean 2\.5/);
  const bad = await k.execute("tf.notAFunction()");
  assert.equal(bad.reply.content.ename, "TypeError");
  assert.match(String(bad.reply.content.evalue), /notAFunction/);
});

test("dfd DataFrames display as lab.table does (a Markdown table); vl and lab are there", { timeout: 240000 }, async () => {
  const d = await k.execute("new dfd.DataFrame({ a: [1, 2], b: ['x', 'y'] })");
  const data = outputs(d).find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, string>;
  assert.match(data["text/markdown"], /^\*\*DataFrame 2 × 2\*\*\n\n\|  \| a \(int32\) \| b \(string\) \|\n\| ---: \| ---: \| --- \|\n\| 0 \| 1 \| x \|/);
  assert.match(data["text/plain"], /a \(int32\)/);
  const shown = await k.execute("await display(new dfd.Series([1.5, 2.25, 3]));");
  const bundle = outputs(shown).find((m) => m.header.msg_type === "display_data")?.content.data as Record<string, string>;
  assert.ok(bundle, JSON.stringify(outputs(shown).map((m) => [m.header.msg_type, m.content])) + JSON.stringify(shown.reply.content));
  assert.match(bundle["text/markdown"], /^\*\*Series 3/);
  const v = await k.execute("typeof vl.compile");
  assert.equal(text(v), "'function'");
  const l = await k.execute("typeof lab.display");
  assert.equal(text(l), "'function'");
});

test("tfjs's 'running TensorFlow.js in Node.js' notice never reaches a cell, even on the CPU backend", { timeout: 240000 }, async () => {
  const before = await k.execute("tf.getBackend()");
  const x = await k.execute('await tf.setBackend("cpu");\ntf.tensor([1, 2, 3]).sum().dataSync()[0]');
  assert.equal(x.reply.content.status, "ok", JSON.stringify(x.reply.content));
  assert.equal(text(x), "6");
  const streams = outputs(x).filter((m) => m.header.msg_type === "stream").map((m) => String(m.content.text)).join("");
  assert.doesNotMatch(streams, /looks like you are running TensorFlow\.js in Node\.js/);
  assert.doesNotMatch(k.stderr, /looks like you are running TensorFlow\.js/);
  await k.execute(`await tf.setBackend(${text(before)});`);
});

test("the preloaded globals are namespaces in type positions too: tf.Tensor, tf.Rank, tf.Variable, lab and dfd types", { timeout: 240000 }, async () => {
  const x = await k.execute(
    "let x: tf.Tensor = tf.zeros([2]);\n" +
      "const rank: tf.Rank = tf.Rank.R1;\n" +
      "const v: tf.Variable = tf.variable(tf.ones([1]));\n" +
      "const cfg: lab.TrainConfig<number> | undefined = undefined;\n" +
      "let frame: dfd.DataFrame | undefined;\n" +
      "[x.shape[0], rank, v.shape[0]].join(' ')",
  );
  assert.equal(x.reply.content.status, "ok", JSON.stringify(x.reply.content));
  assert.equal(text(x), "'2 R1 1'");
  // still a value with its type: a wrong use is a type error, not a pass
  const bad = await k.execute("const n: number = tf.zeros([2]);");
  assert.equal(bad.reply.content.ename, "TypeError");
  assert.match(String(bad.reply.content.evalue), /Tensor/);
});
