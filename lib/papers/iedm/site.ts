/** The I-EDM card's site: the base station in open sky at 30.5° N, 114.4° E, 20 m (Wuhan); ENU frames start here. */
import { geodeticToEcef, DEG, type Vec3 } from "../../gnss/frames";

/** Base station / ENU origin, ECEF m. */
export const SITE: Vec3 = geodeticToEcef({ lat: 30.5 * DEG, lon: 114.4 * DEG, h: 20 });
