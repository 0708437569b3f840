/**
 * kernelCpuSeconds against a stand-in client: the expression for the kernel's language goes out as a silent
 * request's user_expressions, the number comes back from its text/plain; an error, an unknown language or no
 * answer give null.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CPU_EXPRESSIONS, kernelCpuSeconds } from "../../../kernel/client/usage";
import { ClientMessage, ExecuteRequestOptions, KernelClient } from "../../../kernel/client/types";

function fakeClient(language: string, answer: (opts: ExecuteRequestOptions) => Promise<ClientMessage>): KernelClient & { sent: ExecuteRequestOptions[] } {
  const sent: ExecuteRequestOptions[] = [];
  return {
    sent,
    description: "fake",
    transport: "local",
    host: "h",
    id: "k",
    info: { language_info: { name: language } },
    execute: (_code, _onIOPub, opts = {}) => {
      sent.push(opts);
      return answer(opts);
    },
    interrupt: async () => {},
    died: new Promise<string>(() => {}),
    shutdown: async () => {},
  };
}

const reply = (expressions: Record<string, unknown>): ClientMessage => ({ header: { msg_id: "r", msg_type: "execute_reply" }, parent_header: {}, metadata: {}, content: { status: "ok", user_expressions: expressions } });

test("the language's expression is sent silently and its value read back, rounded to 10 ms", async () => {
  const c = fakeClient("TypeScript", async () => reply({ cpu: { status: "ok", data: { "text/plain": "12.3456" } } }));
  assert.equal(await kernelCpuSeconds(c), 12.35);
  assert.deepEqual(c.sent, [{ silent: true, userExpressions: { cpu: CPU_EXPRESSIONS.typescript } }]);
  const py = fakeClient("python", async () => reply({ cpu: { status: "ok", data: { "text/plain": "0.5" } } }));
  assert.equal(await kernelCpuSeconds(py), 0.5);
  assert.deepEqual(py.sent[0].userExpressions, { cpu: "__import__('time').process_time()" });
});

test("an error, a non-number, an unknown language or no answer in time give null", async () => {
  assert.equal(await kernelCpuSeconds(fakeClient("python", async () => reply({ cpu: { status: "error", ename: "NameError" } }))), null);
  assert.equal(await kernelCpuSeconds(fakeClient("python", async () => reply({ cpu: { status: "ok", data: { "text/plain": "'soon'" } } }))), null);
  assert.equal(await kernelCpuSeconds(fakeClient("python", async () => Promise.reject(new Error("died")))), null);
  const r = fakeClient("R", async () => reply({}));
  assert.equal(await kernelCpuSeconds(r), null);
  assert.deepEqual(r.sent, [], "nothing is asked of a kernel whose language has no expression");
  assert.equal(await kernelCpuSeconds(fakeClient("python", () => new Promise<ClientMessage>(() => {})), 50), null);
});
