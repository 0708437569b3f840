/**
 * Backend selection: best available first, forced choices, aliases not mistaken for tfjs-node, no silent fallback.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend, describeBackend, initBackend, parseBackendName, requireKernels } from "../../../../lib/core/backend";
import { probeInstalled } from "../../../../lib/core/backend/detect";

test("the @tensorflow/tfjs-node alias (plain tfjs, for danfojs-node) is not taken for tfjs-node", () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const name = (() => { try { return require("@tensorflow/tfjs-node/package.json").name; } catch { return null; } })();
  const p = probeInstalled("@tensorflow/tfjs-node");
  if (name === "@tensorflow/tfjs-node") assert.equal(p.ok, true);
  else assert.equal(p.ok, false);
  if (name !== null && name !== "@tensorflow/tfjs-node" && !p.ok) assert.match(p.reason, /alias/);
});

test("initBackend picks the best available one and says why better ones were not taken", async () => {
  const saved = process.env.PAPERLAB_BACKEND;
  delete process.env.PAPERLAB_BACKEND;
  try {
    const r = await initBackend();
    assert.notEqual(r.name, "cpu", "cpu is never chosen unless asked for");
    assert.equal(r.candidates[r.candidates.length - 1].taken, true);
    for (const c of r.candidates.slice(0, -1)) { assert.equal(c.taken, false); assert.ok(c.reason.length > 10); }
    assert.equal(backend().tfjsName, tf.getBackend());
    assert.match(describeBackend(), new RegExp(`backend: ${r.name}`));
    if (r.name === "wasm") {
      assert.ok(r.customKernels.includes("Conv2DBackpropFilter"));
      assert.equal(r.simd, true);
    }
    assert.ok(r.gradFixes.includes("Cumsum"));
  } finally {
    if (saved !== undefined) process.env.PAPERLAB_BACKEND = saved;
  }
});

test("PAPERLAB_BACKEND forces a backend; unknown names and unavailable ones are errors, not fallbacks", async () => {
  const saved = process.env.PAPERLAB_BACKEND;
  try {
    process.env.PAPERLAB_BACKEND = "cpu";
    const r = await initBackend();
    assert.equal(r.name, "cpu");
    assert.equal(tf.getBackend(), "cpu");
    assert.match(r.forcedBy ?? "", /PAPERLAB_BACKEND=cpu/);
    process.env.PAPERLAB_BACKEND = "wasm";
    assert.equal((await initBackend()).name, "wasm");
    assert.throws(() => parseBackendName("webgpu", "PAPERLAB_BACKEND=webgpu"), /unknown backend 'webgpu'.*wasm/);
    process.env.PAPERLAB_BACKEND = "tensorflow";
    const tfNode = probeInstalled("@tensorflow/tfjs-node");
    if (!tfNode.ok) await assert.rejects(initBackend(), /backend 'tensorflow' was forced.*cannot run/);
  } finally {
    if (saved === undefined) delete process.env.PAPERLAB_BACKEND; else process.env.PAPERLAB_BACKEND = saved;
  }
});

test("an op missing on the chosen backend raises an error naming op and backend", async () => {
  await initBackend({ backend: "wasm" });
  // FFT is not registered for wasm in tfjs 4.22 (paperlab's complex.ts does DFTs as matmuls instead)
  assert.throws(() => tf.spectral.fft(tf.complex([1, 2], [0, 0])), /'(Complex|FFT)'.*'wasm'/);
  assert.throws(() => requireKernels(["FFT", "Conv2D"]), /backend 'wasm': FFT;/);
  assert.doesNotThrow(() => requireKernels(["Conv2DBackpropFilter", "UnsortedSegmentSum", "Einsum"]));
  assert.equal(tf.getBackend(), "wasm", "no silent switch to another backend");
});
