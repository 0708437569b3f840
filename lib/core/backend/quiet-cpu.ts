/**
 * Turns off tfjs-backend-cpu's Node.js notice. The pure-JS CPU backend prints (console.warn, through tfjs's
 * `backend_util.warn`) "Hi, looks like you are running TensorFlow.js in Node.js. To speed things up dramatically,
 * install our node backend…" the first time an instance stores a tensor in Node. paperlab picks its backend itself and
 * says which and why (`backend()`), so the notice is noise that would reach cell outputs, the CLI and `paperlab bench`
 * (which always measures the CPU backend beside the best one). Other tfjs warnings stay.
 *
 * The notice is guarded by the instance field `firstUse` alone (tfjs-backend-cpu 4.x: set true in the constructor,
 * read and cleared in `write`). An accessor of that name on the prototype that always reads false and ignores writes
 * takes the constructor's assignment, so every CPU backend instance, current or future, skips the notice.
 */
import { createRequire } from "module";

interface CpuBackendModule {
  MathBackendCPU?: { prototype: object };
}

let silenced = false;

/**
 * Silences the notice for the tfjs-backend-cpu copy that `@tensorflow/tfjs` loads. Returns true when it is silenced
 * (now or before), false when that package or its class cannot be found (then nothing changes).
 */
export function silenceCpuBackendNotice(): boolean {
  if (silenced) return true;
  let mod: CpuBackendModule;
  try {
    // The copy tfjs itself requires (resolved from tfjs's folder), not whichever one is nearest to this file.
    mod = createRequire(require.resolve("@tensorflow/tfjs"))("@tensorflow/tfjs-backend-cpu") as CpuBackendModule;
  } catch {
    return false;
  }
  const proto = mod.MathBackendCPU?.prototype;
  if (!proto) return false;
  Object.defineProperty(proto, "firstUse", { configurable: true, get: () => false, set: () => undefined });
  silenced = true;
  return true;
}
