/**
 * Training and evaluation of one MQAR run (MetaLA arXiv 2411.10741, Fig. 3 / Table 8 / C1 at small scale) through
 * lab's one training loop: fresh seeded batch every step, fixed test set, test accuracy at query positions only
 * (Zoology), logged every `evalEvery` steps.
 */
import * as tf from "@tensorflow/tfjs";
import { train } from "../../core/train/loop";
import { adamw } from "../../core/train/optim/adamw";
import { warmupCosine } from "../../core/train/schedule";
import { Rng } from "../../core/train/seed";
import { disposeBatch, mqarSamples, toBatch, type MqarBatch, type MqarTask } from "./data";
import { buildModel, countParams, disposeModel, logitsAt, type Model, type ModelConfig } from "./model";

/** One training run's settings. */
export interface RunSpec {
  task: MqarTask;
  model: Partial<ModelConfig>;
  /** Peak learning rate (AdamW, warmup 5% then cosine to 0; Zoology: wd 0.1). */
  lr: number;
  steps: number;
  batch: number;
  evalEvery: number;
  testSize: number;
  /** Run seed: weights and the training stream; the test set's seed is fixed per task (10_000 + testSize). */
  seed: number;
  weightDecay: number;
  /** Stop once test accuracy reaches this (Zoology: 0.99). */
  stopAt: number;
}

/** Result of one run. */
export interface RunResult {
  mixer: string;
  d: number;
  lr: number;
  seed: number;
  /** The task (JSON) and the step budget the run was given (to recognise identical runs). */
  task: string;
  budget: number;
  /** Test accuracy at each evaluation. */
  curve: { step: number; acc: number; loss: number }[];
  /** Final and best test accuracy. */
  acc: number;
  best: number;
  /** Forgetting variant: accuracy on queries of updated keys and of kept keys (NaN for plain MQAR). */
  accUpdated: number;
  accKept: number;
  steps: number;
  msPerStep: number;
  params: number;
}

/** Cross-entropy over the query positions of a batch. */
export function mqarLoss(m: Model, b: MqarBatch): tf.Scalar {
  const logits = logitsAt(m, b.ids, b.positions);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(b.labels, m.config.vocabSize), logits) as tf.Scalar;
}

/** Accuracy at query positions, overall and split by updated/kept keys. */
export function evaluateMqar(m: Model, b: MqarBatch, chunk = 128): { acc: number; accUpdated: number; accKept: number } {
  const n = b.ids.shape[0];
  const preds: number[] = [];
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    const T = b.ids.shape[1];
    const p = tf.tidy(() => {
      const ids = tf.slice(b.ids, [s, 0], [e - s, T]);
      const pos = b.positions.dataSync().filter((x) => x >= s * T && x < e * T).map((x) => x - s * T);
      return tf.argMax(logitsAt(m, ids as tf.Tensor2D, tf.tensor1d(Int32Array.from(pos), "int32")), 1);
    });
    preds.push(...Array.from(p.dataSync()));
    p.dispose();
  }
  let ok = 0, okU = 0, nU = 0, okK = 0, nK = 0;
  preds.forEach((p, i) => {
    const hit = p === b.labelValues[i] ? 1 : 0;
    ok += hit;
    if (b.updated[i]) { nU++; okU += hit; } else { nK++; okK += hit; }
  });
  return { acc: ok / preds.length, accUpdated: nU ? okU / nU : NaN, accKept: nK ? okK / nK : NaN };
}

/** Trains one model on MQAR and returns its learning curve and accuracies. */
export async function trainMqar(spec: RunSpec): Promise<RunResult> {
  const rng = new Rng(spec.seed);
  const m = buildModel({ ...spec.model, vocabSize: spec.task.vocabSize }, rng.fork("init"));
  const test = toBatch(mqarSamples(spec.task, spec.testSize, 10_000 + spec.testSize));
  const curve: RunResult["curve"] = [];
  const dataKey = rng.fork("data").nextUint32();
  const opt = adamw({ learningRate: warmupCosine({ peak: spec.lr, warmupSteps: Math.max(1, Math.round(0.05 * spec.steps)), totalSteps: spec.steps }), weightDecay: spec.weightDecay });
  let last = { acc: 0, accUpdated: NaN, accKept: NaN };
  const t0 = Date.now();
  const res = await train({
    data: function* (epoch: number) {
      for (let i = 0; i < spec.evalEvery; i++) {
        const b = toBatch(mqarSamples(spec.task, spec.batch, (dataKey + epoch * spec.evalEvery + i) >>> 0));
        yield b;
        disposeBatch(b);
      }
    },
    loss: (b: MqarBatch) => mqarLoss(m, b),
    optimizer: opt,
    variables: m.params.trainable(),
    epochs: Math.ceil(spec.steps / spec.evalEvery),
    maxSteps: spec.steps,
    clipNorm: 1,
    progress: "none",
    evaluate: ({ step }) => {
      last = evaluateMqar(m, test);
      curve.push({ step, acc: last.acc, loss: NaN }); // the loop passes the number of steps done
      return { testAcc: last.acc };
    },
    callbacks: {
      onEpochEnd: (r, c) => {
        if (curve.length) curve[curve.length - 1].loss = r.loss;
        if (last.acc >= spec.stopAt) c.stop(`test accuracy ${last.acc.toFixed(3)} ≥ ${spec.stopAt}`);
      },
    },
  });
  const msPerStep = (Date.now() - t0) / Math.max(1, res.steps);
  const out: RunResult = {
    mixer: m.config.mixer, d: m.config.d, lr: spec.lr, seed: spec.seed, task: JSON.stringify(spec.task), budget: spec.steps, curve, acc: last.acc,
    best: Math.max(0, ...curve.map((c) => c.acc)), accUpdated: last.accUpdated, accKept: last.accKept, steps: res.steps, msPerStep, params: countParams(m),
  };
  disposeBatch(test);
  disposeModel(m);
  opt.dispose();
  return out;
}
