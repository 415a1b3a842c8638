// Reading and writing model files: the only I/O in src/ml. Writes go to a temporary file that is
// then renamed, so a reader never sees half a model.

import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseModel, serializeModel } from './model-json.js';
import type { GbdtModel } from './types.js';

/** Reads and validates a model file (throws ModelFormatError naming what is wrong). */
export async function readModelFile(path: string): Promise<GbdtModel> {
  return parseModel(await readFile(path, 'utf8'));
}

/** Writes a model file atomically (temporary file + rename). */
export async function writeModelFile(path: string, model: GbdtModel): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, serializeModel(model), 'utf8');
  await rename(tmp, path);
}
