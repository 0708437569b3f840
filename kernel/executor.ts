/**
 * Runs cells: tslab's converter (type check across cells, TS → CommonJS) used as a library, with
 * the execution loop our own so that the protocol layer gets structured results:
 *
 *   convert(prelude + previous declarations, cell) → diagnostics | JS
 *   preload ESM-only packages the JS requires (await import) → run in this context → await
 *   top-level await, racing the interrupt promise → the last expression's value.
 *
 * Errors come back as Jupyter `error` contents whose tracebacks point at cell lines.
 */
import Module, { createRequire, isBuiltin } from "module";
import * as path from "path";
import { pathToFileURL } from "url";
import { inspect } from "util";
import * as vm from "vm";
import { awaitUnlessInterrupted, guardAwaits } from "./cell-awaits";
import { ErrorContent } from "./messages";
import { esmFileFor, requiredModules } from "./module-resolver";
import { installTsHooks, mapPosition, TsHooks } from "./ts-hooks";

type Converter = import("tslab/dist/converter").Converter;

/** The outcome of one cell. */
export type ExecOutcome =
  | { status: "ok"; hasValue: boolean; value?: unknown }
  | { status: "error"; error: ErrorContent; kind: "compile" | "runtime" | "interrupt" };

/** A completion answer in Jupyter's terms. */
export interface Completion {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  types: Array<{ text: string; type: string; start: number; end: number }>;
}

/** `is_complete` statuses. */
export type Completeness = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

/** Thrown into awaits and reported when the user interrupts. */
export class KernelInterrupt extends Error {
  constructor() {
    super("execution interrupted by the user (interrupt_request or SIGINT); the kernel's variables are kept");
    this.name = "KeyboardInterrupt";
  }
}

/** Options of `Executor`. */
export interface ExecutorOptions {
  /** Where cells resolve modules and tsconfig.json from: the notebook's folder (the kernel's cwd). */
  rootDir: string;
  /** The paperlab checkout. */
  packageRoot: string;
  /**
   * Extra declarations visible to cells (the preloaded globals): fixed, or computed from the code
   * being checked (so that costly declarations are only added once a cell names them).
   */
  prelude?: string | ((src: string) => string);
  /**
   * Names the prelude declares as globals. tslab's converter rewrites references to anything
   * declared before the cell into `exports.name`, so these read through to globalThis.
   */
  globals?: string[];
  /**
   * Globals visible to cells only, never set on globalThis (so packages probing for, say, the Deno
   * runtime are not fooled): name → value, read on each use. The prelude must declare them too.
   */
  cellGlobals?: Record<string, () => unknown>;
  /** Modules a cell's `require(name)` / `import ... from name` gets instead of the package: name → module. */
  modules?: Record<string, () => unknown>;
  /** The cells' language: TypeScript (default) or JavaScript (type-checked as JS with checkJs, like jslab). */
  language?: CellLanguage;
  /**
   * Awaited after a cell type-checks and before it runs, with its source and converted JavaScript (the kernel
   * finishes loading the libraries a cell uses here). A rejection fails the cell with that error.
   */
  beforeRun?: (cell: { src: string; js: string }) => Promise<void>;
  /**
   * Called when a cell's synchronous part has returned and only its top-level awaits are left (from then on
   * the main thread runs the cell's own code or nothing; the kernel's interrupt may stop that code by force).
   */
  onAwait?: () => void;
  /**
   * Called first thing inside the running script, before the cell's code (`vm`'s SIGINT watchdog is armed), and
   * when its synchronous part ends (also after the script was stopped, when the cell's own `finally` did not run).
   * The kernel sends SIGINT only between the two (interrupt-state.ts).
   */
  sync?: { enter(): void; leave(): void; signalled(): boolean };
  /** The running cell's interrupt signal: once it is aborted, that cell's pending awaits never resume (cell-awaits.ts). */
  interruptSignal?: () => AbortSignal | undefined;
}

/** The languages cells can be written in. */
export type CellLanguage = "typescript" | "javascript";

// Kept as a real dynamic import() in CommonJS output (module node16), so ESM loads natively.
const importEsm = (url: string): Promise<Record<string, unknown>> => import(url);

/** Executes cells, keeping declarations and values across them. */
export class Executor {
  private readonly conv: Converter;
  private readonly hooks: TsHooks;
  private prevDecl = "";
  private readonly exportsObj: Record<string, unknown> = {};
  private readonly exportsProxy: Record<string, unknown>;
  private readonly esmCache = new Map<string, unknown>();
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private readonly cellSources = new Map<string, string[]>();
  private readonly cellMaps = new Map<string, ReturnType<TsHooks["mapsFor"]>>();
  private readonly baseRequire: NodeJS.Require;
  private readonly rootRequire: NodeJS.Require;
  private rejectInterrupt: (e: Error) => void = () => undefined;
  /** True while a cell is being converted or run. */
  private running = false;
  /** An interrupt arrived before the cell's code started (while type checking): do not start it. */
  private interruptPending = false;
  private interruptPromise!: Promise<never>;
  private readonly prelude: (src: string) => string;
  private readonly isCompleteCode: (src: string) => { completed: boolean; indent?: string };
  private readonly ts: typeof import("typescript");

  constructor(private readonly opts: ExecutorOptions) {
    this.hooks = installTsHooks(opts.rootDir, opts.packageRoot);
    // tslab's converter reads the current directory for its virtual files and module resolution.
    const converter = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
    this.conv = converter.createConverter({ isJS: opts.language === "javascript" });
    this.isCompleteCode = converter.isCompleteCode;
    this.ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [path.dirname(require.resolve("tslab/package.json"))] }));
    const prelude = opts.prelude ?? "";
    this.prelude = typeof prelude === "string" ? () => prelude : prelude;
    const target = this.exportsObj;
    this.exportsProxy = new Proxy(target, {
      // The converter turns named imports into defineProperty getters; store values so they stay rewritable.
      defineProperty: (_t, prop, attrs) => {
        if (prop === "__esModule") return true;
        target[prop as string] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
    const cellGlobals = opts.cellGlobals ?? {};
    for (const name of [...(opts.globals ?? []), ...Object.keys(cellGlobals)]) {
      const read = Object.hasOwn(cellGlobals, name) ? cellGlobals[name] : () => (globalThis as Record<string, unknown>)[name];
      Object.defineProperty(target, name, {
        configurable: true,
        enumerable: false,
        get: read,
        set: (v) => {
          // A cell that redefines the name takes it over as an ordinary value.
          Object.defineProperty(target, name, { value: v, writable: true, configurable: true, enumerable: true });
        },
      });
    }
    this.baseRequire = createRequire(path.join(opts.rootDir, "__paperlab_cell__.js"));
    this.rootRequire = createRequire(path.join(opts.packageRoot, "package.json"));
    const cellRequire = this.wrapRequire(this.baseRequire, opts.rootDir);
    const exportsProxy = this.exportsProxy;
    const sync = opts.sync;
    (globalThis as Record<string, unknown>).__paperlab__ = {
      exports: exportsProxy,
      require: cellRequire,
      awaited: (value: unknown) => awaitUnlessInterrupted(value, opts.interruptSignal?.()),
      // The cell's function is called from inside the script, so `sync.enter` runs with the watchdog armed.
      run(cell: (exports: Record<string, unknown>, require: (id: string) => unknown) => unknown): unknown {
        sync?.enter();
        try {
          return cell(exportsProxy, cellRequire);
        } finally {
          sync?.leave();
        }
      },
    };
    this.resetInterrupt();
  }

  /** Problems reading the notebook's tsconfig.json (shown once by the kernel). */
  get tsconfigErrors(): string[] {
    return this.hooks.tsconfigErrors;
  }

  /** The values of the cells' top-level declarations. */
  get locals(): Record<string, unknown> {
    return this.exportsObj;
  }

  private resetInterrupt(): void {
    this.interruptPromise = new Promise<never>((_, reject) => (this.rejectInterrupt = reject));
    this.interruptPromise.catch(() => undefined);
  }

  /** Rejects the pending top-level await of the running cell (a busy loop is stopped by SIGINT itself). */
  interrupt(): void {
    if (this.running) this.interruptPending = true;
    this.rejectInterrupt(new KernelInterrupt());
    this.resetInterrupt();
  }

  private wrapRequire(req: NodeJS.Require, dirname: string): (id: string) => unknown {
    const self = this;
    return function cellRequire(id: string): unknown {
      if (id === "paperlab") return require(path.join(self.opts.packageRoot, "dist", "lib", "index.js"));
      if (id.startsWith("paperlab/")) return require(path.join(self.opts.packageRoot, id.slice("paperlab/".length)));
      if (self.opts.modules && Object.hasOwn(self.opts.modules, id)) return self.opts.modules[id]();
      if (self.esmCache.has(id)) return self.esmCache.get(id);
      if (id.startsWith(".") || path.isAbsolute(id)) {
        let file = path.resolve(dirname, id);
        if (path.extname(file) === "") file += ".js";
        const mod = self.fromSideOutputs(file);
        if (mod !== undefined) return mod;
      }
      try {
        return req(id);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === "MODULE_NOT_FOUND" && !id.startsWith(".") && String(e.message).includes(`'${id}'`)) return self.rootRequire(id);
        throw err;
      }
    };
  }

  private fromSideOutputs(file: string): unknown {
    const cached = this.sideModules.get(file);
    if (cached) return cached.exports;
    const code = this.sideOutputs.get(file);
    if (code === undefined) return undefined;
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
    (mod as unknown as { require: unknown }).require = this.wrapRequire(createRequire(file), path.dirname(file));
    (mod as unknown as { _compile(c: string, f: string): void })._compile(code, file);
    this.sideModules.set(file, mod);
    return mod.exports;
  }

  /**
   * Loads, with `import()`, the ESM-only packages a converted cell requires (static imports and
   * `await import()` both become `require("x")`), so the synchronous require finds them cached.
   */
  private async preloadEsm(js: string): Promise<void> {
    for (const spec of requiredModules(js)) {
      if (isBuiltin(spec) || spec === "paperlab" || spec.startsWith("paperlab/") || this.esmCache.has(spec) || (this.opts.modules && Object.hasOwn(this.opts.modules, spec))) continue;
      if (spec.startsWith(".") || path.isAbsolute(spec)) continue;
      const file = esmFileFor(spec, [this.baseRequire, this.rootRequire], [this.opts.rootDir, this.opts.packageRoot]);
      if (!file) continue; // CommonJS, or not found: require() loads it or reports "Cannot find module" in Node's words
      const ns = await importEsm(pathToFileURL(file).href);
      this.esmCache.set(spec, Object.assign(Object.create(null), ns, { __esModule: true }));
    }
  }

  /** Runs one cell. `cellName` names it in tracebacks (e.g. "cell 3"). */
  async execute(src: string, cellName: string): Promise<ExecOutcome> {
    this.running = true;
    this.interruptPending = false;
    try {
      return await this.executeInner(src, cellName);
    } finally {
      this.running = false;
    }
  }

  private async executeInner(src: string, cellName: string): Promise<ExecOutcome> {
    const converted = this.conv.convert(this.prelude(src) + this.prevDecl, src);
    for (const out of converted.sideOutputs ?? []) {
      this.sideModules.delete(out.path);
      this.sideOutputs.set(out.path, out.data);
    }
    if (converted.diagnostics.length > 0) return { status: "error", kind: "compile", error: this.compileError(src, cellName, converted.diagnostics) };
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? "";
      return { status: "ok", hasValue: false };
    }
    const filename = `<${cellName}>`;
    this.cellSources.set(filename, src.split("\n"));
    this.cellMaps.set(filename, this.hooks.mapsFor(converted.output));
    try {
      // An interrupt while the libraries load (seconds on the first cell) ends the cell now; the loading goes on.
      const js = converted.output;
      const prepare = (async () => {
        if (this.opts.beforeRun) await this.opts.beforeRun({ src, js });
        await this.preloadEsm(js);
      })();
      prepare.catch(() => undefined);
      await Promise.race([prepare, this.interruptPromise]);
    } catch (err) {
      return { status: "error", kind: isInterrupt(err) ? "interrupt" : "runtime", error: this.runtimeError(err) };
    }
    // Let a SIGINT that arrived during type checking be handled before the code starts. Its listener runs in
    // a poll phase of the event loop; the check phase right after this cell's own poll callback can come
    // before that, so wait for the next iteration's (a SIGINT missed here would never stop `while (true) {}`).
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    if (this.interruptPending) {
      return { status: "error", kind: "interrupt", error: this.runtimeError(new KernelInterrupt()) };
    }
    const guarded = guardAwaits(converted.output, this.ts);
    const isAsync = converted.hasToplevelAwait || guarded.topLevelAwait;
    const prefix = isAsync ? "(async function(exports, require) {\n" : "(function(exports, require) {\n";
    const wrapped = `__paperlab__.run(${prefix}${guarded.js}\n}))`;
    let ret: unknown;
    let stopped = false;
    try {
      try {
        ret = vm.runInThisContext(wrapped, {
          filename,
          breakOnSigint: true,
          importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER as any,
        } as vm.RunningScriptOptions);
      } catch (err) {
        stopped = isInterrupt(err);
        throw err;
      } finally {
        this.opts.sync?.leave(); // a stopped script never ran its own leave
        if (!stopped && this.opts.sync?.signalled()) flushStaleSigint();
      }
      if (isAsync) {
        this.opts.onAwait?.();
        await Promise.race([ret, this.interruptPromise]);
      }
    } catch (err) {
      return { status: "error", kind: isInterrupt(err) ? "interrupt" : "runtime", error: this.runtimeError(err) };
    }
    this.prevDecl = converted.declOutput ?? "";
    const key = converted.lastExpressionVar;
    if (key && key in this.exportsObj) {
      const value = this.exportsObj[key];
      delete this.exportsObj[key];
      return { status: "ok", hasValue: value !== undefined, value };
    }
    return { status: "ok", hasValue: false };
  }

  private compileError(src: string, cellName: string, diags: import("tslab/dist/converter").Diagnostic[]): ErrorContent {
    const lines = src.split("\n");
    const syntax = diags.every((d) => d.code >= 1000 && d.code < 2000);
    const tb: string[] = [];
    for (const d of diags) {
      const where = d.fileName ? `${d.fileName} ${d.start.line + 1}:${d.start.character + 1}` : `${cellName}, line ${d.start.line + 1}:${d.start.character + 1}`;
      tb.push(`${where} - error TS${d.code}: ${d.messageText}`);
      if (!d.fileName && lines[d.start.line] !== undefined) {
        tb.push(`    ${lines[d.start.line]}`);
        const width = d.end.line === d.start.line ? Math.max(1, d.end.character - d.start.character) : 1;
        tb.push(`    ${" ".repeat(d.start.character)}${"^".repeat(width)}`);
      }
    }
    const first = diags[0];
    return {
      ename: syntax ? "SyntaxError" : "TypeError",
      evalue: `line ${first.start.line + 1}:${first.start.character + 1} - ${first.messageText}${diags.length > 1 ? ` (and ${diags.length - 1} more)` : ""}`,
      traceback: tb,
    };
  }

  /** An `error` content for a thrown value, with stack frames mapped to cell lines. */
  runtimeError(err: unknown): ErrorContent {
    if (isInterrupt(err)) {
      return { ename: "KeyboardInterrupt", evalue: new KernelInterrupt().message, traceback: ["KeyboardInterrupt: execution interrupted; variables are kept"] };
    }
    if (!(err instanceof Error)) {
      const text = inspect(err);
      return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
    }
    const ename = err.name || "Error";
    const evalue = err.message;
    const tb = [`${ename}: ${evalue}`];
    const frames = String(err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
    for (const f of frames) {
      const m = /(<cell [^>]+>):(\d+):(\d+)/.exec(f);
      if (m) {
        const mapped = this.mapFrame(m[1], Number(m[2]), Number(m[3]));
        if (mapped) {
          const fn = /^\s+at (.+?) \(/.exec(f)?.[1];
          const name = !fn || fn.startsWith("eval") || fn === "Object.<anonymous>" ? "" : ` in ${fn}`;
          tb.push(`  at ${m[1].slice(1, -1)}, line ${mapped.line}:${mapped.col}${name}`);
          if (mapped.text !== undefined) tb.push(`      ${mapped.text.trim()}`);
          continue;
        }
      }
      if (m) continue; // the wrapper's own line
      if (/node:vm|runInThisContext/.test(f)) break; // below here: the kernel running the cell
      if (/\/kernel\/(executor|server|cell-awaits)\.js|node:internal|^\s+at new Promise|__paperlab__/.test(f)) continue;
      tb.push(f.replace(/^\s+/, "  "));
    }
    return { ename, evalue, traceback: tb };
  }

  private mapFrame(file: string, line: number, col: number): { line: number; col: number; text?: string } | null {
    const maps = this.cellMaps.get(file)?.();
    if (!maps) return null;
    // Line 1 of the script is the wrapper's prefix; the TS file starts with tslab's one-line prefix.
    const pos = mapPosition(maps, line - 2, col - 1);
    if (!pos) return null;
    const cellLine = pos[0]; // 0-based TS line minus the one-line prefix, plus one for 1-based
    if (cellLine < 1) return null;
    return { line: cellLine, col: pos[1] + 1, text: this.cellSources.get(file)?.[cellLine - 1] };
  }

  /** Completion candidates at `cursor` (a UTF-16 offset), with their kinds. */
  complete(src: string, cursor: number): Completion {
    const info = this.conv.complete(this.prelude(src) + this.prevDecl, src, cursor);
    const kinds = new Map<string, string>();
    for (const e of info.original?.entries ?? []) kinds.set(e.name, String(e.kind));
    return {
      matches: info.candidates,
      cursor_start: info.start,
      cursor_end: info.end,
      types: info.candidates.map((c) => ({ text: c, type: kinds.get(c) ?? "", start: info.start, end: info.end })),
    };
  }

  /** Type and documentation of the symbol at `cursor`, or null when there is none. */
  inspect(src: string, cursor: number): { text: string; markdown: string } | null {
    const decls = this.prelude(src) + this.prevDecl;
    let info = this.conv.inspect(decls, src, cursor);
    if (!info && cursor > 0) info = this.conv.inspect(decls, src, cursor - 1);
    if (!info) return null;
    const sig = (info.displayParts ?? []).map((p) => p.text).join("");
    const doc = (info.documentation ?? []).map((p) => p.text).join("");
    const tags = (info.tags ?? []).map((t) => `@${t.name} ${(t.text ?? []).map((p) => p.text).join("")}`).join("\n");
    const text = [sig, doc, tags].filter(Boolean).join("\n\n");
    const markdown = ["```typescript\n" + sig + "\n```", doc, tags].filter(Boolean).join("\n\n");
    return { text, markdown };
  }

  /**
   * Type-checks an empty cell against the current declarations, so that the compiler loads the types the prelude
   * names now (the kernel calls this while idle) instead of on the next cell. Skipped while a cell runs.
   */
  prepareTypes(): void {
    if (this.running) return;
    this.conv.convert(this.prelude("") + this.prevDecl, "");
  }

  /** complete / incomplete (with the next line's indent) / invalid. */
  isComplete(src: string): Completeness {
    const r = this.isCompleteCode(src);
    if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
    const sf = this.ts.createSourceFile("cell.ts", src, this.ts.ScriptTarget.Latest, false, this.ts.ScriptKind.TS);
    const diags = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
    return diags.length > 0 ? { status: "invalid" } : { status: "complete" };
  }

  /** Releases the compiler's watchers. */
  close(): void {
    this.conv.close();
  }
}

/**
 * After a SIGINT was sent into a cell's synchronous part that ended anyway: Node's SIGINT watchdog helper thread,
 * when scheduled late, can stop on the watchdog's teardown with the signal's wake-up still counted in its semaphore,
 * and the next script run with breakOnSigint would be stopped by it (the next cell, interrupted for nothing). Run a
 * short script that waits to be stopped by such a stale wake-up, consuming it; without one it ends after
 * `ms` (this happens only when an interrupt meets the end of a synchronous part).
 */
export function flushStaleSigint(ms = 250): boolean {
  try {
    vm.runInThisContext(`{ const end = Date.now() + ${ms}; while (Date.now() < end); }`, { breakOnSigint: true, filename: "<paperlab sigint flush>" });
    return false;
  } catch (err) {
    if (isInterrupt(err)) return true;
    throw err;
  }
}

function isInterrupt(err: unknown): boolean {
  return err instanceof KernelInterrupt || (err instanceof Error && /Script execution (was )?interrupted/.test(err.message));
}
