/** A mock OpenAI-compatible chat server on 127.0.0.1 for the adapter tests (lib/llm and the papers that use it). */
import * as http from "http";
import type { AddressInfo } from "net";

export type Handler = (body: Record<string, unknown>, req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;

/** A mock OpenAI-compatible server on 127.0.0.1; returns its base URL, the request log and a close(). */
export async function mock(handler: Handler): Promise<{ base: string; log: Array<{ url: string; auth?: string; body: Record<string, unknown> }>; close: () => Promise<void> }> {
  const log: Array<{ url: string; auth?: string; body: Record<string, unknown> }> = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      log.push({ url: req.url ?? "", auth: req.headers.authorization, body });
      handler(body, req, res, log.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** An OpenAI chat-completions reply body with `content`. */
export const answer = (content: string) => JSON.stringify({ choices: [{ message: { role: "assistant", content } }] });
