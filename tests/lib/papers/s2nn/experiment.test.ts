/**
 * The experiments' entry point: `--scale full` (N = 200 on 60k digits) stops on a backend other than tfjs-node-gpu with
 * the message naming what to install, before any data is loaded; the full config itself keeps the paper-scale recipe.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../../../lib/core/backend";
import { SCALES } from "../../../../lib/papers/s2nn/config";
import { prepare } from "../../../../lib/papers/s2nn/experiment";
import { s2nnMessages } from "../../../../lib/papers/s2nn/messages";
import { samplingLimit } from "../../../../lib/papers/s2nn/optics";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("--scale full on wasm stops with the message naming tfjs-node-gpu; the full config is N = 200 on 60k training digits", async () => {
  const full = SCALES.config("full");
  assert.equal(full.needsGpu, true);
  assert.equal(full.optics.N, 200);
  assert.equal(full.data.train + full.data.val, 60000);
  assert.ok(full.optics.z <= samplingLimit(full.optics), "full's z lies inside the sampling limit N_p·dx²/λ");
  await assert.rejects(prepare(full), (e: Error) => {
    assert.equal(e.message, s2nnMessages.fullNeedsGpu("wasm"));
    assert.match(e.message, /tfjs-node-gpu/);
    return true;
  });
  assert.equal(SCALES.config("default").needsGpu, false);
});
