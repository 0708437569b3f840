/**
 * Chinese names and tags of emoji: the `zh` locale of the npm package `emojibase-data` 17.0.0 (MIT,
 * Copyright (c) 2017-2019 Miles Johnson; the CLDR annotations it is built from are under the Unicode licence).
 * The package is 9 MB over 30 locales, so the repository ships one extract — datasets/data/emoji-zh/emoji-zh.json:
 * every record of `zh/data.json` except the regional-indicator letters and skin-tone variants, reduced to
 * `{hexcode, label, tags, group, subgroup}` plus the group/subgroup names of `meta/groups.json`.
 *
 *   const zh = loadEmojiZh();            // 1,900-odd records, Chinese label + tags, group ids
 *   zh.byHex.get("23F0")?.label          // "闹钟"
 *   zhForEmoji(loadEmojiZh(), meta)      // the record of each sprite of the shipped `emoji` extract (by `unified`)
 *
 * Used by toxicn-mm (names of the 360 `emoji` sprites, image descriptions) and laqda (emoji-zh intents).
 */
import * as fs from "fs";
import * as path from "path";
import { shippedDir } from "../cache";
import { checkExists, checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { readJson } from "../formats/jsonl";
import { fixShipped } from "../messages";
import { expectEqual, register } from "../registry";

const REL = "datasets/data/emoji-zh/emoji-zh.json";
const FIX = fixShipped(REL);
/** SHA-256 of the shipped extract. */
export const EMOJI_ZH_SHA = "98dca55323282ed0cf0fda6344a77c51c237b63a3be2b46bb5e3b223a97eb75b";
/** Records in the shipped extract. */
export const EMOJI_ZH_COUNT = 1914;

/** One emoji in Chinese. */
export interface EmojiZhRecord {
  /** Code points, upper-case hex joined by "-", as emojibase writes them (e.g. "23F0", "2764-FE0F"). */
  hexcode: string;
  /** Short Chinese name (CLDR annotation), e.g. "闹钟". */
  label: string;
  /** Chinese keywords (CLDR tags). */
  tags: string[];
  /** Group and subgroup ids (names in `groups` / `subgroups`). */
  group: number;
  subgroup: number;
}

/** The shipped extract. */
export interface EmojiZh {
  records: EmojiZhRecord[];
  /** Group id → name (e.g. 3 → "animals-nature"), subgroup id → name (e.g. 0 → "face-smiling"). */
  groups: Record<string, string>;
  subgroups: Record<string, string>;
  /** Records by hexcode, also reachable without the FE0F variation selectors. */
  byHex: Map<string, EmojiZhRecord>;
}

interface RawRecord { hexcode: string; label: string; tags?: string[]; group?: number; subgroup?: number; skins?: unknown }

/** Builds the extract from an unpacked emojibase-data folder (how the shipped file was made; deterministic). */
export function buildEmojiZh(pkgDir: string): string {
  const data = readJson<RawRecord[]>(path.join(pkgDir, "zh", "data.json"));
  const meta = readJson<{ groups: Record<string, string>; subgroups: Record<string, string> }>(path.join(pkgDir, "meta", "groups.json"));
  const records = data
    .filter((r) => r.group !== undefined && r.subgroup !== undefined && r.group !== 2)
    .map((r) => ({ hexcode: r.hexcode, label: r.label, tags: r.tags ?? [], group: r.group as number, subgroup: r.subgroup as number }));
  return JSON.stringify({ source: "emojibase-data@17.0.0 zh/data.json, meta/groups.json", groups: meta.groups, subgroups: meta.subgroups, records }) + "\n";
}

/** Folder of the shipped extract. */
export function emojiZhDir(): string {
  return path.join(shippedDir(), "emoji-zh");
}

function keyOf(hex: string): string {
  return hex.toUpperCase().split("-").filter((c) => c !== "FE0F").join("-");
}

/** Loads the extract (checksum, count, field types checked); `file` defaults to the shipped one. */
export function loadEmojiZh(file = path.join(emojiZhDir(), "emoji-zh.json")): EmojiZh {
  checkExists(file, FIX);
  checkSha256(file, EMOJI_ZH_SHA, FIX);
  const raw = readJson<{ groups: Record<string, string>; subgroups: Record<string, string>; records: EmojiZhRecord[] }>(file, FIX);
  expectEqual("emoji-zh records", EMOJI_ZH_COUNT, raw.records.length, FIX, file);
  const byHex = new Map<string, EmojiZhRecord>();
  raw.records.forEach((r, i) => {
    if (typeof r.label !== "string" || !r.label || !Array.isArray(r.tags) || raw.subgroups[String(r.subgroup)] === undefined)
      throw new DatasetError("invariant", `record ${i} (${r.hexcode}): needs a Chinese label, a tag list and a known subgroup`, FIX, { file });
    byHex.set(r.hexcode, r);
    byHex.set(keyOf(r.hexcode), r);
  });
  return { records: raw.records, groups: raw.groups, subgroups: raw.subgroups, byHex };
}

/** The Chinese record of each emoji given by its `unified` code (the `emoji` extract's field); throws naming a missing one. */
export function zhForEmoji(zh: EmojiZh, emoji: readonly { unified: string; name: string }[]): EmojiZhRecord[] {
  return emoji.map((e) => {
    const r = zh.byHex.get(e.unified.toUpperCase()) ?? zh.byHex.get(keyOf(e.unified));
    if (!r) throw new DatasetError("invariant", `emoji ${e.unified} (${e.name}) has no Chinese record in emoji-zh`, FIX, { file: path.join(emojiZhDir(), "emoji-zh.json") });
    return r;
  });
}

/** Registry entry `emoji-zh`. */
export const emojiZh = register<EmojiZh, undefined>({
  id: "emoji-zh",
  description: "Chinese names, tags and group/subgroup ids of emoji (emojibase-data zh locale), shipped extract",
  licence: "MIT (emojibase-data, Copyright (c) 2017-2019 Miles Johnson); CLDR annotation data under the Unicode licence",
  source: "npm emojibase-data 17.0.0 (zh/data.json, meta/groups.json), extract built by buildEmojiZh",
  kind: "shipped",
  optional: false,
  invariants: { samples: { all: EMOJI_ZH_COUNT }, sha256: { "emoji-zh.json": EMOJI_ZH_SHA }, notes: ["regional indicators (group 2 components) and skin-tone variants dropped"] },
  status() {
    const f = path.join(emojiZhDir(), "emoji-zh.json");
    return { available: fs.existsSync(f), where: f, fix: fs.existsSync(f) ? undefined : FIX };
  },
  load: async () => loadEmojiZh(),
  async verify() {
    const z = loadEmojiZh();
    return { id: "emoji-zh", checks: [`${z.records.length} records, sha256 ok`] };
  },
});
