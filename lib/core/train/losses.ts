/**
 * Binary cross-entropy with logits, shared by the papers that train sigmoid outputs (s2nn's spike-readout heads,
 * toxicn-mm's one-hot BCE as in the ToxiCN MM code). Written with the stable log σ (lib/core/grad/log-sigmoid):
 *
 *   ℓ(z, y) = −[w₊ · y · log σ(z) + (1 − y) · log σ(−z)]        per entry, z, y of shape [B, C]
 *
 * `reduction`: "rows" (default) sums over the C columns and averages over the B rows; "elements" averages over all
 * B·C entries (PyTorch's `nn.BCEWithLogitsLoss()` default). `mask` [C] weights the columns.
 */
import * as tf from "@tensorflow/tfjs";
import { logSigmoid } from "../grad/log-sigmoid";

/** Options of `bceWithLogits`. */
export interface BceOptions {
  /** Weight of the positive term w₊ (default 1). */
  posWeight?: number;
  /** Column weights [C] (default all 1). */
  mask?: tf.Tensor1D;
  /** "rows": Σ over columns, mean over rows (default); "elements": mean over all entries (PyTorch's default). */
  reduction?: "rows" | "elements";
}

/** BCE-with-logits of logits z [B, C] against targets y [B, C] in [0, 1] (see the file header). */
export function bceWithLogits(z: tf.Tensor2D, y: tf.Tensor2D, o: BceOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    let l = tf.add(tf.mul(tf.mul(y, logSigmoid(z)), o.posWeight ?? 1), tf.mul(tf.sub(1, y), logSigmoid(tf.neg(z))));
    if (o.mask) l = tf.mul(l, o.mask);
    const n = o.reduction === "elements" ? z.shape[0] * z.shape[1] : z.shape[0];
    return tf.div(tf.neg(tf.sum(l)), n) as tf.Scalar;
  });
}
