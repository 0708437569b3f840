/**
 * `laqda-synth`: the LAQDA card's synthetic few-shot text set (card §5; lib/papers/laqda/synth.ts): 8 super-topics ×
 * 4 classes with two-word label names, texts mixing class/mode, super-topic and filler words with probabilities
 * α, β, 1 − α − β, M sub-modes per class, name words with probability p_name. Words come from the shipped
 * `word-vectors` extract (sha-pinned), so the set is a deterministic function of the parameters; `verify` regenerates
 * the defaults twice and checks the SHA-256 of `synthToBytes`.
 */
import { DatasetError } from "../errors";
import { sha256 } from "../checksum";
import { fixGenerator } from "../messages";
import { register } from "../registry";
import { loadWordVectors } from "./word-vectors";
import { generateSynth, SYNTH_DEFAULTS, SYNTH_TREE, SYNTH_VERSION, synthToBytes, type SynthParams, type SynthSet } from "../../lib/papers/laqda/synth";

/** SHA-256 of synthToBytes(generateSynth({}, word-vectors words)): the defaults. */
export const LAQDA_SYNTH_PINNED = "4615fbb76d473f33f60af61d56b2cee7c596577c6d4c33e31477b8a21d370d09";

/** Checks a generated set: one label per text, labels in range, splits disjoint and covering every class, names given. */
export function checkSynth(s: SynthSet): void {
  const fix = fixGenerator("laqda-synth");
  const C = s.classes.length;
  if (s.labels.length !== s.texts.length) throw new DatasetError("invariant", `${s.texts.length} texts but ${s.labels.length} labels`, fix);
  const bad = s.labels.findIndex((l) => !(Number.isInteger(l) && l >= 0 && l < C));
  if (bad >= 0) throw new DatasetError("invariant", `text ${bad}: label ${s.labels[bad]} outside 0..${C - 1}`, fix);
  if (s.labelNames.length !== C || s.labelNames.some((n) => !n.trim())) throw new DatasetError("invariant", "every class needs a non-empty label name", fix);
  const all = [...s.splits.train, ...s.splits.val, ...s.splits.test];
  if (all.length !== C || new Set(all).size !== C) throw new DatasetError("invariant", `splits hold ${all.length} class slots (${new Set(all).size} distinct) for ${C} classes`, fix);
}

/** Registry entry `laqda-synth`. */
export const laqdaSynth = register<SynthSet, Partial<SynthParams>>({
  id: "laqda-synth",
  description: `LAQDA synthetic few-shot texts: ${SYNTH_TREE.length} super-topics × 4 named classes, α/β closeness, M sub-modes, p_name; seeded generator (default ${SYNTH_DEFAULTS.perClass} texts per class)`,
  licence: "generated (no data licence); words from the word-vectors extract (PDDL)",
  source: `generator lib/papers/laqda/synth.ts v${SYNTH_VERSION} over the word-vectors vocabulary`,
  kind: "generator",
  optional: false,
  invariants: {
    samples: { default: SYNTH_DEFAULTS.groups * SYNTH_DEFAULTS.classesPerGroup * SYNTH_DEFAULTS.perClass },
    labels: SYNTH_TREE.flatMap((g) => [...g.classes]),
    notes: [`defaults ${JSON.stringify(SYNTH_DEFAULTS)}`, `sha256 of the default bytes ${LAQDA_SYNTH_PINNED}`, "splits by super-topic: 5 meta-train, 1 meta-val, 2 meta-test"],
  },
  status() {
    return { available: true, where: "generated in memory (needs the shipped word-vectors extract)" };
  },
  async load(overrides?: Partial<SynthParams>) {
    const s = generateSynth(overrides ?? {}, (await loadWordVectors()).words);
    checkSynth(s);
    return s;
  },
  async verify() {
    const words = (await loadWordVectors()).words;
    const a = generateSynth({}, words);
    checkSynth(a);
    const h = sha256(synthToBytes(a));
    const h2 = sha256(synthToBytes(generateSynth({}, words)));
    if (h !== h2) throw new DatasetError("determinism", `laqda-synth: two runs with the same seed gave different bytes (${h} vs ${h2})`, "report a bug: the generator must be deterministic");
    if (h !== LAQDA_SYNTH_PINNED) throw new DatasetError("determinism", `laqda-synth: bytes for the defaults hash to ${h}, pinned ${LAQDA_SYNTH_PINNED}`, "if the generator changed on purpose, bump SYNTH_VERSION in lib/papers/laqda/synth.ts and update LAQDA_SYNTH_PINNED in datasets/entries/laqda-synth.ts");
    return { id: "laqda-synth", checks: [`${a.texts.length} texts, ${a.classes.length} classes, splits ok, sha256 ${h.slice(0, 16)}... stable and pinned`] };
  },
});
