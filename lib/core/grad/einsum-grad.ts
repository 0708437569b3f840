/**
 * Einsum gradient (tfjs-core 4.22 has none). For y = einsum("A,B->C", a, b):
 *   ∂L/∂a = einsum("C,B->A'", dy, b) broadcast to A,  ∂L/∂b = einsum("A,C->B'", a, dy) broadcast to B,
 * where A' keeps the indices of A that occur in C or B (an index summed inside A alone gets the same gradient at
 * every position: broadcast). One-operand equations ("A->C") broadcast dy back to A.
 */
import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs";

/** Gradient of operand `which` of einsum(equation, …xs) given dy. */
export function einsumGrad(equation: string, xs: tf.Tensor[], dy: tf.Tensor, which: number): tf.Tensor {
  return tf.tidy(() => {
    const eq = equation.replace(/\s/g, "");
    const [lhs, out] = eq.split("->");
    if (out === undefined || eq.includes(".")) {
      throw new Error(`einsum gradient: equation '${equation}' needs an explicit '->' output and no ellipsis`);
    }
    const terms = lhs.split(",");
    const target = terms[which];
    const others = terms.map((t, i) => ({ t, x: xs[i] })).filter((_, i) => i !== which);
    const known = new Set([...out, ...others.flatMap((o) => [...o.t])]);
    const kept = [...target].filter((c) => known.has(c)).join("");
    const g = tf.einsum(`${[out, ...others.map((o) => o.t)].join(",")}->${kept}`, dy, ...others.map((o) => o.x));
    if (kept === target) return g;
    // insert the missing (summed-alone) axes with size 1, then tile to the operand's shape
    const shape = [...target].map((c, i) => (known.has(c) ? xs[which].shape[i] : 1));
    const reps = [...target].map((c, i) => (known.has(c) ? 1 : xs[which].shape[i]));
    return tf.tile(g.reshape(shape), reps);
  });
}

/** Gradient registration for the Einsum kernel (every backend). */
export const einsumGradConfig: GradConfig = {
  kernelName: tf.Einsum,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const { equation } = attrs as unknown as { equation: string };
    const grads: Record<string, () => tf.Tensor> = {};
    saved.forEach((_, i) => { grads[String(i)] = () => einsumGrad(equation, saved, dy as tf.Tensor, i); });
    return grads;
  },
};
