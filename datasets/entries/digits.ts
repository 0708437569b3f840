/**
 * UCI 8×8 handwritten digits (1,797 samples, pixel counts 0–16), shipped in the repository as
 * datasets/data/digits/digits.csv.gz (57 KB, CC BY 4.0) for fast tests.
 */
import * as fs from "fs";
import * as path from "path";
import { shippedDir } from "../cache";
import { checkExists, checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { readDelimited } from "../formats/delimited";
import { fixOwnFile, fixShipped } from "../messages";
import { countLabels, expectCounts, expectEqual, register } from "../registry";

const REL = "datasets/data/digits/digits.csv.gz";
const FIX = fixShipped(REL);
const SHA = "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a";
const CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];

/** The digits: images `[1797, 8, 8]` with values 0..16, labels `[1797]` in 0..9. */
export interface Digits {
  /** `[n, 8, 8]` pixel counts 0..16 (the number of on pixels in a 4×4 block of a 32×32 bitmap). */
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
  classes: string[];
}

/** Path of the shipped file. */
export function digitsFile(): string {
  return path.join(shippedDir(), "digits", "digits.csv.gz");
}

/** Loads and checks the digits (checksum, 1797 rows × 65 integers, values 0..16, per-class counts). */
export async function loadDigits(opts: { file?: string } = {}): Promise<Digits> {
  const fix = opts.file ? fixOwnFile("a CSV of 65 integer columns (64 pixels 0..16, then the label 0..9), no header") : FIX;
  const file = opts.file ?? digitsFile();
  checkExists(file, fix);
  if (!opts.file) checkSha256(file, SHA, fix);
  const t = readDelimited(file, { header: false, columns: 65, fix });
  const n = t.rows.length;
  const images = new Uint8Array(n * 64);
  const labels = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const row = t.rows[r];
    for (let j = 0; j < 65; j++) {
      const v = Number(row[j]);
      const max = j < 64 ? 16 : 9;
      if (!Number.isInteger(v) || v < 0 || v > max || row[j].trim() === "") {
        throw new DatasetError("invariant", `${j < 64 ? `pixel ${j}` : "label"}: expected an integer 0..${max}, got '${row[j]}'`, fix, { file, line: t.line[r], column: j + 1 });
      }
      if (j < 64) images[r * 64 + j] = v;
      else labels[r] = v;
    }
  }
  if (!opts.file) {
    expectEqual("digits sample count", 1797, n, fix, file);
    expectCounts("digits samples per class", CLASS_COUNTS, countLabels(labels, 10), fix, file);
  }
  return { images, labels, n, classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] };
}

/** Registry entry `digits`. */
export const digits = register<Digits, { file?: string }>({
  id: "digits",
  description: "UCI optical-recognition digits, 1,797 8x8 images (values 0-16), shipped for fast tests",
  licence: "CC BY 4.0 (Alpaydin & Kaynak 1998, UCI ML Repository); file from scikit-learn (BSD-3-Clause)",
  source: "Debian python3-sklearn 1.2.1+dfsg-1: sklearn/datasets/data/digits.csv.gz; https://doi.org/10.24432/C50P49",
  kind: "shipped",
  optional: false,
  invariants: { samples: { all: 1797 }, shapes: { image: [8, 8] }, labels: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], classCounts: { all: CLASS_COUNTS }, sha256: { "digits.csv.gz": SHA }, notes: ["pixel values are integers 0..16"] },
  status() {
    const f = digitsFile();
    const ok = fs.existsSync(f);
    return { available: ok, where: f, fix: ok ? undefined : FIX };
  },
  load: loadDigits,
  async verify() {
    const d = await loadDigits();
    return { id: "digits", checks: [`${d.n} images 8x8, values 0..16, per class [${countLabels(d.labels, 10).join(",")}], sha256 ok`] };
  },
});
