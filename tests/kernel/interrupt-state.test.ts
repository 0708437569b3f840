/**
 * kernel/interrupt-state.ts: when the I/O thread may send a SIGINT (only into the main thread's synchronous part,
 * once per entry, only for an unhandled interrupt) and what starting a cell does to older requests.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createInterruptState, enterSync, HANDLED, LOCK, markHandled, Phase, PHASE, REQUESTED, setPhase, signalIfSync, signalledLastEntry } from "../../kernel/interrupt-state";

function request(state: Int32Array): number {
  return Atomics.add(state, REQUESTED, 1) + 1;
}

test("a SIGINT is sent only while the main thread is in a synchronous part, once per entry", () => {
  const s = createInterruptState();
  let kills = 0;
  const kill = () => kills++;
  const seq = request(s);
  setPhase(s, Phase.kernel);
  assert.equal(signalIfSync(s, seq, kill, 0), false, "kernel phase: no signal (it would kill the process around vm's watchdog)");
  setPhase(s, Phase.cell);
  assert.equal(signalIfSync(s, seq, kill, 0), false, "awaiting: the message reaches it, no signal");
  enterSync(s);
  assert.equal(signalIfSync(s, seq, kill, 0), true);
  assert.equal(signalIfSync(s, seq, kill, 0), false, "one signal per entry");
  assert.equal(signalledLastEntry(s), true);
  setPhase(s, Phase.kernel);
  assert.equal(Atomics.load(s, PHASE), Phase.kernel);
  enterSync(s);
  assert.equal(signalledLastEntry(s), false, "a new entry has had no signal yet");
  assert.equal(signalIfSync(s, seq, kill, 0), true, "a new entry (the same cell's next sync part) may get one");
  assert.equal(kills, 2);
  assert.equal(Atomics.load(s, LOCK), 0, "the lock is released");
});

test("a handled interrupt, or one asked for before the cell started, sends nothing", () => {
  const s = createInterruptState();
  let kills = 0;
  const old = request(s);
  markHandled(s); // the next cell starts: the request was for an earlier cell or an idle kernel
  assert.equal(Atomics.load(s, HANDLED), old);
  enterSync(s);
  assert.equal(signalIfSync(s, old, () => kills++, 0), false);
  const fresh = request(s);
  markHandled(s);
  assert.equal(signalIfSync(s, fresh, () => kills++, 0), false, "handled by the main thread");
  assert.equal(kills, 0);
});
