import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../../../lib/papers/datacommons/parse";
import { buildStore } from "../../../../lib/papers/datacommons/store";
import { dcMessages } from "../../../../lib/papers/datacommons/messages";
import { loadStore } from "../../../../lib/papers/datacommons/data";
import { tinyStore } from "./fixture";

test("store: variables, places with hierarchy, observations; NaN values are not observations", () => {
  const s = tinyStore();
  assert.equal(s.variable("Count_Person").name, "population");
  assert.equal(s.value("Count_Person", "country/france", "2001"), 59_400_000);
  assert.equal(s.value("Amount_EconomicActivity_GrossDomesticProduction_RealValue", "country/france", "2001"), undefined);
  assert.deepEqual(s.latest("LifeExpectancy_Person", "country/germany"), { date: "2001", value: 78.3 });
  assert.equal(s.place("country/france").parentId, "region/western_europe");
  assert.equal(s.place("region/western_europe").parentId, "continent/europe");
  assert.deepEqual(s.children("continent/europe", "Country").map((p) => p.name), ["France", "Germany"]);
  assert.deepEqual(s.children("country/united_states", "State").map((p) => p.name), ["Georgia", "California"]);
  assert.equal(s.value("Count_Person", "state/georgia", "latest"), 10_310_371);
  // 7 rows × (population, life, fertility, infant mortality) + 1 GDP + 2 states × 3 variables
  assert.equal(s.size, 7 * 4 + 1 + 2 * 3);
  assert.throws(() => s.variable("Count_Unicorn"), /unknown variable "Count_Unicorn"; known: Count_Person/);
  assert.throws(() => s.place("france"), { message: dcMessages.unknownPlace("france", ["country/france"]) });
  assert.throws(() => buildStore([]), /no rows/);
  const hidden = s.without(["Count_Person"]);
  assert.equal(hidden.variables.some((v) => v.id === "Count_Person"), false);
  assert.equal(hidden.value("Count_Person", "country/france", "2000"), undefined);
  assert.equal(hidden.value("LifeExpectancy_Person", "country/france", "2000"), 79.1);
});

test("parse: places by longest alias, Georgia the country unless a state is meant, US as written, dates, types", () => {
  const s = tinyStore();
  const p = parse("What was the population of France in 2000?", s);
  assert.deepEqual(p.places.map((x) => x.id), ["country/france"]);
  assert.equal(p.date, "2000");
  assert.equal(p.overTime, false);
  assert.deepEqual(p.rest, ["what", "was", "the", "population", "of", "in"]);
  assert.deepEqual(parse("life expectancy of Georgia in 2000", s).places.map((x) => x.id), ["country/georgia"]);
  assert.deepEqual(parse("population of the state of Georgia", s).places.map((x) => x.id), ["state/georgia"]);
  assert.deepEqual(parse("population of Georgia, US", s).places.map((x) => x.id), ["state/georgia"], "the state wins over its parent");
  assert.deepEqual(parse("What is the population of the US?", s).places.map((x) => x.id), ["country/united_states"]);
  assert.deepEqual(parse("population of the U.S. now", s).places.map((x) => x.id), ["country/united_states"]);
  assert.equal(parse("population of the U.S. now", s).date, "latest");
  assert.deepEqual(parse("tell us the population of France", s).places.map((x) => x.id), ["country/france"], "the pronoun 'us' is not a place");
  assert.deepEqual(parse("population of the United States of America", s).places.map((x) => x.id), ["country/united_states"]);
  const t = parse("How has population changed over time in Europe countries?", s);
  assert.equal(t.placeType, "Country");
  assert.equal(t.overTime, true);
  assert.deepEqual(t.places.map((x) => x.id), ["continent/europe"]);
  const st = parse("What is population in United States states?", s);
  assert.equal(st.placeType, "State");
  assert.deepEqual(st.places.map((x) => x.id), ["country/united_states"], "'United States' is a place, 'states' the type");
  assert.equal(parse("population of France in 2001-03", s).date, "2001-03");
});

test("loadStore: gapminder's 185 countries and the vega US states; Georgia is both", async () => {

  const s = await loadStore();
  assert.equal(s.places.filter((p) => p.type === "Country").length, 185);
  assert.equal(s.places.filter((p) => p.type === "State").length, 52);
  assert.equal(s.places.filter((p) => p.type === "Continent").length, 5);
  assert.deepEqual(s.places.filter((p) => p.name === "Georgia").map((p) => p.id), ["country/georgia", "state/georgia"]);
  assert.equal(s.value("Count_Person", "country/united_states", "2015"), 321773631);
  assert.equal(s.value("Count_Person", "state/alabama", "latest"), 4863300);
  assert.equal(s.children("country/united_states", "State").length, 52);
  assert.equal(parse("What was the life expectancy of Georgia in 1990?", s).places[0].id, "country/georgia");
});
