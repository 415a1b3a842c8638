import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (tests run from dist/test/…). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Debian's Chromium, which the browser tests drive (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** The Playwright script of a browser test (web/e2e/NAME). */
export function e2eScript(name: string): string {
  return join(ROOT, 'web/e2e', name);
}

/**
 * Why a browser test cannot run here (no Chromium, or the dashboard not built), or false.
 * CI installs Debian's chromium and builds the dashboard (.ci/run): there a missing part is an
 * error, never a skip.
 */
export function browserMissing(): string | false {
  const missing = !existsSync(CHROMIUM) || !existsSync(join(ROOT, 'web/dist/index.html'));
  if (missing && process.env.CI) throw new Error('browser test needs /usr/bin/chromium and the built dashboard (web/dist)');
  return missing ? 'no chromium or web/dist here' : false;
}
