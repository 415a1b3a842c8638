import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built dashboard (web/dist), found relative to this module in dist/src/api or src/api. */
export function dashboardDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../../web/dist', '../../web/dist']) {
    const dir = join(here, up);
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/**
 * Serves the dashboard's static files without credentials (they hold no data: every API call
 * the page makes is authenticated), with index.html for the app's own paths.
 */
export function registerDashboard(app: FastifyInstance, dir: string | undefined = dashboardDir()): void {
  if (!dir) return;
  void app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true } as never;
    });
    await web.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: ['index.html'] });
    // The app's client-side routes (/cases/…, /rings, …) all load index.html.
    web.get('/*', { config: { public: true } }, async (req, reply) => {
      if (req.url.startsWith('/v1/') || req.url.startsWith('/docs') || req.url.startsWith('/assets/')) return reply.code(404).send({ error: 'not found' });
      return reply.sendFile('index.html');
    });
  });
}
