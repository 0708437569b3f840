/**
 * `parse(s)`: the place / place-type / date / "over time" part of DC's NL interface (card §5.2), local stand-in.
 * Places are found with a longest-alias trie over words; the words left over are what the variable matcher sees.
 * Ambiguous names (Georgia the country vs the US state) resolve to the country unless the question says "state"
 * or names the United States; a place that contains another matched place is dropped (the specific one wins).
 */
import type { LocalStore, Place, PlaceType } from "./store";

export interface Parsed {
  places: Place[];
  /** Child-place type asked for ("… in Africa countries", "… US states"). */
  placeType?: PlaceType;
  /** "YYYY", "YYYY-MM", "latest", or undefined when no date is named. */
  date?: string;
  overTime: boolean;
  /** The words that are not place, type or date: what the variable matcher scores. */
  rest: string[];
}

interface Tok {
  raw: string;
  low: string;
}

/** Words of a question; "U.S." → "US", apostrophes kept inside words. */
export function words(s: string): Tok[] {
  const t = s.replace(/\b([A-Za-z])\.([A-Za-z])\.(?=\s|$|[,?!;:])/g, "$1$2");
  return [...t.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)].map((m) => ({ raw: m[0], low: m[0].toLowerCase().replace(/['’]s$/, "") }));
}

const TYPE_WORDS: Record<string, PlaceType> = { countries: "Country", states: "State", regions: "Region", continents: "Continent" };
const LATEST = new Set(["latest", "now", "currently", "today", "recent", "current"]);
const OVER_TIME = /\b(over time|changed|change|trend|history|over the years|since)\b/i;
const DATE_RE = /^(1[89]\d\d|20\d\d)$/;
const TIME_CUES = new Set(["changed", "change", "over", "time", "trend", "history", "since", "years"]);

type Node = { next: Map<string, Node>; places: Place[] };

/** The alias trie of a store (cached per store). */
const tries = new WeakMap<LocalStore, Node>();
function trieOf(store: LocalStore): Node {
  const hit = tries.get(store);
  if (hit) return hit;
  const root: Node = { next: new Map(), places: [] };
  for (const p of store.places) {
    for (const name of [p.name, ...p.aliases]) {
      let n = root;
      for (const w of words(name)) {
        // Short all-capital aliases (US, UK, USA) only match as written, so the pronoun "us" is not a place.
        const k = /^[A-Z]{2,3}$/.test(w.raw) ? `=${w.raw}` : w.low;
        let c = n.next.get(k);
        if (!c) n.next.set(k, (c = { next: new Map(), places: [] }));
        n = c;
      }
      if (n !== root && !n.places.includes(p)) n.places.push(p);
    }
  }
  tries.set(store, root);
  return root;
}

/** Parses a question against the store's places. */
export function parse(s: string, store: LocalStore): Parsed {
  const toks = words(s);
  const root = trieOf(store);
  const matches: Place[][] = [];
  const rest: string[] = [];
  let date: string | undefined;
  let placeType: PlaceType | undefined;
  for (let i = 0; i < toks.length; ) {
    // Longest alias starting at i.
    let n: Node | undefined = root;
    let best: { end: number; places: Place[] } | null = null;
    for (let j = i; j < toks.length && n; j++) {
      n = n.next.get(`=${toks[j].raw}`) ?? n.next.get(toks[j].low);
      if (n && n.places.length) best = { end: j + 1, places: n.places };
    }
    if (best) {
      matches.push(best.places);
      i = best.end;
      continue;
    }
    const w = toks[i].low;
    if (DATE_RE.test(w)) {
      const month = new RegExp(`\\b${w}-(0[1-9]|1[0-2])\\b`).exec(s);
      date = month ? `${w}-${month[1]}` : w;
    } else if (LATEST.has(w)) date = "latest";
    else if (TYPE_WORDS[w]) placeType = TYPE_WORDS[w];
    else rest.push(w);
    i++;
  }
  const stateCue = toks.some((t) => t.low === "state");
  const resolved = matches.map((cands) => {
    if (cands.length === 1) return cands[0];
    const namesUs = matches.some((m) => m.some((p) => p.name === "United States"));
    const want: PlaceType = stateCue || namesUs ? "State" : "Country";
    return cands.find((p) => p.type === want) ?? cands[0];
  });
  const uniq = resolved.filter((p, k) => resolved.indexOf(p) === k);
  // Drop a place that is an ancestor of another matched place ("Georgia, US" → Georgia the state).
  const isAncestor = (a: Place, b: Place) => {
    for (let cur = b.parentId; cur; cur = safeParent(store, cur)) if (cur === a.id) return true;
    return false;
  };
  const places = placeType ? uniq : uniq.filter((a) => !uniq.some((b) => b !== a && isAncestor(a, b)));
  const overTime = OVER_TIME.test(s);
  // The cue words of "over time" / "state" are not part of the metric.
  return { places, placeType, date, overTime, rest: rest.filter((w) => (w !== "state" || !stateCue) && !(overTime && TIME_CUES.has(w))) };
}

function safeParent(store: LocalStore, id: string): string | undefined {
  try {
    return store.place(id).parentId;
  } catch {
    return undefined;
  }
}
