/**
 * Einsum for WASM (missing in tfjs-backend-wasm 4.22): the CPU backend's algorithm (transpose each operand to the
 * common index order, broadcast-multiply, sum out contracted indices step by step) written with tf ops, so it runs on
 * whatever kernels the backend has. Gradients come from tfjs-core's Einsum gradient, which is itself einsum.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, Tensor } from "@tensorflow/tfjs";
import { asTensor } from "./conv-taps";

const bu = tf.backend_util;

/** einsum(equation, ...tensors) composed from transpose/reshape/mul/sum. */
export function einsumComposed(equation: string, tensors: Tensor[]): Tensor {
  return tf.tidy(() => {
    const { allDims, summedDims, idDims } = bu.decodeEinsumEquation(equation, tensors.length);
    bu.checkEinsumDimSizes(allDims.length, idDims, tensors);
    const { path, steps } = bu.getEinsumComputePath(summedDims, idDims);
    let out: Tensor | null = null;
    let remaining = allDims.length;
    for (let i = 0; i < steps.length; ++i) {
      for (const idTerm of steps[i]) {
        const { permutationIndices: perm, expandDims } = bu.getEinsumPermutation(remaining, idDims[idTerm]);
        let x = bu.isIdentityPermutation(perm) ? tensors[idTerm] : tf.transpose(tensors[idTerm], perm);
        const target = x.shape.slice();
        for (const k of expandDims) target.splice(k, 0, 1);
        if (!tf.util.arraysEqual(x.shape, target)) x = x.reshape(target);
        out = out === null ? x : tf.mul(x, out);
      }
      if (i < steps.length - 1) {
        if (path[i] >= 0) out = tf.sum(out as Tensor, path[i] - (allDims.length - remaining));
        remaining--;
      }
    }
    // clone so that an identity equation ("ij->ij") still returns a new tensor the engine can own
    return (out as Tensor).clone();
  });
}

const kernelFunc: KernelFunc = ({ inputs, attrs }) => {
  const ts = Object.keys(inputs).sort((a, b) => Number(a) - Number(b)).map((k) => asTensor(inputs[k], "Einsum"));
  return einsumComposed((attrs as { equation: string }).equation, ts);
};

/** Kernel registration for the wasm backend. */
export const einsumConfig: KernelConfig = { kernelName: tf.Einsum, backendName: "wasm", kernelFunc };
