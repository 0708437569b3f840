/**
 * Shape helpers of multi-head layers, shared by every attention-like model: channels `[.., T, H·e]` split into
 * heads `[.., H, T, e]` and back. Leading axes are batch-like (B, or T·B for multi-step spiking models).
 */
import * as tf from "@tensorflow/tfjs";
import { nnMessages } from "./messages";

/** `[B, T, H·e] → [B, H, T, e]`. */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  if (x.rank !== 3) throw new Error(nnMessages.headsRank("splitHeads", x.shape, "[B, T, H·e]"));
  const [B, T, C] = x.shape as [number, number, number];
  if (!Number.isInteger(heads) || heads < 1 || C % heads !== 0) throw new Error(nnMessages.headsDivide(C, heads));
  return tf.transpose(tf.reshape(x, [B, T, heads, C / heads]), [0, 2, 1, 3]) as tf.Tensor4D;
}

/** `[B, H, T, e] → [B, T, H·e]` (inverse of `splitHeads`). */
export function mergeHeads(x: tf.Tensor): tf.Tensor3D {
  if (x.rank !== 4) throw new Error(nnMessages.headsRank("mergeHeads", x.shape, "[B, H, T, e]"));
  const [B, H, T, e] = x.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, H * e]) as tf.Tensor3D;
}

/** `[B, T, d] × [d, e] (+ b [e]) → [B, T, e]` as one 2-D matmul (a dense layer over the last axis). */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const d = x.shape[x.rank - 1];
  if (w.rank !== 2 || w.shape[0] !== d) throw new Error(nnMessages.linearShape(x.shape, w.shape));
  const lead = x.shape.slice(0, -1);
  let y = tf.matMul(tf.reshape(x, [-1, d]), w);
  if (b) y = tf.add(y, b);
  return tf.reshape(y, [...lead, w.shape[1] as number]);
}
