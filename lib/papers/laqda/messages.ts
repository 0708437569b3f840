/**
 * User-facing texts of the LAQDA paper folder, in one place so tests can refer to them by name.
 * Each says what happened, what was expected, and what to do.
 */
export const laqdaMessages = {
  tooFewTexts: (cls: string, count: number, K: number, Q: number) =>
    `episode sampler: class '${cls}' has ${count} texts, an episode needs K + Q = ${K} + ${Q} = ${K + Q}; lower K or Q, or drop the class from the split`,
  tooManyWays: (set: string, N: number, classes: number) =>
    `episode sampler: ${N}-way episodes need ${N} classes, the ${set} split has ${classes}; lower N or move classes into the split`,
  noSuperTopic: (set: string, N: number) =>
    `episode sampler: no super-topic of the ${set} split has ${N} classes, so same-super-topic episodes cannot be drawn; lower N or sample mixed episodes`,
  missingName: (set: string, cls: string) =>
    `label adapter: class '${cls}' of ${set} has no label name; give every class a non-empty name (labelNames) or run without the adapter`,
  noNameIds: "label adapter: embed() needs the episode's label-name ids (options.names); encode the names with encodeTexts and pass them",
  badProto: (p: unknown) => `prototypes: unknown method '${String(p)}'; use "plain", "topR" or "ot"`,
  sinkhornShape: (a: number, b: number, rows: number, cols: number) =>
    `sinkhorn: marginals of length ${a} and ${b} do not match the ${rows} × ${cols} cost; pass a of length rows and b of length cols`,
  noFullData: (dir: string) =>
    `laqda --scale full: no ContrastNet few-shot folder at "${dir}". Get the eight datasets of the official code (github.com/YvoGao/LAQDA, copied from BDBC-KG-NLP/AAAI2022_ContrastNet), ` +
    "keep the layout <dataset>/few_shot/<01..05>/{train,valid,test}.json + labels.{train,valid,test}.txt, add label_names.json (class id → name, from the code's data_loader.py get_label_dict), " +
    "and set LAQDA_DATA_DIR=<folder of one split> (or `let dataDir = ...` in the notebook).",
  badFullLine: (file: string, line: number) =>
    `${file}:${line}: expected a JSON object with a string "sentence" and a string "label"; fix or remove the line`,
  unknownFullLabel: (file: string, label: string) =>
    `${file}: class id '${label}' has no entry in label_names.json; add its name (the code's get_label_dict) to label_names.json`,
  synthParam: (what: string, fix: string) => `laqda-synth generator: ${what}; ${fix}`,
} as const;
