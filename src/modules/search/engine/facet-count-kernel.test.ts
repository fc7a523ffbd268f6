import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKernel, KERNELS, moduleText } from '../../../../scripts/build-wasm.js';

const root = path.join(import.meta.dirname, '../../../..');

describe('WebAssembly kernels', () => {
  it.each(KERNELS)(
    'embed the binary their source compiles to ($source)',
    async (kernel) => {
      const embedded = fs.readFileSync(path.join(root, kernel.module), 'utf8');
      expect(embedded, 'stale: run npm run build:wasm').toBe(moduleText(kernel, await compileKernel(kernel)));
    },
    60_000,
  );
});
