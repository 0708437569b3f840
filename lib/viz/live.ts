/**
 * Live figures: a chart bound to one display output that is re-rendered in place as rows arrive (the
 * training loop's loss curve). Updates are throttled; the SVG fallback is rendered only on `close()`,
 * so each intermediate update costs one Vega-Lite bundle.
 */
import type { TopLevelSpec } from "vega-lite";
import { DisplayHandle, display, isRichDisplay } from "../display";
import { Row } from "./data";
import { messages } from "./messages";
import { VEGALITE_MIME, describeSpec, figureMetadata, specBundle } from "./show";
import { themed } from "./render";

/** Options of `liveChart`. */
export interface LiveOptions {
  /** Minimum milliseconds between two updates (default 500). */
  intervalMs?: number;
  /** Figure name for the display metadata. */
  name?: string;
  /** Display id (generated when omitted). */
  id?: string;
}

/** A figure that updates in place as rows are pushed. */
export interface LiveChart {
  /** Appends rows; the figure updates at most once per interval. */
  push(...rows: Row[]): void;
  /** All rows so far (a copy). */
  rows(): Row[];
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
export function liveChart(build: ((rows: Row[]) => TopLevelSpec) | TopLevelSpec, opts: LiveOptions = {}): LiveChart {
  const all: Row[] = [];
  const make = typeof build === "function" ? build : (rows: Row[]) => ({ ...build, data: { values: rows } }) as TopLevelSpec;
  const interval = opts.intervalMs ?? 500;
  const metadata = opts.name ? figureMetadata(opts.name) : undefined;
  let handle: Promise<DisplayHandle> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const send = (final: boolean): Promise<void> => {
    // Serialised so updates never overtake each other.
    chain = chain.then(async () => {
      if (all.length === 0 && !final) return;
      if (!final && !isRichDisplay()) return;
      const spec = make(all.slice());
      const bundle = final
        ? await specBundle(spec)
        : { data: { [VEGALITE_MIME]: themed(spec), "text/plain": describeSpec(spec) }, metadata: {} };
      last = Date.now();
      if (!handle) handle = display(bundle.data, { raw: true, id: opts.id, metadata });
      else await (await handle).update(bundle.data, { raw: true });
    });
    return chain;
  };

  return {
    push(...rows: Row[]) {
      if (closed) throw new Error(messages.liveClosed());
      all.push(...rows);
      if (timer) return;
      const wait = Math.max(0, last + interval - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        void send(false);
      }, wait);
      timer.unref?.();
    },
    rows: () => all.map((r) => ({ ...r })),
    spec: () => make(all.slice()),
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await send(false);
    },
    async close() {
      if (closed) return chain;
      closed = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await send(true);
    },
  };
}
