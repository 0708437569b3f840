/**
 * `pcl-synth`: PclGPT's stand-in for the patronizing and condescending language sets (DPM, TalkDown, CPCL), which
 * paperlab never ships (real condescension towards real groups). A seeded, versioned generator of project-written,
 * mild sentences about seven fictional groups; the generator itself is lib/papers/pclgpt/generator.ts.
 */
import { DatasetError } from "../errors";
import { register } from "../registry";
import { generatePcl, pclHash, PCL_GEN_DEFAULTS, PCL_GEN_VERSION, type PclGenOptions, type PclSynth } from "../../lib/papers/pclgpt/generator";

/** SHA-256 of the default output (seed 0), pinned; tests/lib/papers/pclgpt/generator.test.ts checks it too. */
export const PCL_SYNTH_PINNED = "fdd30a57b7d849bf719cdd7cb09f2da0379763ff93708beb7926b18c112096eb";

export const pclSynth = register<PclSynth, Partial<PclGenOptions> & { seed?: number }>({
  id: "pcl-synth",
  description: "PCL stand-in (PclGPT): DPM-like EN paragraphs (9.5 % PCL), TD-like EN sentences (balanced), CPCL-like CN grades A–D, about fictional groups; seeded generator",
  licence: "generated (no data licence); templates written for paperlab",
  source: `generator lib/papers/pclgpt/generator.ts v${PCL_GEN_VERSION}`,
  kind: "generator",
  optional: false,
  invariants: {
    samples: { dpm: PCL_GEN_DEFAULTS.dpm.nTrain + PCL_GEN_DEFAULTS.dpm.nTest, td: PCL_GEN_DEFAULTS.td.nTrain + PCL_GEN_DEFAULTS.td.nTest, cpcl: PCL_GEN_DEFAULTS.cpcl.nTrain + PCL_GEN_DEFAULTS.cpcl.nTest },
    labels: ["A", "B", "C", "D"],
    notes: [`sha256 of the default output ${PCL_SYNTH_PINNED}`, "binary label = grade ≥ B; DPM-like levels 0–4 (PCL iff ≥ 2)"],
  },
  status() {
    return { available: true, where: "generated in memory" };
  },
  async load(o?: Partial<PclGenOptions> & { seed?: number }) {
    const { seed, ...rest } = o ?? {};
    return generatePcl(seed ?? 0, rest);
  },
  async verify() {
    const h = pclHash(generatePcl(0));
    const h2 = pclHash(generatePcl(0));
    if (h !== h2) throw new DatasetError("determinism", `pcl-synth: two runs with the same seed gave different bytes (${h} vs ${h2})`, "report a bug: the generator must be deterministic");
    if (h !== PCL_SYNTH_PINNED) throw new DatasetError("determinism", `pcl-synth: the default output hashes to ${h}, pinned ${PCL_SYNTH_PINNED}`, "if the generator changed on purpose, bump PCL_GEN_VERSION and update PCL_SYNTH_PINNED in datasets/entries/pcl-synth.ts");
    return { id: "pcl-synth", checks: [`default output sha256 ${h.slice(0, 16)}... stable and pinned`] };
  },
});
