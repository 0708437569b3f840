/** User-facing texts of the DataGemma (RIG/RAG over Data Commons) paper module, in one place. */
export const dcMessages = {
  unknownPlace: (name: string, near: readonly string[]) =>
    `datacommons: unknown place ${JSON.stringify(name)}${near.length ? `; did you mean ${near.join(", ")}?` : ""} (places are gapminder's 185 countries, their regions and continents, and the US states)`,
  unknownVariable: (id: string, known: readonly string[]) =>
    `datacommons: unknown variable ${JSON.stringify(id)}; known: ${known.join(", ")}`,
  noStoreRows: () => `datacommons: buildStore got no rows; pass loadGapminder()'s rows (or a fixture with the gapminder columns)`,
  badTau: (tau: unknown) => `datacommons: a match threshold τ must be a number in [0, 1], got ${String(tau)}`,
  unknownScorer: (name: string, known: readonly string[]) => `datacommons: unknown scorer ${JSON.stringify(name)}; known: ${known.join(", ")}`,
  scorerMismatch: (scored: number, vars: number) =>
    `datacommons: the scorer gave ${scored} scores for ${vars} variables; build the scorer on the same store as the LocalDataCommons (makeScorer(name, store))`,
  encoderNotTrained: () => `datacommons: the "encoder" scorer needs a trained encoder; call trainEncoder(store, cfg) and pass { encoder }`,
  missingDcKey: () =>
    `datacommons: the Data Commons store needs an API key with the "Data Commons NL API" enabled; set DC_API_KEY (get one at https://apikeys.datacommons.org) or use the local store`,
  dcHttp: (url: string, status: number, excerpt: string) =>
    `datacommons: ${url} answered HTTP ${status}: ${excerpt}; check DC_API_KEY and that the NL API is enabled for it`,
  dcBadJson: (url: string, excerpt: string) => `datacommons: ${url} did not answer JSON (got: ${excerpt}); the NL endpoint may have changed, record new fixtures`,
  dcNotRecorded: (file: string, q: string) =>
    `datacommons (replay): no recorded Data Commons answer in ${file} for ${JSON.stringify(q)}; record it once with a key ({ fixtures: { mode: "record", file } })`,
  fullScale: () =>
    `datacommons --scale full needs a real Data Commons key and an LLM endpoint: set DC_API_KEY (Data Commons NL API enabled) and ` +
    `LLM_BASE_URL + LLM_MODEL (an OpenAI-compatible server, e.g. llama.cpp or vLLM hosting google/datagemma-rig-27b-it weights you have); LLM_API_KEY if it needs one`,
  noLocalLM: () => `datacommons: LocalLM needs a trained causal LM; run trainLocalLM(store, cfg) first`,
};
