/**
 * The Enterprise Gateway kernelspec (kernel/gateway/paperlab/kernel.json) says what `paperlab kernel install`
 * says (language, interrupt mode, the `kernel start -f {connection_file}` command), uses EG's LocalProcessProxy,
 * and pins one WASM thread, as `reproduce` does for its local kernels.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../client/support";
import { kernelSpec } from "../../../kernel/kernelspec";
import { LOCAL_KERNEL_ENV } from "../../../kernel/commands/reproduce-run";

test("the gateway kernelspec matches the installed one, with LocalProcessProxy and one WASM thread", () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, "kernel", "gateway", "paperlab", "kernel.json"), "utf8"));
  const local = kernelSpec();
  assert.equal(spec.language, local.language);
  assert.equal(spec.interrupt_mode, local.interrupt_mode);
  assert.equal(spec.display_name, local.display_name);
  assert.deepEqual(spec.argv.slice(-4), local.argv.slice(-4), "kernel start -f {connection_file}");
  assert.match(spec.argv[1], /\/bin\/paperlab\.js$/);
  assert.equal(spec.metadata.process_proxy.class_name, "enterprise_gateway.services.processproxies.processproxy.LocalProcessProxy");
  assert.deepEqual(spec.env, LOCAL_KERNEL_ENV);
});
