/**
 * Server transport: a kernel behind any Jupyter Server (JupyterLab, Notebook, JupyterHub,
 * Enterprise Gateway) through `@jupyterlab/services`: a session started with the REST API (so
 * the run shows up in JupyterLab next to the notebook) and a `KernelConnection` on the kernel's
 * WebSocket (`ws` in Node). The managers (KernelManager/SessionManager) are not used: they poll
 * the server on timers, which a one-shot command line does not need.
 *
 * Death: the server reports the kernel `dead`, or restarting (its auto-restarter caught a
 * crash); either ends the run, since the restarted kernel has lost the notebook's state. And the
 * server is asked about the kernel (`GET api/kernels/<id>`) every 20 s, every 3 s while the WebSocket
 * is down: a server that does not answer twice in a row (crashed, unreachable, or hung with the
 * socket still open), or no longer knows the kernel, ends it too, so `reproduce` can move the notebook
 * to another server instead of waiting out services' reconnect back-off, or forever.
 */
import { Kernel, KernelAPI, KernelConnection, KernelMessage, ServerConnection, Session, SessionAPI } from "@jupyterlab/services";
import WebSocket from "ws";
import { runMessages } from "./messages";
import { ClientMessage, ExecuteRequestOptions, IOPubHandler, KernelClient, KernelDiedError, KernelStartError } from "./types";

/** Options of `connectServer`. */
export interface ServerOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8888/ (a JupyterHub user URL works too). */
  url: string;
  /** API token (`?token=` of the server's URL); empty for a server without auth. */
  token?: string;
  /** Kernel name on the server (its kernelspec). */
  kernelName: string;
  /** Notebook path recorded in the session (relative to the server root). */
  path: string;
  /** Seconds to wait for the kernel to become idle after start. */
  startTimeoutS?: number;
}

/** A kernel started through a Jupyter Server. */
export class ServerKernel implements KernelClient {
  info: Record<string, unknown> = {};
  readonly died: Promise<string>;
  private markDead!: (reason: string) => void;
  private deadReason: string | null = null;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly serverSettings: ServerConnection.ISettings,
    private readonly session: Session.IModel,
    private readonly kernel: Kernel.IKernelConnection,
  ) {
    this.died = new Promise<string>((resolve) => {
      this.markDead = (reason) => {
        if (this.deadReason !== null) return;
        this.deadReason = reason;
        resolve(reason);
      };
    });
    kernel.statusChanged.connect((_, status) => {
      if (this.closed) return;
      if (status === "dead") this.markDead(`the server reports kernel ${kernel.id} dead`);
      if (status === "restarting" || status === "autorestarting") this.markDead(`the kernel died and the server is restarting it (kernel ${kernel.id})`);
    });
    kernel.connectionStatusChanged.connect((_, status) => {
      if (this.closed || this.deadReason !== null) return;
      if (status === "connected") this.watchServer(ServerKernel.CHECK_CONNECTED_MS);
      else if (status === "connecting") this.watchServer(ServerKernel.CHECK_RECONNECTING_MS);
      else if (status === "disconnected") this.markDead(`lost the WebSocket of kernel ${kernel.id} on ${url} and could not reconnect`);
    });
    void this.died.then(() => this.stopWatching());
  }

  /** How often the server is asked about the kernel while its WebSocket is up, and while it is down. */
  static CHECK_CONNECTED_MS = 20000;
  static CHECK_RECONNECTING_MS = 3000;

  private watch: NodeJS.Timeout | null = null;
  private failures = 0;

  /** Asks the server about the kernel every `everyMs` (replacing the current pace); two failures in a row, or a kernel it no longer has, are death. */
  private watchServer(everyMs: number): void {
    this.stopWatching();
    let asking = false;
    const ask = async () => {
      if (asking || this.closed || this.deadReason !== null) return;
      asking = true;
      try {
        const why = await probeServer(this.url, this.serverSettings.token, 10000, `api/kernels/${encodeURIComponent(this.kernel.id)}`);
        if (this.closed) return;
        if (why === null) this.failures = 0;
        else if (/HTTP 404/.test(why)) this.markDead(`the server ${this.url} no longer has kernel ${this.kernel.id}`);
        else if (++this.failures >= 2) this.markDead(why);
      } finally {
        asking = false;
      }
    };
    this.watch = setInterval(() => void ask(), everyMs);
    this.watch.unref();
    if (everyMs === ServerKernel.CHECK_RECONNECTING_MS) void ask();
  }

  private stopWatching(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
  }

  get description(): string {
    return `${this.kernel.name} kernel ${this.kernel.id} on ${this.url}`;
  }

  readonly transport = "server";

  get host(): string {
    return this.url;
  }

  get id(): string {
    return this.kernel.id;
  }

  /** Starts a session with a new kernel on the server and waits until the kernel answers. */
  static async connect(opts: ServerOptions): Promise<ServerKernel> {
    // The URL Jupyter prints carries `?token=`: take the token from it and keep it out of every message.
    const split = splitServerUrl(opts.url);
    const baseUrl = split.baseUrl;
    const token = opts.token || split.token || "";
    const serverSettings = ServerConnection.makeSettings({
      baseUrl,
      wsUrl: baseUrl.replace(/^http/, "ws"),
      token,
      // The token goes in an Authorization header on the WebSocket too, never in its URL (which servers and proxies log).
      appendToken: false,
      WebSocket: authorizedWebSocket(token),
      fetch: globalThis.fetch.bind(globalThis),
      Request: globalThis.Request,
      Headers: globalThis.Headers,
    });
    let session: Session.IModel;
    try {
      session = await SessionAPI.startSession({ path: opts.path, name: opts.path, type: "notebook", kernel: { name: opts.kernelName } } as Session.ISessionOptions, serverSettings);
    } catch (err) {
      throw new KernelStartError(`cannot start kernel '${opts.kernelName}' on ${baseUrl}: ${describeServerError(err, baseUrl)}`);
    }
    if (!session.kernel) throw new KernelStartError(`the server started session ${session.id} without a kernel`);
    quietServicesDebug();
    const kernel = new KernelConnection({ model: session.kernel, serverSettings, handleComms: false });
    const k = new ServerKernel(baseUrl, serverSettings, session, kernel);
    const connected = new Promise<void>((resolve, reject) => {
      if (kernel.connectionStatus === "connected") return resolve();
      kernel.connectionStatusChanged.connect((_, status) => {
        if (status === "connected") resolve();
        if (status === "disconnected") reject(new KernelStartError(`cannot open the WebSocket of kernel ${kernel.id} on ${baseUrl} (a proxy that drops WebSockets, or a wrong --token?)`));
      });
    });
    try {
      const timeout = (opts.startTimeoutS ?? 120) * 1000;
      const reply = await Promise.race([
        connected.then(() => kernel.requestKernelInfo()),
        new Promise<never>((_, reject) => setTimeout(() => reject(new KernelStartError(`kernel '${opts.kernelName}' on ${baseUrl} did not answer kernel_info within ${timeout / 1000} s`)), timeout).unref()),
        k.died.then((r) => Promise.reject(new KernelStartError(r))),
      ]);
      k.info = (reply?.content ?? {}) as unknown as Record<string, unknown>;
      k.watchServer(ServerKernel.CHECK_CONNECTED_MS);
    } catch (err) {
      await k.shutdown();
      throw err instanceof KernelStartError ? err : new KernelStartError(`kernel '${opts.kernelName}' on ${baseUrl} did not start: ${(err as Error).message}`);
    }
    return k;
  }

  async execute(code: string, onIOPub: IOPubHandler, opts: ExecuteRequestOptions = {}): Promise<ClientMessage> {
    if (this.deadReason !== null) throw new KernelDiedError(this.deadReason);
    const future = this.kernel.requestExecute({ code, silent: Boolean(opts.silent), store_history: !opts.silent, allow_stdin: false, stop_on_error: !opts.silent, user_expressions: opts.userExpressions ?? {} });
    future.onIOPub = (msg: KernelMessage.IIOPubMessage) => onIOPub(msg as unknown as ClientMessage);
    const dead = this.died.then((r) => Promise.reject(new KernelDiedError(r)));
    try {
      const reply = await Promise.race([future.done, dead]);
      return reply as unknown as ClientMessage;
    } catch (err) {
      if (err instanceof KernelDiedError) throw err;
      // services rejects `done` when the kernel is disposed or restarted under the request.
      if (this.deadReason !== null) throw new KernelDiedError(this.deadReason);
      throw new KernelDiedError(`the request failed: ${(err as Error).message}`);
    }
  }

  async interrupt(): Promise<void> {
    if (this.closed || this.deadReason !== null) return;
    await this.kernel.interrupt().catch(() => {});
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatching();
    // jupyter_server 1.x fails to delete a session whose kernel is auto-restarting (HTTP 500):
    // try again once the restart is over, then stop the kernel directly.
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        await SessionAPI.shutdownSession(this.session.id, this.serverSettings);
        break;
      } catch {
        if (attempt === 3) await KernelAPI.shutdownKernel(this.kernel.id, this.serverSettings).catch(() => {});
        else await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.kernel.dispose();
  }
}

let debugQuieted = false;
/**
 * services logs each WebSocket (re)connection and kernel restart on the console, which Node
 * prints among the runner's own lines; the runner reports those events itself. And when a
 * kernel auto-restarts, services reconnects in a promise nobody awaits, which rejects with
 * "Kernel connection disconnected" once we dispose the connection: that one is expected.
 */
function quietServicesDebug(): void {
  if (debugQuieted) return;
  debugQuieted = true;
  const noise = /^(Starting WebSocket|Kernel: (restarting|autorestarting|dead)|Connection lost, reconnecting)/;
  for (const level of ["debug", "log", "warn", "error"] as const) {
    const orig = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (typeof args[0] === "string" && noise.test(args[0])) return;
      orig(...args);
    };
  }
  process.on("unhandledRejection", (reason) => {
    if (reason instanceof Error && reason.message === "Kernel connection disconnected") return;
    throw reason;
  });
}

function describeServerError(err: unknown, baseUrl: string): string {
  const e = err as { message?: string; response?: { status?: number }; cause?: { code?: string } };
  // fetch's "fetch failed": nothing answered at the URL (refused, unknown host, reset).
  if (e.message === "fetch failed" || e.cause?.code) return runMessages.serverUnreachable(baseUrl, e.cause?.code ?? e.message ?? "no answer");
  const status = e.response?.status;
  if (status === 403 || status === 401) return `the server refused the token (HTTP ${status}); pass the server's token with --token`;
  if (status === 404) return `HTTP 404: check the URL and the kernel name`;
  return e.message ?? String(err);
}

/**
 * A server URL as given (`http://host:port/?token=T`, as Jupyter prints it) → its base URL (with a trailing
 * slash, no query or fragment) and the token it carried, if any.
 */
export function splitServerUrl(url: string): { baseUrl: string; token?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { baseUrl: url.endsWith("/") ? url : url + "/" };
  }
  const token = u.searchParams.get("token") ?? undefined;
  u.search = "";
  u.hash = "";
  // JupyterLab prints `/lab?token=`, Notebook `/tree?token=`: the API lives one level up.
  u.pathname = u.pathname.replace(/\/(lab|tree)\/?$/, "/");
  const base = u.toString();
  return { baseUrl: base.endsWith("/") ? base : base + "/", ...(token ? { token } : {}) };
}

/** `ws`'s WebSocket sending `Authorization: token …` on the upgrade request (the browser API cannot set headers). */
function authorizedWebSocket(token: string): typeof globalThis.WebSocket {
  class AuthorizedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, token ? { headers: { Authorization: `token ${token}` } } : {});
    }
  }
  return AuthorizedWebSocket as unknown as typeof globalThis.WebSocket;
}

/**
 * Null when the server at `url` answers `GET <path>` (default `api/status`) with 200 within `timeoutMs`, else a
 * message naming the URL (never the token) and what to check.
 */
export async function probeServer(url: string, token: string | undefined, timeoutMs = 10000, apiPath = "api/status"): Promise<string | null> {
  try {
    const r = await fetch(new URL(apiPath, url), { headers: token ? { Authorization: `token ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
    await r.body?.cancel();
    if (r.status === 401 || r.status === 403) return runMessages.serverRefused(url, r.status);
    if (!r.ok) return runMessages.serverUnreachable(url, `HTTP ${r.status}`);
    return null;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === "TimeoutError" ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (e.cause?.code ?? e.message);
    return runMessages.serverUnreachable(url, why);
  }
}
