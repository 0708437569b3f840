/**
 * Where a cell's bare `import`/`require` specifier lives, and whether it must be loaded as ESM. The converter turns
 * static imports and `await import()` into `require("x")`; packages that ship only ESM (no `require` condition) must
 * be `import()`ed before the cell runs. This is a small subset of Node's resolution (package.json `exports` with the
 * node/import/module/default conditions, `module`/`main` fallbacks, `type: module`), enough to find such entries.
 */
import * as fs from "fs";
import * as path from "path";

/** A parsed package.json (only the fields read here), or null when unreadable. */
interface PackageJson {
  exports?: unknown;
  module?: string;
  main?: string;
  type?: string;
}

function readPackageJson(file: string): PackageJson | null {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return v && typeof v === "object" ? (v as PackageJson) : null;
  } catch {
    return null;
  }
}

/** Resolves an `exports` target for the ESM conditions node/import/module/default. */
export function resolveExports(exp: unknown, subpath: string): string | null {
  if (typeof exp === "string") return subpath === "." ? exp : null;
  if (Array.isArray(exp)) {
    for (const e of exp) {
      const r = resolveExports(e, subpath);
      if (r) return r;
    }
    return null;
  }
  if (!exp || typeof exp !== "object") return null;
  const obj = exp as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length && keys.every((k) => k.startsWith("."))) {
    if (subpath in obj) return resolveExports(obj[subpath], ".");
    for (const k of keys) {
      const star = k.indexOf("*");
      if (star >= 0 && subpath.startsWith(k.slice(0, star)) && subpath.endsWith(k.slice(star + 1))) {
        const r = resolveExports(obj[k], ".");
        return r ? r.replace("*", subpath.slice(star, subpath.length - (k.length - star - 1))) : null;
      }
    }
    return null;
  }
  for (const cond of ["node", "import", "module", "default"]) if (cond in obj) {
    const r = resolveExports(obj[cond], subpath);
    if (r) return r;
  }
  return null;
}

/** Splits "pkg/sub" / "@scope/pkg/sub" into package name and "./sub" subpath. */
export function splitSpecifier(spec: string): [string, string] {
  const parts = spec.split("/");
  const n = spec.startsWith("@") ? 2 : 1;
  const rest = parts.slice(n).join("/");
  return [parts.slice(0, n).join("/"), rest ? `./${rest}` : "."];
}

/** The ESM entry file of a bare specifier, searched from each of `dirs` upwards through node_modules. */
export function resolveEsmEntry(spec: string, dirs: string[]): string | null {
  const [name, sub] = splitSpecifier(spec);
  for (const start of dirs) {
    for (let d = start; ; d = path.dirname(d)) {
      const pkgDir = path.join(d, "node_modules", name);
      const pkg = readPackageJson(path.join(pkgDir, "package.json"));
      if (pkg) {
        let rel: string | null = null;
        if (pkg.exports !== undefined) rel = resolveExports(pkg.exports, sub);
        else if (sub === ".") rel = pkg.module ?? pkg.main ?? "index.js";
        else rel = sub;
        if (rel) return path.join(pkgDir, rel);
      }
      if (path.dirname(d) === d) break;
    }
  }
  return null;
}

/** Whether Node loads `file` as an ES module (.mjs, or .js under a package.json with `type: module`). */
export function isEsmFile(file: string): boolean {
  if (file.endsWith(".mjs")) return true;
  if (!file.endsWith(".js")) return false;
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const pkg = readPackageJson(path.join(d, "package.json"));
    if (pkg) return pkg.type === "module";
    if (path.dirname(d) === d) return false;
  }
}

/**
 * The file to `import()` for a bare specifier that `require` cannot load as CommonJS, or null when `require` will do
 * (it resolves to a CommonJS file) or nothing is found (require then reports "Cannot find module" in Node's words).
 * `requires` are tried in order; `dirs` are where the ESM search starts.
 */
export function esmFileFor(spec: string, requires: NodeJS.Require[], dirs: string[]): string | null {
  let file: string | null = null;
  for (const req of requires) {
    try {
      file = req.resolve(spec);
      break;
    } catch {
      /* not resolvable with require conditions: try ESM below */
    }
  }
  if (file && !isEsmFile(file)) return null;
  return file ?? resolveEsmEntry(spec, dirs);
}

/** The module names converted cell code requires (static imports and `await import()` both become `require("x")`). */
export function requiredModules(js: string): string[] {
  const specs = new Set<string>();
  for (const m of js.matchAll(/\brequire\((["'])([^"'\n]+)\1\)/g)) specs.add(m[2]);
  return [...specs];
}
