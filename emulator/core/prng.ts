import { createHash } from "node:crypto";

/** A PRNG: each call returns the next number in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: tiny, fast and good enough for picking words and rolling fault dice. Seeded, so a
 * run with the same seed and the same calls makes the same choices.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed derived from text, stable across runs and platforms. */
export function hashSeed(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}
