import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { test } from "node:test";
import { loadEmoji } from "../../../datasets/entries/emoji";
import { loadEmojiZh, zhForEmoji } from "../../../datasets/entries/emoji-zh";
import { DatasetError } from "../../../datasets/errors";

test("emoji-zh (shipped extract): 1,914 records with Chinese labels, tags and known subgroups", () => {
  const z = loadEmojiZh();
  assert.equal(z.records.length, 1914);
  assert.equal(z.byHex.get("23F0")?.label, "闹钟");
  assert.equal(z.subgroups[String(z.byHex.get("1F600")?.subgroup)], "face-smiling");
  const han = /[\u4e00-\u9fff]/;
  assert.ok(z.records.filter((r) => han.test(r.label)).length > 1800, "labels are Chinese");
  assert.ok(z.records.every((r) => r.group !== 2), "component group dropped");
});

test("every sprite of the shipped emoji extract has a Chinese record", async () => {
  const e = await loadEmoji();
  const recs = zhForEmoji(loadEmojiZh(), e.meta);
  assert.equal(recs.length, 360);
  assert.ok(recs.every((r) => r.label.length > 0));
  assert.throws(() => zhForEmoji(loadEmojiZh(), [{ unified: "ABCDE", name: "not an emoji" }]), (err: unknown) => err instanceof DatasetError && /ABCDE.*emoji-zh/.test(err.message));
});

test("a changed emoji-zh file is refused with its path and the fix", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emoji-zh-")), "emoji-zh.json");
  fs.writeFileSync(file, "{}");
  assert.throws(() => loadEmojiZh(file), (err: unknown) => err instanceof DatasetError && err.message.includes(file) && /datasets\/data\/emoji-zh/.test(String(err.fix)));
});
