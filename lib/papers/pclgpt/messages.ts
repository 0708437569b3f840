/** User-facing texts of the PclGPT paper folder, in one place so tests can name them. */
export const pclMessages = {
  groupArrays: (n: number) => `pcl-synth: groupRates and groupMild need one entry per group (${n})`,
  badRate: (what: string, v: number) => `pcl-synth: ${what} must be a rate in [0, 1], got ${v}`,
  unknownGrade: (g: string, where: string) => `PclGPT: unknown grade '${g}'${where}; use A, B, C or D (or 0–3)`,
  promptPastContext: (len: number, context: number) =>
    `PclGPT: a prompt is ${len} tokens, past the context of ${context}; raise model.context in the config or shorten the texts`,
  badCsv: (file: string, line: number, why: string) => `PclGPT loader: ${file}:${line}: ${why}`,
  missingColumn: (file: string, want: string, got: string[]) =>
    `PclGPT loader: ${file}: no ${want} column (header: ${got.join(", ")}); give a CSV with a text column and a label or grade column`,
  fullData: (dir: string, missing: string[]) =>
    `PclGPT --scale full needs the real sets, which paperlab never ships (real condescension towards real groups): put ${missing.join(", ")} in ${dir} ` +
    "(DPM: github.com/Perez-AlmendrosC/dontpatronizeme, data/Original-Data/*.csv of dut-laowang/emnlp24-PclGPT for TalkDown and CPCL), then rerun",
};
