/**
 * The local statistics store standing in for Data Commons (DC): `Variable`, `Place`, `Obs` (card §5.1).
 *
 * Sources: gapminder (dslabs extract shipped in datasets/, 185 countries × 1960–2016: population, life expectancy,
 * fertility, infant mortality, GDP), with its region → continent → Earth hierarchy; and the US states of vega-datasets'
 * `population_engineers_hurricanes.csv` (undated snapshot; the country/state "Georgia" ambiguity lives here).
 * Aliases ("US", "UK", …) are added by hand. Values are old snapshots, not current facts.
 */
import type { GapminderRow } from "../../../datasets/entries/dslabs";
import { dcMessages as M } from "./messages";

export type PlaceType = "Earth" | "Continent" | "Region" | "Country" | "State";

export interface Variable {
  /** DC-style id, e.g. "Count_Person". */
  id: string;
  /** Short name, e.g. "population". */
  name: string;
  description: string;
  /** Other phrasings indexed by the matcher (the DC "SV index" stand-in). */
  synonyms: string[];
  unit: string;
  source: string;
}

export interface Place {
  id: string;
  name: string;
  aliases: string[];
  type: PlaceType;
  parentId?: string;
}

export interface Obs {
  varId: string;
  placeId: string;
  /** "YYYY", or "latest" for an undated snapshot. */
  date: string;
  value: number;
}

/** One gapminder row, as datasets/entries/dslabs loads it (the columns buildStore reads). */
export type GapRow = GapminderRow;

/** One US-state row of population_engineers_hurricanes.csv. */
export interface StateRow {
  state: string;
  population: number;
  engineers: number;
  hurricanes: number;
}

const GAP_SRC = "Gapminder (dslabs 0.7.4)";
const VEGA_SRC = "vega-datasets population_engineers_hurricanes (US Census / NOAA)";

/** The store's variables; `gapCol` names the gapminder column, `stateCol` the state-table column. */
export const VARIABLES: Array<Variable & { gapCol?: keyof GapRow; stateCol?: keyof StateRow }> = [
  { id: "Count_Person", name: "population", description: "total number of people living in a place", synonyms: ["number of people", "inhabitants", "total population"], unit: "", source: GAP_SRC, gapCol: "population", stateCol: "population" },
  { id: "LifeExpectancy_Person", name: "life expectancy", description: "average life expectancy at birth in years", synonyms: ["life expectancy at birth", "expected lifespan"], unit: "years", source: GAP_SRC, gapCol: "life_expectancy" },
  { id: "FertilityRate_Person_Female", name: "fertility rate", description: "average number of children born per woman", synonyms: ["total fertility rate", "births per woman"], unit: "", source: GAP_SRC, gapCol: "fertility" },
  { id: "Count_Death_Infant_AsFractionOf_Count_BirthEvent_LiveBirth", name: "infant mortality rate", description: "infant deaths per 1000 live births", synonyms: ["infant mortality", "infant death rate"], unit: "per 1000 live births", source: GAP_SRC, gapCol: "infant_mortality" },
  { id: "Amount_EconomicActivity_GrossDomesticProduction_RealValue", name: "gross domestic product", description: "GDP in constant 2000 US dollars", synonyms: ["gdp", "economic output"], unit: "USD", source: GAP_SRC, gapCol: "gdp" },
  { id: "Fraction_Person_Engineer", name: "share of engineers", description: "engineers as a share of the workforce", synonyms: ["engineer share", "fraction of engineers"], unit: "", source: VEGA_SRC, stateCol: "engineers" },
  { id: "Count_Hurricane", name: "number of hurricanes", description: "hurricanes that made landfall", synonyms: ["hurricane count", "hurricanes"], unit: "", source: VEGA_SRC, stateCol: "hurricanes" },
];

/** Hand-made aliases (DC resolves these through its place resolver). */
export const ALIASES: Record<string, string[]> = {
  "United States": ["US", "USA", "U.S.", "United States of America", "America"],
  "United Kingdom": ["UK", "Britain", "Great Britain"],
  Russia: ["Russian Federation"],
  "South Korea": ["Korea", "Republic of Korea"],
  "Czech Republic": ["Czechia"],
  "Kyrgyz Republic": ["Kyrgyzstan"],
  Lao: ["Laos"],
  "Slovak Republic": ["Slovakia"],
  "Cote d'Ivoire": ["Ivory Coast"],
};

export const slug = (s: string) => s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
const key = (varId: string, placeId: string) => `${varId}@${placeId}`;

/** The store: lookups by id, observations by (variable, place), children by parent and type. */
export class LocalStore {
  readonly variables: Variable[];
  readonly places: Place[];
  private readonly byVar = new Map<string, Variable>();
  private readonly byPlace = new Map<string, Place>();
  private readonly series = new Map<string, Map<string, number>>();
  private obsCount = 0;

  constructor(variables: Variable[], places: Place[], obs: Iterable<Obs>) {
    this.variables = variables;
    this.places = places;
    for (const v of variables) this.byVar.set(v.id, v);
    for (const p of places) this.byPlace.set(p.id, p);
    for (const o of obs) {
      if (!Number.isFinite(o.value)) continue;
      const k = key(o.varId, o.placeId);
      let s = this.series.get(k);
      if (!s) this.series.set(k, (s = new Map()));
      s.set(o.date, o.value);
      this.obsCount++;
    }
  }

  get size(): number {
    return this.obsCount;
  }

  variable(id: string): Variable {
    const v = this.byVar.get(id);
    if (!v) throw new Error(M.unknownVariable(id, this.variables.map((x) => x.id)));
    return v;
  }

  place(id: string): Place {
    const p = this.byPlace.get(id);
    if (!p) {
      const near = this.places.filter((x) => x.id.includes(id) || x.name.toLowerCase().includes(id.toLowerCase())).slice(0, 3).map((x) => x.id);
      throw new Error(M.unknownPlace(id, near));
    }
    return p;
  }

  /** The (date → value) series of a variable at a place, dates ascending; empty when none. */
  seriesOf(varId: string, placeId: string): Array<[string, number]> {
    const s = this.series.get(key(varId, placeId));
    return s ? [...s].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) : [];
  }

  /** The value at `date`, or undefined. */
  value(varId: string, placeId: string, date: string): number | undefined {
    return this.series.get(key(varId, placeId))?.get(date);
  }

  /** Latest observation (the last date), or undefined. */
  latest(varId: string, placeId: string): { date: string; value: number } | undefined {
    const s = this.seriesOf(varId, placeId);
    const last = s[s.length - 1];
    return last ? { date: last[0], value: last[1] } : undefined;
  }

  /** Places of `type` under `parentId` (transitively). */
  children(parentId: string, type: PlaceType): Place[] {
    const under = (p: Place): boolean => {
      let cur = p.parentId;
      while (cur) {
        if (cur === parentId) return true;
        cur = this.byPlace.get(cur)?.parentId;
      }
      return false;
    };
    return this.places.filter((p) => p.type === type && under(p));
  }

  /** A copy of this store without some variables (the "hidden variables" of the coverage sweep). */
  without(varIds: readonly string[]): LocalStore {
    const hide = new Set(varIds);
    const obs: Obs[] = [];
    for (const [k, s] of this.series) {
      const [varId, placeId] = k.split("@");
      if (hide.has(varId)) continue;
      for (const [date, value] of s) obs.push({ varId, placeId, date, value });
    }
    return new LocalStore(this.variables.filter((v) => !hide.has(v.id)), this.places, obs);
  }
}

/** Builds the store from gapminder rows (and optionally the US-state rows). */
export function buildStore(gap: readonly GapRow[], states: readonly StateRow[] = []): LocalStore {
  if (gap.length === 0) throw new Error(M.noStoreRows());
  const places: Place[] = [{ id: "Earth", name: "World", aliases: ["Earth", "the world"], type: "Earth" }];
  const seen = new Set<string>(["Earth"]);
  const add = (p: Place) => {
    if (!seen.has(p.id)) {
      seen.add(p.id);
      places.push(p);
    }
  };
  const obs: Obs[] = [];
  for (const r of gap) {
    const cont = `continent/${slug(r.continent)}`;
    const reg = `region/${slug(r.region)}`;
    add({ id: cont, name: r.continent, aliases: [], type: "Continent", parentId: "Earth" });
    add({ id: reg, name: r.region, aliases: [], type: "Region", parentId: cont });
    const id = `country/${slug(r.country)}`;
    add({ id, name: r.country, aliases: ALIASES[r.country] ?? [], type: "Country", parentId: reg });
    for (const v of VARIABLES) if (v.gapCol) obs.push({ varId: v.id, placeId: id, date: String(r.year), value: r[v.gapCol] as number });
  }
  if (states.length) {
    const us = places.find((p) => p.name === "United States")?.id ?? "country/united_states";
    add({ id: us, name: "United States", aliases: ALIASES["United States"], type: "Country", parentId: "Earth" });
    for (const s of states) {
      const id = `state/${slug(s.state)}`;
      add({ id, name: s.state, aliases: [], type: "State", parentId: us });
      for (const v of VARIABLES) if (v.stateCol) obs.push({ varId: v.id, placeId: id, date: "latest", value: s[v.stateCol] as number });
    }
  }
  const used = VARIABLES.filter((v) => (v.gapCol && gap.length) || (v.stateCol && states.length));
  return new LocalStore(used.map(({ gapCol: _g, stateCol: _s, ...v }) => v), places, obs);
}
