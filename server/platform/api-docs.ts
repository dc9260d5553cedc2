import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/**
 * Scalar's browser bundle, shipped inside its npm package (nothing is fetched from the internet).
 * The package exports only its ESM entry, so the file is found beside it (resolving, not importing).
 */
function scalarScript(): string {
  const entry = fileURLToPath(import.meta.resolve('@scalar/fastify-api-reference'));
  return path.join(path.dirname(entry), 'js/standalone.js');
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>LPN Workspace API reference</title>
  </head>
  <body>
    <script id="api-reference" data-url="/api/openapi.json"></script>
    <script src="/api/docs/js/scalar.js"></script>
  </body>
</html>
`;

/**
 * The API reference at /api/docs: Scalar's standalone page reading /api/openapi.json. Served by
 * these two routes instead of `@scalar/fastify-api-reference`'s plugin, whose import alone held
 * about 17 MB of every server's memory (an OpenAPI parser and renderer the page does in the
 * browser anyway); the 3.5 MB script is streamed from the package only when someone opens the page.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(async (docs) => {
    // The reference page's script injects inline styles; loosen CSP for these routes alone.
    docs.addHook('onSend', async (_request, reply) => {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
      );
    });
    const page = async (_request: unknown, reply: import('fastify').FastifyReply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE);
    docs.get('/api/docs', { schema: { hide: true } }, page);
    docs.get('/api/docs/js/scalar.js', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(fs.createReadStream(scalarScript())),
    );
  });
}
