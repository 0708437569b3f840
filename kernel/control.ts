/**
 * The kernel's control requests, answered in one place: `kernel_info_request`, `interrupt_request` and
 * `shutdown_request`. The I/O thread (io-worker.ts) answers them on the shell and the control channel alike, so that
 * they work while a cell keeps the main thread busy and behave the same whichever channel they come on; the main
 * thread never sees them (it only acts on the interrupt's SIGINT and on the shutdown notice).
 */

/** The control requests, in the order the protocol lists them. */
export const CONTROL_REQUESTS = ["kernel_info_request", "interrupt_request", "shutdown_request"] as const;

/** The message type of a control request. */
export type ControlRequestType = (typeof CONTROL_REQUESTS)[number];

/** Whether `type` is a control request (answered by `answerControl`). */
export function isControlRequest(type: string): type is ControlRequestType {
  return (CONTROL_REQUESTS as readonly string[]).includes(type);
}

/** What answering a control request does. */
export interface ControlActions {
  /** kernel_info_reply content (server.ts `kernelInfo`). */
  kernelInfo: Record<string, unknown>;
  /** Interrupts the running cell (called before the reply). */
  interrupt(): void;
  /** Ends the kernel (called after the reply is sent). */
  shutdown(restart: boolean): void;
}

/** The reply to send, and what to do once it is sent. */
export interface ControlAnswer {
  replyType: string;
  content: Record<string, unknown>;
  /** Runs after the reply and the idle status went out. */
  after?: () => void;
}

/** Acts on one control request and returns its reply. */
export function answerControl(type: ControlRequestType, content: Record<string, unknown>, actions: ControlActions): ControlAnswer {
  switch (type) {
    case "kernel_info_request":
      return { replyType: "kernel_info_reply", content: actions.kernelInfo };
    case "interrupt_request":
      actions.interrupt();
      return { replyType: "interrupt_reply", content: { status: "ok" } };
    case "shutdown_request": {
      const restart = Boolean(content.restart);
      return { replyType: "shutdown_reply", content: { status: "ok", restart }, after: () => actions.shutdown(restart) };
    }
  }
}
