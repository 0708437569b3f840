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
import { readJson } from "../../../datasets/formats/jsonl";
import { checkNoOverlap } from "./data";
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
 * `--scale full`: loads the real annotations (stops with where to get them when absent). Training the paper's towers
 * (Chinese-CLIP ViT-B/16) on the real images is not part of this library; the loaded records feed the metrics, the
 * dataset statistics and the user's own runs.
 */
export function fullScaleRecords(cfg: { full: { dir: string; version: "v1" | "v2" } }): { train: MemeRecord[]; test: MemeRecord[] } {
  return loadToxicnMm(cfg.full.dir, cfg.full.version);
}
