/**
 * `rheed-qd`: synthetic RHEED runs of a virtual MBE with post-growth PL labels, for the reconstruction of
 * arXiv 2411.00332 (Shen et al., in-situ RHEED + ResNet-GLAM self-optimisation of InAs/GaAs QD emission). No RHEED
 * or PL data of the paper is public; the simulator (lib/papers/rheed-qd/mbe.ts), the renderer (rheed.ts) and the
 * generator (generate.ts) are reconstructions whose every constant is a documented assumption. Seeded and
 * versioned: same parameters + seed → same bytes; `verify` regenerates the pinned parameter set twice and checks
 * the SHA-256.
 */
import { DatasetError } from "../errors";
import { sha256 } from "../checksum";
import { fixGenerator } from "../messages";
import { register } from "../registry";
import { generateRheed, RHEED_QD_DEFAULTS, RHEED_QD_VERSION, rheedToBytes, SPLITS, type RheedDataset, type RheedGenParams } from "../../lib/papers/rheed-qd/generate";

/** The parameter set whose bytes are pinned (the defaults with 24 runs, so `verify` takes about a second). */
export const RHEED_QD_PINNED_PARAMS: Partial<RheedGenParams> = { runs: 24 };
/** SHA-256 of rheedToBytes(generateRheed(RHEED_QD_PINNED_PARAMS)). */
export const RHEED_QD_PINNED = "a2da6e9d82108fd0b58de6f69a484d512b1d7068b61a6611e09631fed96fc651";

/** Checks a generated set's invariants: frame sizes, labels in {0,1,2}, every run in one split, cut points ordered. */
export function checkRheed(d: RheedDataset): void {
  const { size: S, annealFrames: FA, depositionFrames: FB } = d.params;
  const fix = fixGenerator("rheed-qd");
  const ids = new Set<string>();
  if (!(d.cuts[0] <= d.cuts[1])) throw new DatasetError("invariant", `tertile cuts out of order: ${d.cuts.join(", ")}`, fix);
  for (const r of d.runs) {
    if (ids.has(r.id)) throw new DatasetError("invariant", `run ${r.id} appears twice`, fix);
    ids.add(r.id);
    if (r.anneal.length !== FA * S * S || r.deposition.length !== FB * S * S) throw new DatasetError("invariant", `run ${r.id}: frame buffers of ${r.anneal.length} / ${r.deposition.length} bytes, expected ${FA * S * S} / ${FB * S * S}`, fix);
    if (![0, 1, 2].includes(r.label)) throw new DatasetError("invariant", `run ${r.id}: label ${r.label} not in {0, 1, 2}`, fix);
    if (!(SPLITS as readonly string[]).includes(r.split)) throw new DatasetError("invariant", `run ${r.id}: split ${r.split}`, fix);
  }
}

/** Registry entry `rheed-qd`. */
export const rheedQd = register<RheedDataset, Partial<RheedGenParams>>({
  id: "rheed-qd",
  description: "Synthetic RHEED frames of a virtual MBE (InAs/GaAs QDs) with PL-quality labels; seeded generator (default 300 runs × 20 frames, 48×48)",
  licence: "generated (no data licence); a reconstruction for arXiv 2411.00332, not measured data",
  source: `generator lib/papers/rheed-qd/generate.ts v${RHEED_QD_VERSION} (virtual MBE mbe.ts, RHEED renderer rheed.ts)`,
  kind: "generator",
  optional: false,
  invariants: {
    samples: { runs: RHEED_QD_DEFAULTS.runs },
    shapes: { anneal: [RHEED_QD_DEFAULTS.annealFrames, RHEED_QD_DEFAULTS.size, RHEED_QD_DEFAULTS.size], deposition: [RHEED_QD_DEFAULTS.depositionFrames, RHEED_QD_DEFAULTS.size, RHEED_QD_DEFAULTS.size] },
    labels: ["poor", "fair", "good"],
    notes: [
      "labels: tertiles of Q = ln I − (Γ − 30 meV)/10 meV over the training runs; regression targets (ln I, Γ, λ) kept",
      "splits 70/15/15 by run, never by frame",
      `sha256 of ${JSON.stringify(RHEED_QD_PINNED_PARAMS)} ${RHEED_QD_PINNED}`,
    ],
  },
  status() {
    return { available: true, where: "generated in memory" };
  },
  async load(overrides?: Partial<RheedGenParams>) {
    const d = generateRheed(overrides);
    checkRheed(d);
    return d;
  },
  async verify() {
    const a = generateRheed(RHEED_QD_PINNED_PARAMS);
    checkRheed(a);
    const h = sha256(rheedToBytes(a));
    const h2 = sha256(rheedToBytes(generateRheed(RHEED_QD_PINNED_PARAMS)));
    if (h !== h2) throw new DatasetError("determinism", `rheed-qd: two runs with the same seed gave different bytes (${h} vs ${h2})`, "report a bug: the generator must be deterministic");
    if (h !== RHEED_QD_PINNED) throw new DatasetError("determinism", `rheed-qd: bytes for ${JSON.stringify(RHEED_QD_PINNED_PARAMS)} hash to ${h}, pinned ${RHEED_QD_PINNED}`, "if the generator changed on purpose, bump RHEED_QD_VERSION in lib/papers/rheed-qd/generate.ts and update RHEED_QD_PINNED in datasets/entries/rheed-qd.ts");
    return { id: "rheed-qd", checks: [`${a.runs.length} runs, frames and labels ok, sha256 ${h.slice(0, 16)}... stable and pinned`] };
  },
});
