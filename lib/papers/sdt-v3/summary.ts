/**
 * The notebook's closing section, "what this scale can and cannot show", written from the run's own config,
 * results and claims (regime guards included) rather than from text fixed for one scale.
 */
import type { ClaimSpec } from "../../claims";
import { checkRegime } from "../../kit";
import { accText, REGIME, type SdtResults } from "./claims";
import type { SdtConfig } from "./config";
import { ARCHS, countParams } from "./model";

/** Training steps of one classifier run at this config. */
export function stepsPerRun(cfg: SdtConfig): number {
  return Math.floor(cfg.trainImages / cfg.batch) * cfg.epochs;
}

/** Markdown: what this scale measured, which comparisons its baselines could decide, and what it cannot show. */
export function scaleNotes(scale: string, cfg: SdtConfig, r: SdtResults, claims: readonly ClaimSpec[]): string {
  const acc = (f: (x: SdtResults["neuronRows"][number]) => boolean) => accText(r.neuronRows.filter(f).map((x) => x.acc));
  const finite = (x: number | null | undefined) => typeof x === "number" && Number.isFinite(x);
  // not run at this scale (no value, or a baseline that was not run): not a baseline outside its regime
  const notRun = claims.filter((c) => (!c.samples?.length && !finite(c.ours)) || (c.guards ?? []).some((g) => !finite(g.value)));
  const blocked = claims.filter((c) => !notRun.includes(c) && c.guards?.length && !checkRegime(c.guards).ok);
  // each failing baseline once, however many claims it blocks
  const failing = [...new Map(blocked.flatMap((c) => c.guards ?? []).map((g) => [g.baseline, g])).values()];
  const cost = costText(r);
  const floor = `${(100 * REGIME.mnistAccuracy).toFixed(0)} %`;
  const lines = [
    `**Measured here** (\`${scale}\`): E-SpikeFormer-tiny on ${cfg.trainImages.toLocaleString("en-US")} MNIST digits, ${stepsPerRun(cfg)} steps of batch ${cfg.batch} per run ` +
      `(${cfg.epochs} epoch(s), AdamW peak lr ${cfg.lr}), tested on ${cfg.testImages.toLocaleString("en-US")}, seeds ${cfg.seeds.join(", ")}. ` +
      `I-LIF T1×D${r.D} ${acc((x) => x.kind === "I-LIF" && x.T === 1 && x.D === r.D && x.attention === "sdsa")}, ` +
      `binary LIF T1 ${acc((x) => x.kind === "LIF" && x.T === 1)}, binary LIF T${r.lifT} with BPTT ${acc((x) => x.kind === "LIF" && x.T === r.lifT)}.`,
    "",
    blocked.length
      ? `**Not decided at this scale**: ${blocked.map((c) => `\`${c.id}\``).join(", ")} — a baseline is below its known regime (${checkRegime(failing).reason}); these report "not measured", and a larger scale (\`full\`) is where they can be decided.`
      : `**Every comparison run at this scale was decided with its baselines in their regime** (each neuron type ≥ ${floor} on MNIST${r.mae.length ? `, the few-label baseline ≥ ${(100 * REGIME.fewLabelScratch).toFixed(0)} %` : ""}).`,
    ...(notRun.length ? ["", `**Not run at this scale** (reported "not measured"; they run at \`full\`): ${notRun.map((c) => `\`${c.id}\``).join(", ")}.`] : []),
    "",
    "- **Can**: the mechanics. The integer quantizer is exactly a spike count; the trained network gives the same logits when every integer is replayed as binary spikes " +
      "(claim 2 is exact arithmetic, not a statistical result); energy and firing follow from measured spike counts; " + cost + " " +
      `With ${cfg.seeds.length} seed(s) the accuracy claims are decided on the mean over seeds, the spread shown beside it.`,
    `- **Cannot**: the paper's ImageNet numbers (78.5–86.2 % top-1 with 10M–173M parameters after 200 epochs) — a ${Math.round(countParams(ARCHS.tiny) / 1000)}k-parameter model on MNIST says little about their size; ` +
      "differences of a point or two (attention variants, D 4 vs 8, the MAE gain, expected 1–5 points) are of the order of the seed spread" +
      (cfg.seeds.length < 3 ? ", and with fewer than three seeds the spread itself is not measured" : "") +
      "; detection, segmentation and neuromorphic data are not run; the full-scale recipe (`sdt.FULL_RECIPE`) needs ImageNet and a GPU.",
    `- **Grid at this scale**: D ∈ {${cfg.dSweep.join(", ")}}, attention ${cfg.attentions.join(" / ")}, ${cfg.labelCounts.length ? `MAE mask ${cfg.maskRatios.join(" / ")} on ${cfg.labelCounts.join(" / ")} labels` : "no spike-MAE"}` +
      `${cfg.ilifT2 ? ", I-LIF T2" : ""}; \`full\` runs the whole grid of the card.`,
    "- **Reconstructed**: the card was written from the official code; the paper's ablation tables and energy column could not be read, so thresholds are the card's.",
  ];
  return lines.join("\n");
}

/** What this run measured of the training cost of one integer step against one BPTT step (claim 3), in words. */
function costText(r: SdtResults): string {
  const fast = r.cost.find((c) => c.config === `I-LIF T1×D${r.D}`);
  const slow = r.cost.find((c) => c.config === `LIF T${r.lifT}`);
  if (!fast || !slow) return "the training cost of BPTT against one integer step was not measured in this run.";
  const t = slow.msPerStep / fast.msPerStep, m = slow.peakMB / fast.peakMB;
  return `one BPTT step at T=${r.lifT} cost ${t.toFixed(1)}× the CPU time and ${m.toFixed(1)}× the peak tensor memory of one integer step here (one step on a shared CPU: the time ratio is noisy).`;
}
