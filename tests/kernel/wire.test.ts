import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, encode, newHeader, ReplayGuard, Signer, WireError } from "../../kernel/wire";

const signer = new Signer("secret-key");

test("encode/decode round trip keeps identities, parts and buffers", () => {
  const header = newHeader("execute_request", "s1");
  const frames = encode(
    { identities: [Buffer.from("id1")], header, parent_header: {}, metadata: { a: 1 }, content: { code: "1+1" }, buffers: [Buffer.from([1, 2])] },
    signer,
  );
  const msg = decode(frames, signer);
  assert.deepEqual(msg.identities.map(String), ["id1"]);
  assert.equal(msg.header.msg_id, header.msg_id);
  assert.deepEqual(msg.content, { code: "1+1" });
  assert.deepEqual(msg.metadata, { a: 1 });
  assert.deepEqual([...msg.buffers[0]], [1, 2]);
});

test("a message signed with another key is rejected", () => {
  const frames = encode({ identities: [], header: newHeader("kernel_info_request", "s"), parent_header: {}, metadata: {}, content: {} }, new Signer("other"));
  assert.throws(() => decode(frames, signer), (e: unknown) => e instanceof WireError && /bad signature/.test((e as Error).message));
});

test("a tampered content frame is rejected", () => {
  const frames = encode({ identities: [], header: newHeader("execute_request", "s"), parent_header: {}, metadata: {}, content: { code: "1" } }, signer);
  frames[frames.length - 1] = Buffer.from(JSON.stringify({ code: "process.exit()" }));
  assert.throws(() => decode(frames, signer), /bad signature/);
});

test("malformed frames name the problem", () => {
  assert.throws(() => decode([Buffer.from("x")], signer), /delimiter/);
  assert.throws(() => decode([Buffer.from("<IDS|MSG>"), Buffer.from("")], signer), /expected signature and 4 JSON frames/);
  const bad = [Buffer.from("<IDS|MSG>"), Buffer.from(""), Buffer.from("{"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")];
  assert.throws(() => decode(bad, new Signer("")), /header frame is not JSON/);
});

test("an empty key disables signing", () => {
  const s = new Signer("");
  const frames = encode({ identities: [], header: newHeader("x", "s"), parent_header: {}, metadata: {}, content: {} }, s);
  assert.equal(frames[1].toString(), "");
  assert.equal(decode(frames, s).header.msg_type, "x");
});

test("a replayed message is rejected; the guard forgets the oldest signature past its capacity", () => {
  const guard = new ReplayGuard(2);
  const frames = encode({ identities: [], header: newHeader("execute_request", "s1"), parent_header: {}, metadata: {}, content: { code: "1" } }, signer);
  decode(frames, signer, guard);
  assert.throws(() => decode(frames, signer, guard), (e: unknown) => e instanceof WireError && /replayed/.test(e.message));
  assert.equal(guard.admit("b"), true);
  assert.equal(guard.admit("b"), false);
  assert.equal(guard.admit("c"), true); // evicts the first message's signature (capacity 2)
  assert.doesNotThrow(() => decode(frames, signer, guard));
  assert.equal(guard.admit(""), true, "unsigned connections (empty key) are not tracked");
  assert.equal(guard.admit(""), true);
});
