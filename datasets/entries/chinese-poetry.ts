/**
 * Song-dynasty ci (宋词) labelled by tune (词牌, `rhythmic`) and author, from the npm package
 * `chinese-poetry` (MIT). The package is 85 MB (362 MB unpacked), so the repository ships a subset:
 * 50 poems for each of the 20 most frequent tunes (1,000 poems, simplified script), chosen with the
 * extract stream (seed 20261128, datasets/extract-rng.ts) — `datasets/data/chinese-poetry/`. The full 21,050-poem set can be
 * prepared into the cache from an installed copy (`prepare songci --from DIR`).
 * Word segmentation: `segmentChinese` uses `@node-rs/jieba` (prebuilt binary) when it loads.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { datasetDir, ensureDatasetDir, shippedDir } from "../cache";
import { checkExists, checkSha256, sha256File } from "../checksum";
import { DatasetError } from "../errors";
import { readJsonl } from "../formats/jsonl";
import { fixShipped, fixUser } from "../messages";
import { type Rng } from "../../lib/core/train/seed";
import { EXTRACT_SEED, extractRng } from "../extract-rng";
import { countLabels, expectCounts, expectEqual, register } from "../registry";

const REL = "datasets/data/chinese-poetry/songci-top20.jsonl.gz";
const FIX = fixShipped(REL);
const FULL_FIX = `${fixUser("songci", "the npm package chinese-poetry (`npm install --prefix DIR chinese-poetry`, 85 MB)")} with PATH = DIR (or DIR/node_modules/chinese-poetry)`;
/** SHA-256 of the shipped subset. */
export const SONGCI_SHA = "93615d3f641947da76007529f96319c2b981d41e6af4f821a4c468b24b607730";
/** Seed of the subset selection (its stream: datasets/extract-rng.ts). */
export const SONGCI_SEED = EXTRACT_SEED;

/** One ci poem. */
export interface Ci {
  /** The tune pattern (词牌名), the class label of the tune task. */
  rhythmic: string;
  author: string;
  /** Lines/stanzas as in the source. */
  paragraphs: string[];
}

/** A loaded ci set with tune labels. */
export interface CiSet {
  poems: Ci[];
  /** Tunes in label order (most frequent first). */
  tunes: string[];
  /** `[n]` tune index per poem. */
  labels: Int32Array;
}

/** Reads all `dist/songci/ci.song.*.json` files of an installed chinese-poetry package. */
export function readSongciPackage(pkgDir: string): Ci[] {
  const dir = path.join(pkgDir, "dist", "songci");
  if (!fs.existsSync(dir)) throw new DatasetError("missing", "no dist/songci folder: not a chinese-poetry package folder", FULL_FIX, { file: pkgDir });
  const files = fs.readdirSync(dir).filter((f) => /^ci\.song\.\d+\.json$/.test(f)).sort((a, b) => Number(a.split(".")[2]) - Number(b.split(".")[2]));
  const out: Ci[] = [];
  for (const f of files) {
    const arr = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Ci[];
    for (const p of arr) out.push({ rhythmic: p.rhythmic, author: p.author, paragraphs: p.paragraphs });
  }
  return out;
}

/**
 * The subset rule: drop 失调名 ("tune lost"), take the `tunes` most frequent tunes (ties by first
 * appearance), and for each draw `perTune` poems without replacement from `rng` (default: the
 * stream the shipped subset was drawn from); output is ordered by tune rank, then by source order.
 */
export function selectSongci(all: Ci[], tunes = 20, perTune = 50, rng: Rng = extractRng()): Ci[] {
  const byTune = new Map<string, number[]>();
  all.forEach((p, i) => {
    if (p.rhythmic === "失调名") return;
    if (!byTune.has(p.rhythmic)) byTune.set(p.rhythmic, []);
    byTune.get(p.rhythmic)!.push(i);
  });
  const ranked = [...byTune.entries()].sort((a, b) => b[1].length - a[1].length || a[1][0] - b[1][0]).slice(0, tunes);
  const out: Ci[] = [];
  for (const [, idx] of ranked) {
    const pick = rng.sampleDistinct(0, idx.length, Math.min(perTune, idx.length)).sort((a, b) => a - b);
    for (const k of pick) out.push(all[idx[k]]);
  }
  return out;
}

/** Tunes ordered by frequency in `poems` (ties by first appearance), and the label of each poem. */
function labelByTune(poems: Ci[]): CiSet {
  const count = new Map<string, number>();
  for (const p of poems) count.set(p.rhythmic, (count.get(p.rhythmic) ?? 0) + 1);
  const tunes = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)!);
  const index = new Map(tunes.map((t, i) => [t, i]));
  return { poems, tunes, labels: Int32Array.from(poems, (p) => index.get(p.rhythmic)!) };
}

/** Path of the shipped subset. */
export function songciFile(): string {
  return path.join(shippedDir(), "chinese-poetry", "songci-top20.jsonl.gz");
}

/** Loads the shipped subset (1,000 poems, 20 tunes × 50; checksum and counts checked). */
export async function loadSongci(): Promise<CiSet> {
  const file = songciFile();
  checkExists(file, FIX);
  checkSha256(file, SONGCI_SHA, FIX);
  const poems = readJsonl<Ci>(file, FIX);
  poems.forEach((p, i) => {
    if (typeof p.rhythmic !== "string" || typeof p.author !== "string" || !Array.isArray(p.paragraphs)) {
      throw new DatasetError("invariant", "record needs string rhythmic, string author and paragraphs[]", FIX, { file, line: i + 1 });
    }
  });
  const set = labelByTune(poems);
  expectEqual("songci subset poems", 1000, poems.length, FIX, file);
  expectCounts("songci subset poems per tune", new Array(20).fill(50), countLabels(set.labels, set.tunes.length), FIX, file);
  return set;
}

/** Loads the full prepared set from the cache (optional: `prepare songci --from DIR`). */
export async function loadSongciFull(): Promise<CiSet> {
  const file = path.join(datasetDir("songci"), "songci.jsonl.gz");
  if (!fs.existsSync(file)) throw new DatasetError("not-prepared", "the full songci set is not prepared", FULL_FIX, { file });
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(file), "manifest.json"), "utf8")) as { sha256: string; poems: number };
  checkSha256(file, manifest.sha256, FULL_FIX);
  const poems = readJsonl<Ci>(file, FULL_FIX);
  expectEqual("songci poems", 21050, poems.length, FULL_FIX, file);
  return labelByTune(poems);
}

/** Writes poems as gzipped JSON Lines (deterministic bytes for the same poems). */
export function writeCiJsonl(file: string, poems: Ci[]): void {
  const text = poems.map((p) => JSON.stringify({ rhythmic: p.rhythmic, author: p.author, paragraphs: p.paragraphs })).join("\n") + "\n";
  fs.writeFileSync(file, zlib.gzipSync(text, { level: 9 }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let jieba: any;
/**
 * Segments Chinese text into words with `@node-rs/jieba` (its bundled dictionary, offline).
 * Throws a DatasetError with the fix when the prebuilt binary for this platform is missing.
 */
export function segmentChinese(text: string): string[] {
  if (!jieba) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { Jieba } = require("@node-rs/jieba");
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { dict } = require("@node-rs/jieba/dict");
      jieba = Jieba.withDict(dict);
    } catch (e) {
      throw new DatasetError("jieba", `@node-rs/jieba did not load: ${(e as Error).message.split("\n")[0]}`, "run `npm install` (it installs the prebuilt binary for your platform as an optional dependency of @node-rs/jieba)");
    }
  }
  return jieba.cut(text, false) as string[];
}

/** Registry entry `chinese-poetry` (shipped subset). */
export const chinesePoetry = register<CiSet, undefined>({
  id: "chinese-poetry",
  description: "Song ci subset: 1,000 poems, 20 most frequent tunes x 50 (tune / author classification), shipped",
  licence: "MIT (chinese-poetry, Copyright (c) 2016 JackeyGao); the poems themselves are public domain",
  source: "npm chinese-poetry 2.0.1, dist/songci/ci.song.*.json; subset rule in selectSongci (seed 20261128)",
  kind: "shipped",
  optional: false,
  invariants: { samples: { poems: 1000 }, labels: 20, classCounts: { all: new Array(20).fill(50) }, sha256: { "songci-top20.jsonl.gz": SONGCI_SHA } },
  status() {
    const f = songciFile();
    return { available: fs.existsSync(f), where: f, fix: fs.existsSync(f) ? undefined : FIX };
  },
  load: loadSongci,
  async verify() {
    const s = await loadSongci();
    return { id: "chinese-poetry", checks: [`${s.poems.length} poems, ${s.tunes.length} tunes x 50, sha256 ok`] };
  },
});

/** Registry entry `songci` (optional, user-prepared full set). */
export const songci = register<CiSet, undefined>({
  id: "songci",
  description: "All 21,050 Song ci of chinese-poetry (1,421 tunes), prepared from your own install of the 85 MB package",
  licence: "MIT (chinese-poetry, Copyright (c) 2016 JackeyGao)",
  source: "npm chinese-poetry 2.0.1 (installed outside paperlab)",
  kind: "user",
  optional: true,
  invariants: { samples: { poems: 21050 } },
  status() {
    const f = path.join(datasetDir("songci"), "songci.jsonl.gz");
    return { available: fs.existsSync(f), where: f, fix: fs.existsSync(f) ? undefined : FULL_FIX };
  },
  load: loadSongciFull,
  async verify() {
    const s = await loadSongciFull();
    return { id: "songci", checks: [`${s.poems.length} poems, ${s.tunes.length} tunes, sha256 ok`] };
  },
  async prepare(from: string) {
    const pkg = fs.existsSync(path.join(from, "node_modules", "chinese-poetry")) ? path.join(from, "node_modules", "chinese-poetry") : from;
    const poems = readSongciPackage(pkg);
    expectEqual("songci poems in the package", 21050, poems.length, FULL_FIX, pkg);
    const dir = ensureDatasetDir("songci");
    const file = path.join(dir, "songci.jsonl.gz");
    writeCiJsonl(file, poems);
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ source: "chinese-poetry", poems: poems.length, sha256: sha256File(file) }, null, 2));
    return dir;
  },
});
