/**
 * ToxiCN MM (arXiv 2410.02378) stand-in: the real dataset's counts (card §3, counted in the repository's v1
 * annotation files) and the NEUTRAL content pools of the generator (card §5). Nothing here is offensive: the five
 * type ids keep the paper's numbering with harmless meanings, targets are inanimate things, images are emoji of
 * animals, food, transport, games, objects and faces (no people, no flags, no religious or gender symbols).
 *
 *   type 0 benign · 1 "targeted complaint" (a negative predicate on an inanimate target) · 2 "hidden double reading"
 *   (innocent-sounding hint phrases; fruit/sweets pictures) · 3 "grumpy tone" (brusque, non-insulting) ·
 *   4 "lethargy mood" (giving up, tired; sleepy/unwell faces)
 */

/** Type names of the stand-in (ids as in the paper's README: 0 non-harmful, 1 targeted, 2 sexual innuendo, 3 general offense, 4 dispirited). */
export const TYPE_NAMES = ["benign", "targeted complaint", "hidden double reading", "grumpy tone", "lethargy mood"] as const;
/** The paper's type names, for tables that put ours beside theirs. */
export const PAPER_TYPE_NAMES = ["non-harmful", "targeted harmful", "sexual innuendo", "general offense", "dispirited culture"] as const;
/** Modality combinations (`new_modal` ids): 0 none (benign), 1 text-image fusion, 2 text only, 3 image only, 4 both. */
export const MODAL_NAMES = ["none", "fusion", "text", "image", "both"] as const;

/** Real v1 counts (card §3): harmful train memes per type × modality (fusion, text, image, both). */
export const REAL_MODAL_BY_TYPE: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 0, 0],
  [446, 326, 28, 6],
  [353, 247, 142, 7],
  [158, 970, 45, 31],
  [126, 183, 14, 2],
];
/** Real v1 split sizes per type (0–4). */
export const REAL_TYPE_COUNTS = { train: [6516, 806, 749, 1204, 325], test: [1657, 210, 165, 294, 74] } as const;
/** Real v2.0 target categories (id 1–15) and their counts over all 12,000 memes (`target_info.csv`). */
export const REAL_TARGETS: readonly (readonly [string, number])[] = [
  ["gender", 418], ["region", 177], ["occupation", 72], ["appearance & body", 55], ["marriage & relationship", 45],
  ["community & organisation", 36], ["race", 33], ["specific individual", 29], ["disease & health", 27], ["LGBTQ", 22],
  ["age", 21], ["parent", 16], ["poor", 12], ["MBTI", 9], ["others", 9],
];

/** The 15 neutral, inanimate targets standing in for target ids 1–15 (same ids, same frequencies). */
export const TARGETS = ["周一", "闹钟", "打印机", "堵车", "作业", "天气预报", "网速", "电梯", "雨伞", "快递", "地铁", "空调", "手机电量", "排队", "考试"] as const;
/** Negative predicates of type 1 (on a target): "broke again", "too slow", … */
export const NEG_PREDICATES = ["又坏了", "太慢了", "总是迟到", "真让人头疼", "一点都不靠谱", "又出问题了"] as const;
/** Positive predicates: benign mentions of the same targets (learnable hard negatives). */
export const POS_PREDICATES = ["修好了", "很准时", "挺好用", "终于来了", "真方便", "比昨天好"] as const;

/** Text cues of types 2–4 (index = type). */
export const CUE_PHRASES: Record<2 | 3 | 4, readonly string[]> = {
  2: ["你懂的", "懂的都懂", "意味深长", "细品一下", "话里有话", "别有深意"],
  3: ["烦死了", "别吵了", "走开啦", "少啰嗦", "吵什么吵", "别烦我", "真没耐心"],
  4: ["不想动", "随便吧", "躺平了", "好累啊", "没意思", "算了吧", "提不起劲"],
};
/** What a describer would say the text is about (judgment-free gloss of d_txt), per text source. */
export const CUE_GLOSS: Record<2 | 3 | 4, string> = { 2: "言外之意", 3: "吵闹", 4: "疲倦" };

/** Benign everyday sentences (no cue words). */
export const NEUTRAL_PHRASES = [
  "今天天气不错", "周末一起去公园", "早上好呀", "谢谢你的帮忙", "晚饭吃面条", "新的一周开始了", "花开得很漂亮", "一起去散步吧",
  "明天见", "这本书很有意思", "咖啡刚刚好", "窗外有小鸟", "学会了一道新菜", "今天早点睡", "路上注意安全", "阳光真好",
] as const;

/**
 * Ambiguous text pools of the fusion mechanism: each pool has a topic word; the same pools appear in benign
 * items, so a text alone says nothing about the label. Only the (text pool, image set) pair decides.
 */
export const AMBIGUOUS_TEXT: readonly { topic: string; phrases: readonly string[] }[] = [
  { topic: "早餐", phrases: ["看看我的早餐", "今天的早餐来了", "早餐就吃这个"] },
  { topic: "周末", phrases: ["周末就这样过", "我的周末日常", "周末计划如下"] },
  { topic: "新买的", phrases: ["新买的东西到了", "刚买的宝贝", "看看我新买的"] },
  { topic: "旅行", phrases: ["旅行带上它", "出门旅行必备", "旅行的第一天"] },
];

/** Text framing: a prefix and a suffix drawn per item (length ≤ 24 characters in all). */
export const PREFIXES = ["", "", "哎，", "今天", "说真的，", "其实", "唉，"] as const;
export const SUFFIXES = ["", "。", "！", "～", "…", "啊"] as const;

/** An image set: emoji subcategories (of the shipped `emoji` extract) and the gloss a describer gives it. */
export interface ImageSetSpec {
  name: string;
  gloss: string;
  subcategories: readonly string[];
}

/** Cue image sets of types 1–4 (index = type − 1). */
export const CUE_IMAGES: readonly ImageSetSpec[] = [
  { name: "signs", gloss: "提示符号", subcategories: ["transport-sign", "punctuation", "other-symbol", "av-symbol"] },
  { name: "fruit-sweets", gloss: "水果甜点", subcategories: ["food-fruit", "food-sweet"] },
  { name: "skeptical-faces", gloss: "斜眼表情", subcategories: ["face-neutral-skeptical", "face-negative", "face-hand", "face-tongue"] },
  { name: "sleepy-faces", gloss: "困倦表情", subcategories: ["face-sleepy", "face-unwell", "face-concerned"] },
];
/** Ambiguous image sets of the fusion mechanism (paired with AMBIGUOUS_TEXT). */
export const AMBIGUOUS_IMAGES: readonly ImageSetSpec[] = [
  { name: "animals", gloss: "小动物", subcategories: ["animal-mammal", "animal-bird", "animal-marine", "animal-bug", "animal-amphibian", "animal-reptile"] },
  { name: "dishes", gloss: "饭菜", subcategories: ["food-prepared", "food-vegetable", "food-asian", "dishware", "drink"] },
  { name: "vehicles", gloss: "交通工具", subcategories: ["transport-ground", "transport-water", "transport-air"] },
  { name: "games", gloss: "游戏活动", subcategories: ["game", "event", "sport", "arts & crafts", "award-medal"] },
];
/** Neutral image set (benign pictures). */
export const NEUTRAL_IMAGES: ImageSetSpec = {
  name: "everyday",
  gloss: "日常物品",
  subcategories: [
    "face-smiling", "face-affection", "face-hat", "face-costume", "cat-face", "heart", "plant-flower", "plant-other", "place-geographic",
    "place-building", "place-other", "time", "sky & weather", "hotel", "clothing", "music", "musical-instrument", "phone", "computer",
    "light & video", "book-paper", "money", "mail", "writing", "office", "lock", "tool", "science", "household", "arrow", "zodiac",
    "keycap", "alphanum", "currency", "geometric",
  ],
};
/** Emoji categories never used (people, flags) and subcategories left out (religious and gender symbols). */
export const EXCLUDED_CATEGORIES = ["People & Body", "Flags"] as const;
export const EXCLUDED_SUBCATEGORIES = ["religion", "gender", "place-religious"] as const;

/** Tone words of the "judgmental" description style (what an LLM describer sometimes adds: it names the tone). */
export const JUDGMENT_WORDS = ["语气消极", "带有负面情绪", "让人不舒服"] as const;
