/** Screening configuration file (JSON): `{ "threshold": 0.8 }`. Written by `screen --calibrate --save`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_THRESHOLD } from './screener.js';

export interface ScreeningConfig {
  threshold: number;
}

/** The configuration shipped with the repository (config/screening.json). */
export function defaultConfigPath(): string {
  return fileURLToPath(new URL('../../../config/screening.json', import.meta.url));
}

export function loadScreeningConfig(path: string): ScreeningConfig {
  if (!existsSync(path)) return { threshold: DEFAULT_THRESHOLD };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not JSON: ${(e as Error).message}`);
  }
  const t = (raw as { threshold?: unknown })?.threshold;
  if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new Error(`${path}: threshold must be a number in [0, 1]`);
  return { threshold: t };
}

export function saveScreeningConfig(path: string, config: ScreeningConfig): void {
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
}
