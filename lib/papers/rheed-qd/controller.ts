/**
 * Growth control for the in-situ self-optimisation of arXiv 2411.00332 (reconstruction; the paper's control law is
 * not public). A `GrowthController` (card §7: readState, setTemperature, shutter) with hard clamps on the set point
 * and its ramp rate; `SimulatedGrowth` implements it on the virtual MBE with a hidden thermocouple offset and renders
 * the RHEED frames a camera would see; `DryRunController` wraps any controller and only logs what it would do (the
 * library never talks to hardware; a human confirms any real actuation).
 *
 * The closed loop (controllers.ts) runs during the pre-deposition anneal: every tick (20 s) the policy sees the
 * last T anneal frames and may move the set point; at the end the In shutter opens and the QD layer grows at the
 * temperature reached.
 */
import { Rng } from "../../core/train/seed";
import { grow, type GrowthOutcome, type GrowthParams } from "./mbe";
import { frameState, type RheedGenParams } from "./generate";
import { drawNuisance, renderFrame, type Nuisance } from "./rheed";
import { rheedMessages } from "./messages";

/** Shutters of the MBE. */
export const SHUTTERS = ["In", "Ga", "As"] as const;
export type Shutter = (typeof SHUTTERS)[number];

/** What a controller can read (never the hidden true temperature). */
export interface GrowthState {
  /** Seconds since the start of the anneal. */
  t: number;
  /** Requested set point and the set point the heater is at now (ramp-limited), °C. */
  tSetRequested: number;
  tSet: number;
  /** As BEP (Torr), InAs coverage (ML). */
  pAs: number;
  theta: number;
  shutters: Record<Shutter, boolean>;
}

/** The control interface of card §7. */
export interface GrowthController {
  readState(): GrowthState;
  /** Requests a set point in °C; throws past the clamps. The heater follows at the ramp limit. */
  setTemperature(c: number): void;
  shutter(name: Shutter, open: boolean): void;
}

/** Hard limits: set-point range (card: 440–560 °C) and ramp rate (°C/min). */
export interface ControlLimits {
  min: number;
  max: number;
  rampCPerMin: number;
}

/** Defaults: 440–560 °C, 60 °C/min. */
export const LIMITS: ControlLimits = { min: 440, max: 560, rampCPerMin: 60 };

/** Checks a set point against the clamps; returns it or throws naming the clamp. */
export function checkSetPoint(c: number, l: ControlLimits = LIMITS): number {
  if (typeof c !== "number" || !Number.isFinite(c)) throw new Error(rheedMessages.setPointNotFinite(c));
  if (c < l.min || c > l.max) throw new Error(rheedMessages.setPointClamp(c, l.min, l.max));
  return c;
}

/** Clips a set point into the clamps (policies use this; `setTemperature` itself refuses out-of-range values). */
export function clipSetPoint(c: number, l: ControlLimits = LIMITS): number {
  return Math.min(l.max, Math.max(l.min, c));
}

/** Moves `from` toward `to` by at most `maxStep`. */
export function rampToward(from: number, to: number, maxStep: number): number {
  return from + Math.max(-maxStep, Math.min(maxStep, to - from));
}

/** A simulated growth: the virtual MBE with a hidden offset, frames rendered on demand. */
export class SimulatedGrowth implements GrowthController {
  private t = 0;
  private requested: number;
  private current: number;
  private readonly open: Record<Shutter, boolean> = { In: false, Ga: false, As: true };
  private readonly nuisance: Nuisance;
  private readonly frameRng: Rng;
  private readonly noiseRng: Rng;

  /**
   * `growth`: the recipe (tSet = the starting set point) and the hidden offset dT; `render`: frame size and
   * azimuth; `rng`: camera nuisance and frame noise.
   */
  constructor(
    private readonly growth: GrowthParams,
    private readonly render: Pick<RheedGenParams, "size" | "azimuth">,
    rng: Rng,
    readonly limits: ControlLimits = LIMITS,
  ) {
    this.requested = this.current = checkSetPoint(growth.tSet, limits);
    const cam = rng.fork("camera");
    this.nuisance = drawNuisance(cam);
    this.frameRng = rng.fork("frames");
    this.noiseRng = rng.fork("noise");
  }

  readState(): GrowthState {
    return { t: this.t, tSetRequested: this.requested, tSet: this.current, pAs: this.growth.pAs, theta: 0, shutters: { ...this.open } };
  }

  setTemperature(c: number): void {
    this.requested = checkSetPoint(c, this.limits);
  }

  shutter(name: Shutter, open: boolean): void {
    if (!(SHUTTERS as readonly string[]).includes(name)) throw new Error(rheedMessages.unknownShutter(name, SHUTTERS));
    this.open[name] = open;
  }

  /** Advances time by `seconds`: the heater ramps toward the requested set point at ≤ rampCPerMin. */
  advance(seconds: number): void {
    this.current = rampToward(this.current, this.requested, (this.limits.rampCPerMin * seconds) / 60);
    this.t += seconds;
  }

  /** The hidden true temperature (for the oracle and the R4 trace only; a real controller cannot read it). */
  trueTemperature(): number {
    return this.current + this.growth.dT;
  }

  /** The true PL outcome if the layer were grown now (the oracle's view). */
  outcomeNow(): GrowthOutcome {
    return grow({ ...this.growth, tSet: this.current });
  }

  /** `n` anneal frames at the current state (Uint8 [n·S·S]), each with fresh jitter and noise. */
  frames(n: number): Uint8Array {
    const S = this.render.size;
    const o = this.outcomeNow();
    const out = new Uint8Array(n * S * S);
    const az = this.render.azimuth === "rotating" ? "[1-10]" : this.render.azimuth;
    for (let i = 0; i < n; i++) {
      const nz = drawNuisance(this.frameRng, { rotDeg: this.nuisance.rotDeg, gain: this.nuisance.gain, gamma: this.nuisance.gamma });
      out.set(renderFrame(frameState(o, 0, az), nz, S, this.noiseRng), i * S * S);
    }
    return out;
  }

  /** Opens the In shutter and grows the layer at the current temperature: the run's PL. */
  finish(): GrowthOutcome {
    this.shutter("In", true);
    return this.outcomeNow();
  }
}

/** A controller that only records what it would do (dry run); reads come from `inner`. */
export class DryRunController implements GrowthController {
  /** The actions it would have taken, in order. */
  readonly log: string[] = [];
  constructor(private readonly inner: GrowthController, private readonly limits: ControlLimits = LIMITS) {}
  readState(): GrowthState {
    return this.inner.readState();
  }
  setTemperature(c: number): void {
    checkSetPoint(c, this.limits);
    this.log.push(rheedMessages.dryRun(`set the substrate temperature to ${c} °C`));
  }
  shutter(name: Shutter, open: boolean): void {
    if (!(SHUTTERS as readonly string[]).includes(name)) throw new Error(rheedMessages.unknownShutter(name, SHUTTERS));
    this.log.push(rheedMessages.dryRun(`${open ? "open" : "close"} the ${name} shutter`));
  }
}
