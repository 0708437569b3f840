/**
 * rheed-qd figures (lib/papers/rheed-qd/figures.ts): each named spec compiles against Vega-Lite and renders to a
 * non-blank SVG, from small pinned inputs (simulator frames and spectra, a synthetic closed loop and cell).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderSvg } from "../../../../lib/viz/render";
import { Rng } from "../../../../lib/core/train/seed";
import { frameGrid, spectra } from "../../../../lib/papers/rheed-qd/experiment";
import type { CellResult, ControlResults } from "../../../../lib/papers/rheed-qd/experiment";
import { plSpectraFigure, r1Frames, r2Confusion, r2Curves, r3Ablation, r4Trace, r5Controllers, r6Attention } from "../../../../lib/papers/rheed-qd/figures";
import { LOOP_DEFAULTS, POLICIES, runClosedLoop } from "../../../../lib/papers/rheed-qd/closed-loop";
import { grow, NOMINAL } from "../../../../lib/papers/rheed-qd/mbe";
import type { TrainResult } from "../../../../lib/papers/rheed-qd/train";
import { assertFigureLayout } from "../../viz/helpers";

const run = (seed: number, f1: number): TrainResult => ({
  variant: "plain", frames: 1, seed, phase: "anneal", curve: [{ epoch: 1, step: 5, loss: 1.1, valF1: 0.4, valAcc: 0.4 }, { epoch: 2, step: 10, loss: 0.9, valF1: f1, valAcc: f1 }],
  testF1: f1, valF1: f1, testAcc: f1, confusion: [[5, 1, 0], [1, 4, 1], [0, 2, 4]], steps: 10, msPerStep: 50, params: 19678, stats: { mean: [0, 0, 0], sd: [1, 1, 1] },
});
const cell = (variant: "plain" | "full", f1: number[]): CellResult => ({
  label: `${variant} T=1`, variant, frames: 1, phase: "anneal", informative: true, epochs: 2, dilations: [1, 2, 3], runs: f1.map((v, i) => run(i, v)), values: f1,
  n: f1.length, mean: f1.reduce((a, b) => a + b, 0) / f1.length, sd: 0.02, min: Math.min(...f1), max: Math.max(...f1),
});

test("every rheed-qd figure compiles and renders a non-blank SVG", async () => {
  const cells = [cell("plain", [0.7, 0.72, 0.69]), cell("full", [0.71, 0.7, 0.73])];
  const scorer = () => [0.2, 0.3, 0.5];
  const render = { size: 16, azimuth: "[1-10]" as const };
  const o = { ...LOOP_DEFAULTS, ticks: 4 };
  const results = POLICIES.flatMap((p) => [0, 1].map((i) => runClosedLoop(p, i, { dT: i * 3, ...NOMINAL }, scorer, render, o, new Rng(i))));
  const control: ControlResults = { results, options: o, summary: [] };
  const frame = Array.from({ length: 16 }, (_, y) => Array.from({ length: 16 }, (_, x) => (x + y) / 32));
  const specs = {
    r1_frames: r1Frames(frameGrid([480, 520], [0, 2.2], 16), 16),
    r1_spectra: plSpectraFigure(spectra([{ label: "500 °C", outcome: grow({ tSet: 500, dT: 0, ...NOMINAL }) }], 5), "PL"),
    r2_curves: r2Curves(cells),
    r2_confusion: r2Confusion(cells[0]),
    r3_glam_ablation: r3Ablation(cells, 0.75),
    r4_closed_loop: r4Trace(results.find((r) => r.policy === "extremum-seeking")!),
    r5_controllers: r5Controllers(control),
    r6_attention: r6Attention({ frame, attention: frame.map((r) => r.map((v) => 1 - v)), mapSize: 4, run: "run0001" }),
  };
  for (const [name, spec] of Object.entries(specs)) {
    await assertFigureLayout(`rheed-qd ${name}`, spec);
    const svg = await renderSvg(spec);
    assert.ok(svg.startsWith("<svg") && svg.length > 2000, `${name}: SVG of ${svg.length} chars`);
    assert.ok((svg.match(/<path|<rect|<line/g) ?? []).length > 5, `${name}: drawn marks`);
  }
});
