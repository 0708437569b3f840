/**
 * Virtual MBE for InAs/GaAs(001) quantum dots (card §5.1 of arXiv 2411.00332, Shen et al. 2024): growth conditions →
 * surface reconstruction, Stranski–Krastanov transition, relaxation, QD ensemble → photoluminescence (PL).
 *
 * Everything here is a *reconstruction*: the paper publishes no simulator, data or constants. The functional forms
 * follow the card (physics-inspired surrogates); every constant is an exported, documented assumption, chosen
 * before any model was trained so that a true temperature 20 °C below the optimum costs about 3× in PL intensity
 * and about +8 meV in FWHM (the scale of the paper's 3.2× and 36.69 → 28.17 meV). Success on this simulator shows
 * that the pipeline works, not the physics.
 */

/** Boltzmann constant, eV/K. */
export const K_B = 8.617333e-5;
/** Lattice constants, Å (a_InAs / a_GaAs ≈ 1.072). */
export const A_GAAS = 5.653;
export const A_INAS = 6.058;

/** The simulator's constants (all assumptions; see the README's table). */
export const MBE = {
  /** c(4×4) ↔ (2×4) transition: T_tr = trBase + trPerDecade·log10(P_As / trRefP) (Ohtake et al., PRB 65, 165315 anchor). */
  trBase: 480, trPerDecade: 30, trRefP: 2.5e-7,
  /** Width of the reconstruction transition, °C (s_c44 = σ((T_tr − T)/w_T)). */
  trWidth: 8,
  /** Critical thickness θ_c = thetaC0 + thetaCPerC·(T − 500 °C), ML (In–Ga intermixing delays the 2D→3D onset). */
  thetaC0: 1.7, thetaCPerC: 0.002,
  /** Width of the 2D→3D sigmoid in ML (s_3D = σ((θ − θ_c)/w)). */
  sk3dWidth: 0.08,
  /** Relaxation length in ML past θ_c (ρ = 1 − exp(−(θ − θ_c)/λ)). */
  relaxLength: 0.5,
  /** Chevron included angle φ = chevronBase + chevronGain·ρ, degrees. */
  chevronBase: 20, chevronGain: 25,
  /** Density n = nRef·(g/gRef)^{1/3}·exp[(E_d/3k_B)(1/T − 1/T_ref)], clipped to [nMin, nMax] cm⁻². */
  nRef: 3e10, gRef: 0.1, tRefC: 500, eD: 1.2, nMin: 1e8, nMax: 2e11,
  /** Dot height h = hRef·(v/vRef)^{1/3}, v = (θ − θ_c)/(n/nRef) in ML; hRef in nm at vRef (θ = 2.4 ML, n = nRef). */
  hRef: 6, vRef: 0.7,
  /** PL peak E = eInf + aConf/h² + intermixBlue·max(0, T − intermixT): eV, eV·nm², eV/°C, °C (1.00 eV = 1240 nm at h = hRef). */
  eInf: 0.855, aConf: 5.4, intermixBlue: 0.0012, intermixT: 510,
  /** FWHM Γ = gamma0 + gamma1·CV, meV. */
  gamma0: 22, gamma1: 60,
  /** Size dispersion CV = cv0 + cvLowT·σ((cvLowTC − T)/cvLowTW) + cvHighT·σ((T − cvHighTC)/cvHighTW) + cvTheta·max(0, θ − cvThetaOnset) + cvLowAs·σ(log10(cvAsP/P)/cvAsW). */
  cv0: 0.062, cvLowT: 0.31, cvLowTC: 490, cvLowTW: 8, cvHighT: 0.08, cvHighTC: 540, cvHighTW: 8,
  cvTheta: 0.1, cvThetaOnset: 2.6, cvLowAs: 0.08, cvAsP: 2e-7, cvAsW: 0.1,
  /** Radiative efficiency η = σ((T − etaLowC)/etaLowW)·σ((etaHighC − T)/etaHighW)·σ(log10(P/etaAsP)/etaAsW): low-T point defects, high-T In desorption/intermixing, low V/III. */
  etaLowC: 496, etaLowW: 5, etaHighC: 535, etaHighW: 8, etaAsP: 1.5e-7, etaAsW: 0.15,
  /** Coalescence onset θ_coal = coalBase + coalGain·(nRef/n)^{1/2} ML; f_coal = σ((θ − θ_coal)/coalWidth). */
  coalBase: 2.2, coalGain: 0.8, coalWidth: 0.1,
  /** Quality Q = ln I − (Γ − qGamma0)/qGammaScale (card: 30 meV, 10 meV). */
  qGamma0: 30, qGammaScale: 10,
} as const;

/** One run's growth conditions (what the grower sets, plus the hidden thermocouple offset). */
export interface GrowthParams {
  /** Thermocouple set point, °C. */
  tSet: number;
  /** Hidden offset true − set, °C (card: N(0, 12 °C)). */
  dT: number;
  /** As beam-equivalent pressure, Torr. */
  pAs: number;
  /** InAs growth rate, ML/s. */
  g: number;
  /** InAs coverage at the end of deposition, ML. */
  thetaEnd: number;
}

/** The QD ensemble and its PL, from the true temperature and the recipe. */
export interface GrowthOutcome {
  /** True substrate temperature, °C. */
  tTrue: number;
  /** Reconstruction transition temperature, °C, and the c(4×4) weight before InAs. */
  tTr: number;
  sC44: number;
  /** Critical thickness, ML. */
  thetaC: number;
  /** Relaxation and chevron angle at the end of deposition. */
  rho: number;
  chevronDeg: number;
  /** Dot density, cm⁻². */
  density: number;
  /** Dot height, nm, and size dispersion (coefficient of variation). */
  height: number;
  cv: number;
  /** PL peak energy (eV) and wavelength (nm), FWHM (meV), intensity (1 at the optimum of the nominal recipe). */
  peakEv: number;
  peakNm: number;
  fwhm: number;
  intensity: number;
  /** ln I and the quality Q = ln I − (Γ − 30)/10. */
  lnI: number;
  quality: number;
}

/** Logistic sigmoid. */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const toK = (c: number): number => c + 273.15;

/** c(4×4)↔(2×4) transition temperature: T_tr = 480 °C + 30 °C·log10(P_As / 2.5e-7 Torr). */
export function transitionTemp(pAs: number): number {
  return MBE.trBase + MBE.trPerDecade * Math.log10(pAs / MBE.trRefP);
}

/** Weight of the As-rich c(4×4) phase before InAs: s_c44 = σ((T_tr − T)/w_T). */
export function c44Weight(tTrue: number, pAs: number): number {
  return sigmoid((transitionTemp(pAs) - tTrue) / MBE.trWidth);
}

/** Critical thickness θ_c(T) in ML. */
export function criticalThickness(tTrue: number): number {
  return MBE.thetaC0 + MBE.thetaCPerC * (tTrue - 500);
}

/** 3D weight s_3D = σ((θ − θ_c)/0.08). */
export function weight3d(theta: number, thetaC: number): number {
  return sigmoid((theta - thetaC) / MBE.sk3dWidth);
}

/** Relaxation ρ = 1 − exp(−max(0, θ − θ_c)/0.5). */
export function relaxation(theta: number, thetaC: number): number {
  return 1 - Math.exp(-Math.max(0, theta - thetaC) / MBE.relaxLength);
}

/** Chevron included angle φ = 20° + 25°·ρ. */
export function chevronAngle(rho: number): number {
  return MBE.chevronBase + MBE.chevronGain * rho;
}

/** Density n = n_ref (g/g_ref)^{1/3} exp[(E_d/3k_B)(1/T − 1/T_ref)] (T in K), clipped to [1e8, 2e11] cm⁻². */
export function dotDensity(tTrue: number, g: number): number {
  const n = MBE.nRef * Math.cbrt(g / MBE.gRef) * Math.exp((MBE.eD / (3 * K_B)) * (1 / toK(tTrue) - 1 / toK(MBE.tRefC)));
  return Math.min(MBE.nMax, Math.max(MBE.nMin, n));
}

/** Dot height h = h_ref ((θ − θ_c)/(n/n_ref) / v_ref)^{1/3} nm (volume ∝ (θ − θ_c)/n, h ∝ V^{1/3}); 0 before θ_c. */
export function dotHeight(theta: number, thetaC: number, density: number): number {
  const v = Math.max(0, theta - thetaC) / (density / MBE.nRef);
  return MBE.hRef * Math.cbrt(v / MBE.vRef);
}

/** Size dispersion CV (low T: short diffusion; high T: ripening; thick: bimodal; low As: droplets). */
export function sizeCv(tTrue: number, theta: number, pAs: number): number {
  return MBE.cv0 + MBE.cvLowT * sigmoid((MBE.cvLowTC - tTrue) / MBE.cvLowTW) + MBE.cvHighT * sigmoid((tTrue - MBE.cvHighTC) / MBE.cvHighTW)
    + MBE.cvTheta * Math.max(0, theta - MBE.cvThetaOnset) + MBE.cvLowAs * sigmoid(Math.log10(MBE.cvAsP / pAs) / MBE.cvAsW);
}

/** PL peak E = E_∞ + A/h² + β·max(0, T − 510 °C) in eV (quantum confinement + intermixing blueshift). */
export function peakEnergy(height: number, tTrue: number): number {
  return MBE.eInf + MBE.aConf / Math.max(1, height) ** 2 + MBE.intermixBlue * Math.max(0, tTrue - MBE.intermixT);
}

/** Unnormalised intensity I ∝ n·η_rad·(1 − f_coal). */
function rawIntensity(tTrue: number, pAs: number, theta: number, density: number): number {
  const eta = sigmoid((tTrue - MBE.etaLowC) / MBE.etaLowW) * sigmoid((MBE.etaHighC - tTrue) / MBE.etaHighW) * sigmoid(Math.log10(pAs / MBE.etaAsP) / MBE.etaAsW);
  const thetaCoal = MBE.coalBase + MBE.coalGain * Math.sqrt(MBE.nRef / density);
  const fCoal = sigmoid((theta - thetaCoal) / MBE.coalWidth);
  return (density / MBE.nRef) * eta * (1 - fCoal);
}

/** The nominal recipe (what the dataset is centred on and what the closed loop keeps except T_set). */
export const NOMINAL = { pAs: 5e-7, g: 0.1, thetaEnd: 2.4 } as const;

/** Intensity scale: the best raw intensity of the nominal recipe over true temperatures 400–600 °C (so that optimum = 1). */
export const I_NORM: number = (() => {
  let best = 0;
  for (let t = 400; t <= 600; t += 0.25) best = Math.max(best, rawIntensity(t, NOMINAL.pAs, NOMINAL.thetaEnd, dotDensity(t, NOMINAL.g)));
  return best;
})();

/** ħc in eV·nm (λ = 1239.84 / E). */
export const HC_EV_NM = 1239.84;

/** Grows one QD layer at true temperature T = T_set + ΔT and returns the ensemble and its PL (noise-free). */
export function grow(p: GrowthParams): GrowthOutcome {
  const tTrue = p.tSet + p.dT;
  const thetaC = criticalThickness(tTrue);
  const density = dotDensity(tTrue, p.g);
  const rho = relaxation(p.thetaEnd, thetaC);
  const height = dotHeight(p.thetaEnd, thetaC, density);
  const cv = sizeCv(tTrue, p.thetaEnd, p.pAs);
  const peakEv = peakEnergy(height, tTrue);
  const fwhm = MBE.gamma0 + MBE.gamma1 * cv; // Γ = Γ₀ + Γ₁·CV
  const intensity = rawIntensity(tTrue, p.pAs, p.thetaEnd, density) / I_NORM;
  const lnI = Math.log(Math.max(intensity, 1e-9));
  return {
    tTrue, tTr: transitionTemp(p.pAs), sC44: c44Weight(tTrue, p.pAs), thetaC, rho, chevronDeg: chevronAngle(rho), density, height, cv,
    peakEv, peakNm: HC_EV_NM / peakEv, fwhm, intensity, lnI, quality: qualityOf(lnI, fwhm),
  };
}

/** Quality Q = ln I − (Γ − 30 meV)/10 meV (card §5.1). */
export function qualityOf(lnI: number, fwhmMeV: number): number {
  return lnI - (fwhmMeV - MBE.qGamma0) / MBE.qGammaScale;
}

/**
 * PL spectrum of an ensemble: a Gaussian in energy with the ensemble's peak, FWHM and intensity, sampled at the
 * wavelengths `nm` (I(λ) = I·exp(−4 ln2 (E(λ) − E_pk)²/Γ²)).
 */
export function plSpectrum(o: Pick<GrowthOutcome, "peakEv" | "fwhm" | "intensity">, nm: readonly number[]): number[] {
  const g = o.fwhm / 1000;
  return nm.map((l) => o.intensity * Math.exp((-4 * Math.LN2 * (HC_EV_NM / l - o.peakEv) ** 2) / (g * g)));
}
