import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { encodePng } from "../../../datasets/formats/png";
import { fashionMnist, imageFolder } from "../../../datasets/entries/folders";
import { assertRejectsDataset, tempDir } from "../helpers";

function withCache<T>(fn: () => Promise<T>): Promise<T> {
  process.env.PAPERLAB_DATA = tempDir();
  return fn().finally(() => delete process.env.PAPERLAB_DATA);
}

test("image-folder: prepare records the listing in the cache; load re-checks it; a change is reported", () =>
  withCache(async () => {
    const root = tempDir();
    for (const c of ["a", "b"]) {
      fs.mkdirSync(path.join(root, c));
      fs.writeFileSync(path.join(root, c, "1.png"), encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(200) }));
    }
    assert.equal(imageFolder.status().available, false);
    await assertRejectsDataset(imageFolder.load(), "not-prepared");
    const dir = await imageFolder.prepare!(root);
    assert.ok(dir.startsWith(process.env.PAPERLAB_DATA!));
    assert.ok(!dir.includes("node_modules"));
    const f = await imageFolder.load();
    assert.deepEqual(f.classes, ["a", "b"]);
    assert.deepEqual(f.counts, [1, 1]);
    fs.writeFileSync(path.join(root, "b", "2.png"), encodePng({ width: 2, height: 2, data: new Uint8Array(16) }));
    const e = await assertRejectsDataset(imageFolder.load(), "invariant", root);
    assert.match(e.fix, /prepare image-folder --from/);
  }));

const DEB_DIR = "/usr/share/datasets/fashion-mnist";
test("fashion-mnist: prepare from an installed dataset-fashion-mnist, then load", { skip: !fs.existsSync(DEB_DIR) && "needs the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)" }, () =>
  withCache(async () => {
    await fashionMnist.prepare!(DEB_DIR);
    const s = await fashionMnist.load({ split: "test" });
    assert.equal(s.n, 10000);
  }));

test("fashion-mnist not prepared: status gives the apt-get + prepare command; prepare of a wrong folder names it", () =>
  withCache(async () => {
    const s = fashionMnist.status();
    assert.equal(s.available, false);
    assert.match(s.fix!, /apt-get download dataset-fashion-mnist/);
    const empty = tempDir();
    await assertRejectsDataset(fashionMnist.prepare!(empty), "missing", empty);
  }));

test("image-folder: verify reads the images: a PNG truncated after prepare fails, naming the file", () =>
  withCache(async () => {
    const root = tempDir();
    for (const c of ["a", "b"]) {
      fs.mkdirSync(path.join(root, c));
      for (const n of ["1", "2"]) fs.writeFileSync(path.join(root, c, `${n}.png`), encodePng({ width: 4, height: 4, data: new Uint8Array(64).fill(c === "a" ? 30 : 220) }));
    }
    await imageFolder.prepare!(root);
    const ok = await imageFolder.verify();
    assert.match(ok.checks.join("; "), /4 images/);
    const victim = path.join(root, "b", "2.png");
    const bytes = fs.readFileSync(victim);
    fs.writeFileSync(victim, bytes.subarray(0, bytes.length - 20));
    const e = await assertRejectsDataset(imageFolder.verify(), "checksum", victim);
    assert.match(e.fix, /prepare image-folder --from/);
  }));
