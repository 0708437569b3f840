/** The main thread's handler table (kernel/handlers.ts): busy/idle around each request, error replies by kind. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeExecuteRequest } from "../../kernel/execute";
import { BadRequest, dispatch, HandlerTable } from "../../kernel/handlers";
import type { PlainMessage, ToIo } from "../../kernel/io-worker";
import { KernelOutput } from "../../kernel/output";
import { newHeader } from "../../kernel/wire";

function harness() {
  const sent: Array<{ channel: string; type: string; content: Record<string, unknown> }> = [];
  const out = new KernelOutput("s", (m: ToIo) => {
    if (m.type === "send") sent.push({ channel: m.channel, type: m.msg.header.msg_type, content: m.msg.content });
  });
  out.log = () => undefined;
  const table: HandlerTable = {
    execute_request: {
      decode: decodeExecuteRequest,
      handle: () => {
        throw new Error("boom");
      },
      errorFields: () => ({ execution_count: 7 }),
    },
    complete_request: { decode: (c) => ({ code: String(c.code), cursor: 0 }), handle: ({ channel, msg, content }) => out.reply(channel, msg, "complete_reply", { status: "ok", got: content.code }) },
    inspect_request: { decode: () => ({ code: "", cursor: 0 }), handle: () => undefined },
    is_complete_request: { decode: () => ({ code: "" }), handle: () => undefined },
    history_request: { decode: (c) => c, handle: () => undefined },
    comm_info_request: { decode: () => ({}), handle: () => undefined },
    comm_open: { decode: (c) => c, handle: () => undefined },
    comm_msg: { decode: (c) => c, handle: () => undefined },
    comm_close: { decode: (c) => c, handle: () => undefined },
  };
  const msg = (type: string, content: Record<string, unknown>): PlainMessage => ({ identities: [], header: newHeader(type, "c"), parent_header: {}, metadata: {}, content, buffers: [] });
  return { sent, out, table, msg };
}

test("a request is answered between busy and idle, with its decoded content", async () => {
  const { sent, out, table, msg } = harness();
  await dispatch(table, out, "shell", msg("complete_request", { code: 12 }), false);
  assert.deepEqual(sent.map((s) => s.type), ["status", "complete_reply", "status"]);
  assert.deepEqual([sent[0].content.execution_state, sent[2].content.execution_state], ["busy", "idle"]);
  assert.equal(sent[1].content.got, "12");
});

test("bad content is a BadRequest reply with the type's fields; a failing handler a KernelError; idle either way", async () => {
  const { sent, out, table, msg } = harness();
  await dispatch(table, out, "shell", msg("execute_request", { code: 42 }), false);
  assert.equal(sent[1].type, "execute_reply");
  assert.equal(sent[1].content.ename, "BadRequest");
  assert.equal(sent[1].content.evalue, "execute_request.content.code must be a string");
  assert.equal(sent[1].content.execution_count, 7);
  assert.equal(sent[2].content.execution_state, "idle");
  sent.length = 0;
  await dispatch(table, out, "shell", msg("execute_request", { code: "1" }), false);
  assert.equal(sent[1].content.ename, "KernelError");
  assert.match(String(sent[1].content.evalue), /boom/);
  assert.equal(sent[2].content.execution_state, "idle");
});

test("an unknown request type is an UnsupportedRequest reply; an unknown non-request gets no reply", async () => {
  const { sent, out, table, msg } = harness();
  await dispatch(table, out, "shell", msg("frobnicate_request", {}), false);
  assert.equal(sent[1].type, "frobnicate_reply");
  assert.equal(sent[1].content.ename, "UnsupportedRequest");
  sent.length = 0;
  await dispatch(table, out, "shell", msg("toString", {}), false);
  assert.deepEqual(sent.map((s) => s.type), ["status", "status"]);
});

test("execute_request decoding: protocol defaults, user_expressions must map names to strings", () => {
  const r = decodeExecuteRequest({ code: "x" });
  assert.deepEqual(r, { code: "x", silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true });
  assert.equal(decodeExecuteRequest({ code: "x", stop_on_error: false }).stop_on_error, false);
  assert.throws(() => decodeExecuteRequest({ code: "x", user_expressions: "abc" }), (e: unknown) => e instanceof BadRequest && /must be an object/.test(e.message));
});
