/**
 * Control requests (kernel/control.ts): one implementation for kernel_info, interrupt and shutdown, used by the I/O
 * thread on the shell and the control channel alike; checked on its own and against a real kernel over ZeroMQ.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { answerControl, ControlActions, isControlRequest } from "../../kernel/control";
import { TestKernel } from "./kernel-client";

function recorder(): { actions: ControlActions; calls: string[] } {
  const calls: string[] = [];
  return { calls, actions: { kernelInfo: { status: "ok", implementation: "x" }, interrupt: () => calls.push("interrupt"), shutdown: (r) => calls.push(`shutdown ${r}`) } };
}

describe("answerControl", () => {
  test("kernel_info replies with the kernel's info and acts on nothing", () => {
    const { actions, calls } = recorder();
    const a = answerControl("kernel_info_request", {}, actions);
    assert.equal(a.replyType, "kernel_info_reply");
    assert.equal(a.content.implementation, "x");
    assert.equal(a.after, undefined);
    assert.deepEqual(calls, []);
  });

  test("interrupt acts before its reply; shutdown only after it (its reply must get out first)", () => {
    const { actions, calls } = recorder();
    assert.deepEqual(answerControl("interrupt_request", {}, actions).content, { status: "ok" });
    assert.deepEqual(calls, ["interrupt"]);
    const s = answerControl("shutdown_request", { restart: true }, actions);
    assert.deepEqual(s.content, { status: "ok", restart: true });
    assert.deepEqual(calls, ["interrupt"], "no shutdown before the reply is sent");
    s.after?.();
    assert.deepEqual(calls, ["interrupt", "shutdown true"]);
  });

  test("only the three control requests are control requests", () => {
    assert.ok(isControlRequest("shutdown_request"));
    assert.ok(!isControlRequest("execute_request"));
    assert.ok(!isControlRequest("toString"));
  });
});

describe("control requests on the shell channel (a real kernel over ZeroMQ)", () => {
  test("interrupt_request on shell stops a busy cell at once, as on control (it used to wait behind the cell)", { timeout: 120000 }, async () => {
    const k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0" } });
    try {
      await k.execute("const kept = 41;");
      const id = k.submit("while (true) {}");
      assert.ok(await k.until(() => k.childrenOf(id).some((m) => m.header.msg_type === "execute_input"), 60000));
      await new Promise((r) => setTimeout(r, 300));
      const i = await k.request("interrupt_request", {}, "shell", 10000);
      assert.equal(i.reply.header.msg_type, "interrupt_reply");
      const x = await k.exchange(id, 20000);
      assert.equal(x.reply.content.ename, "KeyboardInterrupt");
      const y = await k.execute("kept + 1");
      assert.equal(y.reply.content.status, "ok");
    } finally {
      await k.close();
    }
  });

  test("shutdown_request on shell is answered and the kernel exits with code 0, as on control", { timeout: 120000 }, async () => {
    const k = await TestKernel.start({ env: { PAPERLAB_KERNEL_PRELOAD: "0" } });
    try {
      assert.equal((await k.execute("1")).reply.content.status, "ok");
      const x = await k.request("shutdown_request", { restart: false }, "shell", 10000);
      assert.equal(x.reply.header.msg_type, "shutdown_reply");
      assert.deepEqual(x.reply.content, { status: "ok", restart: false });
      const end = Date.now() + 15000;
      while (k.alive && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      assert.ok(!k.alive, "the kernel exited");
      assert.equal(k.proc.exitCode, 0);
    } finally {
      await k.close();
    }
  });
});
