/**
 * Zero gradients for comparison and logical kernels. Their outputs are piecewise constant, so the gradient is 0; but
 * tfjs-core 4.22 registers none, so `tf.where(tf.greater(x, 0), a, b)` inside a tape fails with "gradient function
 * not found for Greater" as soon as x depends on a variable.
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";

const BINARY = [tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr,
  tf.LogicalXor];
const UNARY = [tf.LogicalNot];

/** Gradient registrations (∂ = 0 for every input) for comparison/logical kernels that have none. */
export const comparisonGradConfigs: GradConfig[] = [
  ...BINARY.map((kernelName): GradConfig => ({
    kernelName,
    inputsToSave: ["a", "b"],
    gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]).toFloat(), b: () => tf.zerosLike(saved[1]).toFloat() }),
  })),
  ...UNARY.map((kernelName): GradConfig => ({
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (_dy, saved) => ({ x: () => tf.zerosLike(saved[0]).toFloat() }),
  })),
];
