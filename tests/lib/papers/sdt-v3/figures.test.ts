import { test } from "node:test";
import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../../../../lib/viz/render";
import { SCHEMA_URL } from "../../../../lib/kit";
import { figAccuracyVsD, figEnergy, figEquivalence, figFiring, figMae, figTrainingCost } from "../../../../lib/papers/sdt-v3/figures";
import type { AccRow } from "../../../../lib/papers/sdt-v3/experiment";

// Pinned rows (made up for the renderer, not results).
const acc = (config: string, kind: "I-LIF" | "LIF", T: number, D: number, seed: number, a: number): AccRow => ({
  config, kind, T, D, attention: "sdsa", seed, acc: a, secPerEpoch: 1, snnUj: 0.5 * D, annUj: 15, spikesPerImage: 1000 * D,
});
const dRows = [1, 2, 4, 8].map((D) => acc(`I-LIF T1×D${D}`, "I-LIF", 1, D, 0, 0.8 + 0.02 * Math.log2(D)));
const neuronRows = [acc("I-LIF T1×D4", "I-LIF", 1, 4, 0, 0.85), acc("LIF T1", "LIF", 1, 1, 0, 0.7), acc("LIF T1", "LIF", 1, 1, 1, 0.72), acc("LIF T4", "LIF", 4, 1, 0, 0.8)];

test("figures F1–F6 compile with Vega-Lite and render to non-blank SVG", async () => {
  const specs: [string, TopLevelSpec][] = [
    ["F1", figAccuracyVsD(dRows, neuronRows, 4)],
    ["F2", figTrainingCost([{ config: "I-LIF T1×D4", msPerStep: 300, peakMB: 400 }, { config: "LIF T4", msPerStep: 1500, peakMB: 3000 }])],
    ["F3", figFiring([{ layer: "a", rate: 1, neurons: 10, share0: 0.5, share1: 0.2, share2: 0.1, share3: 0.1, share4: 0.1 }], 4)],
    ["F4", figEnergy([...neuronRows, ...dRows])],
    ["F5", figEquivalence({ maxAbsDiff: 0, argmaxAgreement: 1, floatMaxAbsDiff: 1e-3, floatArgmaxAgreement: 1, bits: 16, pairs: [{ integer: -1, expanded: -1, cls: 0 }, { integer: 2, expanded: 2, cls: 1 }] })],
    ["F6", figMae([{ mask: "none", labels: 250, acc: 0.6, pretrainLoss: null }, { mask: 0.5, labels: 250, acc: 0.62, pretrainLoss: 0.8 }])],
  ];
  for (const [name, spec] of specs) {
    assert.equal(spec.$schema, SCHEMA_URL);
    const svg = await renderSvg(spec);
    assert.match(svg, /^<svg/, name);
    assert.ok((svg.match(/<path|<line|<rect/g) ?? []).length > 5, `${name} draws marks`);
    if (name === "F1") assert.match(svg, /binary LIF T4 \(BPTT\)/, "F1 labels its reference rule");
  }
});
