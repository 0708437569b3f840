/**
 * A minimal comm registry (Jupyter's comm_open / comm_msg / comm_close), usable from cells as the
 * global `comms`:
 *
 *   comms.registerTarget("echo", (comm, data) => comm.onMsg((d) => comm.send(d)));
 *   const c = comms.open("my-target", { hello: 1 });  c.send({ x: 2 });  c.close();
 */
import { randomUUID } from "crypto";

/** Data of a comm message (JSON). */
export type CommData = Record<string, unknown>;

/** How the registry sends comm messages on IOPub (the kernel supplies it). */
export type CommSend = (msgType: "comm_open" | "comm_msg" | "comm_close", content: Record<string, unknown>) => void;

/** One open comm. */
export class Comm {
  private msgHandlers: Array<(data: CommData) => void> = [];
  private closeHandlers: Array<(data: CommData) => void> = [];
  /** False once either side closed it. */
  open = true;

  constructor(readonly id: string, readonly targetName: string, private readonly registry: CommRegistry) {}

  /** Sends `comm_msg` to the frontend. */
  send(data: CommData = {}): void {
    if (!this.open) throw new Error(`comm ${this.id} (${this.targetName}) is closed; open a new one with comms.open()`);
    this.registry.sendRaw("comm_msg", { comm_id: this.id, data });
  }

  /** Closes it (sends `comm_close`). */
  close(data: CommData = {}): void {
    if (!this.open) return;
    this.registry.sendRaw("comm_close", { comm_id: this.id, data });
    this.registry.forget(this.id);
    this.open = false;
  }

  /** Called with each `comm_msg` data from the frontend. */
  onMsg(fn: (data: CommData) => void): this {
    this.msgHandlers.push(fn);
    return this;
  }

  /** Called when the frontend closes the comm. */
  onClose(fn: (data: CommData) => void): this {
    this.closeHandlers.push(fn);
    return this;
  }

  /** @internal delivered by the kernel */
  receive(data: CommData): void {
    for (const h of this.msgHandlers) h(data);
  }

  /** @internal delivered by the kernel */
  closedByFrontend(data: CommData): void {
    this.open = false;
    for (const h of this.closeHandlers) h(data);
  }
}

/** Opens comms and answers the frontend's comm requests. */
export class CommRegistry {
  private readonly comms = new Map<string, Comm>();
  private readonly targets = new Map<string, (comm: Comm, data: CommData) => void>();

  constructor(private readonly sender: CommSend) {}

  /** @internal */
  sendRaw(type: "comm_open" | "comm_msg" | "comm_close", content: Record<string, unknown>): void {
    this.sender(type, content);
  }

  /** @internal */
  forget(id: string): void {
    this.comms.delete(id);
  }

  /** Registers a handler for comms the frontend opens with `target_name`. */
  registerTarget(targetName: string, handler: (comm: Comm, data: CommData) => void): void {
    this.targets.set(targetName, handler);
  }

  /** Removes a target. */
  unregisterTarget(targetName: string): void {
    this.targets.delete(targetName);
  }

  /** Opens a comm from the kernel side. */
  open(targetName: string, data: CommData = {}, id: string = randomUUID()): Comm {
    const c = new Comm(id, targetName, this);
    this.comms.set(id, c);
    this.sender("comm_open", { comm_id: id, target_name: targetName, data });
    return c;
  }

  /** Open comms, optionally of one target: what `comm_info_reply` lists. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const c of this.comms.values()) if (!targetName || c.targetName === targetName) out[c.id] = { target_name: c.targetName };
    return out;
  }

  /** Handles a frontend `comm_open`; an unknown target is closed right away (as ipykernel does). */
  handleOpen(content: { comm_id?: unknown; target_name?: unknown; data?: unknown }): void {
    const id = String(content.comm_id ?? "");
    const target = String(content.target_name ?? "");
    const handler = this.targets.get(target);
    if (!id) return;
    if (!handler) {
      this.sender("comm_close", { comm_id: id, data: {} });
      return;
    }
    const c = new Comm(id, target, this);
    this.comms.set(id, c);
    handler(c, (content.data ?? {}) as CommData);
  }

  /** Handles a frontend `comm_msg`. */
  handleMsg(content: { comm_id?: unknown; data?: unknown }): void {
    this.comms.get(String(content.comm_id ?? ""))?.receive((content.data ?? {}) as CommData);
  }

  /** Handles a frontend `comm_close`. */
  handleClose(content: { comm_id?: unknown; data?: unknown }): void {
    const id = String(content.comm_id ?? "");
    const c = this.comms.get(id);
    if (!c) return;
    this.comms.delete(id);
    c.closedByFrontend((content.data ?? {}) as CommData);
  }
}
