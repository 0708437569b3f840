import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { OpCounter, FiringRates, conv2dMacs, linearMacs, firingRate, E_AC_PJ, E_MAC_PJ } from "../../../../lib/core/train/energy";
import { useBackend } from "./backends";

const TOL = 1e-9; // relative, float64 counts

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= TOL * Math.abs(b), `${what}: ${a} vs ${b}`);

test("the 45 nm constants", () => {
  assert.equal(E_MAC_PJ, 4.6);
  assert.equal(E_AC_PJ, 0.9);
});

test("conv2dMacs: hand-computed output sizes and MACs", () => {
  // 3x3 same conv, 32x32x3 → 32x32x16: 32·32·16·3·9 MACs
  assert.deepEqual(conv2dMacs({ inH: 32, inW: 32, inC: 3, outC: 16, kernel: 3, padding: "same" }), { outH: 32, outW: 32, macs: 442368 });
  // stride 2, pad 1: floor((32 + 2 − 3) / 2) + 1 = 16
  assert.deepEqual(conv2dMacs({ inH: 32, inW: 32, inC: 16, outC: 32, kernel: 3, stride: 2, padding: 1 }), {
    outH: 16, outW: 16, macs: 16 * 16 * 32 * 16 * 9,
  });
  // valid, dilation 2: effective kernel 5 → 28
  assert.equal(conv2dMacs({ inH: 32, inW: 32, inC: 1, outC: 1, kernel: 3, dilation: 2 }).outH, 28);
  // depthwise (groups = inC): each output channel sees one input channel
  assert.equal(conv2dMacs({ inH: 8, inW: 8, inC: 4, outC: 4, kernel: 3, padding: "same", groups: 4 }).macs, 8 * 8 * 4 * 9);
  assert.throws(() => conv2dMacs({ inH: 8, inW: 8, inC: 4, outC: 6, kernel: 3, groups: 4 }), /divisor/);
  assert.equal(linearMacs(256, 10, 3), 7680);
});

test("OpCounter: MAC stem + spike-driven conv and linear layers (hand-computed energy)", () => {
  const c = new OpCounter();
  const stem = c.conv2d("stem", { inH: 32, inW: 32, inC: 3, outC: 16, kernel: 3, padding: "same" });
  near(stem.energyPj, 4.6 * 442368, "stem"); // real-valued input → MACs
  const conv = c.conv2d("conv2", { inH: 32, inW: 32, inC: 16, outC: 32, kernel: 3, stride: 2, padding: 1 }, { firingRate: 0.15, timesteps: 4 });
  const convOps = 16 * 16 * 32 * 16 * 9;
  near(conv.acs, 4 * convOps * 0.15, "conv ACs");
  near(conv.energyPj, 0.9 * 4 * convOps * 0.15, "conv energy");
  const fc = c.linear("fc", 256, 10, { firingRate: 0.2, timesteps: 4 });
  near(fc.acs, 2048, "fc ACs"); // 4 · 2560 · 0.2
  near(fc.energyPj, 1843.2, "fc energy");
  const t = c.total();
  near(t.energyPj, 4.6 * 442368 + 0.9 * 4 * convOps * 0.15 + 1843.2, "total");
  near(t.annEnergyPj, 4.6 * (442368 + convOps + 2560), "ANN");
  near(t.energyMj, t.energyPj * 1e-9, "mJ");
  assert.equal(c.rows().length, 3);
  assert.equal(c.rows()[0].firingRate, null);
  assert.throws(() => c.linear("bad", 1, 1, { firingRate: -1 }), /rate ≥ 0/);
});

test("firingRate is the mean of the spike tensor (integer spikes count)", async () => {
  await useBackend("wasm");
  const s = tf.tensor2d([[0, 1, 0, 0], [2, 0, 1, 0]]);
  near(firingRate(s), 0.5, "rate");
  s.dispose();
});

test("FiringRates accumulates per-layer rates and value shares over batches", async () => {
  await useBackend("wasm");
  const rec = new FiringRates(2);
  const a = tf.tensor2d([[0, 1], [2, 0]]);
  const b = tf.tensor1d([1, 1, 0, 0]);
  rec.record("lif1", a);
  rec.record("lif1", b);
  near(rec.rate("lif1")!, 5 / 8, "rate");
  assert.deepEqual(rec.shares("lif1"), [4 / 8, 3 / 8, 1 / 8]);
  assert.equal(rec.rate("none"), undefined);
  assert.deepEqual(rec.rows(), [{ layer: "lif1", rate: 5 / 8, neurons: 8, share0: 0.5, share1: 0.375, share2: 0.125 }]);
  // feeding the measured rate to the counter: ACs = T · ops · r
  const c = new OpCounter();
  near(c.linear("fc", 4, 2, { firingRate: rec.rate("lif1")!, timesteps: 2 }).acs, 2 * 8 * (5 / 8), "ACs");
  tf.dispose([a, b]);
});
