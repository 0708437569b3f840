/**
 * The preloaded globals `tf`, `dfd`, `vl`, `lab`, and the declarations that type them for cells.
 *
 * Nothing is paid before a cell needs it. The globals are getters that load on first use; their type
 * declarations (tens of thousands of lines of .d.ts) join the prelude only once a cell names them
 * (`mentionedGlobals`). The heavy part of loading — TensorFlow.js with its backend, vega-lite and
 * the library — is split into `warmSteps()`, which the kernel runs while it sits idle, or at once
 * when a cell names a global or imports a package (such a cell waits for them). danfo (about 2 s to
 * load) loads on first use only. vega-lite 6 is ESM-only, so `vl` falls back to `import()`.
 * `PAPERLAB_KERNEL_PRELOAD=0` turns the preload off (a plain TypeScript kernel; the tests use it).
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { pathToFileURL } from "url";

const importEsm = (url: string): Promise<Record<string, unknown>> => import(url);

interface Lazy {
  name: string;
  /** Package to load, or a file in this checkout. */
  spec: string;
  /**
   * Where its types come from. The prelude imports that module's namespace and re-exports it into the global scope
   * (`export import tf = …`), so that the name is a namespace as well as a value: cells can write `tf.Tensor`,
   * `tf.Rank` or `lab.…` types. Without it (an ESM-only package such as vega-lite) the name is a value only.
   */
  types?: string;
  /** Its type as a value, for a global without `types`. */
  decl: string;
}

/** Defines the preloaded globals and warms them up. */
export class Preload {
  private readonly req: NodeJS.Require;
  private readonly values = new Map<string, unknown>();
  private readonly globals: Lazy[];

  constructor(private readonly packageRoot: string) {
    this.req = createRequire(path.join(packageRoot, "package.json"));
    this.globals = [
      { name: "tf", spec: "@tensorflow/tfjs", types: "@tensorflow/tfjs", decl: `typeof import("@tensorflow/tfjs")` },
      { name: "dfd", spec: "danfojs-node", types: "danfojs-node", decl: `typeof import("danfojs-node")` },
      { name: "vl", spec: "vega-lite", decl: `typeof import("vega-lite")` },
      { name: "lab", spec: path.join(packageRoot, "dist", "lib", "index.js"), types: "paperlab", decl: `typeof import("paperlab")` },
    ].filter((g) => this.available(g.spec) && process.env.PAPERLAB_KERNEL_PRELOAD !== "0");
  }

  private available(spec: string): boolean {
    if (path.isAbsolute(spec)) return fs.existsSync(spec);
    return fs.existsSync(path.join(this.packageRoot, "node_modules", spec, "package.json"));
  }

  /** Loads one global synchronously (ESM-only packages must have been warmed up). */
  private load(g: Lazy): unknown {
    if (this.values.has(g.name)) return this.values.get(g.name);
    let v: unknown;
    try {
      v = this.req(g.spec);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ERR_REQUIRE_ESM" || code === "ERR_REQUIRE_ASYNC_MODULE" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
        throw new Error(`${g.name} (${g.spec}) is an ES module that is still loading; run the cell again in a moment`);
      }
      throw err;
    }
    this.values.set(g.name, v);
    return v;
  }

  /** The names of the globals this checkout can provide. */
  names(): string[] {
    return this.globals.map((g) => g.name);
  }

  /** Installs the getters on globalThis. */
  install(): void {
    for (const g of this.globals) {
      Object.defineProperty(globalThis, g.name, {
        configurable: true,
        enumerable: false,
        get: () => this.load(g),
        set: (v) => {
          this.values.set(g.name, v);
        },
      });
    }
  }

  /**
   * Declarations of the globals in `names` (all by default), for the type checker: prepended to each
   * cell's previous declarations, with `extra` (the kernel's own globals) always included.
   */
  prelude(extra: string, names?: ReadonlySet<string>): string {
    const used = this.globals.filter((g) => !names || names.has(g.name));
    // A namespace import aliased into the global scope (`import tf = …` alone would stay private to this file).
    const imports = used.filter((g) => g.types).map((g) => `import * as __paperlab_${g.name} from ${JSON.stringify(g.types)};\n`);
    const lines = used.map((g) => (g.types ? `  export import ${g.name} = __paperlab_${g.name};` : `  const ${g.name}: ${g.decl};`));
    return `${imports.join("")}declare global {\n${lines.join("\n")}\n${extra}\n}\n`;
  }

  /** The globals that `code` names (a word match: a mention in a comment or string counts too, which only costs time). */
  mentionedGlobals(code: string): string[] {
    return this.globals.filter((g) => new RegExp(`(^|[^\\w$])${g.name}(?![\\w$])`).test(code)).map((g) => g.name);
  }

  /**
   * The warm-up in steps, each loading one part (the kernel yields between them so that a request
   * that arrives meanwhile is answered first): vega-lite; then TensorFlow.js with its backend
   * (lib/core's `initBackend()` when the library has it, else wasm) and the library. A step never
   * throws: it returns a message for stderr, or null.
   */
  warmSteps(): Array<() => Promise<string | null>> {
    const find = (name: string) => this.globals.find((g) => g.name === name);
    const vl = async (): Promise<string | null> => {
      const g = find("vl");
      if (!g || this.values.has("vl")) return null;
      try {
        this.load(g);
        return null;
      } catch {
        try {
          this.values.set("vl", await importEsm(pathToFileURL(this.req.resolve(g.spec)).href));
          return null;
        } catch (err) {
          return `vl: ${(err as Error).message}`;
        }
      }
    };
    const tfAndLab = async (): Promise<string | null> => {
      const problems: string[] = [];
      try {
        const labGlobal = find("lab");
        const lab = labGlobal ? (this.load(labGlobal) as Record<string, unknown>) : {};
        const tfGlobal = find("tf");
        if (typeof lab.initBackend === "function") {
          await (lab.initBackend as () => Promise<unknown>)();
        } else if (tfGlobal) {
          const tf = this.load(tfGlobal) as { setBackend(n: string): Promise<boolean>; ready(): Promise<void> };
          try {
            this.req("@tensorflow/tfjs-backend-wasm");
            await tf.setBackend("wasm");
          } catch (err) {
            problems.push(`wasm backend unavailable, staying on tfjs's default: ${(err as Error).message}`);
          }
          await tf.ready();
        }
      } catch (err) {
        problems.push(`preload failed: ${(err as Error).stack ?? err}`);
      }
      return problems.length ? problems.join("\n") : null;
    };
    return this.globals.length ? [vl, tfAndLab] : [];
  }
}
