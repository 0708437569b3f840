import { test } from "node:test";
import assert from "node:assert/strict";
import * as viz from "../../../lib/viz";
import { textWidth } from "../../../lib/viz/text-metrics";
import { parseXml } from "./helpers";

const bars = [{ g: "a", v: 0.4 }, { g: "b", v: 0.8 }];
const subtitle = "groups without Q collapse to hairlines here, and the paper's ticks and crosses are drawn beside each box";

test("wrapLine: greedy lines no wider than the limit, words kept whole, short text unchanged", () => {
  assert.deepEqual(viz.wrapLine("short", 240, 11), ["short"]);
  const lines = viz.wrapLine(subtitle, 240, 11);
  assert.ok(lines.length >= 2, `${lines.length} lines`);
  assert.equal(lines.join(" "), subtitle, "no word lost or split");
  for (const l of lines) assert.ok(textWidth(l, 11, 400) <= 240, `"${l}" is ${textWidth(l, 11, 400)} px`);
  assert.deepEqual(viz.wrapLine("Supercalifragilisticexpialidocious", 50, 11), ["Supercalifragilisticexpialidocious"], "one long word keeps its line");
});

test("a small plot with a long subtitle gets a canvas near the plot, not as wide as the one-line subtitle", async () => {
  const spec = viz.groupedBars(bars, { group: "g", value: "v", title: "Table 2: MQAR accuracy", subtitle });
  const oneLine = textWidth(subtitle, 11, 400);
  assert.ok(oneLine > 450, `the subtitle is ${oneLine} px on one line`);
  const width = Number(parseXml(await viz.renderSvg(spec)).attrs.width);
  assert.ok(width <= viz.MIN_TITLE_WIDTH + 40, `canvas ${width} px, at most the wrap width plus padding`);
  const raw = Number(parseXml(await viz.renderSvg(viz.applyTheme(spec), { raw: true })).attrs.width);
  assert.ok(raw > oneLine, `unwrapped, the canvas is ${raw} px (the old behaviour)`);
  // the themed spec (what the notebook gets) carries the wrapped lines
  const t = (viz.themed(spec) as { title: { subtitle: unknown } }).title.subtitle;
  assert.ok(Array.isArray(t) && t.length >= 2);
});

test("wrapTitle: a wide plot keeps one line; composed views and specs without titles are unchanged", () => {
  const wide = viz.groupedBars(bars, { group: "g", value: "v", title: "A title", subtitle: "a subtitle of moderate length that fits a wide plot", width: 600 });
  assert.equal((viz.wrapTitle(wide) as { title: { subtitle: unknown } }).title.subtitle, "a subtitle of moderate length that fits a wide plot");
  const long = "A very long figure title that runs on and on well beyond the width of a small plot";
  const cat = viz.hconcat([viz.groupedBars(bars, { group: "g", value: "v" })], { title: long });
  assert.deepEqual(viz.wrapTitle(cat), cat);
  const plain = viz.groupedBars(bars, { group: "g", value: "v" });
  assert.equal(viz.wrapTitle(plain), plain);
  const str = viz.wrapTitle({ ...plain, title: long });
  assert.ok(Array.isArray((str as { title: unknown }).title), "a string title wraps too");
});
