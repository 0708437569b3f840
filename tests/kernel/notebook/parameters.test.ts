import { test } from "node:test";
import assert from "node:assert/strict";
import { Notebook } from "../../../kernel/notebook/nbformat";
import { notebookMessages } from "../../../kernel/notebook/messages";
import {
  injectParameters, parseParameterCell, ParameterError, paramLanguage, pythonLiteral, readParameters, typeCliValue, typeParameters,
} from "../../../kernel/notebook/parameters";

/** `injectParameters` with the parameters read from the notebook itself. */
function inject(n: Notebook, values: Record<string, unknown>, language: "typescript" | "python" = "typescript"): Notebook {
  return injectParameters(n, readParameters(n, language), values);
}

function nb(paramSource: string, language = "typescript"): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "k", language } },
    cells: [
      { cell_type: "markdown", id: "m", metadata: {}, source: "# t" },
      { cell_type: "code", id: "p", metadata: { tags: ["parameters"] }, source: paramSource, outputs: [], execution_count: null },
      { cell_type: "code", id: "c", metadata: {}, source: "x", outputs: [], execution_count: null },
    ],
  };
}

test("TypeScript parameter cells: let/const/var, annotations, comments; kinds from the defaults", () => {
  const d = parseParameterCell('let scale = "smoke"; // smoke | default\nlet steps: number = 100;\nconst fixed = 1;\nvar on = true;\nlet cfg = { a: 1 };\nlet name: string = process.env.X ?? "a";', "typescript");
  assert.deepEqual(d.map((x) => [x.name, x.kind, x.constant]), [
    ["scale", "string", false],
    ["steps", "number", false],
    ["fixed", "number", true],
    ["on", "boolean", false],
    ["cfg", "json", false],
    ["name", "string", false],
  ]);
});

test("Python parameter cells, skipping comparisons and indented lines", () => {
  const d = parseParameterCell('scale = "smoke"  # comment\nn: int = 3\nif n == 3:\n    inner = 1\nratio=0.5', "python");
  assert.deepEqual(d.map((x) => [x.name, x.kind]), [["scale", "string"], ["n", "number"], ["ratio", "number"]]);
});

test("command-line values are typed from the default's kind", () => {
  const [s, n, b, j] = parseParameterCell('let s = "a";\nlet n = 1;\nlet b = false;\nlet j = [1];', "typescript");
  assert.equal(typeCliValue(s, "42"), "42", "a string default keeps the text, even when it looks like a number");
  assert.equal(typeCliValue(n, "1e-3"), 0.001);
  assert.equal(typeCliValue(b, "True"), true);
  assert.deepEqual(typeCliValue(j, "[1, 2]"), [1, 2]);
  assert.equal(typeCliValue(j, "not json"), "not json");
  assert.throws(() => typeCliValue(n, "many"), (e) => e instanceof ParameterError && /'n' is a number \(default 1\), got 'many'/.test(e.message));
  assert.throws(() => typeCliValue(b, "maybe"), /use true or false/);
});

test("injection adds an injected-parameters cell right after the parameters cell and replaces an old one", () => {
  const src = nb('let scale = "default";\nlet steps = 10;');
  const once = inject(src, { scale: "smoke", steps: 5 });
  assert.equal(once.cells.length, 4);
  assert.deepEqual(once.cells[2].metadata.tags, ["injected-parameters"]);
  assert.equal(once.cells[2].source, '// Parameters\nscale = "smoke";\nsteps = 5;\nvoid 0;');
  assert.match(once.cells[2].id!, /^[0-9a-f]{8}$/);
  assert.equal(src.cells.length, 3, "the source notebook is not modified");
  const twice = inject(once, { steps: 7 });
  assert.equal(twice.cells.length, 4);
  assert.equal(twice.cells[2].source, "// Parameters\nsteps = 7;\nvoid 0;");
  assert.equal(inject(src, {}), src, "no values: unchanged");
});

test("python injection writes Python literals", () => {
  const out = inject(nb("a = 1\nb = 'x'\nc = None", "python"), { a: 2.5, b: 'q"u', c: { k: [true, null] } }, "python");
  assert.equal(out.cells[2].source, '# Parameters\na = 2.5\nb = "q\\"u"\nc = {"k": [True, None]}');
  assert.equal(pythonLiteral(Infinity), "float('inf')");
});

test("unknown names, const parameters and a missing parameters cell are errors that say what to do", () => {
  const src = nb('let scale = "default";\nconst seed = 1;');
  assert.throws(() => inject(src, { scael: 1, other: 2 }), { message: notebookMessages.unknownParameters(["scael", "other"], ["scale", "seed"]) });
  assert.equal(notebookMessages.unknownParameters(["scael", "other"], ["scale", "seed"]), "unknown parameters 'scael', 'other': the parameters cell declares scale, seed");
  assert.throws(() => inject(src, { seed: 2 }), /seed is declared with const in the parameters cell; declare parameters with let/);
  const none = { ...src, cells: [src.cells[0]] };
  assert.throws(() => inject(none, { a: 1 }), /no cell tagged 'parameters'/);
});

test("kernel languages map to injection languages", () => {
  assert.equal(paramLanguage("TypeScript"), "typescript");
  assert.equal(paramLanguage("javascript"), "typescript");
  assert.equal(paramLanguage("python"), "python");
  assert.throws(() => paramLanguage("julia"), /cannot inject parameters into a 'julia' notebook/);
  assert.deepEqual(typeParameters(readParameters(nb("let n = 1;"), "typescript"), [["n", "3"]]), { n: 3 });
});

test("the parameters cell is read once: typing and injection use the parsed cell they are given", () => {
  const src = nb('let scale = "default";\nlet steps = 10;');
  const params = readParameters(src, "typescript")!;
  assert.equal(params.cell, 1);
  assert.deepEqual(params.decls.map((d) => [d.name, d.kind]), [["scale", "string"], ["steps", "number"]]);
  assert.equal(readParameters({ ...src, cells: [src.cells[0]] }, "typescript"), undefined, "no parameters cell");
  // Neither function looks at the cell's source again: a declaration only the parsed result has is accepted.
  const extra = { ...params, decls: [...params.decls, { name: "lr", kind: "number" as const, constant: false, defaultText: "0.1" }] };
  assert.deepEqual(typeParameters(extra, [["lr", "0.5"], ["steps", "3"]]), { lr: 0.5, steps: 3 });
  assert.equal(injectParameters(src, extra, { lr: 0.5 }).cells[2].source, "// Parameters\nlr = 0.5;\nvoid 0;");
  assert.throws(() => injectParameters(src, params, { lr: 0.5 }), /unknown parameter 'lr'/);
  // An earlier injected cell before the parameters cell is dropped and the new one still lands right after it.
  const odd: Notebook = { ...src, cells: [{ ...src.cells[0], metadata: { tags: ["injected-parameters"] } }, ...src.cells] };
  const out = injectParameters(odd, readParameters(odd, "typescript"), { steps: 2 });
  assert.deepEqual(out.cells.map((c) => c.metadata.tags ?? []), [[], ["parameters"], ["injected-parameters"], []]);
});
