import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { accuracy, confusionMatrix, macroF1, perClassF1, mse, rmse } from "../../../../lib/core/train/metrics";
import { useBackend } from "./backends";

const TOL = 1e-12; // plain float64 arithmetic

const yTrue = [0, 0, 1, 1, 2, 2];
const yPred = [0, 1, 1, 1, 2, 0];

test("accuracy and confusion matrix on a hand case", () => {
  assert.equal(accuracy(yTrue, yPred), 4 / 6);
  assert.deepEqual(confusionMatrix(yTrue, yPred), [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 1],
  ]);
  assert.deepEqual(confusionMatrix([0], [0], 2), [[1, 0], [0, 0]]);
  assert.throws(() => confusionMatrix([0, 3], [0, 1], 3), /label 3 is outside \[0, 3\)/);
  assert.throws(() => accuracy([0, 1], [0]), /yTrue has 2 entries but yPred has 1/);
});

test("macro-F1 = mean of per-class F1 (hand: 0.5, 0.8, 2/3)", () => {
  const { precision, recall, f1 } = perClassF1(confusionMatrix(yTrue, yPred));
  assert.deepEqual(precision.map((v) => +v.toFixed(12)), [0.5, +(2 / 3).toFixed(12), 1]);
  assert.deepEqual(recall, [0.5, 1, 0.5]);
  const want = (0.5 + 0.8 + 2 / 3) / 3;
  assert.ok(Math.abs(macroF1(yTrue, yPred) - want) < TOL);
  assert.ok(Math.abs(f1[1] - 0.8) < TOL);
  // a class never seen in yTrue nor yPred does not drag the macro average down
  assert.ok(Math.abs(macroF1(yTrue, yPred, 5) - want) < TOL);
  assert.equal(macroF1([1, 1], [1, 1]), 1);
});

test("metrics accept tensors: [N, C] scores are argmaxed", async () => {
  await useBackend("wasm");
  const logits = tf.tensor2d([[2, 1, 0], [0, 3, 1], [0, 0, 5], [1, 0, 0]]);
  const labels = tf.tensor1d([0, 1, 1, 0], "int32");
  assert.equal(accuracy(labels, logits), 0.75);
  tf.dispose([logits, labels]);
});

test("MSE and RMSE on a hand case", () => {
  assert.ok(Math.abs(mse([1, 2, 3], [1, 3, 5]) - 5 / 3) < TOL);
  assert.ok(Math.abs(rmse([1, 2, 3], [1, 3, 5]) - Math.sqrt(5 / 3)) < TOL);
  assert.equal(mse([0.5], [0.5]), 0);
});
