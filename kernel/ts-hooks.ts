/**
 * Hooks into the TypeScript copy that tslab's converter uses, installed before the converter
 * loads (tslab's compiler options are fixed in its code, so this is the only seam):
 *
 * - module resolution `Bundler` instead of tslab's Node10, so packages' `exports` maps (ESM-only
 *   packages, vega 6, vega-lite 6) resolve for the type checker;
 * - the `compilerOptions` of a `tsconfig.json` in the kernel's working directory (the notebook's
 *   folder), minus the options the converter owns (module, outDir, declaration, ...);
 * - source maps for the converter's two emits (TS → ESM inline on every emit; ESM → CommonJS only
 *   when a stack trace needs it, by re-running that transpile with maps), composed here so runtime
 *   stack frames map back to cell lines;
 * - a small cache of the ESM → CommonJS transpiles (`ts.transpileModule` builds a whole program per
 *   call: most of a trivial cell's conversion), so that a re-run cell skips it;
 * - `paperlab` and, for notebooks outside this checkout, this checkout's `node_modules`, visible to
 *   the type checker from any folder.
 */
import * as fs from "fs";
import * as path from "path";

type Ts = typeof import("typescript");

/** Options the converter relies on; a notebook's tsconfig.json cannot change them. */
const CONVERTER_OWNED = new Set([
  "module", "moduleResolution", "outDir", "outFile", "rootDir", "declaration", "declarationMap", "emitDeclarationOnly",
  "noEmit", "composite", "incremental", "tsBuildInfoFile", "sourceMap", "inlineSourceMap", "inlineSources", "mapRoot",
  "sourceRoot", "isolatedModules", "verbatimModuleSyntax", "allowJs", "checkJs", "noImplicitUseStrict", "newLine",
  "disableTopLevelAwait", "typeRoots", "importHelpers", "noEmitHelpers", "configFilePath",
]);

/** Decoded source map: per generated line, segments [genCol, srcLine, srcCol]. */
type Segments = Array<Array<[number, number, number]>>;

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes the `mappings` field of a source map (v3, single source). */
export function decodeMappings(mappings: string): Segments {
  const lines: Segments = [];
  let srcLine = 0;
  let srcCol = 0;
  let srcIdx = 0;
  for (const line of mappings.split(";")) {
    const segs: Array<[number, number, number]> = [];
    let genCol = 0;
    for (const seg of line.split(",")) {
      if (!seg) continue;
      const vals: number[] = [];
      let shift = 0;
      let acc = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        acc += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(acc & 1 ? -(acc >>> 1) : acc >>> 1);
          acc = 0;
          shift = 0;
        }
      }
      genCol += vals[0];
      if (vals.length >= 4) {
        srcIdx += vals[1];
        srcLine += vals[2];
        srcCol += vals[3];
        segs.push([genCol, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  void srcIdx;
  return lines;
}

/** Maps a 0-based generated position to a 0-based source position, or null. */
export function lookup(map: Segments, line: number, col: number): [number, number] | null {
  const segs = map[line];
  if (!segs || segs.length === 0) return null;
  let best = segs[0];
  for (const s of segs) if (s[0] <= col) best = s;
  return [best[1], best[2]];
}

/** The two maps of one converted cell: CommonJS → ESM → TypeScript. */
export interface CellMaps {
  toEsm: Segments;
  toTs: Segments | null;
}

/** Maps a 0-based position in the converter's CommonJS output to a 0-based position in the TS file. */
export function mapPosition(maps: CellMaps, line: number, col: number): [number, number] | null {
  const esm = lookup(maps.toEsm, line, col);
  if (!esm) return null;
  if (!maps.toTs) return esm;
  return lookup(maps.toTs, esm[0], esm[1]);
}

const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const FILE_MAP = /\n?\/\/# sourceMappingURL=\S+\s*$/;

/** State of the installed hooks. */
export interface TsHooks {
  /**
   * Source maps of a CommonJS text the converter produced, keyed by that exact text: a function that
   * builds them on first call (only a stack trace needs them), or undefined for an unknown text.
   */
  mapsFor(output: string): (() => CellMaps | undefined) | undefined;
  /** Options read from tsconfig.json ({} when none), for diagnostics. */
  tsconfigOptions: Record<string, unknown>;
  /** Errors met reading tsconfig.json. */
  tsconfigErrors: string[];
}

let installed: TsHooks | null = null;

interface TimerSys {
  setTimeout(cb: () => void, ms?: number): unknown;
  clearTimeout(h: unknown): void;
  watchDirectory?: unknown;
}

/**
 * tslab's converter keeps a single pending compiler timer and throws ("Unexpected pending
 * rebuildTimer") when TypeScript asks for a second one, which happens when files on disk change
 * while the kernel runs (a rebuild of dist/, an npm install). Directory watching (the source of
 * the second timer) is turned off, and a conflicting timer flushes the pending one first.
 */
function guardTimers(sys: TimerSys): TimerSys {
  const guarded = Object.create(sys) as TimerSys;
  let pending: { cb: () => void; handle: unknown } | null = null;
  guarded.watchDirectory = () => ({ close() {} });
  guarded.setTimeout = (cb: () => void, ms?: number) => {
    for (let i = 0; i < 10; i++) {
      try {
        const handle = sys.setTimeout(() => {
          pending = null;
          cb();
        }, ms);
        pending = { cb, handle };
        return handle;
      } catch (err) {
        if (!pending) throw err;
        const p: { cb: () => void; handle: unknown } = pending;
        pending = null;
        sys.clearTimeout(p.handle);
        p.cb();
      }
    }
    throw new Error("internal: the compiler kept scheduling timers; restart the kernel");
  };
  guarded.clearTimeout = (h: unknown) => {
    if (pending && pending.handle === h) pending = null;
    sys.clearTimeout(h);
  };
  return guarded;
}

/**
 * Installs the hooks (once per process) for a kernel working in `cwd`, with `packageRoot` the
 * paperlab checkout. Must run before `tslab/dist/converter` is first required.
 */
export function installTsHooks(cwd: string, packageRoot: string): TsHooks {
  if (installed) return installed;
  const tslabDir = path.dirname(require.resolve("tslab/package.json"));
  const tsPath = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] });
  const ts = require(tsPath) as Ts;
  const tsconfigErrors: string[] = [];
  let tsconfigOptions: Record<string, unknown> = {};

  const cfgFile = path.join(cwd, "tsconfig.json");
  if (fs.existsSync(cfgFile)) {
    const read = ts.readConfigFile(cfgFile, ts.sys.readFile);
    if (read.error) tsconfigErrors.push(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
    else {
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, cwd, undefined, cfgFile);
      for (const e of parsed.errors) {
        // "No inputs were found" is irrelevant: cells are the inputs.
        if (e.code !== 18003) tsconfigErrors.push(ts.flattenDiagnosticMessageText(e.messageText, "\n"));
      }
      for (const [k, v] of Object.entries(parsed.options)) if (!CONVERTER_OWNED.has(k)) tsconfigOptions[k] = v;
    }
  }

  // Paths under <cwd>/node_modules that do not exist fall back to this checkout, and
  // .../node_modules/paperlab is this checkout: `import ... from "paperlab"` type-checks anywhere.
  const cwdModules = path.join(cwd, "node_modules") + path.sep;
  const rootModules = path.join(packageRoot, "node_modules") + path.sep;
  const marker = `${path.sep}node_modules${path.sep}`;
  const mapped = (p: string): string | null => {
    const i = p.lastIndexOf(marker);
    if (i < 0) return null;
    const rest = p.slice(i + marker.length);
    if (rest === "paperlab" || rest.startsWith(`paperlab${path.sep}`) || rest.startsWith("paperlab/")) {
      return path.join(packageRoot, rest.slice("paperlab".length));
    }
    if (cwdModules !== rootModules && p.startsWith(cwdModules)) return rootModules + p.slice(cwdModules.length);
    return null;
  };
  const sys = ts.sys as unknown as Record<string, (...a: any[]) => any>;
  const orig = { fileExists: sys.fileExists, readFile: sys.readFile, directoryExists: sys.directoryExists, realpath: sys.realpath };
  sys.fileExists = (p: string) => orig.fileExists.call(ts.sys, p) || (mapped(p) !== null && orig.fileExists.call(ts.sys, mapped(p)));
  sys.directoryExists = (p: string) =>
    orig.directoryExists.call(ts.sys, p) || (mapped(p) !== null && orig.directoryExists.call(ts.sys, mapped(p)));
  sys.readFile = (p: string, enc?: string) => {
    const r = orig.readFile.call(ts.sys, p, enc);
    if (r !== undefined) return r;
    const m = mapped(p);
    return m === null ? undefined : orig.readFile.call(ts.sys, m, enc);
  };
  for (const k of ["getDirectories", "readDirectory"]) {
    const f = sys[k];
    if (!f) continue;
    sys[k] = (p: string, ...rest: unknown[]) => {
      if (orig.directoryExists.call(ts.sys, p)) return f.call(ts.sys, p, ...rest);
      const m = mapped(p);
      return m === null ? f.call(ts.sys, p, ...rest) : f.call(ts.sys, m, ...rest);
    };
  }
  if (orig.realpath) {
    sys.realpath = (p: string) => {
      if (orig.fileExists.call(ts.sys, p) || orig.directoryExists.call(ts.sys, p)) return orig.realpath.call(ts.sys, p);
      const m = mapped(p);
      return m === null ? p : orig.realpath.call(ts.sys, m);
    };
  }

  const wrapper: Record<string, unknown> = {};
  for (const k of Object.keys(ts)) {
    Object.defineProperty(wrapper, k, { enumerable: true, configurable: true, get: () => (ts as any)[k] });
  }
  const define = (k: string, v: unknown): void => {
    Object.defineProperty(wrapper, k, { enumerable: true, configurable: true, value: v });
  };
  define("createWatchCompilerHost", (roots: string[], options: Record<string, unknown>, system: unknown, ...rest: unknown[]) =>
    (ts.createWatchCompilerHost as any)(
      roots,
      { ...options, ...tsconfigOptions, moduleResolution: ts.ModuleResolutionKind.Bundler, inlineSourceMap: true, sourceMap: false },
      guardTimers(system as TimerSys),
      ...rest,
    ),
  );
  type TranspileOptions = import("typescript").TranspileOptions;
  type TranspileOutput = import("typescript").TranspileOutput;
  // Output text → how to build its maps: the ESM input and options of the transpile, the inline TS → ESM map.
  const sources = new Map<string, { src: string; opts: TranspileOptions; inlineMap: string | null }>();
  // (options, ESM input) → transpile result; an identical input always gives an identical output.
  const transpiled = new Map<string, TranspileOutput>();
  const remember = <V>(m: Map<string, V>, k: string, v: V, max: number): void => {
    m.delete(k);
    m.set(k, v);
    if (m.size > max) m.delete(m.keys().next().value as string);
  };
  define("transpileModule", (input: string, opts: TranspileOptions) => {
    const m = INLINE_MAP.exec(input);
    const src = m ? input.slice(0, m.index) : input;
    const key = `${JSON.stringify(opts)}\n${src}`;
    let out = transpiled.get(key);
    if (!out) {
      out = ts.transpileModule(src, { ...opts, compilerOptions: { ...opts.compilerOptions, sourceMap: false } });
      remember(transpiled, key, out, 64);
    }
    remember(sources, out.outputText, { src, opts, inlineMap: m ? m[1] : null }, 500);
    return { ...out };
  });
  const buildMaps = (output: string, rec: { src: string; opts: TranspileOptions; inlineMap: string | null }): CellMaps | undefined => {
    const withMap = ts.transpileModule(rec.src, { ...rec.opts, compilerOptions: { ...rec.opts.compilerOptions, sourceMap: true } });
    // The same transpile with maps on emits the same code plus a map comment; anything else cannot be mapped.
    if (!withMap.sourceMapText || withMap.outputText.replace(FILE_MAP, "").trimEnd() !== output.trimEnd()) return undefined;
    const toTs = rec.inlineMap === null ? null : decodeMappings(JSON.parse(Buffer.from(rec.inlineMap, "base64").toString("utf8")).mappings);
    return { toEsm: decodeMappings(JSON.parse(withMap.sourceMapText).mappings), toTs };
  };
  const cached = require.cache[tsPath];
  if (!cached) throw new Error("internal: the converter's TypeScript module was not cached after require");
  cached.exports = wrapper;

  const mapsFor = (output: string): (() => CellMaps | undefined) | undefined => {
    const rec = sources.get(output);
    if (!rec) return undefined;
    let built: { maps: CellMaps | undefined } | null = null;
    return () => (built ??= { maps: buildMaps(output, rec) }).maps;
  };
  installed = { mapsFor, tsconfigOptions, tsconfigErrors };
  return installed;
}
