/**
 * Data for the DataGemma reproduction: the local store (gapminder + US states, store.ts) and the seeded question
 * sets: point questions with gold answers (20 % unanswerable, card §5.5), Zipf place popularity (the tiny LM's
 * memory), and paraphrases for the retriever comparison (C4).
 */
import { loadGapminder } from "../../../datasets/entries/dslabs";
import { loadVegaTable } from "../../../datasets/entries/vega";
import { buildStore, type LocalStore, type StateRow } from "./store";

/** The full local store: gapminder's 185 countries × 1960–2016 and the 52 US states (+ DC, Puerto Rico) of vega-datasets. */
export async function loadStore(): Promise<LocalStore> {
  const gap = await loadGapminder();
  const t = await loadVegaTable({ table: "population_engineers_hurricanes.csv" });
  const states: StateRow[] = t.rows.map((r) => ({ state: String(r.state), population: Number(r.population), engineers: Number(r.engineers), hurricanes: Number(r.hurricanes) }));
  return buildStore(gap, states);
}
