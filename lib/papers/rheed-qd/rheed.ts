/**
 * Synthetic RHEED renderer (card §5.2 for arXiv 2411.00332; a reconstruction — no RHEED data or renderer is public).
 * Textbook RHEED at grazing incidence: a flat surface gives streaks normal to the shadow edge (pitch ∝ 1/in-plane
 * period, width ∝ roughness), reconstructions add fractional-order streaks, 3D islands give transmission spots on a
 * bulk-like grid with chevrons, and the specular spot oscillates once per monolayer during 2D growth.
 *
 * Frame geometry at size S (rows y from the top, columns x; lengths in "px" are at S = 48 and scale with S/48):
 *   shadow edge y_e = 0.75·S; specular spot (x_c, y_e − 6 px); integer streak pitch Δx = 0.16·S·(a_GaAs/a_InAs)^ρ.
 *   I = (1 − s_3D)·I_2D + s_3D·I_3D + b₀ + b₁·exp(−(y_e − y)/L_b), then gain, gamma, shot and read noise, clip to
 *   [0, 1] and 8-bit quantisation (a camera). Output: Uint8Array [S·S], row-major.
 */
import { Rng } from "../../core/train/seed";
import { A_GAAS, A_INAS } from "./mbe";

/** Renderer constants (assumptions; see the README). */
export const RENDER = {
  /** Shadow edge row as a fraction of S. */
  edgeFrac: 0.75,
  /** Specular spot height above the shadow edge, px at S = 48, its σ, and its peak before oscillation. */
  specularPx: 6, specularSigmaPx: 1.5, specularAmp: 1.1,
  /** Integer-order streak pitch as a fraction of S, and amplitudes of orders |k| = 0, 1, 2. */
  pitchFrac: 0.16, orderAmp: [1.0, 0.7, 0.45],
  /** Fractional-order streak amplitude relative to the neighbouring integer order. */
  fracAmp: 0.4,
  /** Transmission spot rows l = 1…3 (amplitudes) and chevron arm length (fraction of the pitch) and line σ (px). */
  spotRowAmp: [0.85, 0.6, 0.4], chevronLen: 0.45, chevronSigmaPx: 0.6, chevronAmp: 0.5,
  /** Background: b₀, b₁ and L_b (fraction of S). */
  b0: 0.03, b1: 0.15, bLen: 0.15,
  /** Specular oscillation amplitude and damping (ML): m(θ) = 1 − a·e^{−θ/θ_d}·(1 − cos 2πθ)/2. */
  oscAmp: 0.6, oscDampMl: 0.8,
  /** The GaAs reconstruction fades under the InAs wetting layer: weight e^{−θ/0.4}. */
  reconFadeMl: 0.4,
} as const;

/**
 * Which fractional orders each phase shows in the rendered azimuth (simplified; configurable): "[1-10]" — (2×4)
 * quarter orders m/4 (m = 1, 2, 3), c(4×4) half order only; "[110]" — the mapping swapped.
 */
export type Azimuth = "[1-10]" | "[110]";

/** What one frame shows (from the growth state; see frameState in generate.ts). */
export interface FrameState {
  /** c(4×4) weight (0…1) and the overall weight of the GaAs reconstruction (fades during deposition). */
  sC44: number;
  reconWeight: number;
  /** 3D weight s_3D and relaxation ρ (pitch scaling, chevron weight). */
  s3d: number;
  rho: number;
  /** Chevron included angle, degrees. */
  chevronDeg: number;
  /** Streak σ (px at S = 48), streak length ℓ (fraction of S), spot σ (px at S = 48). */
  streakSigmaPx: number;
  streakLen: number;
  spotSigmaPx: number;
  /** Spot brightness factor (∝ island coverage) and the specular multiplier (oscillations). */
  spotAmp: number;
  specular: number;
  azimuth: Azimuth;
}

/** Camera and sample nuisances of one frame. */
export interface Nuisance {
  /** Camera gain (0.7–1.3) and gamma (output = (gain·I)^γ). */
  gain: number;
  gamma: number;
  /** Pattern shift, px at S = 48 (±2), and in-plane rotation, degrees (±2). */
  jitterX: number;
  jitterY: number;
  rotDeg: number;
  /** Shot noise scale (σ = √(k·I)) and read noise σ. */
  shot: number;
  read: number;
}

/** Integer-order streak pitch in px: Δx = 0.16·S·(a_GaAs/a_InAs)^ρ (shrinks as InAs relaxes). */
export function streakPitch(S: number, rho: number): number {
  return RENDER.pitchFrac * S * Math.pow(A_GAAS / A_INAS, rho);
}

/** Fractional orders (as fractions of the pitch) and their weights for a state. */
export function fractionalOrders(st: Pick<FrameState, "sC44" | "azimuth">): { frac: number; weight: number }[] {
  const quarter = st.azimuth === "[1-10]" ? 1 - st.sC44 : st.sC44; // (2×4) in [1-10]
  const half = st.azimuth === "[1-10]" ? st.sC44 : 1 - st.sC44;
  return [
    { frac: 0.25, weight: quarter }, { frac: 0.5, weight: quarter + half }, { frac: 0.75, weight: quarter },
  ];
}

/**
 * Renders one frame (noise from `rng`): Float32 intensities before the camera, then the camera → Uint8 [S·S].
 * With `clean` the camera is the identity with no noise (for tests of the geometry).
 */
export function renderFrame(st: FrameState, nz: Nuisance, S: number, rng: Rng, clean = false): Uint8Array {
  const img = renderIntensity(st, nz, S);
  const out = new Uint8Array(S * S);
  for (let i = 0; i < img.length; i++) {
    let v = img[i];
    if (!clean) {
      v = Math.pow(Math.max(0, nz.gain * v), nz.gamma);
      v += Math.sqrt(nz.shot * v + nz.read * nz.read) * rng.normal(); // shot (σ² = k·I) and read (σ² = r²) noise, one draw
    }
    out[i] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
  return out;
}

/** The noise-free intensity image [S·S] (Float32) of a state under the nuisance's geometry (jitter, rotation). */
export function renderIntensity(st: FrameState, nz: Pick<Nuisance, "jitterX" | "jitterY" | "rotDeg">, S: number): Float32Array {
  const px = S / 48;
  const img = new Float32Array(S * S);
  const ye = RENDER.edgeFrac * S + nz.jitterY * px;
  const xc = S / 2 + nz.jitterX * px;
  const pitch = streakPitch(S, st.rho);
  const rot = (nz.rotDeg * Math.PI) / 180;
  const c = Math.cos(rot), s = Math.sin(rot);
  // 2D part: a streak profile along x' (oversampled lookup) times an envelope along y'.
  const sig = st.streakSigmaPx * px;
  const ell = st.streakLen * S;
  const w2d = 1 - st.s3d;
  const streaks: { x: number; a: number }[] = [];
  for (let k = -2; k <= 2; k++) streaks.push({ x: k * pitch, a: RENDER.orderAmp[Math.abs(k)] });
  for (const f of fractionalOrders(st)) {
    if (f.weight <= 0) continue;
    for (let k = -3; k <= 2; k++) {
      const x = (k + f.frac) * pitch;
      const near = Math.min(2, Math.round(Math.abs(x / pitch)));
      if (Math.abs(x) > 2.5 * pitch) continue;
      streaks.push({ x, a: RENDER.fracAmp * RENDER.orderAmp[near] * f.weight * st.reconWeight });
    }
  }
  // Lookup tables (oversampled ×8): the streak profile along x' and, along the height above the edge, the soft
  // shadow edge σ(up/0.7), the streak envelope e^{−up/ℓ} and the background glow e^{−|up|/L_b}.
  const OS = 8;
  const span = S; // x', up ∈ [−S, S]
  const n = 2 * span * OS + 1;
  const prof = new Float32Array(n);
  for (const q of streaks) {
    const lo = Math.max(0, Math.floor((q.x - 4 * sig + span) * OS)), hi = Math.min(n - 1, Math.ceil((q.x + 4 * sig + span) * OS));
    for (let i = lo; i <= hi; i++) prof[i] += q.a * Math.exp(-((i / OS - span - q.x) ** 2) / (2 * sig * sig));
  }
  const bLen = RENDER.bLen * S;
  const bgLut = new Float32Array(n), envLut = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const up = i / OS - span;
    const edge = 1 / (1 + Math.exp(-up / 0.7)); // soft shadow edge
    bgLut[i] = RENDER.b0 + RENDER.b1 * Math.exp(-Math.abs(up) / bLen) * edge;
    envLut[i] = w2d * Math.exp(-Math.max(0, up) / ell) * edge;
  }
  const at = (v: number) => Math.min(n - 1, Math.max(0, Math.round((v + span) * OS)));
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const dx = x - xc, dy = y - ye;
      const xr = c * dx + s * dy; // coordinates in the pattern's frame (rotation about the shadow-edge centre)
      const up = s * dx - c * dy; // height above the shadow edge
      const iu = at(up);
      img[y * S + x] = bgLut[iu] + prof[at(xr)] * envLut[iu];
    }
  }
  // Specular spot at (x_c, y_e − 6 px) in the pattern frame, oscillating with θ (2D part only).
  const spy = RENDER.specularPx * px;
  blob(img, S, xc + s * spy, ye - c * spy, RENDER.specularSigmaPx * px, w2d * RENDER.specularAmp * st.specular);
  if (st.s3d > 1e-4) drawSpots(img, st, S, xc, ye, pitch, c, s);
  return img;
}

/** 3D part: transmission spots (x_c + kΔx', y_e − lΔx') with chevron arms at ±φ/2 from vertical, weighted by s_3D. */
function drawSpots(img: Float32Array, st: FrameState, S: number, xc: number, ye: number, pitch: number, c: number, s: number): void {
  const px = S / 48;
  const sig = st.spotSigmaPx * px;
  const armLen = RENDER.chevronLen * pitch;
  const armSig = RENDER.chevronSigmaPx * px;
  const half = ((st.chevronDeg / 2) * Math.PI) / 180;
  const chevronW = RENDER.chevronAmp * st.rho;
  // Pattern frame (xr, up) → image (x, y), the inverse of the pixel loop's rotation: x = x_c + c·xr + s·up, y = y_e + s·xr − c·up.
  const toImg = (xr: number, up: number): [number, number] => [xc + c * xr + s * up, ye + s * xr - c * up];
  for (let l = 1; l <= 3; l++) {
    for (let k = -2; k <= 2; k++) {
      const a = st.s3d * st.spotAmp * RENDER.spotRowAmp[l - 1] * RENDER.orderAmp[Math.abs(k)];
      const [sx, sy] = toImg(k * pitch, l * pitch);
      blob(img, S, sx, sy, sig, a);
      if (chevronW <= 0) continue;
      for (const side of [-1, 1]) {
        // An arm from the spot upwards at angle ±φ/2 from the vertical (in the pattern frame).
        const [ex, ey] = toImg(k * pitch + side * armLen * Math.sin(half), l * pitch + armLen * Math.cos(half));
        segment(img, S, sx, sy, ex, ey, armSig, a * chevronW);
      }
    }
  }
}

/** Adds an isotropic Gaussian a·exp(−r²/2σ²) at (cx, cy), within ±3σ. */
function blob(img: Float32Array, S: number, cx: number, cy: number, sig: number, a: number): void {
  const r = Math.ceil(3 * sig);
  for (let y = Math.max(0, Math.floor(cy) - r); y <= Math.min(S - 1, Math.ceil(cy) + r); y++) {
    for (let x = Math.max(0, Math.floor(cx) - r); x <= Math.min(S - 1, Math.ceil(cx) + r); x++) {
      img[y * S + x] += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sig * sig));
    }
  }
}

/** Adds a line segment (x0,y0)–(x1,y1) with a Gaussian cross-section of σ, fading linearly to its far end. */
function segment(img: Float32Array, S: number, x0: number, y0: number, x1: number, y1: number, sig: number, a: number): void {
  const r = Math.ceil(3 * sig);
  const vx = x1 - x0, vy = y1 - y0;
  const len2 = vx * vx + vy * vy || 1;
  for (let y = Math.max(0, Math.floor(Math.min(y0, y1)) - r); y <= Math.min(S - 1, Math.ceil(Math.max(y0, y1)) + r); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(x0, x1)) - r); x <= Math.min(S - 1, Math.ceil(Math.max(x0, x1)) + r); x++) {
      const t = Math.min(1, Math.max(0, ((x - x0) * vx + (y - y0) * vy) / len2));
      const d2 = (x - x0 - t * vx) ** 2 + (y - y0 - t * vy) ** 2;
      img[y * S + x] += a * (1 - 0.5 * t) * Math.exp(-d2 / (2 * sig * sig));
    }
  }
}

/** Draws a frame's nuisance: gain 0.7–1.3, gamma 0.8–1.25, ±2 px jitter, ±2° rotation, shot 0.01, read σ 0.02. */
export function drawNuisance(rng: Rng, o: { rotDeg?: number; gain?: number; gamma?: number } = {}): Nuisance {
  return {
    gain: o.gain ?? rng.uniform(0.7, 1.3),
    gamma: o.gamma ?? rng.uniform(0.8, 1.25),
    jitterX: rng.uniform(-2, 2),
    jitterY: rng.uniform(-2, 2),
    rotDeg: o.rotDeg ?? rng.uniform(-2, 2),
    shot: 0.01,
    read: 0.02,
  };
}
