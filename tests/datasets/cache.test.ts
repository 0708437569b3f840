import * as assert from "node:assert/strict";
import * as os from "os";
import * as path from "path";
import { test } from "node:test";
import { dataRoot, datasetDir } from "../../datasets/cache";
import { assertDatasetError } from "./helpers";

test("cache root: PAPERLAB_DATA, then XDG_CACHE_HOME/paperlab, then the home cache folder", () => {
  assert.equal(dataRoot({ PAPERLAB_DATA: path.join(os.tmpdir(), "pd") }), path.join(os.tmpdir(), "pd"));
  assert.equal(dataRoot({ XDG_CACHE_HOME: path.join(os.tmpdir(), "xdg") }), path.join(os.tmpdir(), "xdg", "paperlab"));
  const home = dataRoot({});
  assert.ok(home.startsWith(os.homedir()) && home.endsWith("paperlab"), home);
  assert.equal(datasetDir("mnist", { PAPERLAB_DATA: "/data" }), path.join("/data", "mnist"));
});

test("cache root inside node_modules is refused with a fix", () => {
  const e = assertDatasetError(() => dataRoot({ PAPERLAB_DATA: path.join(os.tmpdir(), "x", "node_modules", "cache") }), "cache-in-node-modules");
  assert.match(e.fix, /PAPERLAB_DATA/);
});
