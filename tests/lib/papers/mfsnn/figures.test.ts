import { test } from "node:test";
import assert from "node:assert/strict";
import { spreadOf } from "../../../../lib/kit";
import { SCALES } from "../../../../lib/papers/mfsnn/config";
import { simTuning, type Cell } from "../../../../lib/papers/mfsnn/experiment";
import { ablationSpec, crossDaySpec, energySpec, protocolsSpec, severitySpec, simTuningSpec, withinDaySpec } from "../../../../lib/papers/mfsnn/figures";
import { assertFigureRenders } from "../../viz/helpers";

const cell = (...values: number[]): Cell => ({ ...spreadOf(values), values });

test("every MFSNN figure is valid Vega-Lite v5 and renders to a non-blank picture", async () => {
  const cfg = SCALES.config("smoke");
  const tuning = simTuning(cfg);
  assert.equal(tuning.length, 6 * 3 * 8, "6 channels × 3 days × 8 targets");
  const within = (["center-out", "grasp"] as const).flatMap((paradigm) => (["mfsnn", "gru", "mlp"] as const).map((decoder, i) => ({ paradigm, decoder, acc: cell(0.8 - 0.1 * i, 0.75 - 0.1 * i), chance: paradigm === "grasp" ? 0.25 : 0.125 })));
  const observer = [{ paradigm: "center-out" as const, day: 0, acc: cell(0.95, 0.96), chance: 0.125 }, { paradigm: "grasp" as const, day: 0, acc: cell(0.97, 0.96), chance: 0.25 }];
  const days = (["M", "S"] as const).flatMap((protocol) => [1, 2, 3].map((since) => ({ decoder: "mfsnn" as const, protocol, day: 4 + since, since, acc: cell(0.8 - 0.1 * since, 0.75 - 0.1 * since) })));
  const protocols = (["S", "Q", "M"] as const).map((protocol, i) => ({ decoder: "gru" as const, protocol, test: cell(0.4 + 0.05 * i, 0.45), within: cell(0.8, 0.7) }));
  const ablations = (["full", "single"] as const).map((variant) => ({ variant, test: cell(0.5, 0.55), within: cell(0.8, 0.85), dropped: cell(0.3, 0.35), dropLoss: cell(0.2, 0.2) }));
  const severity = [0, 1, 2].map((s) => ({ model: "mfsnn (M)", decoder: "mfsnn" as const, protocol: "M" as const, s, acc: cell(0.8 - 0.1 * s, 0.7 - 0.1 * s) }));
  const energy = [{ decoder: "mfsnn" as const, energyNj: 190, macs: 4e4, acs: 1.6e5, within: cell(0.85, 0.8) }, { decoder: "gru" as const, energyNj: 1400, macs: 3e5, acs: 0, within: cell(0.8, 0.8) }];
  const figs = {
    sim_tuning_check: simTuningSpec(tuning),
    acc_within_day: withinDaySpec(within, observer),
    cross_day_decay: crossDaySpec(days, 0.125),
    msgl_protocols: protocolsSpec(protocols, 0.125),
    ablation_fusion: ablationSpec(ablations, 0.125),
    drift_severity: severitySpec(severity, 0.125),
    energy_vs_accuracy: energySpec(energy, [{ layer: "stem", rate: cell(0.1, 0.12) }, { layer: "fuse", rate: cell(0.2, 0.18) }]),
  };
  for (const [name, spec] of Object.entries(figs)) await assertFigureRenders(name, spec);
});
