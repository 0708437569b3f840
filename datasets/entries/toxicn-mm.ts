/**
 * `toxicn-mm-standin`: the neutral synthetic stand-in for ToxiCN MM (arXiv 2410.02378, Chinese harmful memes) made by
 * lib/papers/toxicn-mm/data.ts. No real meme, text or description is in it (the real data is gated, offensive and
 * CC BY-NC-ND): harmless Chinese phrases about inanimate targets and the shipped emoji pictures, with the real
 * schema (label, type 0–4, `new_modal` 0–4, target 0–15, d_img, d_txt), proportions and fusion mechanics.
 * Seeded and versioned (TOXICN_GEN_VERSION): same options + seed → same items and pictures; `verify` regenerates
 * the pinned parameter set twice and checks the SHA-256 of `memeSetHash`.
 */
import { DatasetError } from "../errors";
import { fixGenerator } from "../messages";
import { register } from "../registry";
import { generateMemes, GENERATOR_DEFAULTS, memeSetHash, TOXICN_GEN_VERSION, type GeneratorOptions, type MemeSet, type MemeSplit } from "../../lib/papers/toxicn-mm/data";
import { IMG, loadMemeAssets } from "../../lib/papers/toxicn-mm/images";

/** Loader options: the generator's options and the seed. */
export type ToxicnMmOptions = Partial<GeneratorOptions> & { seed?: number };

/** The parameter set whose hash is pinned (small, so `verify` takes well under a second). */
export const TOXICN_MM_PINNED_PARAMS = { nTrain: 120, nTest: 40, seed: 7 } as const;
/** SHA-256 of memeSetHash(generateMemes({ nTrain: 120, nTest: 40 }, 7)) at TOXICN_GEN_VERSION 2. */
export const TOXICN_MM_PINNED = "569cd366056d10026755b1815651d8c3539eebfcec0bfb13365fb18453d897a0";

const KNOWN = [...Object.keys(GENERATOR_DEFAULTS), "seed"];

/** Checks a generated set: labels, types and modalities in range and consistent, picture bytes, disjoint splits. */
export function checkMemeSet(s: MemeSet): void {
  const fix = fixGenerator("toxicn-mm-standin");
  const ids = new Set<string>();
  for (const [name, sp] of [["train", s.train], ["dev", s.dev], ["test", s.test]] as [string, MemeSplit][]) {
    if (sp.images.length !== sp.items.length * IMG * IMG * 3) throw new DatasetError("invariant", `${name}: ${sp.images.length} picture bytes for ${sp.items.length} items, expected ${sp.items.length} × ${IMG}×${IMG}×3`, fix);
    for (const x of sp.items) {
      if (ids.has(x.id)) throw new DatasetError("invariant", `item ${x.id} appears in two splits (or twice)`, fix);
      ids.add(x.id);
      const ok = (x.label === 0 || x.label === 1) && Number.isInteger(x.type) && x.type >= 0 && x.type <= 4 && (x.type === 0) === (x.label === 0) && Number.isInteger(x.modal) && x.modal >= 0 && x.modal <= 4 && (x.modal === 0) === (x.label === 0) && x.target >= 0 && x.target <= 15 && (x.target === 0 || x.type === 1);
      if (!ok) throw new DatasetError("invariant", `${name} item ${x.id}: label ${x.label}, type ${x.type}, modality ${x.modal}, target ${x.target} are out of range or inconsistent (type and modality are 0 exactly when the label is 0; targets only on type 1)`, fix);
    }
  }
}

/** Registry entry `toxicn-mm-standin`. */
export const toxicnMmStandin = register<MemeSet, ToxicnMmOptions>({
  id: "toxicn-mm-standin",
  description: "Neutral synthetic stand-in for ToxiCN MM (Chinese memes: text + 32×32 picture + two descriptions; binary and 5-type labels, modality subsets); seeded generator (default 4,800 / 1,200)",
  licence: "generated (no data licence); pictures from the shipped emoji extract (Noto Emoji, Apache-2.0), Chinese names from emoji-zh (emojibase-data, MIT / CLDR)",
  source: `generator lib/papers/toxicn-mm/data.ts v${TOXICN_GEN_VERSION} (pools.ts, images.ts); proportions from the ToxiCN MM v1 train file (card §3)`,
  kind: "generator",
  optional: false,
  invariants: {
    samples: { train: Math.round((1 - GENERATOR_DEFAULTS.devFrac) * GENERATOR_DEFAULTS.nTrain), dev: Math.round(GENERATOR_DEFAULTS.devFrac * GENERATOR_DEFAULTS.nTrain), test: GENERATOR_DEFAULTS.nTest },
    shapes: { image: [IMG, IMG, 3] },
    labels: ["non-harmful", "targeted complaint", "hidden double reading", "grumpy tone", "lethargy mood"],
    notes: [
      "68 % benign; flagged types 26/24/39/11 %; per-type modality mix (fusion/text/image/both) from the real counts",
      "fusion items are flagged only by the (text pool, picture set) pair: either modality alone stays at the base rate",
      `sha256 of ${JSON.stringify(TOXICN_MM_PINNED_PARAMS)} ${TOXICN_MM_PINNED}`,
    ],
  },
  status() {
    return { available: true, where: "generated in memory (from the shipped emoji extract)" };
  },
  async load(options?: ToxicnMmOptions) {
    for (const k of Object.keys(options ?? {}))
      if (!KNOWN.includes(k)) throw new DatasetError("option", `unknown toxicn-mm-standin option '${k}'`, `use only: ${KNOWN.join(", ")}`);
    const { seed = 0, ...gen } = options ?? {};
    const s = generateMemes(gen, seed, await loadMemeAssets());
    checkMemeSet(s);
    return s;
  },
  async verify() {
    const assets = await loadMemeAssets();
    const { seed, ...gen } = TOXICN_MM_PINNED_PARAMS;
    const a = generateMemes(gen, seed, assets);
    checkMemeSet(a);
    const h = memeSetHash(a), h2 = memeSetHash(generateMemes(gen, seed, assets));
    if (h !== h2) throw new DatasetError("determinism", `toxicn-mm-standin: two runs with the same seed gave different bytes (${h} vs ${h2})`, "report a bug: the generator must be deterministic");
    if (h !== TOXICN_MM_PINNED) throw new DatasetError("determinism", `toxicn-mm-standin: ${JSON.stringify(TOXICN_MM_PINNED_PARAMS)} hashes to ${h}, pinned ${TOXICN_MM_PINNED}`, "if the generator changed on purpose, bump TOXICN_GEN_VERSION in lib/papers/toxicn-mm/data.ts and update TOXICN_MM_PINNED in datasets/entries/toxicn-mm.ts");
    const n = a.train.items.length + a.dev.items.length + a.test.items.length;
    return { id: "toxicn-mm-standin", checks: [`${n} memes (train/dev/test), labels, types, modalities and pictures ok, sha256 ${h.slice(0, 16)}... stable and pinned`] };
  },
});
