/**
 * LAQDA (arXiv 2410.10454) emoji-zh task set (card §5): the Chinese CLDR names and keywords of emoji (registry
 * `emoji-zh`, emojibase-data 17.0.0 zh, shared with toxicn-mm) as a many-class short-text intent-like task. A text is
 * the emoji's label followed by its tags ("苦笑 冷汗 出汗 …"), its class the emoji's subgroup; flags and components
 * dropped and only subgroups with ≥ 10 emoji kept: 58 classes, 1,414 texts (the card's counts). Classes split by
 * top-level group (card): meta-train people-body, objects, symbols, activities; meta-val travel-places; meta-test
 * smileys-emotion, animals-nature, food-drink (the group is the super-topic).
 *
 * Tokens are characters (the issue: "Chinese: only" PPMI + SVD). Label names are Chinese: emojibase names subgroups
 * only in English ("face-smiling"), so `EMOJI_ZH_NAMES` gives each kept subgroup a short Chinese name written for
 * this set (our translation — an assumption; the adapter reads them). Character vectors: `emojiCharVectors`, PPMI +
 * SVD (lib/kit/ppmi.ts) of the set's own texts (all classes, no labels), deterministic.
 */
import { loadEmojiZh, type EmojiZh } from "../../../datasets/entries/emoji-zh";
import { ppmiSvdVectors, type TokenVectors } from "../../kit/ppmi";
import type { TextSet } from "./data";

/** Top-level groups of each split (card §5). */
export const EMOJI_SPLIT = {
  train: ["people-body", "objects", "symbols", "activities"],
  val: ["travel-places"],
  test: ["smileys-emotion", "animals-nature", "food-drink"],
} as const;

/** Chinese names of the 58 kept subgroups (our translation of emojibase's English subgroup ids). */
export const EMOJI_ZH_NAMES: Readonly<Record<string, string>> = {
  "face-smiling": "笑脸", "face-neutral-skeptical": "中性怀疑的脸", "face-unwell": "不舒服的脸", "face-concerned": "担忧的脸",
  heart: "爱心", emotion: "情感", "hand-fingers-open": "张开手指", "body-parts": "身体部位", person: "人", "person-gesture": "人的手势",
  "person-role": "人的职业角色", "person-fantasy": "幻想人物", "person-activity": "人的活动", "person-sport": "人做运动", family: "家庭",
  "person-symbol": "人物符号", "animal-mammal": "哺乳动物", "animal-bird": "鸟类", "animal-marine": "海洋动物", "animal-bug": "昆虫",
  "plant-flower": "花", "plant-other": "其他植物", "food-fruit": "水果", "food-vegetable": "蔬菜", "food-prepared": "做好的食物",
  "food-asian": "亚洲食物", "food-sweet": "甜食", drink: "饮料", "place-geographic": "地理地点", "place-building": "建筑",
  "place-other": "其他地点", "transport-ground": "地面交通", "transport-air": "空中交通", time: "时间", "sky-weather": "天空天气",
  event: "节日活动", sport: "体育运动", game: "游戏", clothing: "服装", "musical-instrument": "乐器", computer: "电脑",
  "light-video": "灯光视频", "book-paper": "书和纸", money: "钱", mail: "邮件", office: "办公用品", tool: "工具", household: "家居用品",
  "transport-sign": "交通标志", warning: "警告", arrow: "箭头", religion: "宗教", zodiac: "星座", "av-symbol": "影音符号",
  "other-symbol": "其他符号", keycap: "键帽", alphanum: "字母数字", geometric: "几何图形",
};

/** Character tokens: every non-space character (CJK characters, digits, letters), lower-cased. */
export function charTokens(text: string): string[] {
  return [...text.toLowerCase()].filter((c) => !/\s/.test(c));
}

/** Options of `emojiZhSet`: the smallest kept subgroup (default 10). */
export interface EmojiSetOptions {
  minPerClass?: number;
}

/** The emoji-zh TextSet (see the header); `zh` defaults to the shipped extract. */
export function emojiZhSet(o: EmojiSetOptions = {}, zh: EmojiZh = loadEmojiZh()): TextSet {
  const min = o.minPerClass ?? 10;
  const groupOf = (sg: number) => zh.records.find((r) => r.subgroup === sg)?.group ?? -1;
  const splitOf = (g: string) => (["train", "val", "test"] as const).find((s) => (EMOJI_SPLIT[s] as readonly string[]).includes(g));
  const count = new Map<number, number>();
  for (const r of zh.records) count.set(r.subgroup, (count.get(r.subgroup) ?? 0) + 1);
  const kept = [...count].filter(([sg, c]) => c >= min && splitOf(zh.groups[String(groupOf(sg))]) !== undefined).map(([sg]) => sg).sort((a, b) => a - b);
  const texts: string[] = [], labels: number[] = [];
  for (const r of zh.records) {
    const c = kept.indexOf(r.subgroup);
    if (c >= 0) (texts.push([r.label, ...r.tags].join(" ")), labels.push(c));
  }
  const classes = kept.map((sg) => zh.subgroups[String(sg)]);
  const topic = kept.map((sg) => zh.groups[String(groupOf(sg))]);
  const splits: TextSet["splits"] = { train: [], val: [], test: [] };
  topic.forEach((g, c) => splits[splitOf(g) ?? "train"].push(c));
  return { name: "emoji-zh", texts, labels, classes, labelNames: classes.map((c) => EMOJI_ZH_NAMES[c] ?? ""), superTopic: topic, splits, tokenize: charTokens };
}

/**
 * PPMI + SVD character vectors of the set's texts (every class, no labels; window 2 within a text; characters seen
 * at least twice; 25 subspace iterations), mean row norm `norm` (pass the English extract's to match its scale).
 */
export function emojiCharVectors(set: Pick<TextSet, "texts">, o: { dims?: number; norm?: number; seed?: number } = {}): TokenVectors {
  return ppmiSvdVectors(set.texts.map(charTokens), { dims: o.dims ?? 64, window: 2, minCount: 2, iters: 25, seed: o.seed ?? 0, norm: o.norm });
}
