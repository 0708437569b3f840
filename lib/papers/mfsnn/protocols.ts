/**
 * Training protocols across days (card §2.3 [INFERRED] reading of the paper's "mini-batch supervised generalization
 * learning", MSGL): which training trials each optimizer step sees. Every protocol gets the same number of steps
 * of the same batch size, so they differ only in what the batches hold:
 *   S   the last training day only (its 80 % training trials);
 *   Sm  the last training day with as many (fresh) trials as M's pool — M > S is then not just more data;
 *   Q   day by day in order, fine-tuning: the steps are split evenly over the days, oldest first;
 *   P   all training days pooled, random batches;
 *   M   MSGL: every batch takes batch/D trials from each of the D training days, class-balanced within the day;
 *   M+  M with each day z-scored by its own statistics (test days too: unlabeled test-time adaptation, reported apart).
 */
import type { Rng } from "../../core/train/seed";
import { assertTrainingOnly, type Split, type Trials } from "./data";
import { mfsnnMessages } from "./messages";

/** The protocols. */
export const PROTOCOLS = ["S", "Sm", "Q", "P", "M", "M+"] as const;
/** A protocol. */
export type Protocol = (typeof PROTOCOLS)[number];

/** The training trials of a protocol (all of them; the normaliser is fitted on these). */
export function trainingPool(p: Protocol, split: Split): number[] {
  if (!(PROTOCOLS as readonly string[]).includes(p)) throw new Error(mfsnnMessages.unknownProtocol(p, PROTOCOLS));
  if (p === "S") return [...split.byDay[split.byDay.length - 1].train];
  if (p === "Sm") return [...split.extra];
  return split.byDay.flatMap((d) => d.train);
}

/** An endless shuffled stream over `pool` (a fresh permutation each pass). */
function cycler(pool: readonly number[], rng: Rng): () => number {
  let order: number[] = [];
  let at = 0;
  return () => {
    if (at >= order.length) {
      order = rng.shuffle([...pool]);
      at = 0;
    }
    return order[at++];
  };
}

/** Class-balanced draws from one day's trials: classes in rotating shuffled order, each class's trials cycled. */
function balancedDay(d: Trials, pool: readonly number[], rng: Rng): (m: number) => number[] {
  const byClass = Array.from({ length: d.K }, (_, k) => pool.filter((i) => d.labels[i] === k)).filter((xs) => xs.length);
  const classes = cycler(byClass.map((_, j) => j), rng.fork("classes"));
  const trials = byClass.map((xs, j) => cycler(xs, rng.fork(`class/${j}`)));
  return (m) => Array.from({ length: m }, () => trials[classes()]());
}

/**
 * The index batches of `steps` optimizer steps of protocol `p` (M+ has M's batches). Throws when a batch would
 * hold a test-day trial.
 */
export function protocolBatches(p: Protocol, d: Trials, split: Split, steps: number, batch: number, rng: Rng): number[][] {
  const pool = trainingPool(p, split);
  if (!pool.length) throw new Error(mfsnnMessages.noTrainTrials(p));
  assertTrainingOnly(d, split, pool, `training (protocol ${p})`);
  const out: number[][] = [];
  if (p === "M" || p === "M+") {
    const D = split.byDay.length;
    const per = Math.max(1, Math.floor(batch / D));
    const days = split.byDay.map((x) => balancedDay(d, x.train, rng.fork(`day/${x.day}`)));
    for (let s = 0; s < steps; s++) out.push(rng.shuffle(days.flatMap((draw) => draw(per))));
    return out;
  }
  if (p === "Q") {
    const D = split.byDay.length;
    const next = split.byDay.map((x) => cycler(x.train, rng.fork(`q/${x.day}`)));
    for (let s = 0; s < steps; s++) {
      const j = Math.min(D - 1, Math.floor((s * D) / steps)); // day j for steps [j·steps/D, (j+1)·steps/D)
      out.push(Array.from({ length: batch }, () => next[j]()));
    }
    return out;
  }
  const next = cycler(pool, rng.fork("pool"));
  for (let s = 0; s < steps; s++) out.push(Array.from({ length: batch }, () => next()));
  return out;
}
