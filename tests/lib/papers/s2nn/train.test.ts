/**
 * Training through lab's train(): analog and BAT runs on 7-segment glyphs learn (loss falls, accuracy well above
 * chance), joint OPMoE trains K experts at once, and nothing leaks (tensor count back where it was).
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { SCALES } from "../../../../lib/papers/s2nn/config";
import { framesOf, sevenSegmentGlyphs } from "../../../../lib/papers/s2nn/data";
import { disposeExpert, makeBench } from "../../../../lib/papers/s2nn/model";
import { analogAccuracy, scoreVotes, spikesOf } from "../../../../lib/papers/s2nn/readout";
import { evaluateNet, trainNet } from "../../../../lib/papers/s2nn/train";
import { specOf } from "../../../../lib/papers/s2nn/experiment";
import { kappaValues } from "../../../../lib/papers/s2nn/model";

before(async () => {
  await initBackend({ backend: "wasm" });
});

test("analog, BAT and joint OPMoE runs learn glyphs and free every tensor", async () => {
  const cfg = SCALES.config("smoke", { train: { ...SCALES.presets.smoke.train, epochs: 3 } });
  const tr = sevenSegmentGlyphs(640, 11), te = sevenSegmentGlyphs(100, 12);
  const before = tf.memory().numTensors;
  const bench = makeBench({ optics: cfg.optics, layers: 2, modulation: "phase", detector: cfg.detector });
  const x = tf.tensor3d(framesOf(tr, 32, true), [tr.n, 32, 32]), xt = tf.tensor3d(framesOf(te, 32, true), [te.n, 32, 32]);
  const analog = await trainNet(bench, { x, labels: tr.labels }, specOf(cfg, "analog", 0));
  assert.equal(analog.steps, 60);
  assert.ok(analog.epochLoss[2] < analog.epochLoss[0], `loss ${analog.epochLoss}`);
  const acc = analogAccuracy(evaluateNet(bench, analog.experts, xt, 64).e[0], te.labels);
  assert.ok(acc > 0.5, `analog accuracy on glyphs ${acc}`);
  const bat = await trainNet(bench, { x, labels: tr.labels }, specOf(cfg, "bat", 0, { variant: "per-class-kappa" }));
  const k = kappaValues(bat.experts[0]) as number[];
  assert.equal(k.length, 10);
  assert.ok(k.some((v) => Math.abs(v - cfg.train.kappa0) > 1e-3), "κ is learned");
  const joint = await trainNet(bench, { x, labels: tr.labels }, specOf(cfg, "joint", 0, { K: 2 }));
  assert.equal(joint.experts.length, 2);
  const ev = evaluateNet(bench, joint.experts, xt, 64);
  const votes = scoreVotes(joint.experts.map((e, i) => spikesOf(ev.p[i], kappaValues(e))), te.labels);
  assert.ok(votes.tieBreak > 0.2, `joint vote tie-break accuracy ${votes.tieBreak}`);
  for (const n of [analog, bat, joint]) n.experts.forEach(disposeExpert);
  bench.dispose();
  tf.dispose([x, xt]);
  assert.equal(tf.memory().numTensors, before, "no tensor left behind");
});
