import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { listImageFolder, readFolderImage, readImage } from "../../../datasets/formats/image-folder";
import { encodeJpeg } from "../../../datasets/formats/jpeg";
import { decodePng, encodePng } from "../../../datasets/formats/png";
import { assertDatasetError, tempDir } from "../helpers";

function solid(w: number, h: number, rgba: number[]): Buffer {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set(rgba, 4 * i);
  return encodePng({ width: w, height: h, data });
}

test("PNG encode/decode round trip; a non-PNG names the file", () => {
  const img = decodePng(solid(3, 2, [10, 20, 30, 255]), "x.png");
  assert.equal(img.width, 3);
  assert.equal(img.height, 2);
  assert.deepEqual(Array.from(img.data.subarray(0, 4)), [10, 20, 30, 255]);
  assertDatasetError(() => decodePng(Buffer.from("GIF89a........"), "y.png"), "png-magic", "y.png");
  const broken = solid(3, 2, [1, 2, 3, 4]).subarray(0, 30);
  assertDatasetError(() => decodePng(Buffer.from(broken), "z.png"), "png-decode", "z.png");
});

test("ImageNet-style folder: sorted classes, labels, counts; PNG and JPEG decode; extension filter", () => {
  const root = tempDir();
  for (const [cls, n, colour] of [["n02-cat", 2, [200, 0, 0, 255]], ["n01-dog", 3, [0, 200, 0, 255]]] as const) {
    fs.mkdirSync(path.join(root, cls));
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(root, cls, `img${i}.png`), solid(4, 4, [...colour]));
  }
  fs.writeFileSync(path.join(root, "n02-cat", "photo.JPG"), encodeJpeg({ width: 16, height: 8, data: decodePng(solid(16, 8, [30, 60, 220, 255]), "x").data }, 95));
  fs.writeFileSync(path.join(root, "n02-cat", "misnamed.jpeg"), solid(2, 2, [9, 8, 7, 255])); // a PNG named .jpeg
  fs.writeFileSync(path.join(root, "n01-dog", "notes.txt"), "ignored");
  fs.writeFileSync(path.join(root, "n01-dog", "pic.webp"), "ignored by the default extensions");
  fs.mkdirSync(path.join(root, ".cache"));
  const f = listImageFolder(root);
  assert.deepEqual(f.classes, ["n01-dog", "n02-cat"]);
  assert.deepEqual(f.counts, [3, 4]);
  assert.deepEqual(f.items.map((it) => it.file), ["n01-dog/img0.png", "n01-dog/img1.png", "n01-dog/img2.png", "n02-cat/img0.png", "n02-cat/img1.png", "n02-cat/misnamed.jpeg", "n02-cat/photo.JPG"]);
  assert.deepEqual(f.items.map((it) => it.label), [0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(listImageFolder(root), f, "listing is deterministic");
  assert.deepEqual(Array.from(readFolderImage(f, f.items[0]).data.subarray(0, 4)), [0, 200, 0, 255]);
  const jpg = readFolderImage(f, f.items[6]);
  assert.equal(jpg.width, 16);
  assert.equal(jpg.height, 8);
  const px = Array.from(jpg.data.subarray(4 * 20, 4 * 20 + 4));
  assert.ok(Math.abs(px[0] - 30) < 6 && Math.abs(px[1] - 60) < 6 && Math.abs(px[2] - 220) < 6 && px[3] === 255, `JPEG pixel ${px}`);
  assert.deepEqual(Array.from(readFolderImage(f, f.items[5]).data.subarray(0, 4)), [9, 8, 7, 255], "decoded by content, not by name");
  const pngOnly = listImageFolder(root, { extensions: [".PNG"] });
  assert.deepEqual(pngOnly.counts, [3, 2]);
  const withWebp = listImageFolder(root, { extensions: [".png", ".webp"] });
  assert.equal(withWebp.counts[0], 4);
  const webp = withWebp.items.find((it) => it.file.endsWith(".webp"))!;
  assertDatasetError(() => readFolderImage(withWebp, webp), "image-format", "pic.webp");
});

test("image folder with a given class list: its label order, absent classes count 0, unknown folders refused", () => {
  const root = tempDir();
  for (const cls of ["b", "c"]) {
    fs.mkdirSync(path.join(root, cls));
    fs.writeFileSync(path.join(root, cls, "x.png"), solid(2, 2, [1, 2, 3, 255]));
  }
  const f = listImageFolder(root, { classes: ["c", "a", "b"] });
  assert.deepEqual(f.classes, ["c", "a", "b"]);
  assert.deepEqual(f.counts, [1, 0, 1]);
  assert.deepEqual(f.items, [{ file: "c/x.png", label: 0 }, { file: "b/x.png", label: 2 }]);
  const e = assertDatasetError(() => listImageFolder(root, { classes: ["b"] }), "image-folder", root);
  assert.match(e.message, /not in the given class list.*: c/);
  assertDatasetError(() => listImageFolder(root, { classes: ["a"], fix: "custom fix text" }), "image-folder", root);
});

test("image folder errors name the folder: missing root, no classes, empty class, unreadable JPEG", () => {
  const root = tempDir();
  assertDatasetError(() => listImageFolder(path.join(root, "nope")), "missing", "nope");
  assertDatasetError(() => listImageFolder(root), "image-folder", root);
  fs.mkdirSync(path.join(root, "empty"));
  const e = assertDatasetError(() => listImageFolder(root), "image-folder", "empty");
  assert.match(e.message, /\.png\/\.jpg\/\.jpeg/);
  fs.writeFileSync(path.join(root, "empty", "bad.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  const f = listImageFolder(root);
  assertDatasetError(() => readFolderImage(f, f.items[0]), "jpeg-decode", "bad.jpg");
  assertDatasetError(() => readImage(path.join(root, "empty", "gone.png")), "missing", "gone.png");
});
