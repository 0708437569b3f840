import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { listImageFolder, readFolderImage } from "../../../datasets/formats/image-folder";
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

test("ImageNet-style folder: sorted classes, labels, counts; PNG decode; JPEG refused with a fix", () => {
  const root = tempDir();
  for (const [cls, n, colour] of [["n02-cat", 2, [200, 0, 0, 255]], ["n01-dog", 3, [0, 200, 0, 255]]] as const) {
    fs.mkdirSync(path.join(root, cls));
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(root, cls, `img${i}.png`), solid(4, 4, [...colour]));
  }
  fs.writeFileSync(path.join(root, "n01-dog", "notes.txt"), "ignored");
  fs.writeFileSync(path.join(root, "n02-cat", "photo.jpg"), "not really a jpeg");
  const f = listImageFolder(root);
  assert.deepEqual(f.classes, ["n01-dog", "n02-cat"]);
  assert.deepEqual(f.counts, [3, 3]);
  assert.equal(f.items[0].file, "n01-dog/img0.png");
  assert.equal(f.items[0].label, 0);
  const img = readFolderImage(f, f.items[0]);
  assert.deepEqual(Array.from(img.data.subarray(0, 4)), [0, 200, 0, 255]);
  const jpg = f.items.find((it) => it.file.endsWith(".jpg"))!;
  assertDatasetError(() => readFolderImage(f, jpg), "image-format", "photo.jpg");
});

test("image folder errors: missing root, no classes, empty class", () => {
  const root = tempDir();
  assertDatasetError(() => listImageFolder(path.join(root, "nope")), "missing", "nope");
  assertDatasetError(() => listImageFolder(root), "image-folder", root);
  fs.mkdirSync(path.join(root, "empty"));
  assertDatasetError(() => listImageFolder(root), "image-folder", "empty");
});
