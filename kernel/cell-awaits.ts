/**
 * An interrupted cell's pending awaits never resume. Interrupting a cell that awaits (`const d = await load();
 * for (…) trainStepSync()`) ends the cell at once, but its code is only suspended: when `load()` settles later,
 * the code after the await would run on in the background (and a busy loop there would hold the kernel with no
 * cell left to interrupt). So every `await x` in a cell's JavaScript is rewritten to
 * `await __paperlab__.awaited(x)`, which settles like `x` unless the running cell's interrupt signal is aborted
 * by then, and never settles after that: the suspended code is dropped, as a hard interrupt drops it (its
 * `catch`/`finally` blocks do not run either).
 *
 * The rewrite inserts text on the lines where the awaits are, so line numbers (and the source maps that point
 * tracebacks at the cell) stay as they were; columns after an insertion on the same line move right.
 */
import type * as TsModule from "typescript";

/** The global function a rewritten await calls (a field of the executor's `__paperlab__` object). */
export const AWAITED = "__paperlab__.awaited";

/** A cell's JavaScript with its awaits guarded, and whether any await sits at its top level. */
export interface GuardedCell {
  js: string;
  /**
   * An `await` (or `for await`) outside any function: the cell must run as an async function. tslab's converter
   * misses some (`const st = await (await import("fs")).promises.stat(".")`), and in a plain function `await (…)`
   * parses as a call of a variable named `await`: "missing ) after argument list".
   */
  topLevelAwait: boolean;
}

/** Rewrites every `await x` in `js` (any function depth) to `await __paperlab__.awaited(x)`. */
export function guardAwaits(js: string, ts: typeof TsModule): GuardedCell {
  if (!js.includes("await")) return { js, topLevelAwait: false };
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  // [position, text]; an inner await's operand lies inside its outer one's, so inserting from the end keeps them nested.
  const edits: Array<[number, string]> = [];
  let topLevelAwait = false;
  const visit = (node: TsModule.Node, inFunction: boolean): void => {
    if (ts.isAwaitExpression(node)) {
      edits.push([node.expression.getStart(sf), `${AWAITED}(`], [node.expression.end, ")"]);
      if (!inFunction) topLevelAwait = true;
    }
    if (ts.isForOfStatement(node) && node.awaitModifier && !inFunction) topLevelAwait = true;
    const inner = inFunction || ts.isFunctionLike(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, false);
  edits.sort((a, b) => b[0] - a[0]);
  let out = js;
  for (const [pos, text] of edits) out = out.slice(0, pos) + text + out.slice(pos);
  return { js: out, topLevelAwait };
}

/** What a rewritten await waits for: `value`, unless `signal` (the cell's interrupt) is aborted first. */
export function awaitUnlessInterrupted<T>(value: T, signal: AbortSignal | undefined): T | Promise<Awaited<T>> {
  if (!signal) return value;
  if (signal.aborted) return new Promise<Awaited<T>>(() => undefined);
  return new Promise<Awaited<T>>((resolve, reject) => {
    Promise.resolve(value).then(
      (v) => {
        if (!signal.aborted) resolve(v);
      },
      (err: unknown) => {
        if (!signal.aborted) reject(err);
      },
    );
  });
}
