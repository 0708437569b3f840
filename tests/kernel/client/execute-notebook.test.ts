/** The output collection rules (nbclient's), without a kernel. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { OutputCollector } from "../../../kernel/client/execute-notebook";
import { CodeCell, Output } from "../../../kernel/notebook/nbformat";
import { ClientMessage } from "../../../kernel/client/types";

const msg = (msg_type: string, content: Record<string, unknown>, date = "2026-01-01T00:00:00.000Z"): ClientMessage => ({
  header: { msg_id: Math.random().toString(36), msg_type, date },
  parent_header: {},
  metadata: {},
  content,
});
const cell = (): CodeCell => ({ cell_type: "code", metadata: {}, source: "", outputs: [], execution_count: null });

test("consecutive streams of one name merge; a different stream starts a new output", () => {
  const c = cell();
  const k = new OutputCollector(c, new Map());
  k.handle(msg("stream", { name: "stdout", text: "a\n" }));
  k.handle(msg("stream", { name: "stdout", text: "b\n" }));
  k.handle(msg("stream", { name: "stderr", text: "e\n" }));
  k.handle(msg("stream", { name: "stdout", text: "c\n" }));
  assert.deepEqual(c.outputs, [
    { output_type: "stream", name: "stdout", text: "a\nb\n" },
    { output_type: "stream", name: "stderr", text: "e\n" },
    { output_type: "stream", name: "stdout", text: "c\n" },
  ]);
});

test("execute_input sets the count and timing; execute_result carries the count", () => {
  const c = cell();
  const k = new OutputCollector(c, new Map());
  k.handle(msg("status", { execution_state: "busy" }, "2026-01-01T00:00:01Z"));
  k.handle(msg("execute_input", { code: "1", execution_count: 7 }, "2026-01-01T00:00:02Z"));
  k.handle(msg("execute_result", { data: { "text/plain": "1" }, metadata: {}, execution_count: 7 }));
  k.handle(msg("status", { execution_state: "idle" }, "2026-01-01T00:00:03Z"));
  assert.equal(c.execution_count, 7);
  assert.deepEqual(c.outputs, [{ output_type: "execute_result", data: { "text/plain": "1" }, metadata: {}, execution_count: 7 }]);
  assert.deepEqual(c.metadata.execution, { "iopub.status.busy": "2026-01-01T00:00:01Z", "iopub.execute_input": "2026-01-01T00:00:02Z", "iopub.status.idle": "2026-01-01T00:00:03Z" });
});

test("update_display_data replaces every output with that display id, across cells", () => {
  const displays = new Map<string, Output[]>();
  const a = cell();
  const b = cell();
  new OutputCollector(a, displays).handle(msg("display_data", { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "d" } }));
  const kb = new OutputCollector(b, displays);
  kb.handle(msg("display_data", { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "d" } }));
  kb.handle(msg("update_display_data", { data: { "text/plain": "v2" }, metadata: { m: 1 }, transient: { display_id: "d" } }));
  for (const c of [a, b]) assert.deepEqual(c.outputs, [{ output_type: "display_data", data: { "text/plain": "v2" }, metadata: { m: 1 } }]);
  assert.ok(!("transient" in b.outputs[0]), "transient is not written to the notebook");
});

test("clear_output clears now, or with wait at the next output", () => {
  const c = cell();
  const k = new OutputCollector(c, new Map());
  k.handle(msg("stream", { name: "stdout", text: "old" }));
  k.handle(msg("clear_output", { wait: true }));
  assert.equal(c.outputs.length, 1);
  k.handle(msg("stream", { name: "stdout", text: "new" }));
  assert.deepEqual(c.outputs, [{ output_type: "stream", name: "stdout", text: "new" }]);
  k.handle(msg("clear_output", { wait: false }));
  assert.deepEqual(c.outputs, []);
  k.handle(msg("error", { ename: "E", evalue: "v", traceback: ["t"] }));
  assert.deepEqual(c.outputs, [{ output_type: "error", ename: "E", evalue: "v", traceback: ["t"] }]);
});
