/** lib/claims: claims checked by notebooks (paper value vs reproduced value) and their report. */
export {};
