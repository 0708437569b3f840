/**
 * LAQDA (arXiv 2410.10454) experiments on the WordNet stand-in, what the notebook calls (typed config of config.ts):
 * - main table and ablation: TF-IDF, mean-vector PN, PN, PN+topR, PN+OT, PN+LA, LA+topR, LA+OT at each K, per seed;
 *   every method of a (seed, K) runs on the same test episodes (paired); top-R is the released code's rule, OT the
 *   card's Sinkhorn reconstruction; refinements are applied at test time to models trained with `trainProto`;
 * - C2: hard (one part of speech) vs mixed episodes, and the adapter trained and tested with random label names;
 * - C3: Fisher-style ratio of episode vectors with and without the adapter;
 * - C4: sensitivity of LA+topR to R and LA+OT to ε on the cached 1-shot vectors;
 * - C5: balanced vs class-imbalanced queries vs Q = 1 (1-shot, LA model);
 * - fig_feature_space: one 3-way 1-shot episode in 2-D (PCA), PN vs LA+OT; fig_transport_precision per episode.
 */
import { loadWordVectors, type WordVectors } from "../../../datasets/entries/word-vectors";
import { featureInputs, type BertFeatures } from "./full";
import { laqdaMessages as msg } from "./messages";
import { symmetricEigen } from "../../../datasets/entries/word-vectors";
import { spreadOf } from "../../kit";
import { encodeTexts, randomNames, wordnetSet, type Episode, type TextSet, type TokenIds } from "./data";
import { disposeModel } from "./model";
import { classify, otPrototypes, plainPrototypes, prototypes, topRPrototypes, type ProtoMethod, type RefineOptions } from "./proto";
import { fisherRatio, meanVectorEpisodeAcc, meanWordVectors, tfidfEpisodeAcc, tfidfVectors } from "./baselines";
import type { LaqdaConfig } from "./config";
import { embedEpisode, restoreSnapshot, testEpisodes, trainModel, type TrainedModel, type TrainSpec } from "./train";

/** One (seed, K, method) cell: mean query accuracy over the test episodes and its 95 % episode CI half-width. */
export interface MethodRow {
  seed: number;
  K: number;
  method: string;
  acc: number;
  ci: number;
  /** Same method on the hard (same part of speech) episodes, when measured. */
  hardAcc?: number;
}

/** Everything one run measures. */
export interface LaqdaResults {
  main: MethodRow[];
  fisher: { seed: number; K: number; model: "PN" | "PN+LA"; ratio: number }[];
  sensitivity: { seed: number; knob: "R" | "ε"; value: number; method: "LA+topR" | "LA+OT"; acc: number }[];
  imbalance: { seed: number; setting: "balanced" | "imbalanced" | "Q = 1"; plain: number; ot: number; topR: number }[];
  transport: { seed: number; episode: number; mass: number; delta: number; topRPrecision: number }[];
  feature: { model: string; kind: "support" | "query" | "prototype" | "refined"; cls: number; x: number; y: number; x0?: number; y0?: number }[];
  timing: { model: string; msPerStep: number; steps: number }[];
  /** Plateau check: PN at the first K trained with `steps` and with 2 × `steps` episodes, on the same test episodes. */
  plateau: { seed: number; K: number; steps: number; acc: number; accDouble: number }[];
  coverage: number;
  wallS: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
export const episodeCi95 = (xs: readonly number[]) => (xs.length > 1 ? (1.96 * spreadOf(xs).sd) / Math.sqrt(xs.length) : 0);

/** Test-time methods applied to each trained model (label of the row → prototype method). */
export const REFINED: [ProtoMethod, string][] = [["plain", ""], ["topR", "+topR"], ["ot", "+OT"]];

/** Accuracies of `methods` on episodes whose vectors are `zs` (list per episode). */
export function methodAccs(zs: readonly Float64Array[], eps: readonly Episode[], d: number, refine: RefineOptions, method: ProtoMethod): number[] {
  return eps.map((ep, e) => {
    const NK = ep.support.length, z = zs[e];
    const p = prototypes(method, z.subarray(0, NK * d), z.subarray(NK * d), ep.classes.length, ep.K, d, refine);
    return classify(z.subarray(NK * d), p.protos, d, ep.queryLabels).acc;
  });
}

/** Inputs of a run: frozen token table (word vectors, or BERT states), the set, token ids of texts and names. */
export interface RunInputs {
  vec: Pick<WordVectors, "vectors" | "dims" | "index" | "words">;
  set: TextSet;
  tok: TokenIds;
  nameTok: TokenIds;
  /** True when the table holds pre-extracted BERT states (no words: the random-name control is skipped). */
  features: boolean;
}

/** Loads the stand-in data once (vectors, WordNet set, token ids), or takes `given` with its BERT `features`. */
export async function loadStandIn(cfg: LaqdaConfig, given?: TextSet, features?: BertFeatures): Promise<RunInputs> {
  const maxLen = cfg.model.maxLen ?? 24;
  const set = given ?? (await wordnetSet({ perClass: cfg.perClass, seed: cfg.seed }));
  if (features) {
    const f = featureInputs(features, maxLen);
    if (!f.nameTok) throw new Error(msg.noNameFeatures());
    return { vec: { vectors: f.vectors, dims: f.dims, index: new Map(), words: [] }, set, tok: f.tok, nameTok: f.nameTok ?? f.tok, features: true };
  }
  const vec = await loadWordVectors();
  return { vec, set, tok: encodeTexts(set.texts, vec, maxLen, set.tokenize), nameTok: encodeTexts(set.labelNames, vec, 4, set.tokenize), features: false };
}

/** Whether some super-topic of the test split has N classes (else no "hard" episodes: their accuracies read NaN). */
export function hasHardEpisodes(set: TextSet, N: number): boolean {
  const test = set.splits.test;
  return test.some((c) => test.filter((x) => set.superTopic[x] === set.superTopic[c]).length >= N);
}

/** 2-D PCA coordinates of rows [n, d]. */
function pca2(rows: Float64Array, d: number): number[][] {
  const n = rows.length / d;
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mu[k] += rows[i * d + k] / n;
  const C = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) C[a * d + b] += ((rows[i * d + a] - mu[a]) * (rows[i * d + b] - mu[b])) / n;
  const e = symmetricEigen(C, d, 30);
  return Array.from({ length: n }, (_, i) => [0, 1].map((c) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += (rows[i * d + k] - mu[k]) * e.vectors[c * d + k];
    return s;
  }));
}

/** fig_feature_space rows: one 3-way 1-shot episode under `t`: supports, queries, c⁰ and the OT prototypes in 2-D. */
function featureRows(t: TrainedModel, label: string, set: TextSet, tok: TokenIds, nameTok: TokenIds, ep: Episode, refine: RefineOptions): LaqdaResults["feature"] {
  const d = t.model.config.d, N = ep.classes.length, NK = ep.support.length, M = ep.query.length;
  const z = embedEpisode(t, set, tok, nameTok, ep);
  const c0 = plainPrototypes(z.subarray(0, NK * d), N, ep.K, d);
  const ot = otPrototypes(c0, z.subarray(NK * d), N, ep.K, d, refine.ot).protos;
  const all = new Float64Array((NK + M + 2 * N) * d);
  all.set(z, 0);
  all.set(c0, (NK + M) * d);
  all.set(ot, (NK + M + N) * d);
  const xy = pca2(all, d);
  const out: LaqdaResults["feature"] = [];
  for (let i = 0; i < NK; i++) out.push({ model: label, kind: "support", cls: Math.floor(i / ep.K), x: xy[i][0], y: xy[i][1] });
  for (let m = 0; m < M; m++) out.push({ model: label, kind: "query", cls: ep.queryLabels[m], x: xy[NK + m][0], y: xy[NK + m][1] });
  for (let n = 0; n < N; n++) {
    const p = xy[NK + M + n], r = xy[NK + M + N + n];
    out.push({ model: label, kind: "prototype", cls: n, x: p[0], y: p[1] });
    out.push({ model: label, kind: "refined", cls: n, x: r[0], y: r[1], x0: p[0], y0: p[1] });
  }
  return out;
}

/**
 * Runs every experiment of the notebook on the WordNet stand-in (or on `given`, e.g. a ContrastNet split at full
 * scale: hard episodes then fall back to the one super-topic); `log` gets one line per trained model.
 */
export async function runLaqda(cfg: LaqdaConfig, log: (s: string) => void = () => undefined, given?: TextSet, features?: BertFeatures): Promise<LaqdaResults> {
  const t0 = Date.now();
  const { vec, set, tok, nameTok, features: fromBert } = await loadStandIn(cfg, given, features);
  const d = vec.dims;
  const refine: RefineOptions = { R: cfg.R, ot: cfg.ot };
  const tfidf = tfidfVectors(set);
  const meanVec = meanWordVectors(tok, vec.vectors, vec.dims);
  const r: LaqdaResults = { main: [], fisher: [], sensitivity: [], imbalance: [], transport: [], feature: [], timing: [], plateau: [], coverage: tok.coverage, wallS: 0 };
  for (let s = 0; s < cfg.seeds; s++) {
    const seed = cfg.seed + s;
    // trainShots "first": PN, PN [CLS] and PN+LA are trained once on first-K episodes and tested at every K (cache)
    const cache = new Map<string, TrainedModel>();
    const reuse = cfg.trainShots === "first";
    for (const K of cfg.shots) {
      const spec = { N: cfg.N, K, Q: cfg.Q };
      const trainK = reuse ? cfg.shots[0] : K;
      const eps = testEpisodes(set, spec, cfg.testEpisodes, seed, `main-${K}`);
      const hard = hasHardEpisodes(set, cfg.N) ? testEpisodes(set, { ...spec, sameSuperTopic: true }, cfg.testEpisodes, seed, `hard-${K}`) : [];
      const tfA = eps.map((ep) => tfidfEpisodeAcc(tfidf, ep)), mvA = eps.map((ep) => meanVectorEpisodeAcc(meanVec, vec.dims, ep));
      r.main.push({ seed, K, method: "TF-IDF", acc: mean(tfA), ci: episodeCi95(tfA), hardAcc: mean(hard.map((ep) => tfidfEpisodeAcc(tfidf, ep))) });
      r.main.push({ seed, K, method: "mean-vector PN", acc: mean(mvA), ci: episodeCi95(mvA), hardAcc: mean(hard.map((ep) => meanVectorEpisodeAcc(meanVec, vec.dims, ep))) });
      const train = (adapter: boolean, names?: string[], readout?: "cls", plateau = false): Promise<TrainedModel> => trainModel(set, vec, tok, {
        model: { ...cfg.model, d, adapter, ...(readout ? { readout } : {}) }, proto: cfg.trainProto, episode: { ...spec, K: trainK }, steps: plateau ? 2 * cfg.steps : cfg.steps,
        lr: cfg.lr, weightDecay: cfg.weightDecay, lambdaG: cfg.lambdaG, ceOverN: cfg.ceOverN, refine, seed, names, nameIds: fromBert ? nameTok : undefined, snapshotAt: plateau ? cfg.steps : undefined,
      } satisfies TrainSpec);
      if (cfg.clsRow) {
        // the one-change ablation of the adapter: PN reading the [CLS] state, as the adapter does (plain prototypes only)
        const tc = cache.get("PN [CLS]") ?? (await train(false, undefined, "cls"));
        if (!cache.has("PN [CLS]")) log(`seed ${seed} K=${trainK} PN [CLS]: ${tc.steps} steps, final loss ${tc.finalLoss.toFixed(3)}`);
        const a = methodAccs(eps.map((ep) => embedEpisode(tc, set, tok, nameTok, ep)), eps, d, refine, "plain");
        r.main.push({ seed, K, method: "PN [CLS]", acc: mean(a), ci: episodeCi95(a) });
        if (reuse) cache.set("PN [CLS]", tc);
        else disposeModel(tc.model);
      }
      const variants: [string, boolean, string[] | undefined][] = [["PN", false, undefined], ["PN+LA", true, undefined]];
      if (cfg.randomNames && !fromBert && K === cfg.shots[0]) variants.push(["LA (random names)", true, randomNames(set, vec, seed)]);
      for (const [label, adapter, names] of variants) {
        // plateau check (regime): PN trains on to 2 × steps, is scored on the test episodes, then gets its `steps` weights back
        const plateau = label === "PN" && s < cfg.plateauSeeds && K === cfg.shots[0];
        const cached = cache.get(label);
        const t = cached ?? (await train(adapter, names, undefined, plateau));
        if (plateau) {
          const accDouble = mean(methodAccs(eps.map((ep) => embedEpisode(t, set, tok, nameTok, ep)), eps, d, refine, "plain"));
          restoreSnapshot(t);
          r.plateau.push({ seed, K, steps: cfg.steps, acc: NaN, accDouble });
          log(`seed ${seed} K=${K} PN plateau check: ${t.steps} steps scored ${accDouble.toFixed(3)}, weights of step ${cfg.steps} restored`);
        }
        const nt = names ? encodeTexts(names, vec, 4) : nameTok;
        if (!cached) log(`seed ${seed} K=${trainK} ${label}: ${t.steps} steps, ${t.msPerStep.toFixed(0)} ms/step, final loss ${t.finalLoss.toFixed(3)}`);
        if (s === 0 && !cached) r.timing.push({ model: `${label} K=${K}`, msPerStep: t.msPerStep, steps: t.steps });
        const zs = eps.map((ep) => embedEpisode(t, set, tok, nt, ep));
        const zh = names ? [] : hard.map((ep) => embedEpisode(t, set, tok, nt, ep)); // the random-name control: mixed episodes only
        const base = label === "PN+LA" ? "LA" : label;
        for (const [method, suffix] of label === "LA (random names)" ? REFINED.slice(0, 1) : REFINED) {
          const a = methodAccs(zs, eps, d, refine, method);
          const name = method === "plain" ? label : `${base}${suffix}`;
          r.main.push({ seed, K, method: name, acc: mean(a), ci: episodeCi95(a), hardAcc: zh.length ? mean(methodAccs(zh, hard, d, refine, method)) : undefined });
          if (name === "PN") for (const p of r.plateau) if (p.seed === seed && p.K === K) p.acc = mean(a);
        }
        if (!names) r.fisher.push({ seed, K, model: adapter ? "PN+LA" : "PN", ratio: mean(eps.map((ep, e) => fisherRatio(zs[e], d, ep))) });
        if (adapter && !names && K === cfg.shots[0]) {
          for (const R of cfg.sweepR) r.sensitivity.push({ seed, knob: "R", value: R, method: "LA+topR", acc: mean(methodAccs(zs, eps, d, { ...refine, R }, "topR")) });
          for (const e of cfg.sweepEps) r.sensitivity.push({ seed, knob: "ε", value: e, method: "LA+OT", acc: mean(methodAccs(zs, eps, d, { ...refine, ot: { ...refine.ot, eps: e } }, "ot")) });
          const settings: [LaqdaResults["imbalance"][number]["setting"], Episode[], Float64Array[]][] = [["balanced", eps, zs]];
          for (const [setting, Q] of [["imbalanced", cfg.imbalancedQ], ["Q = 1", 1]] as const) {
            const list = testEpisodes(set, { ...spec, Q }, cfg.testEpisodes, seed, `c5-${setting}`);
            settings.push([setting, list, list.map((ep) => embedEpisode(t, set, tok, nt, ep))]);
          }
          for (const [setting, list, z] of settings) {
            r.imbalance.push({ seed, setting, plain: mean(methodAccs(z, list, d, refine, "plain")), ot: mean(methodAccs(z, list, d, refine, "ot")), topR: mean(methodAccs(z, list, d, refine, "topR")) });
          }
          const plain = methodAccs(zs, eps, d, refine, "plain"), ot = methodAccs(zs, eps, d, refine, "ot");
          eps.forEach((ep, e) => {
            const NK = ep.support.length, z = zs[e];
            const o = otPrototypes(plainPrototypes(z.subarray(0, NK * d), cfg.N, K, d), z.subarray(NK * d), cfg.N, K, d, refine.ot, ep.queryLabels);
            const tr = topRPrototypes(z.subarray(0, NK * d), z.subarray(NK * d), cfg.N, K, refine.R, d, ep.queryLabels);
            r.transport.push({ seed, episode: e, mass: o.precision, delta: ot[e] - plain[e], topRPrecision: tr.precision });
          });
        }
        if (s === 0 && K === cfg.shots[0] && !names) {
          const ep3 = testEpisodes(set, { N: 3, K: 1, Q: cfg.Q }, 1, seed, "feature")[0];
          r.feature.push(...featureRows(t, adapter ? "LA+OT" : "PN", set, tok, nt, ep3, refine));
        }
        if (reuse && !names) cache.set(label, t);
        else disposeModel(t.model);
      }
    }
    for (const t of cache.values()) disposeModel(t.model);
  }
  r.wallS = (Date.now() - t0) / 1000;
  return r;
}

/** Mean over seeds of one method's accuracy at K (NaN when absent), and the per-seed values. */
export function methodAcc(rows: readonly MethodRow[], method: string, K: number, field: "acc" | "hardAcc" = "acc"): { mean: number; values: number[] } {
  const values = rows.filter((x) => x.method === method && x.K === K).map((x) => x[field] ?? NaN);
  return { mean: values.length ? mean(values) : NaN, values };
}

/** Main-table summary: one row per (K, method) with mean ± sd over seeds and the mean episode CI. */
export function summarize(rows: readonly MethodRow[]): { K: number; method: string; acc: number; sd: number; ci: number; hardAcc: number; seeds: number }[] {
  const keys = [...new Set(rows.map((x) => `${x.K}|${x.method}`))];
  return keys.map((k) => {
    const [K, method] = [Number(k.split("|")[0]), k.slice(k.indexOf("|") + 1)];
    const rs = rows.filter((x) => x.K === K && x.method === method);
    const sp = spreadOf(rs.map((x) => x.acc));
    return { K, method, acc: sp.mean, sd: sp.n > 1 ? sp.sd : 0, ci: mean(rs.map((x) => x.ci)), hardAcc: mean(rs.map((x) => x.hardAcc ?? NaN)), seeds: rs.length };
  });
}
