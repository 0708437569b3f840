import { test } from "node:test";
import assert from "node:assert/strict";
import { claimContext, evaluateClaim } from "../../../../lib/claims";
import { spreadOf } from "../../../../lib/kit";
import { GRU_REGIME, mfsnnClaims, type MfsnnResults } from "../../../../lib/papers/mfsnn/claims";
import type { Cell } from "../../../../lib/papers/mfsnn/experiment";
import type { Decoder } from "../../../../lib/papers/mfsnn/config";
import type { Protocol } from "../../../../lib/papers/mfsnn/protocols";

const cell = (...values: number[]): Cell => ({ ...spreadOf(values), values });
const c3 = (v: number) => cell(v, v + 0.01, v - 0.01);

/** Results where every claim's direction holds (good = true) or is reversed (good = false), GRU at `gru`. */
function results(good: boolean, gru = 0.8): MfsnnResults {
  const sign = good ? 1 : -1;
  const within = ["center-out", "grasp"].flatMap((paradigm) => [
    { paradigm, decoder: "mfsnn", acc: c3(gru + 0.05 * sign), chance: 0.125 },
    { paradigm, decoder: "gru-best", acc: c3(gru), chance: 0.125 },
    { paradigm, decoder: "gru", acc: c3(gru), chance: 0.125 },
    { paradigm, decoder: "mlp", acc: c3(gru - 0.1 * sign), chance: 0.125 },
  ]) as MfsnnResults["within"];
  const level: Record<Protocol, number> = { S: 0.4, Sm: 0.45, Q: 0.5, P: 0.55, M: 0.6, "M+": 0.7 };
  const decs: Decoder[] = ["mfsnn", "gru", "mlp"];
  const bonus = (d: Decoder) => (d === "mfsnn" ? 0.05 * sign : 0);
  const protocols = decs.flatMap((decoder) => (Object.keys(level) as Protocol[]).map((protocol) => ({
    decoder, protocol, test: c3(0.5 + sign * (level[protocol] - 0.5) + bonus(decoder)), within: c3(0.8),
  })));
  const days = decs.flatMap((decoder) => (["M", "S"] as Protocol[]).flatMap((protocol) => [1, 2, 3].map((since) => ({
    decoder, protocol, day: 4 + since, since, acc: c3(protocol === "M" ? 0.7 - 0.02 * since : 0.7 - (good ? 0.08 : 0.01) * since),
  }))));
  const ablations = [
    { variant: "full", test: c3(0.6), within: c3(0.8), dropped: c3(0.5), dropLoss: c3(good ? 0.1 : 0.3) },
    { variant: "single", test: c3(0.6 - 0.05 * sign), within: c3(0.8), dropped: c3(0.5), dropLoss: c3(0.1) },
    { variant: "noskip", test: c3(0.6 - 0.05 * sign), within: c3(0.8), dropped: c3(0.5), dropLoss: c3(0.1) },
    { variant: "noesa", test: c3(0.6), within: c3(0.8), dropped: c3(0.4), dropLoss: c3(0.2) },
  ] as MfsnnResults["ablations"];
  const severity = ["mfsnn (M)", "gru (M)", "mlp (M)"].flatMap((model) => [0, 1, 2].map((s) => ({
    model, decoder: model.split(" ")[0] as Decoder, protocol: "M" as Protocol, s,
    acc: c3(good ? 0.8 - s * (model === "mfsnn (M)" ? 0.05 : 0.1) : 0.6 + (model === "mfsnn (M)" ? 0.1 : 0.02) * (s === 1 ? 1 : 0) - s * 0.01),
  })));
  const energy = [
    { decoder: "mfsnn" as Decoder, energyNj: good ? 200 : 2000, macs: 1e4, acs: good ? 1e4 : 1e6, within: c3(gru + 0.05) },
    { decoder: "gru" as Decoder, energyNj: 1400, macs: 3e5, acs: 0, within: c3(gru) },
    { decoder: "mlp" as Decoder, energyNj: 1300, macs: 2.8e5, acs: 0, within: c3(gru) },
  ];
  return { within, crossDay: { protocols, days }, ablations, severity, energy };
}

test("MFSNN claims: all hold on results in the abstract's directions, none on reversed ones, 'not measured' below the GRU regime", () => {
  claimContext({ paper: "mfsnn", scale: "test", seed: 0 });
  const holds = mfsnnClaims(results(true), "test").map(evaluateClaim);
  assert.equal(holds.length, 17);
  for (const r of holds) assert.equal(r.verdict, "holds", `${r.id}: ${r.reason}`);
  const fails = mfsnnClaims(results(false), "test").map(evaluateClaim);
  for (const r of fails) assert.equal(r.verdict, "does not hold", `${r.id}: ${r.reason}`);
  const low = mfsnnClaims(results(true, GRU_REGIME - 0.1), "test").map(evaluateClaim);
  for (const r of low) assert.equal(r.verdict, "not measured", `${r.id}: ${r.reason}`);
  assert.ok(low.every((r) => /best GRU within-day accuracy/.test(r.reason)));
  // per-seed samples: the spread is recorded
  const m = holds.find((r) => r.id === "msgl-m-gt-q")!;
  assert.equal(m.spread?.n, 3);
  // missing runs are "not measured", never a verdict
  const empty = mfsnnClaims({ ...results(true), ablations: [] }, "test").map(evaluateClaim);
  assert.equal(empty.find((r) => r.id === "fusion-full-gt-single")!.verdict, "not measured");
});
