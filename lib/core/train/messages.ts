/**
 * User-facing texts of the training kit, in one place so tests can refer to them by name.
 * Each says what happened, what was expected, what was received, and what to do.
 */

/** Texts of errors thrown by lib/core/train. */
export const trainMessages = {
  badSeed: (got: unknown) =>
    `seed: expected a finite integer or a string, got ${String(got)}; pass for example seed(42)`,
  badRange: (what: string, got: unknown, expected: string) =>
    `${what}: expected ${expected}, got ${String(got)}`,
  fanShape: (shape: readonly number[]) =>
    `initializer: shape must have rank >= 1 to compute fan-in/fan-out, got [${shape.join(",")}]; pass [in, out] or [kh, kw, in, out]`,
  lossNotScalar: (shape: readonly number[]) =>
    `train: loss() must return a scalar, got shape [${shape.join(",")}]; reduce it with tf.mean(...)`,
  lossNotFinite: (step: number, value: number) =>
    `train: loss is ${value} at step ${step}; lower the learning rate, clip gradients (clipNorm) or check the data`,
  noVariables: () =>
    "train: the loss touches no trainable variable; create weights with tf.variable(...) and use them inside loss()",
  noGradient: (names: string[]) =>
    `train: no gradient reached ${names.join(", ")}; pass only the variables the loss uses (config.variables)`,
  asyncData: () =>
    "train: data(epoch) returned an async iterable; the step runs inside a synchronous gradient tape, give a sync iterable (a generator function or an array)",
  unknownMonitor: (key: string, known: string[]) =>
    `earlyStopping: monitor "${key}" is not in the epoch record; known keys: ${known.join(", ")}`,
  checkpointMissing: (dir: string, file: string) =>
    `checkpoint: ${file} not found in ${dir}; save one with saveCheckpoint(dir, ...) first`,
  checkpointFormat: (dir: string, got: unknown) =>
    `checkpoint: ${dir}/manifest.json is not a paperlab checkpoint (format ${String(got)}); expected "paperlab-checkpoint" version 1`,
  checkpointNames: (missing: string[], known: string[]) =>
    `checkpoint: no saved weight for ${missing.join(", ")}; the file holds ${known.join(", ")}. ` +
    `Pass the same names as when saving (a Record<name, Variable>), or { match: "order" }`,
  checkpointCount: (want: number, got: number) =>
    `checkpoint: match "order" needs as many saved weights as variables: ${got} saved, ${want} given`,
  checkpointShape: (name: string, want: readonly number[], got: readonly number[]) =>
    `checkpoint: weight "${name}" has shape [${got.join(",")}] in the file but the variable is [${want.join(",")}]`,
  checkpointDtype: (name: string, dtype: string) =>
    `checkpoint: weight "${name}" has dtype ${dtype}; only float32 and int32 tensors are saved`,
  shapeMismatch: (what: string, a: number, b: number) =>
    `${what}: yTrue has ${a} entries but yPred has ${b}; pass predictions for every label`,
  labelRange: (what: string, label: number, numClasses: number) =>
    `${what}: label ${label} is outside [0, ${numClasses}); pass numClasses large enough or fix the labels`,
  danfoMissing: (err: unknown) =>
    `results: danfojs-node could not be loaded (${String(err)}); run \`npm install\` in the paperlab folder`,
  unknownFormat: (file: string) =>
    `results: cannot tell the format of ${file}; use a .csv or .json extension`,
  optimizerLr: (got: unknown) =>
    `optimizer: learningRate must be a positive number or a schedule (step) => number, got ${String(got)}`,
} as const;
