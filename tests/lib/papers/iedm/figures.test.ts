import { test } from "node:test";
import assert from "node:assert/strict";
import * as viz from "../../../../lib/viz";
import { runAll } from "../../../../lib/papers/iedm/experiment";
import { SCALES } from "../../../../lib/papers/iedm/config";
import { ablationFigure, c3Figure, detectionTable, driveFigure, errorSeriesFigure, principleFigure, rmseFigure, rmseTable, rocFigure } from "../../../../lib/papers/iedm/figures";
import { assertFigureLayout, decodePng, inkPixels, parseXml, validateVegaLite } from "../../viz/helpers";

test("every I-EDM figure is valid Vega-Lite v5 and renders to a non-blank picture; tables list every method", async () => {
  const r = runAll(SCALES.config("smoke", { drives: 2, duration: 120, ablationDuration: 60, c3Duration: 60, c5Duration: 60 }));
  const { drive, runs } = r.mc.example;
  const iedm = runs.find((x) => x.method === "oracle")!;
  const figs = {
    drive: driveFigure(drive),
    principle: principleFigure(drive, iedm, { innovation: r.mc.calibration.kInnovation, residual: r.mc.calibration.kResidual }),
    errors: errorSeriesFigure(drive, runs),
    rmse: rmseFigure(r.mc.summary),
    roc: rocFigure(r.mc.roc),
    ablations: ablationFigure(r.ablations),
    c3: c3Figure(r.c3),
  };
  if (figs.principle) {
    // g2: every point carries its own statistic's threshold (the rule is drawn per panel from the faceted data)
    const values = (figs.principle.data as { values: { statistic: string; w: number; k: number }[] }).values;
    const k = { innovation: r.mc.calibration.kInnovation, residual: r.mc.calibration.kResidual };
    assert.ok(values.length > 0);
    for (const v of values) assert.equal(v.k, v.statistic === "innovation" ? k.innovation : k.residual);
    assert.ok(values.every((v) => Number.isFinite(v.w)), "no point without a statistic");
    assert.doesNotMatch(JSON.stringify(figs.principle), /on a log axis/); // the axis is symlog
    // the subtitle names the other satellites NLOS in the window, whose faults the all-rows update spreads over
    // every residual (why a healthy satellite's residual statistic can reach ~100 while its innovation stays low)
    assert.match(JSON.stringify(figs.principle.title), /(other satellites NLOS in the window: G\d\d from \d+ s|no other satellite NLOS in the window)/);
  }
  // Every satellite of G1's sky plot has its name drawn (the sky is sparse enough for a free site each).
  const skyLayer = ((figs.drive as unknown as { hconcat: unknown }).hconcat as { layer: { data?: { values: { sat: string; _labelSide: unknown }[] } }[] }[])[1].layer[1];
  const sats = skyLayer.data!.values;
  assert.ok(sats.length >= 4, `sky plot shows ${sats.length} satellites`);
  assert.deepEqual(sats.filter((s) => s._labelSide === null).map((s) => s.sat), [], "satellites whose names found no free site");
  const drawn = (await viz.textLayout(figs.drive)).texts.filter((t) => t.role === "mark").map((t) => t.text).sort();
  assert.deepEqual(drawn, sats.map((s) => s.sat).sort());
  for (const [name, spec] of Object.entries(figs)) {
    if (spec === null) continue; // no traced slip in this short drive: the notebook says so
    const v = validateVegaLite(viz.themed(spec));
    assert.ok(v.ok, `${name}: ${v.errors}`);
    // G1's satellite names are placed clear of each other and of the points (smoke drive: G20/G23 are close in the sky)
    await assertFigureLayout(`iedm ${name}`, spec);
    const svg = await viz.renderSvg(spec);
    assert.equal(parseXml(svg).name, "svg");
    const png = decodePng(viz.svgToPng(svg, 1));
    assert.ok(inkPixels(png) > 0.01 * png.width * png.height, `${name} is blank`);
  }
  const rmse = rmseTable(r.mc.summary).markdown();
  const detection = detectionTable(r).markdown();
  for (const m of ["no-edm", "chi2", "r-edm", "i-edm", "oracle"]) {
    assert.match(rmse, new RegExp(`\\| ${m} \\| \\d+\\.\\d{3} \\[\\d+\\.\\d{3}, \\d+\\.\\d{3}\\] \\|`), `${m}: RMSE with its 95% bootstrap interval`);
    assert.match(detection, new RegExp(`\\| ${m} \\| \\d+ \\|`));
  }
  assert.match(rmse, /\| paper, I-EDM \(real vehicle data; context only\) \| 0\.23 \| 0\.11 \| 0\.31 \| 0\.25 \| — \|/);
  // g4: every method (No-EDM included), intervals never below 0, labels beside the points, the paper's marks
  const g4 = (figs.rmse.data as { values: { kind: string; method: string; lo?: number; rmse: number }[] }).values;
  const ours = g4.filter((v) => v.kind === "ours");
  assert.deepEqual([...new Set(ours.map((v) => v.method))].sort(), ["chi2", "i-edm", "no-edm", "oracle", "r-edm"]);
  assert.ok(ours.every((v) => v.lo! > 0 && v.lo! <= v.rmse), "bootstrap intervals of positive RMSEs stay above 0");
  assert.deepEqual(g4.filter((v) => v.kind === "paper" && v.method === "i-edm").map((v) => v.rmse).slice(0, 3), [0.23, 0.11, 0.31]);
  assert.match(JSON.stringify(figs.rmse), /"type":"text","align":"left","dx":7/);
  // ablations: bars with a panel width (not hairlines), R-EDM's default cell repeated in the panels without R-EDM
  const abl = (figs.ablations.data as { values: { factor: string; method: string }[] }).values;
  for (const f of ["clustering", "mitigation"]) assert.ok(abl.some((v) => v.factor === f && v.method === "r-edm (default cell)"), f);
  assert.match(JSON.stringify(figs.ablations), /"width":170/);
});
