/**
 * Seeded weight initializers. Values are drawn in JavaScript from an `Rng` (the global stream of
 * `seed(n)` by default), so the same seed gives the same weights on every backend.
 *
 * Fans follow the tfjs/Keras channels-last convention: a dense kernel is [in, out]; a conv kernel
 * is [kh, kw, in, out] (fan_in = kh·kw·in, fan_out = kh·kw·out); a 1-D shape has fan_in = fan_out = n.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, rng as globalRng } from "./seed";
import { trainMessages } from "./messages";

/** Fan-in and fan-out of a weight shape (channels-last). */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) throw new RangeError(trainMessages.fanShape(shape));
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fill(shape: readonly number[], r: Rng | undefined, draw: (r: Rng) => number): tf.Tensor {
  const g = r ?? globalRng();
  return tf.tensor(g.floats(size(shape), draw), shape as number[], "float32");
}

/** U(lo, hi). */
export function uniform(shape: readonly number[], lo = -0.05, hi = 0.05, r?: Rng): tf.Tensor {
  return fill(shape, r, (g) => g.uniform(lo, hi));
}

/** N(mean, std²). */
export function normal(shape: readonly number[], mean = 0, std = 0.05, r?: Rng): tf.Tensor {
  return fill(shape, r, (g) => g.normal(mean, std));
}

/** N(mean, std²) redrawn outside mean ± 2·std (as tf.truncatedNormal). */
export function truncatedNormal(shape: readonly number[], mean = 0, std = 0.05, r?: Rng): tf.Tensor {
  return fill(shape, r, (g) => {
    for (;;) {
      const z = g.normal();
      if (Math.abs(z) <= 2) return mean + std * z;
    }
  });
}

/** Glorot/Xavier uniform: U(±√(6 / (fan_in + fan_out))). */
export function glorotUniform(shape: readonly number[], r?: Rng): tf.Tensor {
  const { fanIn, fanOut } = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -limit, limit, r);
}

/** Glorot/Xavier normal: N(0, 2 / (fan_in + fan_out)). */
export function glorotNormal(shape: readonly number[], r?: Rng): tf.Tensor {
  const { fanIn, fanOut } = fans(shape);
  return normal(shape, 0, Math.sqrt(2 / (fanIn + fanOut)), r);
}

/** He/Kaiming normal (ReLU): N(0, 2 / fan_in). */
export function heNormal(shape: readonly number[], r?: Rng): tf.Tensor {
  return normal(shape, 0, Math.sqrt(2 / fans(shape).fanIn), r);
}

/** He/Kaiming uniform (ReLU): U(±√(6 / fan_in)). */
export function heUniform(shape: readonly number[], r?: Rng): tf.Tensor {
  const limit = Math.sqrt(6 / fans(shape).fanIn);
  return uniform(shape, -limit, limit, r);
}

/** LeCun normal (SELU): N(0, 1 / fan_in). */
export function lecunNormal(shape: readonly number[], r?: Rng): tf.Tensor {
  return normal(shape, 0, Math.sqrt(1 / fans(shape).fanIn), r);
}

/** PyTorch's nn.Linear / nn.Conv default: U(±1/√fan_in) (weights and biases alike). */
export function torchDefault(shape: readonly number[], fanIn?: number, r?: Rng): tf.Tensor {
  const bound = 1 / Math.sqrt(fanIn ?? fans(shape).fanIn);
  return uniform(shape, -bound, bound, r);
}

/** A trainable variable initialised by `init` (e.g. `param([784, 10], glorotUniform, "fc1/w")`). */
export function param(
  shape: readonly number[],
  initFn: (shape: readonly number[], r?: Rng) => tf.Tensor,
  name?: string,
  r?: Rng,
): tf.Variable {
  const t = initFn(shape, r);
  const v = tf.variable(t, true, name);
  t.dispose();
  return v;
}
