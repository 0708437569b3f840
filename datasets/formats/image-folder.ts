/**
 * ImageNet-style folders `ROOT/<class>/<image>` — paperlab's one image-folder scanner (used by the
 * `image-folder` registry entry and by sdt-v3's ImageNet path). One sub-folder per class; the class
 * index is the position in the sorted class names (torchvision's ImageFolder), or in a given class
 * list so a validation split shares the training split's labels. Listing is deterministic (sorted
 * names, an extension filter); decoding is per image, PNG (pngjs) or JPEG (jpeg-js), chosen by the
 * file's first bytes so a PNG named `.JPEG` (ImageNet has a few) still decodes.
 */
import * as fs from "fs";
import * as path from "path";
import { DatasetError } from "../errors";
import { decodePng, type RgbaImage } from "./png";
import { decodeJpeg, isJpeg } from "./jpeg";
import { startProgress } from "../progress";
import { readFileBytes } from "../checksum";

/** One image of a folder dataset. */
export interface FolderItem {
  /** Path relative to the root, with "/" separators. */
  file: string;
  label: number;
}

/** A listed folder dataset. */
export interface ImageFolder {
  root: string;
  /** Class names (sorted sub-folder names, or the list given); label i = classes[i]. */
  classes: string[];
  /** Images in label order, then by sorted file name. */
  items: FolderItem[];
  /** Images per class, in label order (0 for a given class with no folder in this split). */
  counts: number[];
}

/** Options of listImageFolder. */
export interface ImageFolderOptions {
  /**
   * The label order (e.g. the training split's classes for the validation split). A class listed
   * here without a folder counts 0 images; a folder not listed here is an error.
   */
  classes?: readonly string[];
  /** File extensions kept, case-insensitive, with the dot (default `IMAGE_EXTENSIONS`). */
  extensions?: readonly string[];
  /** The fix shown in errors (default: how to arrange the folder). */
  fix?: string;
}

/** Extensions listed by default: the formats `readFolderImage` decodes. */
export const IMAGE_EXTENSIONS: readonly string[] = [".png", ".jpg", ".jpeg"];

const FIX = "arrange the data as ROOT/<class name>/<image files>, one sub-folder per class (like ImageNet's train/ folder)";

/** The class sub-folders of `root`, sorted (hidden folders skipped); throws naming `root` when it is missing or has none. */
export function listClassFolders(root: string, fix = FIX): string[] {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new DatasetError("missing", "image folder not found", fix, { file: root });
  const classes = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name).sort();
  if (classes.length === 0) throw new DatasetError("image-folder", "no class sub-folders found", fix, { file: root });
  return classes;
}

/**
 * Lists the class folders and image files under `root` (sorted, deterministic); files with other
 * extensions are ignored. Throws a DatasetError naming the folder when `root` is missing, has no
 * class folders, a class folder has no images, or a folder is not in `opts.classes`.
 */
export function listImageFolder(root: string, opts: ImageFolderOptions = {}): ImageFolder {
  const fix = opts.fix ?? FIX;
  const found = listClassFolders(root, fix);
  const classes = opts.classes ? [...opts.classes] : found;
  if (opts.classes) {
    const known = new Set(classes);
    const extra = found.filter((c) => !known.has(c));
    if (extra.length > 0) {
      throw new DatasetError("image-folder", `class folders not in the given class list (${classes.length} classes): ${extra.slice(0, 5).join(", ")}${extra.length > 5 ? `, … (${extra.length})` : ""}`, `${fix}; use the same class folders in every split`, { file: root });
    }
  }
  const exts = new Set((opts.extensions ?? IMAGE_EXTENSIONS).map((e) => e.toLowerCase()));
  const present = new Set(found);
  const items: FolderItem[] = [];
  const counts: number[] = [];
  const progress = startProgress(`listing ${root}`, classes.length);
  classes.forEach((c, label) => {
    if (!present.has(c)) {
      counts.push(0); // a given class absent from this split
      return;
    }
    const files = fs.readdirSync(path.join(root, c)).filter((f) => exts.has(path.extname(f).toLowerCase())).sort();
    if (files.length === 0) throw new DatasetError("image-folder", `class folder '${c}' has no ${[...exts].join("/")} files`, `${fix}; remove the empty folder or add images`, { file: path.join(root, c) });
    for (const f of files) items.push({ file: `${c}/${f}`, label });
    counts.push(files.length);
    progress.tick();
  });
  progress.done();
  if (items.length === 0) throw new DatasetError("image-folder", `no images in any of the ${classes.length} given class folders`, fix, { file: root });
  return { root, classes, items, counts };
}

/** Absolute path of one item. */
export function folderImagePath(folder: ImageFolder, item: FolderItem): string {
  return path.join(folder.root, ...item.file.split("/"));
}

/** Reads and decodes one PNG or JPEG file (format from its first bytes) to RGBA `[h, w, 4]`. */
export function readImage(file: string, fix = "replace or delete the file (only PNG and JPEG images are decoded)"): RgbaImage {
  const buf = readFileBytes(file, fix, "image file");
  if (isJpeg(buf)) return decodeJpeg(buf, file, fix);
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) return decodePng(buf, file, fix);
  throw new DatasetError("image-format", `neither PNG nor JPEG (first bytes ${buf.subarray(0, 4).toString("hex") || "none"})`, `${fix}; convert other formats first, e.g. \`mogrify -format png */*.webp\` with ImageMagick`, { file, offset: 0 });
}

/** Decodes one item of a listed folder to RGBA `[h, w, 4]`. */
export function readFolderImage(folder: ImageFolder, item: FolderItem, fix?: string): RgbaImage {
  return readImage(folderImagePath(folder, item), fix);
}
