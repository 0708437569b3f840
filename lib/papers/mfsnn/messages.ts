/** User-facing texts of lib/papers/mfsnn, in one place so tests can refer to them by name. */
export const mfsnnMessages = {
  inputShape: (got: readonly number[], T: number, C: number) =>
    `mfsnn: input must be spike features [B, T, C] = [B, ${T}, ${C}], got ${JSON.stringify(got)}; reshape trials to [batch, bins, channels]`,
  daysOverlap: (days: number[]) =>
    `mfsnn: training and test days overlap (day ${days.join(", ")}); test days must never feed training, normalisation or early stopping — pick disjoint trainDays and testDays`,
  testLeak: (purpose: string, days: number[]) =>
    `mfsnn: ${purpose} would use trials of test day ${days.join(", ")}; only training days' trials may be used for ${purpose} (test days are for evaluation only)`,
  unknownVariant: (v: string, known: readonly string[]) => `mfsnn: unknown model variant '${v}'; known: ${known.join(", ")}`,
  unknownProtocol: (p: string, known: readonly string[]) => `mfsnn: unknown protocol '${p}'; known: ${known.join(", ")}`,
  unknownDecoder: (d: string, known: readonly string[]) => `mfsnn: unknown decoder '${d}'; known: ${known.join(", ")}`,
  noTrainTrials: (protocol: string) => `mfsnn: protocol ${protocol} has no training trials; check trainDays and trials per day`,
  fullData: (dir: string) =>
    `mfsnn --scale full needs recorded data: put the O'Doherty–Sabes reaching sessions (Zenodo record 583331: indy_*.mat, MATLAB v7.3) ` +
    `in a folder and run \`npx paperlab datasets prepare odoherty-reaching --from FOLDER\` (it bins them into 8-direction trials), ` +
    `or put the canonical layout (spikes.npy [N, T, C], labels.npy [N], day.npy [N], meta.json) in ${dir} (or set PAPERLAB_MFSNN_DATA), then run again`,
};
