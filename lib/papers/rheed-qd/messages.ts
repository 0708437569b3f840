/**
 * User-facing texts of the rheed-qd paper folder (arXiv 2411.00332), in one place so tests can refer to them by
 * name. Each says what happened, what was expected, what was received, and what to do.
 */
export const rheedMessages = {
  unknownParam: (key: string, known: string[]) =>
    `rheed-qd generator: unknown parameter "${key}"; known parameters: ${known.join(", ")}`,
  badParam: (key: string, got: unknown, want: string) =>
    `rheed-qd generator: ${key} must be ${want}, got ${String(got)}; change the parameter`,
  runInTwoSplits: (id: string, a: string, b: string) =>
    `rheed-qd: run ${id} is in both the ${a} and the ${b} split; frames of one run are strongly correlated, so split by run (never by frame) and put each run in exactly one split`,
  badStack: (got: readonly number[], want: string) =>
    `ResNet-GLAM: frame stack must be ${want}, got [${got.join(", ")}]; stack the last T frames as channels: [batch, S, S, T]`,
  badVariant: (got: string, known: readonly string[]) =>
    `ResNet-GLAM: unknown variant "${got}"; known variants: ${known.join(", ")}`,
  badDilations: (got: readonly number[]) =>
    `GLAM local spatial: dilations must be positive integers, got [${got.join(", ")}]; the common re-implementation uses [1, 2, 3]`,
  setPointClamp: (c: number, lo: number, hi: number) =>
    `growth controller: set point ${c} °C is outside the clamp [${lo}, ${hi}] °C; choose a set point inside it (the clamp protects the sample and the heater)`,
  setPointNotFinite: (c: unknown) =>
    `growth controller: set point must be a finite temperature in °C, got ${String(c)}`,
  unknownShutter: (name: string, known: readonly string[]) =>
    `growth controller: unknown shutter "${name}"; known shutters: ${known.join(", ")}`,
  dryRun: (what: string) =>
    `growth controller (dry run): would ${what}; nothing was actuated (a human must confirm any real actuation)`,
  noRunFolders: (dir: string) =>
    `rheed-qd --scale full: no run folders under "${dir}". Provide your own MBE runs (no RHEED/PL data is public for this paper): ` +
    "one folder per run with run.json ({run_id, day, fps, roi:[x,y,w,h], azimuth_deg, rotation_rpm, frames:\"frames/%06d.png\"}), " +
    "frames/*.png (8/16-bit grayscale; or a video/TIFF with Debian ffmpeg installed), process.csv (t_s,T_tc_C,T_pyro_C,As_BEP_Torr,In_shutter,Ga_shutter,growth_rate_MLps) " +
    "and one labels.csv beside the folders (run_id,pl_peak_nm,pl_fwhm_meV,pl_int_au,pl_temp_K,pump_mW); put them in that folder or set RHEED_QD_DIR",
  badRunJson: (file: string, why: string) =>
    `${file}: ${why}; run.json needs run_id (string), day (string or number), fps (> 0), roi [x, y, w, h] and frames (a printf pattern such as "frames/%06d.png" or a video file)`,
  missingLabel: (file: string, id: string) =>
    `${file}: no row for run "${id}"; add a row run_id,pl_peak_nm,pl_fwhm_meV,pl_int_au,pl_temp_K,pump_mW for every run folder`,
  noFrames: (dir: string, pattern: string) =>
    `${dir}: no frames match "${pattern}"; write frames as frames/000000.png, frames/000001.png, … or point "frames" in run.json at them`,
  needFfmpeg: (file: string) =>
    `${file}: decoding video or TIFF frames needs ffmpeg on PATH; install Debian's ffmpeg (apt-get install ffmpeg) or convert the frames to PNG`,
  noLatents: (id: string) =>
    `rheed-qd: run ${id} has no simulator latents (a real run); the logistic-regression ceiling needs synthetic data`,
  frameSize: (file: string, got: string, want: string) =>
    `${file}: frame is ${got}, the run's other frames are ${want}; crop every frame of a run to the same ROI`,
} as const;
