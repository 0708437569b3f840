/**
 * The low-level stand-in task (card §5, ours; the paper's "low-level machine vision" task is not known): the network
 * maps a binary digit frame to its edge map (a pixel that is on with an off 4-neighour), read out by per-pixel
 * threshold-locked spikes on the whole N×N detector plane:
 *   q = I·N²/ΣI (intensity relative to its mean),   s = H(q − θ),   θ = exp(u) learnable,
 * trained with a class-balanced BCE on the firing probability σ(β_e(q − θ)) (edges are ~10 % of pixels), scored by
 * the IoU of the hard spikes with the target, pooled over test frames.
 */
import * as tf from "@tensorflow/tfjs";
import { logSigmoid } from "../../core/grad/log-sigmoid";
import { Rng } from "../../core/train/seed";
import { adamw } from "../../core/train/optim/adamw";
import { train } from "../../core/train/loop";
import type { TrainConfig } from "./config";
import { initExpert, intensity, type Bench, type Expert } from "./model";
import { tidyOf } from "./optics";

/** Slope of the edge spikes' surrogate in units of the mean intensity. */
export const EDGE_BETA = 2;

/** A trained edge network: masks and the threshold logit u (θ = e^u). */
export interface EdgeNet {
  expert: Expert;
  thetaLog: tf.Variable;
  cpuMs: number;
}

/** q = I·N²/ΣI per frame ([B, N, N]). */
export function relativeIntensity(bench: Bench, e: Expert, x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const I = intensity(bench, e, x);
    const N = bench.cfg.optics.N;
    return tf.div(tf.mul(I, N * N), tf.add(tf.sum(I, [1, 2], true), 1e-12)) as tf.Tensor3D;
  });
}

/** Trains the edge network on frames x [n, N, N] with targets [n, N, N] (same grid). */
export async function trainEdge(bench: Bench, x: tf.Tensor3D, target: tf.Tensor3D, t: TrainConfig, epochs: number, seed: number): Promise<EdgeNet> {
  const rng = new Rng(seed).fork("s2nn/edge");
  const expert = initExpert(bench.cfg, rng.fork("expert"), { kappa0: t.kappa0, perClassKappa: false, initStd: t.initStd, name: "edge" });
  const thetaLog = tf.tidy(() => tf.variable(tf.scalar(Math.log(2)), true, "edge/theta"));
  const pos = tf.tidy(() => tf.mean(target).dataSync()[0]);
  const posWeight = (1 - pos) / Math.max(pos, 1e-6); // balance edges against background
  const variables: Record<string, tf.Variable> = { theta: thetaLog };
  expert.masks.forEach((m, l) => { variables[`mask${l}`] = m; });
  const order = rng.fork("order");
  const n = x.shape[0];
  const optimizer = adamw({ learningRate: t.lr, weightDecay: 0 });
  const cpu0 = process.cpuUsage();
  await train({
    data: function* () {
      const idx = order.shuffle(Array.from({ length: n }, (_, i) => i));
      for (let i = 0; i + t.batch <= n; i += t.batch) {
        const ids = tf.tensor1d(idx.slice(i, i + t.batch), "int32");
        yield { x: tf.gather(x, ids) as tf.Tensor3D, y: tf.gather(target, ids) as tf.Tensor3D };
      }
    },
    loss: (b) => {
      const z = tf.mul(tf.sub(relativeIntensity(bench, expert, b.x), tf.exp(thetaLog)), EDGE_BETA);
      const l = tf.add(tf.mul(tf.mul(b.y, logSigmoid(z)), posWeight), tf.mul(tf.sub(1, b.y), logSigmoid(tf.neg(z))));
      return tf.neg(tf.mean(l)) as tf.Scalar;
    },
    optimizer,
    variables,
    epochs,
    progress: "none",
  });
  optimizer.dispose();
  const cpu = process.cpuUsage(cpu0);
  tf.dispose(expert.kappaLogit); // the classifier's κ is not used here
  return { expert, thetaLog, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Hard edge spikes H(q − θ) [n, N, N] as 0/1. */
export function edgeSpikes(bench: Bench, net: EdgeNet, x: tf.Tensor3D): tf.Tensor3D {
  return tidyOf(() => tf.greaterEqual(relativeIntensity(bench, net.expert, x), tf.exp(net.thetaLog)).toFloat() as tf.Tensor3D);
}

/** Pooled IoU of 0/1 maps: Σ(a·b) / Σ max(a, b). */
export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0, union = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] >= 0.5, q = b[i] >= 0.5;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union ? inter / union : 1;
}

/** Frees an edge network. */
export function disposeEdge(net: EdgeNet): void {
  tf.dispose([...net.expert.masks, net.thetaLog]);
}

