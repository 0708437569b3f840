/**
 * Data for the DataGemma reproduction: the local store (gapminder + US states, store.ts) and the seeded question
 * sets: point questions with gold answers (20 % unanswerable, card §5.5), Zipf place popularity (the tiny LM's
 * memory), and paraphrases for the retriever comparison (C4).
 */
import { loadGapminder } from "../../../datasets/entries/dslabs";
import { loadVegaTable } from "../../../datasets/entries/vega";
import { Rng } from "../../core/train/seed";
import { formatHuman } from "./rig";
import { buildStore, type LocalStore, type StateRow } from "./store";

/** The full local store: gapminder's 185 countries × 1960–2016 and the 52 US states (+ DC, Puerto Rico) of vega-datasets. */
export async function loadStore(): Promise<LocalStore> {
  const gap = await loadGapminder();
  const t = await loadVegaTable({ table: "population_engineers_hurricanes.csv" });
  const states: StateRow[] = t.rows.map((r) => ({ state: String(r.state), population: Number(r.population), engineers: Number(r.engineers), hurricanes: Number(r.hurricanes) }));
  return buildStore(gap, states);
}

/** One (variable, place, year) fact with its gold value. */
export interface Fact {
  varId: string;
  /** The variable's name as the question says it. */
  metric: string;
  placeId: string;
  place: string;
  year: string;
  value: number;
  /** 0-based popularity rank of the place (0 = most popular). */
  rank: number;
}

export interface FactSpec {
  /** Number of countries (the most populous in 2000, in that order = popularity rank). */
  places: number;
  /** Years, e.g. 1960, 1965, … */
  years: number[];
  /** Variable ids. */
  variables: string[];
  /** Zipf exponent s of place popularity: p(rank r) ∝ 1 / (r + 1)^s. */
  zipf: number;
}

/** The fact universe of the LM's memory: places × years × variables with a value in the store. */
export function factsOf(store: LocalStore, spec: FactSpec): Fact[] {
  const countries = store.places.filter((p) => p.type === "Country" && !/[()]/.test(p.name));
  const pop = (id: string) => store.value("Count_Person", id, "2000") ?? 0;
  const top = [...countries].sort((a, b) => pop(b.id) - pop(a.id) || (a.name < b.name ? -1 : 1)).slice(0, spec.places);
  const out: Fact[] = [];
  top.forEach((p, rank) => {
    for (const varId of spec.variables) {
      const metric = store.variable(varId).name;
      for (const y of spec.years) {
        const value = store.value(varId, p.id, String(y));
        if (value !== undefined) out.push({ varId, metric, placeId: p.id, place: p.name, year: String(y), value, rank });
      }
    }
  });
  return out;
}

/** Sampling weights of facts: Zipf over the place rank (variables and years uniform). */
export function popularity(facts: readonly Fact[], zipf: number): number[] {
  return facts.map((f) => 1 / Math.pow(f.rank + 1, zipf));
}

/** Draws `n` indices with the given weights (seeded). */
export function weightedDraws(weights: readonly number[], n: number, rng: Rng): number[] {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  return Array.from({ length: n }, () => {
    const u = rng.uniform() * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

/** The user's question about a fact (lower case, as the LM reads and copies it). */
export const questionOf = (f: Pick<Fact, "metric" | "place" | "year">) => `what was the ${f.metric} of ${f.place.toLowerCase()} in ${f.year}?`;

/** The model's stated value of a fact: 3 significant digits ("56.7 million"). */
export const statedValue = (f: Pick<Fact, "value">) => formatHuman(f.value);

/** Metrics the store does not hold (the share of questions DC cannot answer, card §5.5). */
export const UNANSWERABLE = ["diabetes prevalence", "unemployment rate", "carbon dioxide emissions", "literacy rate", "median household income"];

/** Reworded metric phrases (not in the index): synonym swaps, reordered words, inflections. */
export const REWORDINGS: Record<string, string[]> = {
  Count_Person: ["populations", "people count", "number of inhabitants", "total populace"],
  LifeExpectancy_Person: ["expectancy of life", "life expectancies", "lifespan expected", "expected life span"],
  FertilityRate_Person_Female: ["rate of fertility", "fertility rates", "births per women", "fertility level"],
  Count_Death_Infant_AsFractionOf_Count_BirthEvent_LiveBirth: ["rate of infant mortality", "infant mortality rates", "infant deaths rate", "mortality of infants"],
  Amount_EconomicActivity_GrossDomesticProduction_RealValue: ["gross domestic products", "domestic product gross", "economic outputs", "gdp level"],
};

/** One letter pair swapped inside the longest word (a typo). */
export function typo(s: string, rng: Rng): string {
  const ws = s.split(" ");
  let k = 0;
  ws.forEach((w, i) => (w.length > ws[k].length ? (k = i) : 0));
  const w = ws[k];
  if (w.length < 4) return s;
  const i = 1 + rng.int(w.length - 3);
  ws[k] = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return ws.join(" ");
}

/** A point question the retriever is tested on, with what it should resolve to (null variable: unanswerable). */
export interface PointQuestion {
  text: string;
  varId: string | null;
  placeId: string;
  year: string;
  /** How the metric was worded: "index" (a name or synonym DC indexes), "reworded", "typo". */
  kind: "index" | "reworded" | "typo" | "unanswerable";
}

/**
 * `n` point questions over the facts (uniform), a share `unanswerable` about metrics the store lacks; with probability
 * `pPara` the metric is reworded (REWORDINGS) or misspelt (half each), else a phrase from the variable's index.
 */
export function pointQuestions(store: LocalStore, facts: readonly Fact[], n: number, o: { pPara: number; unanswerable: number }, seed: number): PointQuestion[] {
  const rng = new Rng(seed).fork("point-questions");
  return Array.from({ length: n }, () => {
    const f = facts[rng.int(facts.length)];
    const place = store.place(f.placeId).name;
    if (rng.uniform() < o.unanswerable) {
      const m = UNANSWERABLE[rng.int(UNANSWERABLE.length)];
      return { text: `what was the ${m} of ${place} in ${f.year}?`, varId: null, placeId: f.placeId, year: f.year, kind: "unanswerable" as const };
    }
    const v = store.variable(f.varId);
    const indexed = [v.name, ...v.synonyms];
    let metric = indexed[rng.int(indexed.length)];
    let kind: PointQuestion["kind"] = "index";
    if (rng.uniform() < o.pPara) {
      if (rng.uniform() < 0.5) {
        const r = REWORDINGS[f.varId] ?? indexed;
        metric = r[rng.int(r.length)];
        kind = "reworded";
      } else {
        metric = typo(metric, rng);
        kind = "typo";
      }
    }
    return { text: `what was the ${metric} of ${place} in ${f.year}?`, varId: f.varId, placeId: f.placeId, year: f.year, kind };
  });
}
