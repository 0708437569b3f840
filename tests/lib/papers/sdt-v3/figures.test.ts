import { test } from "node:test";
import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../../../../lib/viz/render";
import { SCHEMA_URL } from "../../../../lib/kit";
import { figAccuracyVsD, figEnergy, figEquivalence, figFiring, figMae, figTrainingCost } from "../../../../lib/papers/sdt-v3/figures";
import type { AccRow, MaeRow } from "../../../../lib/papers/sdt-v3/experiment";
import { assertFigureLayout } from "../../viz/helpers";

// Pinned rows (made up for the renderer, not results).
const acc = (config: string, kind: "I-LIF" | "LIF", T: number, D: number, seed: number, a: number): AccRow => ({
  config, kind, T, D, attention: "sdsa", seed, acc: a, secPerEpoch: 1, snnUj: 0.5 * D, annUj: 15, spikesPerImage: 1000 * D,
});
const dRows = [1, 2, 4, 8].map((D) => acc(`I-LIF T1×D${D}`, "I-LIF", 1, D, 0, 0.8 + 0.02 * Math.log2(D)));
const neuronRows = [acc("I-LIF T1×D4", "I-LIF", 1, 4, 0, 0.85), acc("LIF T1", "LIF", 1, 1, 0, 0.7), acc("LIF T1", "LIF", 1, 1, 1, 0.72), acc("LIF T4", "LIF", 4, 1, 0, 0.8), acc("LIF T4", "LIF", 4, 1, 1, 0.9)];
const mae: MaeRow[] = [0, 1].flatMap((seed) => [
  { mask: "none" as const, labels: 250, seed, acc: 0.6, pretrainLoss: null },
  { mask: 0.5, labels: 250, seed, acc: 0.62 + 0.01 * seed, pretrainLoss: 0.8 },
]);

test("figures F1–F6 compile with Vega-Lite and render to non-blank SVG", async () => {
  const specs: [string, TopLevelSpec][] = [
    ["F1", figAccuracyVsD(dRows, neuronRows, 4)],
    ["F2", figTrainingCost([{ config: "I-LIF T1×D4", msPerStep: 300, peakMB: 400 }, { config: "LIF T4", msPerStep: 1500, peakMB: 3000 }])],
    ["F3", figFiring([{ layer: "a", rate: 1, neurons: 10, share0: 0.5, share1: 0.2, share2: 0.1, share3: 0.1, share4: 0.1 }], 4)],
    ["F4", figEnergy([...neuronRows, ...dRows])],
    ["F5", figEquivalence({ maxAbsDiff: 0, argmaxAgreement: 1, floatMaxAbsDiff: 1e-3, floatArgmaxAgreement: 1, bits: 16, pairs: [{ integer: -1, expanded: -1, cls: 0 }, { integer: 2, expanded: 2, cls: 1 }] })],
    ["F6", figMae(mae)],
  ];
  for (const [name, spec] of specs) {
    assert.equal(spec.$schema, SCHEMA_URL);
    await assertFigureLayout(`sdt-v3 ${name}`, spec);
    const svg = await renderSvg(spec);
    assert.match(svg, /^<svg/, name);
    assert.ok((svg.match(/<path|<line|<rect/g) ?? []).length > 5, `${name} draws marks`);
    if (["F1", "F4", "F6"].includes(name)) assert.match(svg, />chance</, `${name} draws the chance level`);
  }
});

test("F1 names the dashed BPTT rule in its legend, draws it at the mean over seeds, with error bars per D", async () => {
  const svg = await renderSvg(figAccuracyVsD(dRows, neuronRows, 4));
  assert.match(svg, /binary LIF T4 \(BPTT\)/);
  const spec = JSON.stringify(figAccuracyVsD(dRows, neuronRows, 4));
  assert.match(spec, /"errorbar"/);
  assert.match(spec, /\{"acc":85\}\]\},"mark":\{"type":"rule"/, "rule at the mean of 80 % and 90 %");
});

test("F4: one ANN rule per distinct ANN count (not one point per config sharing an x), SNN points per config", () => {
  const spec = figEnergy([...neuronRows, ...dRows]) as unknown as { layer: { data?: { values: { label?: string; config?: string }[] } }[] };
  const ann = spec.layer.flatMap((l) => l.data?.values ?? []).filter((v) => v.label?.startsWith("ANN count"));
  assert.equal(ann.length, 1, "every config of one architecture has the same ANN count");
  const snn = spec.layer[1].data!.values.map((v) => v.config);
  assert.deepEqual(snn, [...new Set(snn)], "one point per config (mean over seeds)");
  assert.equal(snn.length, 6);
});

test("F6: the colour encodes how the encoder started, 'none (from scratch)' beside the mask ratios", async () => {
  const svg = await renderSvg(figMae(mae));
  assert.match(svg, /pretraining/);
  assert.match(svg, /none \(from scratch\)/);
  assert.match(svg, /spike-MAE, mask 0\.5/);
  assert.doesNotMatch(svg, />mask</, "no legend titled 'mask' holding 'scratch'");
});
