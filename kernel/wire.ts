/**
 * The Jupyter wire format: multipart ZeroMQ frames, signed with HMAC over the four JSON parts.
 *
 *   [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]
 *
 * `signature` is the hex HMAC (scheme from the connection file, `hmac-sha256` by default) of the
 * concatenated header, parent_header, metadata and content frames; an empty key disables signing.
 * Both the kernel and the client encode and decode through this module.
 */
import { createHmac, randomUUID, timingSafeEqual } from "crypto";
import { Header, Message, PROTOCOL_VERSION } from "./messages";

export const DELIMITER = "<IDS|MSG>";

/** Why a multipart message was rejected; the kernel logs it and drops the message. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireError";
  }
}

/** Signs and verifies message parts with the connection key. */
export class Signer {
  private readonly algorithm: string | null;
  constructor(private readonly key: string, scheme = "hmac-sha256") {
    if (!key) {
      this.algorithm = null;
      return;
    }
    const m = /^hmac-(sha\d+)$/.exec(scheme);
    if (!m) throw new WireError(`unsupported signature_scheme '${scheme}': expected hmac-sha256 (or another hmac-shaN)`);
    this.algorithm = m[1];
  }

  /** Hex signature of the four JSON frames; "" when signing is disabled. */
  sign(parts: Array<Buffer | string>): string {
    if (!this.algorithm) return "";
    const h = createHmac(this.algorithm, this.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  /** Constant-time check of a received signature. */
  verify(signature: string, parts: Array<Buffer | string>): boolean {
    if (!this.algorithm) return true;
    const expected = Buffer.from(this.sign(parts), "utf8");
    const got = Buffer.from(signature, "utf8");
    return expected.length === got.length && timingSafeEqual(expected, got);
  }
}

/**
 * Remembers the signatures of the last `capacity` messages (a Set for lookup, a ring for eviction), so that
 * a captured, validly signed message sent again is recognised and dropped instead of being executed twice.
 * HMAC signatures cover the header (unique msg_id and date), so two genuine messages never share one.
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();
  private readonly ring: string[];
  private next = 0;

  constructor(readonly capacity = 4096) {
    this.ring = new Array<string>(capacity).fill("");
  }

  /** True the first time a signature is offered; false for a repeat (a replay). Empty signatures (signing off) always pass. */
  admit(signature: string): boolean {
    if (!signature) return true;
    if (this.seen.has(signature)) return false;
    const old = this.ring[this.next];
    if (old) this.seen.delete(old);
    this.ring[this.next] = signature;
    this.next = (this.next + 1) % this.capacity;
    this.seen.add(signature);
    return true;
  }
}

/** A fresh header for a new message. */
export function newHeader(msgType: string, session: string, username = "paperlab"): Header {
  return {
    msg_id: randomUUID(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** Encodes a message into frames ready for `socket.send`. */
export function encode(msg: Omit<Message, "buffers"> & { buffers?: Buffer[] }, signer: Signer): Buffer[] {
  const parts = [
    Buffer.from(JSON.stringify(msg.header)),
    Buffer.from(JSON.stringify(msg.parent_header ?? {})),
    Buffer.from(JSON.stringify(msg.metadata ?? {})),
    Buffer.from(JSON.stringify(msg.content ?? {})),
  ];
  return [...msg.identities, Buffer.from(DELIMITER), Buffer.from(signer.sign(parts)), ...parts, ...(msg.buffers ?? [])];
}

function parseJson(frame: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch (err) {
    throw new WireError(`malformed message: the ${what} frame is not JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WireError(`malformed message: the ${what} frame must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Decodes frames into a message, verifying the signature. Throws `WireError` on a missing
 * delimiter, a bad signature, a signature `replay` has seen before, non-JSON parts or a header
 * without msg_type/msg_id.
 */
export function decode(frames: Buffer[], signer: Signer, replay?: ReplayGuard): Message {
  const delim = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("utf8") === DELIMITER);
  if (delim < 0) throw new WireError("malformed message: no <IDS|MSG> delimiter frame");
  if (frames.length < delim + 6) {
    throw new WireError(`malformed message: expected signature and 4 JSON frames after the delimiter, got ${frames.length - delim - 1}`);
  }
  const signature = frames[delim + 1].toString("utf8");
  const parts = frames.slice(delim + 2, delim + 6);
  if (!signer.verify(signature, parts)) throw new WireError("bad signature: message dropped (is the connection key right?)");
  if (replay && !replay.admit(signature)) throw new WireError("replayed message: its signature was already seen, dropped without running it");
  const header = parseJson(parts[0], "header");
  if (typeof header.msg_type !== "string" || typeof header.msg_id !== "string") {
    throw new WireError("malformed message: header needs string msg_id and msg_type");
  }
  return {
    identities: frames.slice(0, delim),
    header: header as unknown as Header,
    parent_header: parseJson(parts[1], "parent_header") as Partial<Header>,
    metadata: parseJson(parts[2], "metadata"),
    content: parseJson(parts[3], "content"),
    buffers: frames.slice(delim + 6),
  };
}
