/**
 * The main thread's request handlers: a table keyed by message type, each entry decoding its request's content into
 * that type's fields and handling it. `dispatch` wraps every request as  status busy → handler → status idle  (idle
 * in `finally`), answers a handler's failure with an error reply, and an unknown request type with
 * `UnsupportedRequest`. Control requests (kernel_info, interrupt, shutdown) never get here: control.ts.
 */
import type { HistoryQuery } from "./history";
import type { PlainMessage } from "./io-worker";
import { ExecuteRequest, PROTOCOL_VERSION } from "./messages";
import type { KernelOutput } from "./output";

/** A cell's code and a cursor in it, as JavaScript strings count (UTF-16 code units). */
export interface CodeAtCursor {
  code: string;
  cursor: number;
}

/** The content of each request type the main thread handles (Jupyter messaging 5.3), as decoded. */
export interface RequestContents {
  execute_request: ExecuteRequest;
  /** `cursor`: the request's cursor_pos (code points; the end of the code when absent) as a UTF-16 offset into `code`. */
  complete_request: CodeAtCursor;
  inspect_request: CodeAtCursor;
  is_complete_request: { code: string };
  history_request: HistoryQuery;
  comm_info_request: { target_name?: string };
  comm_open: { comm_id?: unknown; target_name?: unknown; data?: unknown };
  comm_msg: { comm_id?: unknown; data?: unknown };
  comm_close: { comm_id?: unknown; data?: unknown };
}

/** A message type with a handler. */
export type RequestType = keyof RequestContents;

/** One request, with its decoded content. */
export interface KernelRequest<C> {
  channel: "shell" | "control";
  msg: PlainMessage;
  content: C;
  /** An execute_request not to run (stop_on_error after a failed cell). */
  abort: boolean;
}

/** A request's content is not what its type requires: answered with a `BadRequest` error reply. */
export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadRequest";
  }
}

/** How one message type is decoded and handled. */
export interface Handler<T extends RequestType> {
  /** The typed content; throws BadRequest when a field has the wrong type. */
  decode(content: Record<string, unknown>): RequestContents[T];
  handle(req: KernelRequest<RequestContents[T]>): Promise<void> | void;
  /** Fields every error reply of this type carries besides ename/evalue/traceback (execute_reply's count). */
  errorFields?(): Record<string, unknown>;
}

/** The handler of every request type. */
export type HandlerTable = { [T in RequestType]: Handler<T> };

/** A string field, or `fallback` when absent. */
export function stringField(c: Record<string, unknown>, name: string, fallback = ""): string {
  return c[name] === undefined || c[name] === null ? fallback : String(c[name]);
}

/** A numeric field, or undefined when absent or not a number. */
export function numberField(c: Record<string, unknown>, name: string): number | undefined {
  return typeof c[name] === "number" ? (c[name] as number) : undefined;
}

function isHandled(table: HandlerTable, type: string): type is RequestType {
  return Object.hasOwn(table, type);
}

async function run<T extends RequestType>(handler: Handler<T>, channel: "shell" | "control", msg: PlainMessage, abort: boolean): Promise<void> {
  const content = handler.decode(msg.content);
  await handler.handle({ channel, msg, content, abort });
}

/** Handles one request through `table` (see the file header). */
export async function dispatch(table: HandlerTable, out: KernelOutput, channel: "shell" | "control", msg: PlainMessage, abort: boolean): Promise<void> {
  const type = msg.header.msg_type;
  const errorReply = (ename: string, evalue: string, fields: Record<string, unknown> = {}): void => {
    if (type.endsWith("_request")) out.reply(channel, msg, type.replace(/_request$/, "_reply"), { status: "error", ...fields, ename, evalue, traceback: [] });
  };
  out.publish("status", { execution_state: "busy" }, { parent: msg.header, identities: [], allowStdin: false });
  try {
    if (!isHandled(table, type)) {
      out.log(`ignoring unsupported ${channel} message ${type}`);
      errorReply("UnsupportedRequest", `paperlab does not implement ${type} (protocol ${PROTOCOL_VERSION})`);
      return;
    }
    const handler = table[type];
    try {
      await run(handler, channel, msg, abort);
    } catch (err) {
      if (err instanceof BadRequest) {
        errorReply("BadRequest", err.message, handler.errorFields?.());
        return;
      }
      out.log(`${type} failed: ${(err as Error).stack ?? err}`);
      errorReply("KernelError", `the kernel could not handle this ${type}: ${(err as Error).message}`, handler.errorFields?.());
    }
  } finally {
    out.publish("status", { execution_state: "idle" }, { parent: msg.header, identities: [], allowStdin: false });
  }
}
