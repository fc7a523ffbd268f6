/** A deterministic pseudo-random source in [0, 1) (a linear congruential generator): tests replay. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

/** A text of `min` to `max` pieces drawn from `pieces` by `random` (fuzzing text handling). */
export function randomText(
  random: () => number,
  pieces: readonly string[],
  min: number,
  max: number,
): string {
  return Array.from(
    { length: min + Math.floor(random() * (max - min + 1)) },
    () => pieces[Math.floor(random() * pieces.length)]!,
  ).join('');
}
