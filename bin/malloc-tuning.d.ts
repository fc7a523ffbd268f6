// Types for malloc-tuning.js, which stays JavaScript: it runs before the TypeScript hooks are registered.
export declare const MALLOC_TUNING: Readonly<Record<string, string>>;
export declare function wantsMallocTuning(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
): boolean;
export declare function runWithMallocTuning(): void;
