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
    "keep the layout <dataset>/few_shot/<01..05>/{train,valid,test}.json + labels.{train,valid,test}.txt, keep the dataset's folder name (HuffPost, Amazon, Reuters, 20News, banking77, hwu64, liu, clinc150: their class names ship with paperlab) or add label_names.json (class id → name), " +
    "and set LAQDA_DATA_DIR=<folder of one split> (or `let dataDir = ...` in the notebook).",
  badFullLine: (file: string, line: number) =>
    `${file}:${line}: expected a JSON object with a string "sentence" and a string "label"; fix or remove the line`,
  unknownFullLabel: (file: string, label: string) =>
    `${file}: class id '${label}' has no label name; add it to label_names.json in the split folder, or pass the dataset whose code map has it`,
  noLabelNames: (dir: string, known: string[]) =>
    `laqda --scale full: no label names for "${dir}": put label_names.json ({ "id": "name" }) in the folder, or keep the dataset's name in the path / pass it (one of ${known.join(", ")}: the code's get_label_dict maps, shipped)`,
  noBertFeatures: (dir: string, missing: string[]) =>
    `laqda BERT features: ${missing.join(", ")} not found. Export them once on a GPU machine with the official code's BERT (one float32 row per line of train/valid/test.json, numpy.save) into ${dir}/bert/, or run without features`,
  badBertFeatures: (file: string, got: string, want: string) => `laqda BERT features: ${file} has ${got}, expected ${want}; re-export it`,
  noNameFeatures: () =>
    "laqda BERT features: the label adapter needs the states of the label names: export bert/label_names.npy (float32 [classes, T, D], classes in the order of labels.train.txt, labels.valid.txt, labels.test.txt) with the same BERT",
  synthParam: (what: string, fix: string) => `laqda-synth generator: ${what}; ${fix}`,
} as const;
