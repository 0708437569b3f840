/**
 * LAQDA (arXiv 2410.10454) full-scale data: one split of the paper's datasets in the ContrastNet layout used by the
 * official code (card §7): `<split>/{train,valid,test}.json` as JSON Lines `{"sentence": str, "label": "39"}` (extra
 * keys such as `global_ix` ignored), `labels.{train,valid,test}.txt` (one class id per line), plus
 * `label_names.json` ({ id: name }) — the code's hand-edited id → name maps (data_loader.py `get_label_dict`), which
 * the user copies next to the data (they are not shipped here). Read into a TextSet whose meta-train / meta-val /
 * meta-test classes are the three files' classes.
 */
import * as fs from "fs";
import * as path from "path";
import type { TextSet } from "./data";
import { laqdaMessages as msg } from "./messages";

const FILES = [["train", "train.json", "labels.train.txt"], ["val", "valid.json", "labels.valid.txt"], ["test", "test.json", "labels.test.txt"]] as const;

/** True when `dir` holds a ContrastNet split with label names. */
export function hasFullData(dir: string | undefined): dir is string {
  return !!dir && FILES.every(([, j, l]) => fs.existsSync(path.join(dir, j)) && fs.existsSync(path.join(dir, l))) && fs.existsSync(path.join(dir, "label_names.json"));
}

/** Loads one ContrastNet split (see the header); without the files, throws the message naming what to get. */
export function loadContrastNetSplit(dir: string | undefined, name = "contrastnet"): TextSet {
  if (!hasFullData(dir)) throw new Error(msg.noFullData(dir ?? "(LAQDA_DATA_DIR not set)"));
  const names = JSON.parse(fs.readFileSync(path.join(dir, "label_names.json"), "utf8")) as Record<string, string>;
  const classes: string[] = [];
  const texts: string[] = [], labels: number[] = [];
  const splits: TextSet["splits"] = { train: [], val: [], test: [] };
  for (const [split, json, lab] of FILES) {
    const ids = fs.readFileSync(path.join(dir, lab), "utf8").split("\n").map((s) => s.trim()).filter((s) => s.length > 0);
    for (const id of ids) {
      if (!(id in names)) throw new Error(msg.unknownFullLabel(path.join(dir, "label_names.json"), id));
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
