/**
 * User-supplied and Debian-provided image sets that cannot ship with paperlab:
 * - `fashion-mnist` (Debian `dataset-fashion-mnist`, MIT, Zalando): 70k 28×28 IDX images, prepared
 *   into the cache from the .deb or its `dpkg -x` folder;
 * - `image-folder`: any ImageNet-style folder of yours (`ROOT/<class>/<image>`); prepare records a
 *   manifest (classes, files, counts, the SHA-256 of every image) in the cache and leaves the images
 *   where they are (full-scale sets are far too large to copy); verify re-hashes every image.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { datasetDir, ensureDatasetDir } from "../cache";
import { sha256File } from "../checksum";
import { DatasetError } from "../errors";
import { folderImagePath, listImageFolder, type ImageFolder } from "../formats/image-folder";
import { readJson } from "../formats/jsonl";
import { startProgress } from "../progress";
import { fixDebian, fixUser } from "../messages";
import { register } from "../registry";
import { loadIdxImages, verifyIdxImages, type IdxImageOptions, type IdxImageSpec, type IdxImageSplit } from "./idx-images";

const FM_FIX = fixDebian("fashion-mnist", "dataset-fashion-mnist");

/** Fashion-MNIST as packaged by Debian (gzipped IDX). */
export const FASHION_MNIST_SPEC: IdxImageSpec = {
  id: "fashion-mnist",
  classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
  height: 28,
  width: 28,
  files: {
    train: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz" },
    test: { images: "t10k-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz" },
  },
  counts: { train: 60000, test: 10000 },
  classCounts: { train: new Array(10).fill(6000), test: new Array(10).fill(1000) },
  sha256: {
    "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
  },
  fix: FM_FIX,
};

/** Finds the four Fashion-MNIST files under a .deb, a `dpkg -x` folder, or a folder holding them. */
function locateFashion(from: string): { dir: string; cleanup?: () => void } {
  if (!fs.existsSync(from)) throw new DatasetError("missing", "path given to prepare does not exist", FM_FIX, { file: from });
  let root = from;
  let cleanup: (() => void) | undefined;
  if (fs.statSync(from).isFile() && from.endsWith(".deb")) {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-fmnist-"));
    execFileSync("dpkg", ["-x", from, root]);
    cleanup = () => fs.rmSync(root, { recursive: true, force: true });
  }
  for (const c of [root, path.join(root, "usr/share/datasets/fashion-mnist")]) {
    if (fs.existsSync(path.join(c, FASHION_MNIST_SPEC.files.train.images))) return { dir: c, cleanup };
  }
  cleanup?.();
  throw new DatasetError("missing", "no Fashion-MNIST IDX files found (looked in . and usr/share/datasets/fashion-mnist/)", FM_FIX, { file: from });
}

/** Registry entry `fashion-mnist` (optional; Debian). */
export const fashionMnist = register<IdxImageSplit, IdxImageOptions>({
  id: "fashion-mnist",
  description: "Fashion-MNIST, 60k/10k 28x28 clothing images in 10 classes (Debian dataset-fashion-mnist, prepared)",
  licence: "MIT (Zalando Research, Xiao, Rasul & Vollgraf 2017)",
  source: "Debian dataset-fashion-mnist 0.0~git20200523.55506a9-1: usr/share/datasets/fashion-mnist/*.gz",
  kind: "debian",
  optional: true,
  invariants: { samples: FASHION_MNIST_SPEC.counts, shapes: { image: [28, 28] }, labels: FASHION_MNIST_SPEC.classes, classCounts: FASHION_MNIST_SPEC.classCounts, sha256: FASHION_MNIST_SPEC.sha256 },
  status() {
    const d = datasetDir("fashion-mnist");
    const ok = fs.existsSync(path.join(d, FASHION_MNIST_SPEC.files.test.labels));
    return { available: ok, where: d, fix: ok ? undefined : FM_FIX };
  },
  async load(opts?: IdxImageOptions) {
    return loadIdxImages(FASHION_MNIST_SPEC, opts?.dir ?? datasetDir("fashion-mnist"), opts);
  },
  async verify() {
    return verifyIdxImages(FASHION_MNIST_SPEC, datasetDir("fashion-mnist"));
  },
  async prepare(from: string) {
    const { dir, cleanup } = locateFashion(from);
    try {
      verifyIdxImages(FASHION_MNIST_SPEC, dir); // check before copying
      const out = ensureDatasetDir("fashion-mnist");
      for (const f of Object.keys(FASHION_MNIST_SPEC.sha256)) fs.copyFileSync(path.join(dir, f), path.join(out, f));
      return out;
    } finally {
      cleanup?.();
    }
  },
});

const IF_FIX = fixUser("image-folder", "an ImageNet-style folder (ROOT/<class>/<image>.png|.jpg)");
const IF_AGAIN = (root: string) => `run \`npx paperlab datasets prepare image-folder --from ${root}\` again`;

/** What prepare writes to the cache: the listing plus the SHA-256 of each image, in item order. */
interface ImageFolderManifest extends ImageFolder {
  sha256: string[];
}

/** Reads and shape-checks the cache manifest; a corrupt or stale one is a DatasetError naming it, with the prepare command. */
function readManifest(m: string): ImageFolderManifest {
  if (!fs.existsSync(m)) throw new DatasetError("not-prepared", "no image folder prepared", IF_FIX, { file: m });
  const again = IF_AGAIN("YOUR_FOLDER");
  const saved = readJson<Partial<ImageFolderManifest>>(m, `the cache file is corrupt: ${again}`);
  const ok = typeof saved === "object" && saved !== null && typeof saved.root === "string" && Array.isArray(saved.classes) && Array.isArray(saved.counts) && Array.isArray(saved.items);
  if (!ok) throw new DatasetError("cache-corrupt", "manifest lacks root, classes, counts or items", `the cache file is corrupt: ${again}`, { file: m });
  const root = saved.root as string;
  if (!Array.isArray(saved.sha256) || saved.sha256.length !== (saved.items as unknown[]).length) {
    throw new DatasetError("cache-stale", "manifest has no image checksums (prepared by an older paperlab)", IF_AGAIN(root), { file: m });
  }
  return saved as ImageFolderManifest;
}

/** Registry entry `image-folder` (optional; user-supplied). Loads the listing recorded by prepare. */
export const imageFolder = register<ImageFolder, undefined>({
  id: "image-folder",
  description: "Your own ImageNet-style folder ROOT/<class>/<image>; prepare records its listing (images stay in place)",
  licence: "yours",
  source: "user-supplied",
  kind: "user",
  optional: true,
  invariants: { notes: ["classes = sorted sub-folder names; counts per class recorded at prepare time and re-checked on load"] },
  status() {
    const m = path.join(datasetDir("image-folder"), "manifest.json");
    return { available: fs.existsSync(m), where: m, fix: fs.existsSync(m) ? undefined : IF_FIX };
  },
  async load() {
    const saved = readManifest(path.join(datasetDir("image-folder"), "manifest.json"));
    const now = listImageFolder(saved.root);
    if (JSON.stringify(now.classes) !== JSON.stringify(saved.classes) || JSON.stringify(now.counts) !== JSON.stringify(saved.counts)) {
      throw new DatasetError("invariant", `the folder changed since prepare: classes/counts were ${saved.classes.length}/[${saved.counts.join(",")}], now ${now.classes.length}/[${now.counts.join(",")}]`, `run \`npx paperlab datasets prepare image-folder --from ${saved.root}\` again`, { file: saved.root });
    }
    return now;
  },
  async verify() {
    const f = await this.load();
    const saved = readManifest(path.join(datasetDir("image-folder"), "manifest.json"));
    // re-hash every image: a truncated or replaced file passes the listing but not its SHA-256
    const progress = startProgress(`hashing ${f.root}`, f.items.length);
    f.items.forEach((item, i) => {
      const file = folderImagePath(f, item);
      if (saved.items[i]?.file !== item.file) throw new DatasetError("invariant", `image ${i} was ${saved.items[i]?.file}, now ${item.file} (files renamed since prepare)`, IF_AGAIN(f.root), { file });
      const got = sha256File(file);
      if (got !== saved.sha256[i]) {
        throw new DatasetError("checksum", `image changed since prepare: SHA-256 was ${saved.sha256[i]}, now ${got} (truncated, corrupt or replaced)`, `restore the image (or delete it), then ${IF_AGAIN(f.root)}`, { file });
      }
      progress.tick();
    });
    progress.done();
    return { id: "image-folder", checks: [`${f.items.length} images in ${f.classes.length} classes at ${f.root}, unchanged since prepare, sha256 ok`] };
  },
  async prepare(from: string) {
    const listing = listImageFolder(path.resolve(from));
    const progress = startProgress(`hashing ${listing.root}`, listing.items.length);
    const sha256 = listing.items.map((item) => {
      const h = sha256File(folderImagePath(listing, item));
      progress.tick();
      return h;
    });
    progress.done();
    const manifest: ImageFolderManifest = { ...listing, sha256 };
    const out = ensureDatasetDir("image-folder");
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest));
    return out;
  },
});
