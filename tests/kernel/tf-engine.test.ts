/**
 * TensorFlow.js engine repair (kernel/tf-engine.ts): the state a terminated tf.tidy / optimizer.minimize leaves
 * (open scopes, gradient recording on) is put back to the mark taken before the cell, and what was freed is counted.
 * The termination is simulated with the engine's own startScope / gradient depth, on the WASM backend.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/core/backend";
import { describeRepair, markEngine, restoreEngine } from "../../kernel/tf-engine";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("open scopes and a gradient tape left by a cell are closed; their tensors freed; later ops no longer kept", () => {
  const keep = tf.keep(tf.ones([4]));
  const mark = markEngine();
  assert.ok(mark, "the engine is found");
  const n0 = tf.memory().numTensors;
  const e = tf.engine();
  // what a terminated `optimizer.minimize(() => tf.tidy(...))` leaves: two scopes, the tape on
  e.startScope("forward");
  e.state.gradientDepth++;
  e.state.activeTape = [];
  e.startScope("tidy");
  for (let i = 0; i < 10; i++) keep.mul(2).exp();
  assert.ok(tf.memory().numTensors > n0 + 20, "ops recorded and kept meanwhile");
  const r = restoreEngine(mark);
  assert.ok(r);
  assert.equal(r.closedScopes, 2);
  assert.equal(r.stoppedRecording, true);
  assert.equal(tf.memory().numTensors, n0, "everything the scopes and the tape held is freed");
  assert.equal(r.freedTensors > 20, true);
  assert.ok(r.freedBytes > 0);
  assert.match(describeRepair(r), /left 2 open tf\.tidy scopes and gradient recording on; restored the engine and freed \d+ tensors \(\d+\.\d kB\)/);
  assert.equal(e.state.gradientDepth, 0);
  // later ops are no longer recorded: a tidy leaves nothing behind
  tf.tidy(() => {
    keep.mul(2).exp().sum();
  });
  assert.equal(tf.memory().numTensors, n0);
  keep.dispose();
});

test("nothing left open: no repair, and what the cell kept on purpose stays", () => {
  const mark = markEngine();
  const kept = tf.ones([3]);
  assert.equal(restoreEngine(mark), null);
  assert.equal(kept.isDisposed, false);
  kept.dispose();
});
