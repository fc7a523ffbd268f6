// Entry of the search worker thread: registers the TypeScript hooks (as bin/dateline.js does) so the
// worker can run the sources, then starts it. Plain JavaScript, because nothing can load .ts before this.
import '../../../../bin/run-typescript.js';

await import('./worker.ts');
