import { test } from "node:test";
import assert from "node:assert/strict";
import { detectionScores, modalityRecall } from "../../../../lib/papers/toxicn-mm/metrics";

/** Labels and predictions realising a confusion matrix C[true][pred]. */
function fromCm(cm: number[][]): { t: number[]; p: number[] } {
  const t: number[] = [], p: number[] = [];
  cm.forEach((row, i) => row.forEach((n, j) => { for (let k = 0; k < n; k++) { t.push(i); p.push(j); } }));
  return { t, p };
}

const close = (a: number, b: number, msg: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} vs ${b}`);

test("task 1 on a crafted confusion matrix: per-class F1, macro P/R/F1, and the code's swapped P/R", () => {
  const { t, p } = fromCm([[50, 10], [20, 20]]);
  const s = detectionScores(t, p, 2);
  close(s.perClass[0], 100 * (2 * 50) / (2 * 50 + 10 + 20), "F1 benign = 2TP/(2TP+FP+FN)");
  close(s.perClass[1], 100 * (2 * 20) / (2 * 20 + 20 + 10), "F1 harmful");
  close(s.f1, (s.perClass[0] + s.perClass[1]) / 2, "macro F1");
  close(s.p, 100 * (50 / 70 + 20 / 30) / 2, "macro precision");
  close(s.r, 100 * (50 / 60 + 20 / 40) / 2, "macro recall");
  close(s.codeP, s.r, "code prints recall as precision");
  close(s.codeR, s.p, "code prints precision as recall");
  close(s.f1Harm, s.perClass[1], "F1_harm = class-1 F1");
  assert.notEqual(Math.round(s.p * 100), Math.round(s.r * 100));
});

test("task 2: macro over 5 columns (the code) vs the mean over the 4 harmful types; absent classes left out like sklearn", () => {
  const { t, p } = fromCm([
    [40, 2, 0, 3, 0],
    [4, 10, 0, 1, 0],
    [3, 0, 6, 0, 1],
    [5, 1, 0, 20, 0],
    [2, 0, 0, 1, 2],
  ]);
  const s = detectionScores(t, p, 5);
  const f1 = [80 / (80 + 5 + 14), 20 / (20 + 3 + 5), 12 / (12 + 0 + 4), 40 / (40 + 5 + 6), 4 / (4 + 1 + 3)].map((v) => 100 * v);
  f1.forEach((v, c) => close(s.perClass[c], v, `F1 of class ${c}`));
  close(s.f1, f1.reduce((a, b) => a + b) / 5, "macro over 5");
  close(s.f1Harm, (f1[1] + f1[2] + f1[3] + f1[4]) / 4, "mean over the 4 types");
  const none4 = detectionScores([0, 1, 2, 3], [0, 1, 2, 3], 5);
  close(none4.f1, 100, "class 4 absent from both: not averaged");
  assert.throws(() => detectionScores([7], [0], 5), /unknown harmful-type id 7/);
});

test("harmful recall per modality subset", () => {
  const r = modalityRecall([1, 1, 2, 2, 2, 3, 0, 4], [0, 1, 1, 1, 0, 0, 1, 2]);
  close(r.fusion, 50, "fusion");
  close(r.text, 200 / 3, "text");
  close(r.image, 0, "image");
  close(r.both, 100, "both (any harmful type counts)");
  assert.throws(() => modalityRecall([5], [0]), /unknown modality id 5.*new_modal/);
});
