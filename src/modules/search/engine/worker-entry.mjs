// Entry of the search worker thread: registers tsx (as bin/dateline.js does) so the worker can run
// the TypeScript sources, then starts it. Plain JavaScript, because nothing can load .ts before this.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
