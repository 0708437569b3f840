/**
 * The preloaded globals `tf`, `dfd`, `vl`, `lab`, and the declarations that type them for cells.
 *
 * Startup stays fast: the globals are getters that load on first use, and `warmUp()` (started
 * once the kernel answers requests) loads TensorFlow.js with its backend, vega-lite and the
 * library in the background; the first cell waits for it. danfo (about 2 s to load) loads on
 * first use only. vega-lite 6 is ESM-only, so `vl` falls back to `import()`.
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
  /** Type declaration for the prelude. */
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
      { name: "tf", spec: "@tensorflow/tfjs", decl: `typeof import("@tensorflow/tfjs")` },
      { name: "dfd", spec: "danfojs-node", decl: `typeof import("danfojs-node")` },
      { name: "vl", spec: "vega-lite", decl: `typeof import("vega-lite")` },
      { name: "lab", spec: path.join(packageRoot, "dist", "lib", "index.js"), decl: `typeof import("paperlab")` },
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

  /** Declarations of the globals, for the type checker (prepended to each cell's previous declarations). */
  prelude(extra: string): string {
    const lines = this.globals.map((g) => `  const ${g.name}: ${g.decl};`);
    return `declare global {\n${lines.join("\n")}\n${extra}\n}\n`;
  }

  /**
   * Loads tf (and picks its backend: lib/core's `initBackend()` when the library has it, else
   * wasm), vega-lite and the library. Never throws: a failure is returned as a message for stderr.
   */
  async warmUp(): Promise<string | null> {
    const problems: string[] = [];
    for (const name of ["vl"]) {
      const g = this.globals.find((x) => x.name === name);
      if (!g || this.values.has(name)) continue;
      try {
        this.load(g);
      } catch {
        try {
          const file = this.req.resolve(g.spec);
          this.values.set(name, await importEsm(pathToFileURL(file).href));
        } catch (err) {
          problems.push(`${name}: ${(err as Error).message}`);
        }
      }
    }
    try {
      const lab = this.globals.some((g) => g.name === "lab") ? (this.load(this.globals.find((g) => g.name === "lab")!) as Record<string, unknown>) : {};
      if (typeof lab.initBackend === "function") {
        await (lab.initBackend as () => Promise<unknown>)();
      } else if (this.globals.some((g) => g.name === "tf")) {
        const tf = this.load(this.globals.find((g) => g.name === "tf")!) as { setBackend(n: string): Promise<boolean>; ready(): Promise<void> };
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
  }
}
