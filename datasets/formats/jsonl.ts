/** JSON Lines reader: one JSON value per line; a bad line is reported with its line number and column. */
import * as fs from "fs";
import { DatasetError } from "../errors";
import { readFileBytes } from "../checksum";
import { gunzipChecked } from "./gzip";

/** Parses JSONL text; blank lines are skipped. `fix` is appended to errors. */
export function parseJsonl<T = unknown>(text: string, file: string, fix = "make every line one complete JSON value (no trailing commas, no pretty-printing across lines)"): T[] {
  const out: T[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].replace(/\r$/, "");
    if (s.trim() === "") continue;
    try {
      out.push(JSON.parse(s) as T);
    } catch (e) {
      const pos = jsonErrorOffset(s);
      throw new DatasetError("jsonl-parse", `invalid JSON: ${(e as Error).message.split("\n")[0]}`, fix, { file, line: i + 1, column: pos + 1 });
    }
  }
  return out;
}

/** Reads a JSONL file (gzipped if it starts with the gzip magic). */
export function readJsonl<T = unknown>(file: string, fix?: string): T[] {
  const buf = gunzipChecked(readFileBytes(file, fix), file, fix ?? "the compressed file is damaged: get a fresh copy, then check it with `gzip -t FILE`");
  return parseJsonl<T>(buf.toString("utf8"), file, fix);
}

/** Reads a whole-file JSON value, reporting a syntax error with its line and column. */
export function readJson<T = unknown>(file: string, fix = "check the file is complete JSON"): T {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new DatasetError("missing", "file not found", fix, { file });
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    const pos = jsonErrorOffset(text);
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    const column = pos - before.lastIndexOf("\n");
    throw new DatasetError("json-parse", `invalid JSON: ${(e as Error).message.split("\n")[0]}`, fix, { file, line, column });
  }
}

/**
 * Offset of the first syntax error in `text` (a small JSON scanner; V8's messages do not always give
 * a position). Returns text.length when the text ends early, and -1 if the text is valid.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string) => {
    if (text.startsWith(w, i)) i += w.length;
    else fail();
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (c === '"') str();
    else if (c === "t") lit("true");
    else if (c === "f") lit("false");
    else if (c === "n") lit("null");
    else num();
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}
