/** lib/viz: Vega-Lite figures, live and rendered headless. */
export {};
