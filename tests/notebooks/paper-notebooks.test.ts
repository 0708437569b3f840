/**
 * Structure of every paper notebook under notebooks/ (all but the figure gallery), read as source: an executed
 * notebook reads like the paper (issue 27) — results and run info are `lab.table` displays, never `console.table`
 * ASCII or a dumped object, and the experiments' per-run log lines are collected in a `lab.runLog` shown collapsed
 * at the end instead of printed into the cells.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../kernel/client/support";

interface Cell {
  cell_type: string;
  source: string | string[];
}

const dir = path.join(ROOT, "notebooks");
const papers = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb") && f !== "gallery.ipynb")
  .sort();

function codeCells(file: string): string[] {
  const nb = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { cells: Cell[] };
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));
}

/** The argument text of each `console.log(...)` call in `src` (up to its matching parenthesis). */
function consoleLogArgs(src: string): string[] {
  const out: string[] = [];
  for (let i = src.indexOf("console.log("); i >= 0; i = src.indexOf("console.log(", i + 1)) {
    let depth = 0;
    let quote = "";
    const start = i + "console.log(".length;
    for (let j = start; j < src.length; j++) {
      const ch = src[j];
      if (quote) {
        if (ch === "\\") j++;
        else if (ch === quote) quote = "";
        continue;
      }
      if (ch === '"' || ch === "'" || ch === "`") quote = ch;
      else if (ch === "(" || ch === "[" || ch === "{") depth++;
      else if (ch === ")" && depth === 0) {
        out.push(src.slice(start, j));
        break;
      } else if (ch === ")" || ch === "]" || ch === "}") depth--;
    }
  }
  return out;
}

/** True when an argument list has a comma outside brackets and string literals (several values logged). */
function hasTopLevelComma(args: string): boolean {
  let depth = 0;
  let quote = "";
  for (let j = 0; j < args.length; j++) {
    const ch = args[j];
    if (quote) {
      if (ch === "\\") j++;
      else if (ch === quote) quote = "";
      else if (quote === "`" && ch === "$" && args[j + 1] === "{") {
        // a template's ${...}: skip to its closing brace (nested templates are rare here; depth counts braces)
        let d = 0;
        for (j += 1; j < args.length; j++) {
          if (args[j] === "{") d++;
          else if (args[j] === "}" && --d === 0) break;
        }
      }
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) return true;
  }
  return false;
}

test("paper notebooks: the list is the papers (the gallery is not one)", () => {
  assert.ok(papers.length >= 8, `expected the eight paper notebooks, found ${papers.join(", ")}`);
});

for (const file of papers) {
  test(`${file}: no console.table; run info is a lab.table`, () => {
    const cells = codeCells(file);
    for (const [i, src] of cells.entries()) assert.ok(!src.includes("console.table"), `${file} code cell ${i} uses console.table: display a lab.table(rows, { caption, format })`);
    assert.ok(
      cells.some((src) => /lab\.table\(\s*lab\.runInfo\(/.test(src)),
      `${file}: no cell displays lab.table(lab.runInfo(...), { caption: "run" })`,
    );
  });

  test(`${file}: console.log prints text only (no dumped objects, no several values)`, () => {
    for (const [i, src] of codeCells(file).entries()) {
      for (const args of consoleLogArgs(src)) {
        assert.ok(!hasTopLevelComma(args), `${file} code cell ${i}: console.log(${args.slice(0, 80)}…) logs several values; display a lab.table or one line of text`);
        assert.ok(!/^\s*[\w.]+\s*$/.test(args) || /^\s*lab\.describeBackend\(\)\s*$/.test(args), `${file} code cell ${i}: console.log(${args}) dumps a value; display it with lab.table`);
        assert.ok(!/runInfo/.test(args), `${file} code cell ${i}: run info is printed; display lab.table(lab.runInfo(...))`);
      }
    }
  });

  test(`${file}: no cell ends by echoing a bare value or an object/array literal`, () => {
    for (const [i, src] of codeCells(file).entries()) {
      const lines = src.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("//"));
      const last = lines[lines.length - 1] ?? "";
      assert.ok(!/^[\w.]+;?$/.test(last) || /^(break|continue);?$/.test(last), `${file} code cell ${i} ends with the bare value '${last}': it echoes as a JS literal; display a lab.table`);
      assert.ok(!/^[{[]/.test(lines.length === 1 ? last : ""), `${file} code cell ${i} is a literal that echoes as JS`);
    }
  });

  test(`${file}: experiment log lines go to a lab.runLog shown at the end, not into the cells`, () => {
    const cells = codeCells(file);
    for (const [i, src] of cells.entries()) {
      assert.ok(!/=>\s*console\.log\(/.test(src), `${file} code cell ${i} passes console.log as a log callback: collect the lines with lab.runLog(caption) and pass its .say`);
      assert.ok(!/[(,]\s*console\.log\s*[),]/.test(src), `${file} code cell ${i} passes console.log as a callback: use lab.runLog(caption).say`);
    }
    const logs = cells.flatMap((src) => [...src.matchAll(/const (\w+) = lab\.runLog\(/g)].map((m) => m[1]));
    for (const name of logs) {
      const at = cells.findIndex((src) => src.includes(`= lab.runLog(`) && src.includes(`const ${name} `));
      assert.ok(
        cells.slice(at + 1).some((src) => src.includes(`lab.display(${name})`)),
        `${file}: the run log '${name}' is never displayed after it is made: add await lab.display(${name}) to the last cell`,
      );
    }
  });
}
