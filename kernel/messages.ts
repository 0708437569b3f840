/**
 * Jupyter messaging protocol types (protocol version 5.3), shared by the kernel and the
 * headless client. https://jupyter-client.readthedocs.io/en/latest/messaging.html
 */

export const PROTOCOL_VERSION = "5.3";

/** A MIME bundle: MIME type → data (string for text types, JSON for JSON types). */
export type MimeBundle = Record<string, unknown>;

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  /** Present on 5.x subshell-aware peers; ignored otherwise. */
  [extra: string]: unknown;
}

/** One decoded Jupyter message. `parent_header` is `{}` when the message has no parent. */
export interface Message<C = Record<string, unknown>> {
  /** ZeroMQ routing identities (ROUTER sockets); empty on PUB/DEALER messages we create. */
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** The channels of a kernel connection. */
export type Channel = "shell" | "control" | "iopub" | "stdin" | "hb";

/** The contents of a connection file (jupyter_client's `write_connection_file`). */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

/** Execution status of an `execute_reply` and other replies. */
export type ReplyStatus = "ok" | "error" | "aborted";

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** User-facing texts of the kernel itself (tests refer to them by name). */
export const kernelMessages = {
  loadingLibraries: (names: string[]) =>
    `loading ${names.join(", ")} on first use (TensorFlow.js picks its backend)…`,
  /** A cell called process.exit(): the kernel shuts down cleanly with that code. */
  /** The traceback note of a cell whose code the hard interrupt terminated (hard-interrupt.ts). */
  hardInterrupted: "its code kept the kernel busy after an await and was terminated: catch and finally blocks in it did not run",
  cellExited: (code: number) =>
    `process.exit(${code}) called in a cell: the kernel shuts down (history saved, sockets closed); restart it to go on\n`,
};
