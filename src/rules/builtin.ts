import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the built-in rule packs (`rules/` at the project root, next to package.json).
 * Compiled, this module lives at dist/src/rules/, three levels below the root; run from source
 * (src/rules/) it is two. The first candidate that sits beside a package.json wins; the compiled
 * location is the fallback.
 */
export function builtinRuleDir(): string {
  const candidates = ['../../../rules', '../../rules'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(dir) && existsSync(join(dir, '..', 'package.json'))) ?? candidates[0];
}
