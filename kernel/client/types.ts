/**
 * The client side of the Jupyter protocol, behind one interface so the same execution loop
 * drives a kernel we launch ourselves (ZeroMQ, `zmq-client.ts`) and a kernel behind a Jupyter
 * Server (REST + WebSocket, `server-client.ts`).
 */

/** A message as the execution loop sees it (both transports produce this shape). */
export interface ClientMessage {
  header: { msg_id: string; msg_type: string; date?: string; [k: string]: unknown };
  parent_header: { msg_id?: string; [k: string]: unknown };
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

/** Called with every IOPub message whose parent is the request. */
export type IOPubHandler = (msg: ClientMessage) => void;

/** Options of one execute request. */
export interface ExecuteRequestOptions {
  /** A silent request: no execute_input, no execution count, no history (used to warm up). */
  silent?: boolean;
  /** Expressions the kernel evaluates after the code (Jupyter's `user_expressions`); the reply carries their values. */
  userExpressions?: Record<string, string>;
}

/** A connected kernel. */
export interface KernelClient {
  /** "embedded python3 (pid 123)" or "server http://…, kernel python3": for logs and metadata. */
  readonly description: string;
  /** Where the kernel runs: "local" (a process we launched) or "server" (behind a Jupyter Server or Gateway). */
  readonly transport: "local" | "server";
  /** The machine: this host's name for a local kernel, the server's base URL (never its token) otherwise. */
  readonly host: string;
  /** The kernel's id: the server's kernel id, or the id in a local kernel's connection file name. */
  readonly id: string;
  /** The kernel's `kernel_info_reply` content (language_info, implementation, …). */
  readonly info: Record<string, unknown>;
  /**
   * Runs code; resolves with the `execute_reply` once the reply and the request's `idle`
   * status have both arrived. Rejects with `KernelDiedError` when the kernel dies meanwhile.
   */
  execute(code: string, onIOPub: IOPubHandler, opts?: ExecuteRequestOptions): Promise<ClientMessage>;
  /** Interrupts the running request (message or signal, as the kernelspec says). */
  interrupt(): Promise<void>;
  /** Resolves with a reason when the kernel dies (process exit, lost heartbeat, server says dead). */
  readonly died: Promise<string>;
  /** Shuts the kernel down and releases every socket and process; safe to call twice. */
  shutdown(): Promise<void>;
}

/** The kernel died or could not start; the message says why (exit code, stderr tail). */
export class KernelDiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KernelDiedError";
  }
}

/** No kernel could be found or started from the given name/URL (bad input). */
export class KernelStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KernelStartError";
  }
}

/** Where a notebook ran, and what its kernel process spent: recorded per paper by `paperlab reproduce`. */
export interface KernelPlacement {
  transport: "local" | "server";
  /** This host's name (local) or the server's base URL, without its token. */
  host: string;
  /** Null when the kernel never started. */
  kernelId: string | null;
  /** The kernelspec name. */
  kernelName: string;
  /** CPU seconds of the kernel process over its life (start-up included); null when the kernel could not say. */
  cpuTimeS: number | null;
}
