// Entry of the analysis thread of an index build: registers the TypeScript hooks (as
// worker-entry.mjs does for the search worker), then starts it.
import '../../../../bin/run-typescript.js';

await import('./analysis-worker.ts');
