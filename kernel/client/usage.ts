/**
 * The CPU time a kernel's process has spent, asked of the kernel itself with Jupyter's `user_expressions`
 * (the same request on both transports, so a kernel behind a server or a gateway reports it too). Only the
 * languages below know how; any other kernel reports null.
 */
import { KernelClient } from "./types";

/** An expression that evaluates to the process's CPU seconds (user + system), by `language_info.name`. */
export const CPU_EXPRESSIONS: Record<string, string> = {
  typescript: "(process.cpuUsage().user + process.cpuUsage().system) / 1e6",
  javascript: "(process.cpuUsage().user + process.cpuUsage().system) / 1e6",
  python: "__import__('time').process_time()",
};

/**
 * The kernel process's CPU seconds so far, or null when its language has no expression, the kernel
 * answers with an error, or no answer comes within `timeoutMs`.
 */
export async function kernelCpuSeconds(client: KernelClient, timeoutMs = 60000): Promise<number | null> {
  const li = client.info.language_info as { name?: unknown } | undefined;
  const expr = CPU_EXPRESSIONS[String(li?.name ?? "").toLowerCase()];
  if (!expr) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await Promise.race([
      client.execute("", () => {}, { silent: true, userExpressions: { cpu: expr } }),
      new Promise<null>((r) => (timer = setTimeout(() => r(null), timeoutMs))),
    ]);
    const cpu = (reply?.content.user_expressions as Record<string, { status?: string; data?: Record<string, unknown> }> | undefined)?.cpu;
    if (cpu?.status !== "ok") return null;
    const n = Number(String(cpu.data?.["text/plain"] ?? "").trim());
    return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) / 100 : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
