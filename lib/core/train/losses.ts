/**
 * Binary cross-entropy with logits, shared by the papers that train sigmoid outputs (s2nn's spike-readout heads,
 * toxicn-mm's one-hot BCE as in the ToxiCN MM code). Written with the stable log σ (lib/core/grad/log-sigmoid):
 *
 *   ℓ(z, y) = −[w₊ · y · log σ(z) + (1 − y) · log σ(−z)]        per entry, z, y of shape [B, C]
 *
 * `reduction`: "rows" (default) sums over the C columns and averages over the B rows; "elements" averages over all
 * B·C entries (PyTorch's `nn.BCEWithLogitsLoss()` default). `mask` [C] weights the columns.
 *
 * And the symmetric InfoNCE of CLIP (Radford et al. 2021; van den Oord et al. 2018), for contrastive warm starts of
 * two towers on paired rows (toxicn-mm: picture ↔ its description):
 *
 *   â = a / ‖a‖, b̂ = b / ‖b‖ (rows),  S = â b̂ᵀ / τ  [B, B],  ℓ = ½ [CE(S, I) + CE(Sᵀ, I)]
 *
 * with CE the mean softmax cross-entropy over rows and I the identity (row i's positive is column i).
 */
import * as tf from "@tensorflow/tfjs";
import { logSigmoid } from "../grad/log-sigmoid";
import { softmaxCrossEntropy } from "../kernels/softmax-cross-entropy";

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

/** Symmetric InfoNCE of paired rows a, b [B, D] at temperature τ (see the file header); B ≥ 2. */
export function infoNce(a: tf.Tensor2D, b: tf.Tensor2D, tau = 0.07): tf.Scalar {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1] || a.shape[0] < 2)
    throw new Error(`infoNce: a ${JSON.stringify(a.shape)} and b ${JSON.stringify(b.shape)} must both be [B, D] with the same B ≥ 2 (row i of a pairs with row i of b)`);
  if (!(tau > 0)) throw new Error(`infoNce: temperature τ must be > 0, got ${tau}`);
  return tf.tidy(() => {
    const unit = (x: tf.Tensor2D): tf.Tensor2D => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12))); // [B, D]
    const s = tf.div(tf.matMul(unit(a), unit(b), false, true), tau) as tf.Tensor2D; // [B, B]
    const eye = tf.eye(a.shape[0]);
    return tf.mul(tf.add(softmaxCrossEntropy(eye, s), softmaxCrossEntropy(eye, tf.transpose(s))), 0.5) as tf.Scalar;
  });
}
