/** A tiny hand-made store for the datacommons tests (4 countries × 2 years, 2 US states). */
import { buildStore, type GapRow, type StateRow } from "../../../../lib/papers/datacommons/store";

const row = (country: string, continent: string, region: string, year: number, population: number, life: number, gdp = NaN): GapRow => ({
  country, year, population, life_expectancy: life, fertility: 2, infant_mortality: 5, gdp, continent, region,
});

export const GAP_ROWS: GapRow[] = [
  row("France", "Europe", "Western Europe", 2000, 59_000_000, 79.1, 1.3e12),
  row("France", "Europe", "Western Europe", 2001, 59_400_000, 79.2),
  row("Germany", "Europe", "Western Europe", 2000, 82_200_000, 78.1),
  row("Germany", "Europe", "Western Europe", 2001, 82_300_000, 78.3),
  row("Georgia", "Asia", "Western Asia", 2000, 4_700_000, 72.1),
  row("United States", "Americas", "Northern America", 2000, 282_200_000, 76.9),
  row("United States", "Americas", "Northern America", 2001, 285_000_000, 77.0),
];

export const STATE_ROWS: StateRow[] = [
  { state: "Georgia", population: 10_310_371, engineers: 0.0061, hurricanes: 3 },
  { state: "California", population: 39_250_017, engineers: 0.0111, hurricanes: 0 },
];

export const tinyStore = () => buildStore(GAP_ROWS, STATE_ROWS);
