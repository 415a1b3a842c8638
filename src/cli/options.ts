import type { Command } from 'commander';
import { defaultEngineConfig, loadConfigFile, parseWindows, type EngineConfig } from '../engine/config.js';
import { checkFeatureConfig } from '../features/config.js';

export const DEFAULT_DB = './ringwatch-data/ringwatch.db';

export interface EngineFlags {
  config?: string;
  window?: string;
  rules?: string[];
  builtinRules?: boolean;
  durability?: string;
  baseCurrency?: string;
}

/** Flags shared by the commands that run the engine. */
export function addEngineOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'engine configuration (JSON or YAML)')
    .option('--window <list>', 'feature windows, e.g. 1h,24h,7d,30d')
    .option('--rules <path>', 'extra rule file or folder (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--no-builtin-rules', 'do not load the built-in rule packs')
    .option('--durability <mode>', 'full (fsync each commit) or normal (survives a process crash)')
    .option('--base-currency <code>', 'currency of money features and thresholds');
}

export function engineConfig(flags: EngineFlags): EngineConfig {
  let c = defaultEngineConfig();
  if (flags.config) c = loadConfigFile(flags.config, c);
  if (flags.window) c.features.windowsMs = parseWindows(flags.window);
  if (flags.rules) c.ruleFiles.push(...flags.rules);
  if (flags.builtinRules === false) c.builtinRules = false;
  if (flags.durability) {
    if (flags.durability !== 'full' && flags.durability !== 'normal') throw new Error('--durability must be full or normal');
    c.durability = flags.durability;
  }
  if (flags.baseCurrency) c.features.baseCurrency = flags.baseCurrency.toUpperCase();
  checkFeatureConfig(c.features);
  return c;
}
