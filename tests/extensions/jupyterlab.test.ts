/**
 * The JupyterLab extension's own tests (renderers in jsdom, the paper-notebook listing) run with its
 * own dependencies (extensions/jupyterlab/node_modules, installed by
 * `npm ci --prefix extensions/jupyterlab`). This file runs them from `npm test`, and checks that the
 * committed prebuilt bundle is complete.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";

const EXT = path.resolve(__dirname, "..", "..", "..", "extensions", "jupyterlab");
const deps = ["typescript", "jsdom"].filter((d) => !fs.existsSync(path.join(EXT, "node_modules", d, "package.json")));
const skip = deps.length ? `extensions/jupyterlab dependencies missing (${deps.join(", ")}): run \`npm ci --prefix extensions/jupyterlab\`` : false;

test("extensions/jupyterlab: its renderer and launcher tests pass (jsdom)", { skip, timeout: 180_000 }, () => {
  const tsc = spawnSync(process.execPath, [path.join(EXT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(EXT, "tsconfig.json")], { encoding: "utf8" });
  assert.equal(tsc.status, 0, `the extension does not compile:\n${tsc.stdout}${tsc.stderr}`);
  // rootDir is the repository root (the extension compiles lib/protocol.ts too), so the tests land here:
  const out = path.join(EXT, "lib", "extensions", "jupyterlab", "test");
  const files = fs.readdirSync(out).filter((f) => f.endsWith(".test.js")).map((f) => path.join(out, f));
  assert.ok(files.length >= 3, `expected the claims, training and papers test files, found ${files.join(", ")}`);
  // Without NODE_TEST_CONTEXT: inside `node --test` it would make the nested run report to us silently.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", ...files], { encoding: "utf8", cwd: EXT, env });
  assert.equal(r.status, 0, `extension tests failed:\n${r.stdout}${r.stderr}`);
  const count = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, "m").exec(r.stdout)?.[1] ?? NaN);
  assert.ok(count("pass") >= 10, `expected at least 10 passing extension tests:\n${r.stdout}`);
  assert.equal(count("fail"), 0);
});

test("extensions/jupyterlab: the committed prebuilt labextension is complete and matches package.json", () => {
  const built = path.join(EXT, "labextension");
  const meta = JSON.parse(fs.readFileSync(path.join(built, "package.json"), "utf8"));
  const src = JSON.parse(fs.readFileSync(path.join(EXT, "package.json"), "utf8"));
  assert.equal(meta.name, src.name);
  assert.equal(meta.version, src.version);
  const b = meta.jupyterlab?._build;
  assert.ok(b, "labextension/package.json has no jupyterlab._build: rebuild with `npm run build --prefix extensions/jupyterlab`");
  assert.deepEqual([b.extension, b.mimeExtension, b.style], ["./extension", "./mimeExtension", "./style"]);
  const entry = path.join(built, b.load);
  assert.ok(fs.existsSync(entry), `${b.load} is missing from the prebuilt bundle`);
  const code = fs.readFileSync(entry, "utf8");
  // a federated container named after the package, exposing both entry points
  assert.match(code, /_JUPYTERLAB\)?\["paperlab-jupyterlab"\]/);
  assert.match(code, /\.\/extension/);
  assert.match(code, /\.\/mimeExtension/);
  // the two MIME types are in the bundle's chunks
  const chunks = fs.readdirSync(path.join(built, "static")).map((f) => fs.readFileSync(path.join(built, "static", f), "utf8")).join("\n");
  assert.match(chunks, /application\/vnd\.paperlab\.claims\+json/);
  assert.match(chunks, /application\/vnd\.paperlab\.training\+json/);
});
