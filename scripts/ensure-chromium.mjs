#!/usr/bin/env node
// Browser tests drive the system's Chromium (never a downloaded browser build). On a fresh Debian
// machine where we are root, install it from the distribution's packages; otherwise say how.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(CHROMIUM)) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let hasApt = false;
try {
  execSync('command -v apt-get', { stdio: 'ignore' });
  hasApt = true;
} catch {}
if (isRoot && hasApt) {
  process.stderr.write('Chromium is missing: installing it from Debian packages for the browser tests…\n');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
} else {
  process.stderr.write(
    `Chromium not found at ${CHROMIUM}: browser tests will be skipped.\n` +
      'Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.\n',
  );
}
