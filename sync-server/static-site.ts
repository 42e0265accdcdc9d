import Fastify, { type FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Serves the built renderer (dist/renderer) for the browser version; nothing outside that folder. */
export async function serveStatic(
  dir: string,
  host: string,
  port: number,
): Promise<{ url: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  const root = normalize(dir);
  app.get('/*', async (request, reply) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) return reply.status(404).send('Not found');
    try {
      const body = await readFile(file);
      return await reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(body);
    } catch {
      return reply.status(404).send('Not found');
    }
  });
  await app.listen({ host, port });
  const address = app.server.address();
  return { url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`, app };
}
