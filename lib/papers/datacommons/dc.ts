/**
 * The Data Commons (DC) side of the flows: one response type with DC's field names, the local stand-in
 * (`LocalDataCommons`: point mode τ 0.8, no topics; table mode τ 0.7) and the parser of the real NL service's JSON
 * (charts[].highlight / data_csv / srcs, debug.debug.sv_matching.{SV, CosineScore}) used by `DataCommonsStore`
 * (remote.ts). Response fields follow `data_gemma`'s DataCommonsCall so both stores feed the same flows.
 */
import { parse } from "./parse";
import { bestVariable, type Scorer } from "./retrieve";
import type { LocalStore, Place } from "./store";
import { dcMessages as M } from "./messages";

/** One DC answer. Point: `val` + `date`; table: `table` (rendered rows). Empty `val` and `table` mean no data. */
export interface DataCommonsCall {
  id: number;
  query: string;
  val: string;
  date: string;
  table: string;
  unit: string;
  title: string;
  src: string;
  url: string;
  /** Matched variable id and its match score. */
  variable: string;
  score: number;
  /** Local store only: the matched place ids (for scoring precision). */
  places?: string[];
}

export const emptyCall = (query: string): DataCommonsCall => ({ id: 0, query, val: "", date: "", table: "", unit: "", title: "", src: "", url: "", variable: "", score: 0 });

/** A DC backend: the local store or the real NL service. */
export interface DataCommons {
  point(query: string): Promise<DataCommonsCall>;
  table(query: string): Promise<DataCommonsCall>;
}

/** Thresholds of the two modes (data_gemma: point 0.8 without topics, table 0.7 with topics). */
export const TAU_POINT = 0.8;
export const TAU_TABLE = 0.7;

/** A number as DC's clients print it: at most 4 decimals, trailing zeros dropped ("1.50000" → "1.5"). */
export function roundFloat(v: string | number): string {
  const x = typeof v === "number" ? v : Number(v);
  if (typeof v === "string" && (v.trim() === "" || !Number.isFinite(x))) return v;
  if (!Number.isFinite(x)) return "";
  const r = Math.round(x * 1e4) / 1e4;
  return String(Object.is(r, -0) ? 0 : r);
}

/** Renders CSV rows as DC's table text: header joined by " | ", a dashed rule, rows with floats rounded. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  const head = rows[0].join(" | ");
  const body = rows.slice(1).map((r) => r.map(roundFloat).join(" | "));
  return [head, "-".repeat(head.length), ...body].join("\n") + "\n";
}

/** Header of a table block: "title (unit: u), according to src". */
export function tableHeader(c: Pick<DataCommonsCall, "title" | "unit" | "src">): string {
  return `${c.unit ? `${c.title} (unit: ${c.unit})` : c.title}, according to ${c.src}`;
}

/** DC value with its unit, e.g. "39538223" or "78.5 years". */
export const valAndUnit = (c: DataCommonsCall) => (c.val ? `${c.val}${c.unit ? ` ${c.unit}` : ""}` : "");

/** Footnote text: "Per SRC, value was V UNIT in DATE. See more at URL". */
export const footnote = (c: DataCommonsCall) => `Per ${c.src}, value was ${valAndUnit(c)} in ${c.date}. See more at ${c.url}`;

export interface LocalDCOptions {
  scorer: Scorer;
  tauPoint?: number;
  tauTable?: number;
}

/** The local stand-in of DC's NL interface over a `LocalStore`. Counts its calls. */
export class LocalDataCommons implements DataCommons {
  readonly tauPoint: number;
  readonly tauTable: number;
  calls = 0;

  constructor(readonly store: LocalStore, private readonly o: LocalDCOptions) {
    this.tauPoint = o.tauPoint ?? TAU_POINT;
    this.tauTable = o.tauTable ?? TAU_TABLE;
    for (const t of [this.tauPoint, this.tauTable]) if (!(t >= 0 && t <= 1)) throw new Error(M.badTau(t));
  }

  private match(query: string, tau: number) {
    const p = parse(query, this.store);
    const best = bestVariable(this.o.scorer, this.store.variables, p.rest);
    return { p, best: best && best.score >= tau ? best : null, raw: best };
  }

  /** Point mode: the value at the asked date, or the latest when the date is missing or not asked. */
  async point(query: string): Promise<DataCommonsCall> {
    this.calls++;
    const { p, best, raw } = this.match(query, this.tauPoint);
    const place = p.places[0];
    if (!best || !place) return { ...emptyCall(query), variable: raw?.variable.id ?? "", score: raw?.score ?? 0 };
    const v = best.variable;
    const at = p.date && p.date !== "latest" ? this.store.value(v.id, place.id, p.date) : undefined;
    const obs = at !== undefined ? { date: p.date as string, value: at } : this.store.latest(v.id, place.id);
    const base = { ...emptyCall(query), variable: v.id, score: best.score, places: [place.id] };
    if (!obs) return base;
    return { ...base, val: roundFloat(obs.value), date: obs.date, unit: v.unit, title: `${cap(v.name)} in ${place.name}`, src: v.source, url: `local://datacommons/${place.id}/${v.id}` };
  }

  /** Table mode: child places of the asked type (at the date or latest), else the place's series over time. */
  async table(query: string): Promise<DataCommonsCall> {
    this.calls++;
    const { p, best, raw } = this.match(query, this.tauTable);
    const place = p.places[0];
    if (!best || !place) return { ...emptyCall(query), variable: raw?.variable.id ?? "", score: raw?.score ?? 0 };
    const v = best.variable;
    const rows: string[][] = [];
    let title: string;
    if (p.placeType) {
      const kids = this.store.children(place.id, p.placeType);
      title = `${cap(v.name)} in ${place.name} (${p.placeType.toLowerCase()} level)`;
      rows.push(["place", "date", v.id]);
      for (const k of kids) {
        const o = this.obsAt(v.id, k, p.date);
        if (o) rows.push([k.name, o.date, String(o.value)]);
      }
    } else {
      title = `${cap(v.name)} in ${place.name}`;
      rows.push(["date", v.id]);
      for (const [d, x] of this.store.seriesOf(v.id, place.id)) rows.push([d, String(x)]);
    }
    const base = { ...emptyCall(query), variable: v.id, score: best.score, places: [place.id] };
    if (rows.length < 2) return base;
    return { ...base, table: renderTable(rows), unit: v.unit, title, src: v.source, url: `local://datacommons/${place.id}/${v.id}` };
  }

  private obsAt(varId: string, place: Place, date?: string): { date: string; value: number } | undefined {
    const at = date && date !== "latest" ? this.store.value(varId, place.id, date) : undefined;
    return at !== undefined ? { date: date as string, value: at } : this.store.latest(varId, place.id);
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Minimal shape of the NL service's JSON that the flows read. */
export interface NlResponse {
  charts?: Array<{ type?: string; highlight?: { value?: number | string; date?: string }; unit?: string; srcs?: Array<{ name?: string }>; title?: string; dcUrl?: string; data_csv?: string }>;
  debug?: { debug?: { sv_matching?: { SV?: string[]; CosineScore?: number[] } } };
}

/** Parses one CSV line (double quotes, doubled quotes inside). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === "") continue;
    const cells: string[] = [];
    let cur = "";
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ",") cells.push(cur), (cur = "");
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

/** A DataCommonsCall from the NL service's JSON: point → first LINE/HIGHLIGHT chart; table → first chart's CSV. */
export function fromNlResponse(query: string, json: NlResponse, mode: "point" | "table"): DataCommonsCall {
  const svm = json.debug?.debug?.sv_matching ?? {};
  const meta = { variable: svm.SV?.[0] ?? "", score: svm.CosineScore?.[0] ?? -1 };
  const charts = json.charts ?? [];
  const chart = mode === "point" ? charts.find((c) => c.type === "LINE" || c.type === "HIGHLIGHT") : charts[0];
  if (!chart) return { ...emptyCall(query), ...meta };
  const common = { unit: chart.unit ?? "", title: chart.title ?? "", src: chart.srcs?.[0]?.name ?? "", url: chart.dcUrl ? `${chart.dcUrl}&mode=${mode === "point" ? "toolformer_rig" : "toolformer_rag"}` : "" };
  if (mode === "point") {
    const v = roundFloat(String(chart.highlight?.value ?? ""));
    if (!v) return { ...emptyCall(query), ...meta };
    return { ...emptyCall(query), ...meta, ...common, val: v, date: chart.highlight?.date ?? "" };
  }
  const rows = csvRows(chart.data_csv ?? "");
  if (!rows.length) return { ...emptyCall(query), ...meta };
  return { ...emptyCall(query), ...meta, ...common, table: renderTable(rows) };
}
