/**
 * ImageNet-style folders: `ROOT/<class>/<image>` (one sub-folder per class, class index = position
 * in sorted class names, as torchvision's ImageFolder). Listing is cheap; decoding is per image
 * (PNG through pngjs; JPEG is refused with a conversion hint, there is no JPEG decoder here).
 */
import * as fs from "fs";
import * as path from "path";
import { DatasetError } from "../errors";
import { readPng, type RgbaImage } from "./png";
import { startProgress } from "../progress";

/** One image of a folder dataset. */
export interface FolderItem {
  /** Path relative to the root, with "/" separators. */
  file: string;
  label: number;
}

/** A listed folder dataset. */
export interface ImageFolder {
  root: string;
  /** Class names (sorted sub-folder names); label i = classes[i]. */
  classes: string[];
  items: FolderItem[];
  /** Images per class, in label order. */
  counts: number[];
}

const IMAGE_EXT = /\.(png|jpe?g|webp|bmp|gif|ppm)$/i;
const FIX = "arrange the data as ROOT/<class name>/<image files>, one sub-folder per class (like ImageNet's train/ folder)";

/** Lists the class folders and image files under `root` (sorted, deterministic). Non-image files are ignored. */
export function listImageFolder(root: string): ImageFolder {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new DatasetError("missing", "image folder not found", FIX, { file: root });
  const classes = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name).sort();
  if (classes.length === 0) throw new DatasetError("image-folder", "no class sub-folders found", FIX, { file: root });
  const items: FolderItem[] = [];
  const counts: number[] = [];
  const progress = startProgress(`listing ${root}`, classes.length);
  classes.forEach((c, label) => {
    const files = fs.readdirSync(path.join(root, c)).filter((f) => IMAGE_EXT.test(f)).sort();
    if (files.length === 0) throw new DatasetError("image-folder", `class folder '${c}' has no image files`, `${FIX}; remove the empty folder or add images`, { file: path.join(root, c) });
    for (const f of files) items.push({ file: `${c}/${f}`, label });
    counts.push(files.length);
    progress.tick();
  });
  progress.done();
  return { root, classes, items, counts };
}

/** Decodes one item (PNG only) to RGBA `[h, w, 4]`. */
export function readFolderImage(folder: ImageFolder, item: FolderItem): RgbaImage {
  const file = path.join(folder.root, ...item.file.split("/"));
  if (!/\.png$/i.test(file)) {
    throw new DatasetError("image-format", "only PNG images can be decoded here", "convert the images to PNG first (e.g. `mogrify -format png */*.jpg` with ImageMagick) or decode them with tfjs-node's tf.node.decodeImage", { file });
  }
  return readPng(file);
}
