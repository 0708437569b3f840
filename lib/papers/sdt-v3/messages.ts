/**
 * User-facing texts of the SDT-V3 paper folder, in one place so tests can refer to them by name.
 * Each says what happened, what was expected, what was received, and what to do.
 */
export const sdtMessages = {
  noSeeds: (fn: string) => `${fn}: cfg.seeds is empty; give at least one seed (three for the accuracy claims at default)`,
  badLevels: (D: unknown) =>
    `quantize: D (the largest integer a neuron emits) must be an integer ≥ 1, got ${String(D)}; use 4 (the paper's default) or 8`,
  badInput: (got: readonly number[], expected: string) =>
    `E-SpikeFormer: input must be ${expected}, got [${got.join(", ")}]; reshape images to [batch, height, width, channels]`,
  badHeads: (dim: number, heads: number) =>
    `SDSA: width ${dim} is not divisible by ${heads} heads; pick widths that are multiples of the head count`,
  expandedNeedsIlif: (label: string) =>
    `spike-driven inference: expansion into D binary frames needs the I-LIF neuron at T = 1, got ${label}; evaluate binary LIF models in integer mode`,
  badMaskRatio: (r: unknown) =>
    `MAE: mask ratio must be in [0, 1), got ${String(r)}; the paper uses 0.5 (README) or 0.75 (code default)`,
  maskGrid: (size: number, patch: number) =>
    `MAE: image size ${size} is not a multiple of the patch size ${patch}; choose a patch that divides the image`,
  noImageNet: (dir: string) =>
    `sdt-v3 --scale full: no ImageNet-1k folder at "${dir}". Get ILSVRC-2012 from https://image-net.org (registration), ` +
    "arrange it as train/<wnid>/*.JPEG and val/<wnid>/*.JPEG (1.28M / 50k images, 1000 classes), " +
    "then set SDT_IMAGENET_DIR=<that folder> (or `let imagenetDir = ...` in the notebook) and run on tfjs-node-gpu (PAPERLAB_BACKEND=tensorflow-gpu).",
  /** Fix shown by the image-folder scanner for an empty or unknown class folder. */
  imageNetLayout:
    "arrange the data as <root>/train/<wnid>/*.JPEG and <root>/val/<wnid>/*.JPEG with the same class folders (the val split sorted into class folders, e.g. with the ILSVRC2012 devkit's labels)",
  /** Fix shown when an ImageNet image cannot be decoded. */
  badImageFix:
    "replace or delete the file (ImageNet has a few CMYK/PNG files named .JPEG; PNG and CMYK JPEG decode here, other formats do not)",
  fullNeedsGpu: (backend: string) =>
    `sdt-v3 --scale full: training E-SpikeFormer on ImageNet needs @tensorflow/tfjs-node-gpu, the active backend is ${backend}; install it and set PAPERLAB_BACKEND=tensorflow-gpu`,
} as const;
