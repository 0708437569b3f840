/**
 * Where `paperlab reproduce` runs its notebooks: this machine (kernels launched here), or one or more
 * Jupyter Servers / Enterprise Gateways (kernels started through their REST API). The runner asks for the
 * least busy host that still answers; a host that stops answering is marked down and its notebooks move on.
 * Servers come from `--server URL` (repeatable) and `--servers FILE` (one `URL [TOKEN]` a line); a token is
 * never printed, and travels in an Authorization header only.
 */
import * as fs from "fs";
import { runMessages } from "./messages";
import { probeServer, splitServerUrl } from "./server-client";

export { probeServer } from "./server-client";

/** A server as the command line or a servers file named it. */
export interface ServerEntry {
  /** Base URL with a trailing slash, no query (a `?token=` moved to `token`). */
  url: string;
  token?: string;
  /** Where it was named: "--server" or "FILE:LINE" (for messages). */
  source: string;
}

/** A bad line in a servers file; the message names file:line and the fix. */
export class ServersFileError extends Error {}

/**
 * Parses a servers file: one `URL [TOKEN]` a line (`#` starts a comment; blank lines are skipped). A URL that
 * carries `?token=` needs no TOKEN. Throws `ServersFileError` naming the file and line of the first bad one.
 */
export function parseServersFile(text: string, file: string): ServerEntry[] {
  const out: ServerEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const where = `${file}:${i + 1}`;
    const fields = line.split(/\s+/);
    if (fields.length > 2) throw new ServersFileError(runMessages.serversLine(where, `expected URL [TOKEN], got ${fields.length} fields`));
    const [url, token] = fields;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ServersFileError(runMessages.serversLine(where, `'${redact(url)}' is not a URL`));
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new ServersFileError(runMessages.serversLine(where, `the URL must start with http:// or https://, got ${u.protocol}//`));
    const split = splitServerUrl(url);
    out.push({ url: split.baseUrl, token: token ?? split.token, source: where });
  });
  return out;
}

/** Reads and parses a servers file; throws `ServersFileError` when it cannot be read or a line is bad. */
export function readServersFile(file: string): ServerEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ServersFileError(runMessages.serversUnreadable(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
  }
  const entries = parseServersFile(text, file);
  if (!entries.length) throw new ServersFileError(runMessages.serversEmpty(file));
  return entries;
}

/** A URL with any `?token=` value hidden, for messages. */
export function redact(url: string): string {
  return url.replace(/([?&]token=)[^&#\s]*/gi, "$1…");
}

/** One place notebooks run: this machine (`url` null) or a server. */
export interface Host {
  url: string | null;
  token?: string;
  /** "local" or the server's base URL: safe to print. */
  label: string;
  /** Notebooks running there now. */
  inFlight: number;
  /** Why it counts as down (null while it answers). */
  down: string | null;
}

/** The hosts of a run and which of them are up. */
export class KernelHosts {
  readonly hosts: Host[];

  /** `servers` empty: one local host. */
  constructor(servers: ServerEntry[]) {
    this.hosts = servers.length
      ? servers.map((s) => ({ url: s.url, token: s.token, label: s.url, inFlight: 0, down: null }))
      : [{ url: null, label: "local", inFlight: 0, down: null }];
  }

  /**
   * The up host with the fewest notebooks in flight (the first named on a tie), preferring hosts not in
   * `avoid` (where this notebook already failed); null when every host is down.
   */
  pick(avoid: ReadonlySet<Host> = new Set()): Host | null {
    const up = this.hosts.filter((h) => h.down === null);
    const fresh = up.filter((h) => !avoid.has(h));
    const pool = fresh.length ? fresh : up;
    let best: Host | null = null;
    for (const h of pool) if (!best || h.inFlight < best.inFlight) best = h;
    return best;
  }

  /**
   * Asks a server whether it still answers (`GET api/status`, `timeoutMs`); marks it down when it does not and
   * returns why (null when it answers, and always for the local host).
   */
  async probe(h: Host, timeoutMs = 10000): Promise<string | null> {
    if (h.url === null) return null;
    const why = await probeServer(h.url, h.token, timeoutMs);
    if (why !== null) h.down = why;
    return why;
  }
}
