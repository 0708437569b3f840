/**
 * datasets: one registry of real data, generators and real-format loaders.
 *
 * ```ts
 * import { loadMnist, loadDigits, generateMqar, getEntry } from "paperlab/datasets";
 * const { images, labels } = await loadMnist({ split: "test" }); // images [10000, 28, 28] uint8
 * const mq = generateMqar({ seed: 1 });                             // inputs/labels [512, 32]
 * ```
 * Every loader checks the entry's invariants (counts, shapes, label sets, SHA-256) and throws a
 * DatasetError naming file, line/offset and the fix. See datasets/README.md.
 */
import "./entries";

export { DatasetError, isDatasetError, type Location } from "./errors";
export { getEntry, listEntries, register, type DatasetEntry, type DatasetKind, type Invariants, type Availability, type VerifyResult } from "./registry";
export { dataRoot, datasetDir } from "./cache";
export { Rng } from "../lib/core/train/seed";
export { sha256, sha256File } from "./checksum";
export { readIdx, parseIdx, encodeIdxUint8, type IdxTensor } from "./formats/idx";
export { readDelimited, parseDelimited, numberColumn, stringColumn, toRecords, type Table } from "./formats/delimited";
export { readJsonl, parseJsonl, readJson } from "./formats/jsonl";
export { readPng, decodePng, encodePng, type RgbaImage } from "./formats/png";
export { readJpeg, decodeJpeg, encodeJpeg } from "./formats/jpeg";
export { listImageFolder, listClassFolders, readFolderImage, readImage, IMAGE_EXTENSIONS, type ImageFolder, type ImageFolderOptions, type FolderItem } from "./formats/image-folder";
export { readRds, unserialize, readLazyLoad, listLazyLoad, toDataFrame, type RValue, type RDataFrame } from "./formats/rds";
export { loadMnist } from "./entries/mnist";
export { type IdxImageSplit } from "./entries/idx-images";
export { loadDigits, type Digits } from "./entries/digits";
export { loadEmoji, EMOJI_CATEGORIES, type EmojiSet } from "./entries/emoji";
export { loadEmojiZh, zhForEmoji, type EmojiZh, type EmojiZhRecord } from "./entries/emoji-zh";
export { loadWordnetGlosses, LEXNAMES, type Gloss } from "./entries/wordnet";
export { loadBrown, BROWN_GENRES, type BrownSentence } from "./entries/brown";
export { loadSongci, segmentChinese, type CiSet } from "./entries/chinese-poetry";
export { loadGapminder, type GapminderRow } from "./entries/dslabs";
export { loadVegaTable, type VegaTable } from "./entries/vega";
export { generateMqar, checkMqar, mqarToBytes, mqarFromBytes, IGNORE_INDEX, type MqarParams, type MqarSamples } from "./entries/mqar";
