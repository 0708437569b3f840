/**
 * Full scale: loaders of the real ToxiCN MM annotation files (card §7), JSON arrays in UTF-8. No data ships (gated,
 * offensive, CC BY-NC-ND); these read a user's copy:
 *   v1   `train_data_discription.json` / `test_data_discription.json`: new_path, text, label, type, new_modal (0 none,
 *        1 fusion, 2 text, 3 image, 4 both — NOT `modal`, whose [0,0] mixes benign and fusion), meme_discription,
 *        text_discription;
 *   v2.0 `*_data_discription_2.0.json`: path, text, label, type, text_modal, image_modal, target (0–15),
 *        meme_discription, text_discription.
 * Images are `<dir>/meme/<id>.jpg`, released on request. The descriptions are the files' precomputed GPT-4V strings
 * (or any two strings per meme a user generates): regenerating them belongs to the shared OpenAI-compatible client
 * (issue 22, lib/llm), not built yet, so this module only reads description files.
 */
import * as fs from "fs";
import * as path from "path";
import { readJpeg } from "../../../datasets/formats/jpeg";
import { readJson } from "../../../datasets/formats/jsonl";
import { resizeToRgb } from "../../../datasets/formats/resize";
import { Rng } from "../../core/train/seed";
import { checkNoOverlap, GENERATOR_DEFAULTS, type MemeItem, type MemeSet, type MemeSplit } from "./data";
import { IMG } from "./images";
import { toxicnMessages } from "./messages";

/** One real annotation, normalised across versions. */
export interface MemeRecord {
  id: string;
  text: string;
  label: 0 | 1;
  type: number;
  modal: number;
  /** v2.0 only (0 none, 1–15); 0 for v1. */
  target: number;
  dImg: string;
  dTxt: string;
}

const FILES = { v1: ["train_data_discription.json", "test_data_discription.json"], v2: ["train_data_discription_2.0.json", "test_data_discription_2.0.json"] } as const;

function str(o: Record<string, unknown>, k: string, where: string, version: string): string {
  if (typeof o[k] !== "string") throw new Error(toxicnMessages.missingField(where, k, version));
  return o[k] as string;
}
function int(o: Record<string, unknown>, k: string, where: string, version: string): number {
  if (!Number.isInteger(o[k])) throw new Error(toxicnMessages.missingField(where, k, version));
  return o[k] as number;
}

/** Parses one annotation file (a JSON array); malformed JSON names file:line:column. */
export function loadAnnotations(file: string, version: "v1" | "v2"): MemeRecord[] {
  const raw = readJson<unknown>(file, `check ${path.basename(file)} is the complete ToxiCN MM ${version} JSON array`);
  if (!Array.isArray(raw)) throw new Error(toxicnMessages.missingField(file, "(top level: a JSON array)", version));
  return raw.map((o: Record<string, unknown>, i): MemeRecord => {
    const where = `${file} item ${i}`;
    const label = int(o, "label", where, version);
    if (label !== 0 && label !== 1) throw new Error(toxicnMessages.badLabel(where, label));
    const type = int(o, "type", where, version);
    if (type < 0 || type > 4) throw new Error(toxicnMessages.unknownType(type, where));
    let modal: number, target = 0;
    if (version === "v1") {
      modal = int(o, "new_modal", where, version);
      if (modal < 0 || modal > 4) throw new Error(toxicnMessages.unknownModal(modal, where));
    } else {
      const t = int(o, "text_modal", where, version), im = int(o, "image_modal", where, version);
      modal = t && im ? 4 : im ? 3 : t ? 2 : label ? 1 : 0;
      target = int(o, "target", where, version);
    }
    const p = str(o, version === "v1" ? "new_path" : "path", where, version);
    return { id: p.replace(/\.jpg$/i, ""), text: str(o, "text", where, version), label, type, modal, target, dImg: str(o, "meme_discription", where, version), dTxt: str(o, "text_discription", where, version) };
  });
}

/** Loads train and test of a version from `dir` (train/test disjoint by image id); images must be in `dir/meme/`. */
export function loadToxicnMm(dir: string, version: "v1" | "v2", o: { requireImages?: boolean } = {}): { train: MemeRecord[]; test: MemeRecord[] } {
  const memeDir = path.join(dir, "meme");
  const [trainFile, testFile] = FILES[version].map((f) => path.join(dir, f));
  if (!fs.existsSync(trainFile) || !fs.existsSync(testFile) || ((o.requireImages ?? true) && !fs.existsSync(memeDir))) throw new Error(toxicnMessages.noImages(memeDir));
  const train = loadAnnotations(trainFile, version), test = loadAnnotations(testFile, version);
  checkNoOverlap(train, test);
  return { train, test };
}

/**
 * The pictures `<dir>/meme/<id>.jpg` of `ids`, decoded and area-averaged to size×size RGB bytes [n, size, size, 3]
 * (the towers here read 32×32; the paper's CLIP reads 224×224). A missing picture names the file, how many are
 * missing and where to get them; an undecodable one names the file (datasets/formats/jpeg).
 */
export function loadMemeImages(dir: string, ids: readonly string[], size = IMG): Uint8Array {
  const memeDir = path.join(dir, "meme");
  const files = ids.map((id) => path.join(memeDir, `${id}.jpg`));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(toxicnMessages.missingImage(missing[0], memeDir, missing.length));
  const out = new Uint8Array(ids.length * size * size * 3);
  files.forEach((f, i) => out.set(resizeToRgb(readJpeg(f, `replace ${path.basename(f)} with the JPEG from the ToxiCN MM release`), size, size), i * size * size * 3));
  return out;
}

function toItem(r: MemeRecord): MemeItem {
  return {
    id: r.id, text: r.text, label: r.label, type: r.type, modal: r.modal, target: r.target, dImg: r.dImg, dTxt: r.dTxt, dTxtJudged: r.dTxt,
    img: { emoji: -1, dx: 0, dy: 0, bg: [255, 255, 255], gain: 1 }, latent: { text: "real", image: "real", region: false, hard: false },
  };
}

/**
 * The real data as a MemeSet the experiments run on: train and test as released, dev = `devFrac` of train drawn
 * from `seed` (the card's fix of the code's dev = test); the real descriptions serve both styles (there is no
 * judgmental variant to compare) and the generator latents are a single "real" cell (the latent ceiling is then the
 * majority class).
 */
export function realMemeSet(real: { train: MemeRecord[]; test: MemeRecord[] }, images: { train: Uint8Array; test: Uint8Array }, o: { devFrac: number; seed: number }): MemeSet {
  const P = IMG * IMG * 3;
  const perm = new Rng(o.seed).fork("toxicn-mm/real-dev").permutation(real.train.length);
  const nDev = Math.round(o.devFrac * real.train.length);
  const pick = (idx: number[]): MemeSplit => {
    const images_ = new Uint8Array(idx.length * P);
    idx.forEach((i, r) => images_.set(images.train.subarray(i * P, (i + 1) * P), r * P));
    return { items: idx.map((i) => toItem(real.train[i])), images: images_ };
  };
  return {
    train: pick(perm.slice(nDev)), dev: pick(perm.slice(0, nDev)), test: { items: real.test.map(toItem), images: images.test },
    version: 0, seed: o.seed, options: { ...GENERATOR_DEFAULTS, nTrain: real.train.length, nTest: real.test.length, devFrac: o.devFrac },
  };
}

/**
 * `--scale full`: the real annotations and pictures of a user's copy as a MemeSet (stops naming the request form and
 * the folder when they are absent). The experiments then train this library's small towers on them; the paper's
 * Chinese-CLIP towers are not available offline.
 */
export function fullScaleSet(cfg: { seed: number; data: { devFrac?: number }; full: { dir: string; version: "v1" | "v2" } }): MemeSet {
  const real = loadToxicnMm(cfg.full.dir, cfg.full.version);
  const images = { train: loadMemeImages(cfg.full.dir, real.train.map((r) => r.id)), test: loadMemeImages(cfg.full.dir, real.test.map((r) => r.id)) };
  return realMemeSet(real, images, { devFrac: cfg.data.devFrac ?? GENERATOR_DEFAULTS.devFrac, seed: cfg.seed });
}

/** `--scale full`: the real annotations only (stops with where to get them when absent). */
export function fullScaleRecords(cfg: { full: { dir: string; version: "v1" | "v2" } }): { train: MemeRecord[]; test: MemeRecord[] } {
  return loadToxicnMm(cfg.full.dir, cfg.full.version);
}
