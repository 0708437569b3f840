/**
 * The one training loop for custom models (weights as tf.Variables, a loss function over a
 * batch): epochs and/or a step budget, evaluation, callbacks, early stopping, global-norm
 * gradient clipping, checkpoints (and resume), and live progress.
 *
 * Each step runs in one tf.tidy: the next batch is drawn, `tf.variableGrads` computes the loss
 * and gradients, the optimizer updates, and every tensor created meanwhile (batch tensors made by
 * the data iterator included) is freed, so `tf.memory().numTensors` stays flat across steps.
 */
import * as tf from "@tensorflow/tfjs";
import { interruptSignal, throwIfInterrupted } from "./interrupt";
import { trainMessages } from "./messages";
import { clipByGlobalNorm } from "./optim/lamb";
import { hasCheckpoint, loadCheckpoint, namedVariables, saveCheckpoint, VariableSet } from "./checkpoint";
import { createProgress, CurveRow, ProgressMode, ProgressReporter, ProgressState } from "./progress";
import { runInfo, RunInfo } from "./run-info";

/** Where a step is in the run (passed to `loss`). */
export interface StepInfo {
  /** 0-based global step index. */
  step: number;
  /** 0-based epoch. */
  epoch: number;
}

/** One training step as recorded in `history`. */
export interface StepRecord {
  step: number;
  epoch: number;
  loss: number;
  /** Learning rate used by this step, when the optimizer tells. */
  lr?: number;
  /** Global gradient norm before clipping (only with `clipNorm`). */
  gradNorm?: number;
}

/** One epoch: mean training loss plus whatever `evaluate` returned. */
export interface EpochRecord {
  epoch: number;
  /** Global steps done at the end of this epoch. */
  step: number;
  /** Mean training loss over the epoch's steps. */
  loss: number;
  /** Steps in this epoch. */
  steps: number;
  /** Wall time of the epoch (training and evaluation), ms. */
  ms: number;
  lr?: number;
  [metric: string]: number | undefined;
}

/** Handed to callbacks: read where the run is, or stop it. */
export interface TrainControl {
  readonly step: number;
  readonly epoch: number;
  /** Ends training after the current step (or epoch, when called from onEpochEnd). */
  stop(reason?: string): void;
}

/** Hooks into the loop; every one may be async. */
export interface TrainCallbacks {
  onTrainBegin?(c: TrainControl): void | Promise<void>;
  onEpochBegin?(epoch: number, c: TrainControl): void | Promise<void>;
  onStepEnd?(r: StepRecord, c: TrainControl): void | Promise<void>;
  onEpochEnd?(r: EpochRecord, c: TrainControl): void | Promise<void>;
  onTrainEnd?(r: TrainResult): void | Promise<void>;
}

/** Early stopping on an epoch-record key. */
export interface EarlyStoppingOptions {
  /** Key of the epoch record to watch (e.g. "valLoss", "valAcc"; default "loss"). */
  monitor?: string;
  /** "min" (default) for losses, "max" for accuracies. */
  mode?: "min" | "max";
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put the best epoch's weights back at the end (default false). */
  restoreBest?: boolean;
}

/** Configuration of `train`. */
export interface TrainConfig<B> {
  /**
   * The batches of one epoch, as a sync iterable (array or generator). Tensors created while
   * iterating are freed after their step; create tensors that must persist outside `data`.
   */
  data: (epoch: number) => Iterable<B>;
  /**
   * Scalar loss of one batch; runs inside the gradient tape, so it must be synchronous. Write it
   * after `data` in the object literal so TypeScript infers the batch type from `data`.
   */
  loss: (batch: B, info: StepInfo) => tf.Scalar;
  optimizer: tf.Optimizer;
  /** The trained variables (default: every trainable variable the loss touches). Names key checkpoints. */
  variables?: VariableSet;
  /** Epochs (default 1). */
  epochs?: number;
  /** Stop after this many steps in total. */
  maxSteps?: number;
  /** Steps per epoch, for the progress bar's total (measured after the first epoch otherwise). */
  stepsPerEpoch?: number;
  /** Clip gradients to this global L2 norm (torch.nn.utils.clip_grad_norm_). */
  clipNorm?: number;
  /** Evaluation: numbers merged into the epoch record (e.g. { valLoss, valAcc }); free its tensors (tf.tidy). */
  evaluate?: (info: StepInfo) => Record<string, number> | Promise<Record<string, number>>;
  /** Evaluate every this many epochs (default 1; the last epoch always). */
  evalEvery?: number;
  callbacks?: TrainCallbacks | TrainCallbacks[];
  earlyStopping?: EarlyStoppingOptions;
  /** Save a checkpoint to `dir` every `everyEpochs` (default 1) epochs, with optimizer state unless `optimizer: false`. */
  checkpoint?: { dir: string; everyEpochs?: number; optimizer?: boolean };
  /** Resume from this checkpoint directory when it holds one (weights, optimizer, epoch, step). */
  resume?: string;
  /** Progress: "auto" (notebook display or lines), "display", "lines" or "none". */
  progress?: ProgressMode;
  /** Minimum ms between progress updates (default 250 in a notebook, 2000 for lines). */
  progressEveryMs?: number;
  /** Where headless progress lines go (default stdout). */
  log?: (line: string) => void;
  /** Title of the progress display. */
  title?: string;
  /** Throw when the loss is NaN or infinite (default true). */
  checkFinite?: boolean;
  /**
   * Stops training (throwing its reason) once aborted, checked before every step and epoch. Default: the
   * notebook cell's interrupt signal, so an interrupted cell's training stops even if it ran on in the background.
   */
  signal?: AbortSignal;
}

/** What `train` returns. */
export interface TrainResult {
  /** Steps done in total (including steps restored from a checkpoint). */
  steps: number;
  epochs: EpochRecord[];
  /** Steps of this call (not those before a resume). */
  history: StepRecord[];
  /** Why training ended before `epochs`, if it did. */
  stopReason?: string;
  /** Best monitored value when early stopping was on. */
  best?: { monitor: string; value: number; epoch: number };
  wallMs: number;
  info: RunInfo;
}

/** The learning rate the optimizer will use at `step`, when it exposes one. */
function learningRateOf(opt: tf.Optimizer, step: number): number | undefined {
  const o = opt as unknown as { learningRateAt?: (s: number) => number; learningRate?: unknown };
  if (typeof o.learningRateAt === "function") return o.learningRateAt(step);
  return typeof o.learningRate === "number" ? o.learningRate : undefined;
}

function isAsyncOnly(x: unknown): boolean {
  return x != null && typeof x === "object" && Symbol.asyncIterator in x && !(Symbol.iterator in x);
}

/** Trains until the epochs or step budget are spent, a callback stops it, or early stopping fires. */
export async function train<B>(cfg: TrainConfig<B>): Promise<TrainResult> {
  const t0 = Date.now();
  const signal = cfg.signal ?? interruptSignal();
  throwIfInterrupted(signal);
  const epochs = cfg.epochs ?? 1;
  const checkFinite = cfg.checkFinite ?? true;
  const callbacks = cfg.callbacks ? (Array.isArray(cfg.callbacks) ? cfg.callbacks : [cfg.callbacks]) : [];
  let varList: tf.Variable[] | undefined = cfg.variables ? namedVariables(cfg.variables).map(([, v]) => v) : undefined;
  const progress: ProgressReporter | undefined = createProgress(cfg.progress ?? "auto", { everyMs: cfg.progressEveryMs, log: cfg.log });

  let step = 0;
  let startEpoch = 0;
  const epochRecords: EpochRecord[] = [];
  const history: StepRecord[] = [];
  const curve: CurveRow[] = [];
  if (cfg.resume && hasCheckpoint(cfg.resume)) {
    if (!cfg.variables) throw new Error("train: resume needs config.variables (the names saved in the checkpoint)");
    const m = await loadCheckpoint(cfg.resume, { variables: cfg.variables, optimizer: cfg.optimizer });
    startEpoch = (m.epoch ?? -1) + 1;
    step = m.step ?? 0;
    const saved = (m.meta?.epochs ?? []) as EpochRecord[];
    epochRecords.push(...saved);
    for (const r of saved) curve.push({ step: r.step, loss: r.loss, run: "train" });
  }

  let stopReason: string | undefined;
  let epoch = startEpoch;
  const control: TrainControl = {
    get step() {
      return step;
    },
    get epoch() {
      return epoch;
    },
    stop(reason = "stopped by a callback") {
      stopReason ??= reason;
    },
  };

  const es = cfg.earlyStopping;
  const monitor = es?.monitor ?? "loss";
  let best: TrainResult["best"];
  let wait = 0;
  let snapshot: tf.Tensor[] | undefined;

  let stepsPerEpoch = cfg.stepsPerEpoch;
  let epochStep = 0; // steps done in the epoch in progress
  const state = (): ProgressState => {
    const per = stepsPerEpoch;
    let total = per !== undefined ? per * epochs : undefined;
    if (cfg.maxSteps !== undefined) total = total === undefined ? cfg.maxSteps : Math.min(total, cfg.maxSteps);
    // Exact only when the length was declared, or maxSteps ends the run before the declared/measured epochs
    // do; steps per epoch measured from the first epoch, or maxSteps over data of unknown length, estimate it.
    const exact = total === undefined || cfg.stepsPerEpoch !== undefined || (per !== undefined && cfg.maxSteps !== undefined && cfg.maxSteps <= per * epochs);
    const lastEval = epochRecords.at(-1);
    const metrics: Record<string, number> = {};
    if (lastEval) {
      for (const [k, v] of Object.entries(lastEval)) {
        if (!["epoch", "step", "loss", "steps", "ms", "lr"].includes(k) && typeof v === "number") metrics[k] = v;
      }
    }
    return {
      title: cfg.title ?? "train",
      epoch,
      epochs,
      step,
      totalSteps: total,
      totalEstimated: !exact,
      epochStep,
      loss: history.at(-1)?.loss ?? lastEval?.loss,
      lr: learningRateOf(cfg.optimizer, step),
      elapsedMs: Date.now() - t0,
      metrics,
      done: false,
    };
  };

  for (const c of callbacks) await c.onTrainBegin?.(control);

  for (epoch = startEpoch; epoch < epochs && stopReason === undefined; epoch++) {
    const te = Date.now();
    throwIfInterrupted(signal);
    for (const c of callbacks) await c.onEpochBegin?.(epoch, control);
    const iterable = cfg.data(epoch);
    if (isAsyncOnly(iterable)) throw new TypeError(trainMessages.asyncData());
    const it = iterable[Symbol.iterator]();
    let sum = 0;
    let n = 0;
    epochStep = 0;
    let lastLr: number | undefined;
    for (;;) {
      throwIfInterrupted(signal);
      if (cfg.maxSteps !== undefined && step >= cfg.maxSteps) {
        stopReason ??= `maxSteps ${cfg.maxSteps} reached`;
        break;
      }
      const info: StepInfo = { step, epoch };
      const lr = learningRateOf(cfg.optimizer, step);
      let finished = false;
      const out = tf.tidy(() => {
        const r = it.next();
        if (r.done) {
          finished = true;
          return undefined;
        }
        const { value, grads } = tf.variableGrads(() => {
          const l = cfg.loss(r.value, info);
          if (l.rank !== 0) throw new Error(trainMessages.lossNotScalar(l.shape));
          return l;
        }, varList);
        const names = Object.keys(grads);
        if (names.length === 0) throw new Error(trainMessages.noVariables());
        let gs = names.map((k) => grads[k]);
        let norm: tf.Scalar | undefined;
        if (cfg.clipNorm !== undefined) ({ grads: gs, norm } = clipByGlobalNorm(gs, cfg.clipNorm));
        cfg.optimizer.applyGradients(Object.fromEntries(names.map((k, i) => [k, gs[i]])));
        if (!varList) varList = names.map((k) => tf.engine().registeredVariables[k]);
        return norm ? { loss: value, norm } : { loss: value };
      });
      if (finished || !out) break;
      const loss = (await out.loss.data())[0];
      const gradNorm = out.norm ? (await out.norm.data())[0] : undefined;
      tf.dispose([out.loss, ...(out.norm ? [out.norm] : [])]);
      if (checkFinite && !Number.isFinite(loss)) throw new Error(trainMessages.lossNotFinite(step, loss));
      const rec: StepRecord = { step, epoch, loss };
      if (lr !== undefined) rec.lr = lastLr = lr;
      if (gradNorm !== undefined) rec.gradNorm = gradNorm;
      history.push(rec);
      curve.push({ step: step + 1, loss, run: "train" });
      sum += loss;
      n++;
      epochStep = n;
      step++;
      for (const c of callbacks) await c.onStepEnd?.(rec, control);
      if (progress) await progress.update(state(), curve);
      if (stopReason !== undefined) break;
    }
    if (n === 0 && stopReason !== undefined) break;
    if (stepsPerEpoch === undefined && stopReason === undefined) stepsPerEpoch = n;

    const rec: EpochRecord = { epoch, step, loss: n ? sum / n : NaN, steps: n, ms: 0 };
    if (lastLr !== undefined) rec.lr = lastLr;
    const evalEvery = cfg.evalEvery ?? 1;
    const lastEpoch = epoch === epochs - 1 || stopReason !== undefined;
    if (cfg.evaluate && ((epoch + 1) % evalEvery === 0 || lastEpoch)) {
      const metrics = await cfg.evaluate({ step, epoch });
      for (const [k, v] of Object.entries(metrics)) {
        rec[k] = v;
        if (/loss/i.test(k) && Number.isFinite(v)) curve.push({ step, loss: v, run: k });
      }
    }
    rec.ms = Date.now() - te;
    epochRecords.push(rec);

    if (es) {
      const v = rec[monitor];
      if (v === undefined) {
        // an epoch without evaluation cannot be judged; the first one without the key is an error
        if (!epochRecords.some((r) => r[monitor] !== undefined)) {
          throw new Error(trainMessages.unknownMonitor(monitor, Object.keys(rec)));
        }
      } else {
        const minDelta = es.minDelta ?? 0;
        const better = best === undefined || ((es.mode ?? "min") === "min" ? v < best.value - minDelta : v > best.value + minDelta);
        if (better) {
          best = { monitor, value: v, epoch };
          wait = 0;
          if (es.restoreBest && varList) {
            tf.dispose(snapshot ?? []);
            snapshot = varList.map((x) => tf.keep(x.clone()));
          }
        } else if (++wait >= (es.patience ?? 3)) {
          stopReason ??= `early stopping: ${monitor} did not improve for ${wait} epochs (best ${best!.value} at epoch ${best!.epoch})`;
        }
      }
    }

    const ck = cfg.checkpoint;
    if (ck && ((epoch + 1) % (ck.everyEpochs ?? 1) === 0 || lastEpoch || stopReason !== undefined)) {
      const vars = cfg.variables ?? varList ?? [];
      await saveCheckpoint(ck.dir, {
        variables: vars,
        optimizer: ck.optimizer === false ? undefined : cfg.optimizer,
        step,
        epoch,
        meta: { epochs: epochRecords, info: runInfo({ startedAt: t0 }) },
      });
    }
    for (const c of callbacks) await c.onEpochEnd?.(rec, control);
    if (progress) await progress.update(state(), curve, true);
  }
  epoch = Math.min(epoch, epochs - 1); // the last epoch run, for the final progress line

  if (snapshot && varList) {
    varList.forEach((v, i) => v.assign(snapshot![i]));
    tf.dispose(snapshot);
  }
  const result: TrainResult = {
    steps: step,
    epochs: epochRecords,
    history,
    stopReason,
    best,
    wallMs: Date.now() - t0,
    info: runInfo({ startedAt: t0 }),
  };
  // A run that went to its end knows its total exactly now; a stopped one keeps the planned total.
  const exactEnd = stopReason === undefined ? { totalSteps: step, totalEstimated: false } : {};
  if (progress) await progress.update({ ...state(), ...exactEnd, done: true, note: stopReason }, curve, true);
  for (const c of callbacks) await c.onTrainEnd?.(result);
  return result;
}
