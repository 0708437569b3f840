/**
 * `DataCommonsStore`: the real Data Commons NL service behind the same `point` / `table` interface as the local
 * store (card §7). The endpoint is the one `data_gemma` calls, which is not a documented public API, so responses are
 * parsed by `fromNlResponse` (pinned by tests on hand-written fixtures) and can be recorded and replayed:
 *   GET https://{env}.datacommons.org/nodejs/query?&q=<question, spaces → +>&<mode params>&key=<DC_API_KEY>
 *   point: allCharts=1&mode=toolformer_rig&idx=base_uae_mem      table: mode=toolformer_rag&client=table&idx=base_uae_mem
 * Never used in tests against the network.
 */
import * as fs from "fs";
import { fromNlResponse, type DataCommons, type DataCommonsCall, type NlResponse } from "./dc";
import { dcMessages as M } from "./messages";

const PARAMS = { point: "allCharts=1&mode=toolformer_rig&idx=base_uae_mem", table: "mode=toolformer_rag&client=table&idx=base_uae_mem" };

export interface DataCommonsStoreOptions {
  /** Default: env DC_API_KEY (not needed in replay). */
  apiKey?: string;
  /** Host prefix (data_gemma: "datagemma"; the card: "nl"). */
  env?: string;
  timeoutMs?: number;
  fixtures?: { mode: "record" | "replay"; file: string };
  /** Environment to read DC_API_KEY from (default process.env). */
  environ?: Record<string, string | undefined>;
}

interface Recorded {
  mode: "point" | "table";
  query: string;
  response: NlResponse;
  at: string;
}

export class DataCommonsStore implements DataCommons {
  private readonly key?: string;
  private readonly host: string;
  private readonly timeoutMs: number;
  private recorded: Recorded[] | null = null;
  calls = 0;

  constructor(private readonly o: DataCommonsStoreOptions = {}) {
    this.key = o.apiKey ?? (o.environ ?? process.env).DC_API_KEY;
    if (!this.key && o.fixtures?.mode !== "replay") throw new Error(M.missingDcKey());
    this.host = `https://${o.env ?? "datagemma"}.datacommons.org/nodejs/query`;
    this.timeoutMs = o.timeoutMs ?? 30_000;
  }

  /** The request URL of a question in a mode. */
  url(query: string, mode: "point" | "table"): string {
    return `${this.host}?&q=${encodeURIComponent(query.trim()).replace(/%20/g, "+")}&${PARAMS[mode]}${this.key ? `&key=${this.key}` : ""}`;
  }

  private list(): Recorded[] {
    if (this.recorded) return this.recorded;
    const f = this.o.fixtures?.file ?? "";
    return (this.recorded = fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, "utf8")) as Recorded[]) : []);
  }

  private async call(query: string, mode: "point" | "table"): Promise<DataCommonsCall> {
    this.calls++;
    const fx = this.o.fixtures;
    if (fx?.mode === "replay") {
      const hit = this.list().find((r) => r.mode === mode && r.query === query);
      if (!hit) throw new Error(M.dcNotRecorded(fx.file, query));
      return fromNlResponse(query, hit.response, mode);
    }
    const url = this.url(query, mode);
    const shown = url.replace(/key=[^&]*/, "key=…");
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await res.text();
    const ex = text.replace(/\s+/g, " ").slice(0, 200);
    if (!res.ok) throw new Error(M.dcHttp(shown, res.status, ex));
    let json: NlResponse;
    try {
      json = JSON.parse(text) as NlResponse;
    } catch {
      throw new Error(M.dcBadJson(shown, ex));
    }
    if (fx?.mode === "record") {
      const l = this.list();
      l.push({ mode, query, response: json, at: new Date().toISOString() });
      fs.writeFileSync(fx.file, JSON.stringify(l, null, 1) + "\n");
    }
    return fromNlResponse(query, json, mode);
  }

  point(query: string): Promise<DataCommonsCall> {
    return this.call(query, "point");
  }

  table(query: string): Promise<DataCommonsCall> {
    return this.call(query, "table");
  }
}
