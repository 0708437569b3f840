/**
 * Interrupts against a real kernel process: interrupts landing while a cell is set up (the signal `vm`
 * swallows when it arrives as its watchdog is armed or torn down), an interrupted cell's timers and training
 * loop (which must not run on unseen), and the first cell waiting for the libraries.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Exchange, outputs, streamText, TestKernel } from "./kernel-client";

const text = (x: Exchange) =>
  String((outputs(x).find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, unknown> | undefined)?.["text/plain"]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Submits `code`, interrupts it `delayMs` after it started (after its execute_input, or once it printed
 * `waitFor` when given), and returns its exchange (an error if no reply within `ms`).
 */
async function interrupted(k: TestKernel, code: string, delayMs = 300, ms = 30000, waitFor?: string): Promise<Exchange> {
  const id = k.submit(code);
  const started = () =>
    waitFor === undefined ? k.childrenOf(id).some((m) => m.header.msg_type === "execute_input") : streamText(k.childrenOf(id)).includes(waitFor);
  assert.ok(await k.until(started, 120000), "the cell started");
  await sleep(delayMs);
  const i = await k.interrupt();
  assert.equal(i.reply.header.msg_type, "interrupt_reply");
  return k.exchange(id, ms);
}

describe("interrupts (no preloaded libraries)", () => {
  let k: TestKernel;
  before(async () => {
    k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0" } });
  });
  after(async () => {
    await k?.close();
  });

  test("an interrupted cell's intervals and timeouts are cancelled: it does not run on after its reply", { timeout: 120000 }, async () => {
    await k.execute("const ticker = { n: 0 };");
    const x = await interrupted(
      k,
      "setInterval(() => { ticker.n++; }, 10);\nsetTimeout(() => console.log('late timeout ran'), 1500);\nconsole.log('running');\nawait new Promise(() => {});",
      300,
      30000,
      "running",
    );
    assert.equal(x.reply.content.ename, "KeyboardInterrupt");
    const a = Number(text(await k.execute("ticker.n")));
    await sleep(2000);
    const b = Number(text(await k.execute("ticker.n")));
    assert.ok(a > 0, `the interval ran while the cell was running (${a})`);
    assert.equal(b, a, "the interval stopped with the interrupt");
    assert.doesNotMatch(streamText(k.iopubLog), /late timeout ran/, "the timeout never fired");
    // timers of cells that are not interrupted keep working
    const z = await k.execute("await new Promise<string>((r) => setTimeout(() => r('timer ok'), 20))");
    assert.equal(text(z), "'timer ok'");
  });

  test("interrupts landing anywhere in short cells each stop their own cell, never the next one", { timeout: 300000 }, async () => {
    // Delays spread over type checking, the start of the script (where vm arms its SIGINT watchdog) and the await.
    for (let n = 0; n < 16; n++) {
      const code = n % 2 ? "while (true) {}" : "await new Promise(() => {});";
      const x = await interrupted(k, code, (n * 7) % 60, 20000);
      assert.equal(x.reply.content.ename, "KeyboardInterrupt", `round ${n}: ${code}`);
      const y = await k.execute("'next cell runs'");
      assert.equal(y.reply.content.status, "ok", `round ${n}: the cell after the interrupt was not interrupted (${JSON.stringify(y.reply.content)})`);
    }
  });
});

describe("interrupts with the libraries (tf, lab)", () => {
  let k: TestKernel;
  before(async () => {
    // No idle warm-up: the first cell naming tf loads the libraries itself.
    k = await TestKernel.start({ env: { PAPERLAB_KERNEL_IDLE_WARM_MS: "600000" } });
  });
  after(async () => {
    await k?.close();
  });

  test("an interrupt while the first cell waits for the libraries ends that cell; the next cell gets them", { timeout: 240000 }, async () => {
    const id = k.submit("tf.zeros([2]).shape");
    // the loading note says the cell is waiting for the libraries
    assert.ok(await k.until(() => k.childrenOf(id).some((m) => m.header.msg_type === "display_data"), 60000), "loading note shown");
    const t0 = Date.now();
    await k.interrupt();
    const x = await k.exchange(id, 60000);
    assert.equal(x.reply.content.ename, "KeyboardInterrupt", JSON.stringify(x.reply.content));
    const y = await k.execute("tf.zeros([2]).shape");
    assert.equal(y.reply.content.status, "ok", JSON.stringify(y.reply.content));
    assert.equal(text(y), "[ 2 ]");
    assert.ok(Date.now() - t0 > 0);
  });

  test("lab.train started by an interrupted cell stops at its next step instead of training on in the background", { timeout: 240000 }, async () => {
    // declared in a cell of its own: an interrupted cell's declarations do not reach the type checker
    await k.execute("const counter = { steps: 0 };");
    const x = await interrupted(
      k,
      "import * as fs from 'fs';\n" +
        "const w = tf.variable(tf.scalar(1));\n" +
        "console.log('running');\n" +
        "await lab.train({\n" +
        "  data: function* () { for (;;) yield 0; },\n" +
        "  loss: () => { counter.steps++; return w.square(); },\n" +
        "  optimizer: tf.train.sgd(0.001),\n" +
        "  maxSteps: 1e9,\n" +
        "  progress: 'none',\n" +
        // each step yields to the event loop through the file system (not a timer), so nothing but the signal stops it
        "  callbacks: { onStepEnd: async () => { await fs.promises.stat('.'); } },\n" +
        "});",
      1000,
      30000,
      "running",
    );
    assert.equal(x.reply.content.ename, "KeyboardInterrupt");
    const a = Number(text(await k.execute("counter.steps")));
    await sleep(1000);
    const b = Number(text(await k.execute("counter.steps")));
    assert.ok(a > 0, `it trained before the interrupt (${a} steps)`);
    assert.equal(b, a, "no step after the interrupt");
    assert.ok(!k.iopubLog.some((m) => m.header.msg_type === "error" && /Unhandled/.test(String(m.content.ename))), "no late error from the stopped loop");
  });
});
