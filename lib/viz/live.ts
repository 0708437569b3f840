/**
 * Live figures: a chart bound to one display output that is re-rendered in place as rows arrive (the
 * training loop's loss curve, lib/core/train/progress.ts). Updates are throttled, leading and trailing: the
 * first push after a quiet interval goes out at once (a loop that never yields to timers still updates),
 * later ones within the interval are sent together when it ends. The SVG fallback is rendered only on
 * `close()`, so each intermediate update costs one Vega-Lite bundle.
 */
import type { TopLevelSpec } from "vega-lite";
import { DisplayHandle, display, isRichDisplay } from "../display";
import { Row } from "./data";
import { messages } from "./messages";
import { VEGALITE_MIME, describeSpec, figureMetadata, specBundle } from "./show";
import { themed } from "./render";

/** Options of `liveChart`. */
export interface LiveOptions<R extends object = Row> {
  /** Minimum milliseconds between two updates (default 500). */
  intervalMs?: number;
  /** Figure name for the display metadata. */
  name?: string;
  /** Display id (generated when omitted). */
  id?: string;
  /**
   * More MIME entries for every update, made from the rows so far (e.g. a custom renderer's payload next to
   * the chart). Merged over the chart's own entries, so a `text/plain` here replaces the spec's description.
   */
  extra?: (rows: R[]) => Record<string, unknown>;
}

/** A figure that updates in place as rows are pushed. */
export interface LiveChart<R extends object = Row> {
  /** Appends rows; the figure updates at most once per interval. */
  push(...rows: R[]): void;
  /** All rows so far (a copy). */
  rows(): R[];
  /** The current spec. */
  spec(): TopLevelSpec;
  /** Sends any pending update now. */
  flush(): Promise<void>;
  /** Final update with the SVG fallback (for saved notebooks); later pushes throw. */
  close(): Promise<void>;
}

/**
 * Binds a chart to a display output that updates as rows arrive. `build` makes the spec from all rows
 * so far (e.g. `rows => viz.trainingCurves(rows, { y: "loss" })`); a fixed spec instead gets the rows as
 * its inline `data.values`. Without a kernel (scripts, tests) only the final figure is displayed.
 */
export function liveChart<R extends object = Row>(build: ((rows: R[]) => TopLevelSpec) | TopLevelSpec, opts: LiveOptions<R> = {}): LiveChart<R> {
  const all: R[] = [];
  const make = typeof build === "function" ? build : (rows: R[]) => ({ ...build, data: { values: rows } }) as TopLevelSpec;
  const interval = opts.intervalMs ?? 500;
  const metadata = opts.name ? figureMetadata(opts.name) : undefined;
  let handle: Promise<DisplayHandle> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last = -Infinity;
  let sent = 0; // rows in the last update: an intermediate update with nothing new is skipped
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const send = (final: boolean): Promise<void> => {
    last = Date.now();
    // Serialised so updates never overtake each other.
    chain = chain.then(async () => {
      if (!final && (all.length === 0 || all.length === sent || !isRichDisplay())) return;
      const rows = all.slice();
      sent = rows.length;
      const spec = make(rows);
      const data = final ? (await specBundle(spec)).data : { [VEGALITE_MIME]: themed(spec), "text/plain": describeSpec(spec) };
      if (opts.extra) Object.assign(data, opts.extra(rows));
      if (!handle) handle = display(data, { raw: true, id: opts.id, metadata });
      else await (await handle).update(data, { raw: true });
    });
    return chain;
  };
  const cancelTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  return {
    push(...rows: R[]) {
      if (closed) throw new Error(messages.liveClosed());
      all.push(...rows);
      if (timer) return; // a trailing update is already due
      const wait = last + interval - Date.now();
      if (wait <= 0) {
        void send(false);
        return;
      }
      timer = setTimeout(() => {
        timer = undefined;
        void send(false);
      }, wait);
      timer.unref?.();
    },
    rows: () => all.map((r) => ({ ...r })),
    spec: () => make(all.slice()),
    async flush() {
      cancelTimer();
      await send(false);
    },
    async close() {
      if (closed) return chain;
      closed = true;
      cancelTimer();
      await send(true);
    },
  };
}
