/**
 * LAQDA (arXiv 2410.10454) full-scale data: one split of the paper's datasets in the ContrastNet layout used by the
 * official code (card §7): `<split>/{train,valid,test}.json` as JSON Lines `{"sentence": str, "label": "39"}` (extra
 * keys such as `global_ix` ignored), `labels.{train,valid,test}.txt` (one class id per line), plus
 * the code's hand-edited id → name maps (data_loader.py `get_label_dict`), shipped here as JSON (label-names.json,
 * keyed by the code's `--dataset` values: HuffPost, Amazon, Reuters, 20News, banking77, hwu64, liu, clinc150) — the
 * paper's label-adapter results depend on these exact strings. A `label_names.json` ({ id: name }) in the split
 * folder overrides them. Read into a TextSet whose meta-train / meta-val / meta-test classes are the three files'.
 *
 * Pre-extracted BERT features (`loadBertFeatures`): `<split>/bert/{train,valid,test}.npy`, float32 [lines, D]
 * (one vector per text) or [lines, T, D] (token states), rows in the order of the JSON Lines files, exported once on a
 * GPU machine with the official code's BERT (numpy.save), and `<split>/bert/label_names.npy` [classes, T, D] (or
 * [classes, D]) for the label adapter, rows in the TextSet's class order (first appearance in labels.train.txt,
 * labels.valid.txt, labels.test.txt). Loaded and shape-checked against the split; `featureInputs` turns them into the
 * model's frozen token table: text i's T states become its tokens (the word-vector table's role), so the one trained
 * layer and the adapter run on BERT's states unchanged (d = D).
 */
import * as fs from "fs";
import * as path from "path";
import { readNpy } from "../../../datasets/formats/npy";
import type { TextSet, TokenIds } from "./data";
import LABEL_NAMES from "./label-names.json";
import { laqdaMessages as msg } from "./messages";

/** The code's id → name maps, by the code's dataset name (`get_label_dict`; sizes 41, 24, 31, 20, 77, 64, 54, 150). */
export const CODE_LABEL_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = LABEL_NAMES.maps;

/** The code's map for a dataset name or a path containing it (case-insensitive: ".../HuffPost/few_shot/01" → HuffPost). */
export function codeLabelNames(nameOrPath: string): Record<string, string> | undefined {
  const parts = nameOrPath.split(/[\\/]/).map((x) => x.toLowerCase());
  const key = Object.keys(CODE_LABEL_NAMES).find((k) => parts.includes(k.toLowerCase()));
  return key ? { ...CODE_LABEL_NAMES[key] } : undefined;
}

const FILES = [["train", "train.json", "labels.train.txt"], ["val", "valid.json", "labels.valid.txt"], ["test", "test.json", "labels.test.txt"]] as const;

/** True when `dir` holds a ContrastNet split (the six files). */
export function hasFullData(dir: string | undefined): dir is string {
  return !!dir && FILES.every(([, j, l]) => fs.existsSync(path.join(dir, j)) && fs.existsSync(path.join(dir, l)));
}

/**
 * Loads one ContrastNet split (see the header); without the files, throws the message naming what to get. Label
 * names: `label_names.json` in the folder, else the code's map of `dataset` (default: found in the folder's path).
 */
export function loadContrastNetSplit(dir: string | undefined, name = "contrastnet", dataset?: string): TextSet {
  if (!hasFullData(dir)) throw new Error(msg.noFullData(dir ?? "(LAQDA_DATA_DIR not set)"));
  const own = path.join(dir, "label_names.json");
  const names = fs.existsSync(own) ? (JSON.parse(fs.readFileSync(own, "utf8")) as Record<string, string>) : codeLabelNames(dataset ?? path.resolve(dir));
  if (!names) throw new Error(msg.noLabelNames(dir, Object.keys(CODE_LABEL_NAMES)));
  const classes: string[] = [];
  const texts: string[] = [], labels: number[] = [];
  const splits: TextSet["splits"] = { train: [], val: [], test: [] };
  for (const [split, json, lab] of FILES) {
    const ids = fs.readFileSync(path.join(dir, lab), "utf8").split("\n").map((s) => s.trim()).filter((s) => s.length > 0);
    for (const id of ids) {
      if (!(id in names)) throw new Error(msg.unknownFullLabel(path.join(dir, lab), id));
      if (!classes.includes(id)) classes.push(id);
      splits[split].push(classes.indexOf(id));
    }
    const file = path.join(dir, json);
    fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        throw new Error(msg.badFullLine(file, i + 1));
      }
      const r = o as { sentence?: unknown; label?: unknown };
      if (typeof r.sentence !== "string" || typeof r.label !== "string") throw new Error(msg.badFullLine(file, i + 1));
      const c = classes.indexOf(r.label);
      if (c < 0) throw new Error(msg.unknownFullLabel(file, r.label));
      texts.push(r.sentence);
      labels.push(c);
    });
  }
  return { name, texts, labels, classes, labelNames: classes.map((c) => names[c]), superTopic: classes.map(() => name), splits };
}

/** Pre-extracted BERT features of a split's texts: [n, T, D] float32 (T = 1 for one vector per text). */
export interface BertFeatures {
  states: Float32Array;
  n: number;
  T: number;
  D: number;
  /** Rows per file (train, valid, test), in the TextSet's text order. */
  rows: [number, number, number];
  /** Label-name states [classes, Tn, D] when `bert/label_names.npy` exists (needed by the adapter). */
  names?: { states: Float32Array; T: number };
}

/** Reads `<dir>/bert/{train,valid,test}.npy` (see the header) and checks them against `set` (the same split). */
export function loadBertFeatures(dir: string, set: Pick<TextSet, "texts"> & Partial<Pick<TextSet, "classes">>): BertFeatures {
  const files = FILES.map(([, json]) => path.join(dir, "bert", json.replace(".json", ".npy")));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(msg.noBertFeatures(dir, missing));
  const arrays = files.map((f) => {
    const a = readNpy(f);
    if (a.dtype !== "<f4" || (a.shape.length !== 2 && a.shape.length !== 3)) throw new Error(msg.badBertFeatures(f, `dtype ${a.dtype}, shape [${a.shape}]`, "float32 [lines, D] or [lines, T, D]"));
    return { f, a, T: a.shape.length === 3 ? a.shape[1] : 1, D: a.shape[a.shape.length - 1] };
  });
  const { T, D } = arrays[0];
  for (const x of arrays) if (x.T !== T || x.D !== D) throw new Error(msg.badBertFeatures(x.f, `T ${x.T}, D ${x.D}`, `the T ${T}, D ${D} of ${arrays[0].f}`));
  const rows = arrays.map((x) => x.a.shape[0]) as [number, number, number];
  const n = rows[0] + rows[1] + rows[2];
  if (n !== set.texts.length) throw new Error(msg.badBertFeatures(path.join(dir, "bert"), `${rows.join(" + ")} = ${n} rows`, `one row per text of the split's JSON Lines files (${set.texts.length})`));
  const states = new Float32Array(n * T * D);
  let at = 0;
  for (const x of arrays) (states.set(x.a.data as Float32Array, at), (at += x.a.data.length));
  const nf = path.join(dir, "bert", "label_names.npy");
  let names: BertFeatures["names"];
  if (fs.existsSync(nf) && set.classes) {
    const a = readNpy(nf);
    const C = set.classes.length;
    if (a.dtype !== "<f4" || (a.shape.length !== 2 && a.shape.length !== 3) || a.shape[0] !== C || a.shape[a.shape.length - 1] !== D) throw new Error(msg.badBertFeatures(nf, `dtype ${a.dtype}, shape [${a.shape}]`, `float32 [${C} classes, D ${D}] or [${C}, T, ${D}]`));
    names = { states: a.data as Float32Array, T: a.shape.length === 3 ? a.shape[1] : 1 };
  }
  return { states, n, T, D, rows, names };
}

/** The frozen token table and token ids of a split's BERT states (see the header); the adapter needs `f.names`. */
export function featureInputs(f: BertFeatures, maxLen: number): { vectors: Float32Array; dims: number; tok: TokenIds; nameTok?: TokenIds } {
  const L = Math.min(f.T, maxLen), nameRows = f.names ? f.names.states.length / f.D : 0;
  const vectors = new Float32Array(f.states.length + (f.names ? f.names.states.length : 0));
  vectors.set(f.states, 0);
  if (f.names) vectors.set(f.names.states, f.states.length);
  // ids: row r of the table is id r + 1 (0 = padding); text i, position t → row i·T + t
  const ids = (count: number, T: number, base: number, len: number) => {
    const out = new Int32Array(count * len);
    for (let i = 0; i < count; i++) for (let t = 0; t < Math.min(T, len); t++) out[i * len + t] = base + i * T + t + 1;
    return { ids: out, n: count, maxLen: len, coverage: 1 };
  };
  const tok = ids(f.n, f.T, 0, L);
  const nameTok = f.names ? ids(nameRows / f.names.T, f.names.T, f.n * f.T, Math.min(f.names.T, 4)) : undefined;
  return { vectors, dims: f.D, tok, nameTok };
}

/** `--scale full` inputs: the split in `dir` (or the message naming what to get) and its BERT states when `dir/bert/` exists. */
export function loadFullInputs(dir: string | undefined): { set: TextSet; features?: BertFeatures } {
  const set = loadContrastNetSplit(dir);
  const bert = dir ? path.join(dir, "bert") : "";
  return { set, features: dir && fs.existsSync(bert) ? loadBertFeatures(dir, set) : undefined };
}
