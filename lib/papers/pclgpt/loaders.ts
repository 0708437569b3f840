/**
 * Full-scale loaders of the paper's real sets (card §7), which paperlab never ships (real condescension towards real
 * groups). Tested on project-written fixtures only. CSV via datasets/formats/delimited.ts (RFC 4180, quoted
 * multi-line fields, line-numbered errors):
 *   DPM        `text,label` with label 0/1, or the original release's 0–4 score (PCL iff ≥ 2) plus a keyword /
 *              community column, kept for the group-detection figure;
 *   TalkDown   `text,label` 0/1; empty or < 3-character texts dropped (957 rows of the repository's file), duplicates dropped;
 *   CPCL       `text` plus a grade column (A–D or 0–3; header `grade`, `level` or `label`), or a 0/1 `label`.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDelimited } from "../../../datasets/formats/delimited";
import { pclMessages } from "./messages";
import { gradeIndex } from "./prompt";
import type { PclConfig } from "./config";

/** One row of a real set. */
export interface RealItem {
  text: string;
  label: 0 | 1;
  /** Grade 0–3 (CPCL) when the file has one. */
  grade?: number;
  /** DPM keyword / community when the file has one. */
  community?: string;
}

export type RealSetName = "dpm" | "td" | "cpcl";

/** File names expected in the full-scale folder. */
export const REAL_FILES: Record<RealSetName, string> = { dpm: "DPM.csv", td: "TalkDown.csv", cpcl: "CPCL_15k.csv" };

function col(header: string[], names: string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) { const i = lower.indexOf(n); if (i >= 0) return i; }
  return -1;
}

/** Parses one real set's CSV text (`file` names it in errors). */
export function parsePclCsv(text: string, file: string, kind: RealSetName): RealItem[] {
  const t = parseDelimited(text, file);
  const ti = col(t.header, ["text", "paragraph", "sentence", "content"]);
  if (ti < 0) throw new Error(pclMessages.missingColumn(file, "text", t.header));
  const li = col(t.header, kind === "cpcl" ? ["grade", "level", "label"] : ["label", "score", "orig_label"]);
  if (li < 0) throw new Error(pclMessages.missingColumn(file, kind === "cpcl" ? "grade / level / label" : "label", t.header));
  const ci = col(t.header, ["community", "keyword"]);
  const out: RealItem[] = [];
  const values: number[] = [];
  const seen = new Set<string>();
  t.rows.forEach((row, k) => {
    const line = t.line[k];
    const txt = (row[ti] ?? "").trim();
    const raw = (row[li] ?? "").trim();
    if (kind === "td") {
      if (txt.length < 3 || seen.has(txt)) return; // empty / very short rows and repeats
      seen.add(txt);
    } else if (txt.length === 0) throw new Error(pclMessages.badCsv(file, line, "empty text"));
    if (kind === "cpcl") {
      const grade = gradeIndex(raw, ` at ${file}:${line}`);
      out.push({ text: txt, label: grade > 0 ? 1 : 0, grade });
      return;
    }
    const v = Number(raw);
    if (!(raw !== "" && Number.isInteger(v) && v >= 0 && v <= 4)) throw new Error(pclMessages.badCsv(file, line, `label '${raw}' is not 0/1 (or a DPM score 0–4)`));
    values.push(v);
    out.push({ text: txt, label: 0, ...(ci >= 0 ? { community: row[ci] } : {}) });
  });
  // a file with any value above 1 holds DPM's 0–4 scores (PCL iff ≥ 2); otherwise the labels are binary
  const scores = values.some((v) => v > 1);
  if (kind !== "cpcl") values.forEach((v, i) => (out[i].label = (scores ? v >= 2 : v === 1) ? 1 : 0));
  return out;
}

/** Loads the real sets from `cfg.full.dir`; without them, one error naming what to get and where to put it. */
export function loadRealSets(cfg: PclConfig): Record<RealSetName, RealItem[]> {
  const dir = cfg.full.dir;
  const missing = cfg.sets.filter((s) => !fs.existsSync(path.join(dir, REAL_FILES[s]))).map((s) => REAL_FILES[s]);
  if (missing.length) throw new Error(pclMessages.fullData(dir, missing));
  const read = (s: RealSetName) => (cfg.sets.includes(s) ? parsePclCsv(fs.readFileSync(path.join(dir, REAL_FILES[s]), "utf8"), path.join(dir, REAL_FILES[s]), s) : []);
  return { dpm: read("dpm"), td: read("td"), cpcl: read("cpcl") };
}
