import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { notFound } from './errors.js';

/** Hashed build output (Vite names them by content): cached for a year and never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Pages with a document of their own (scripts/pagePreload.ts): index.html plus preload links for the
 * page's chunks. Any other path gets index.html.
 */
const PAGE_DOCUMENTS: Record<string, string> = { 'sign-in': 'sign-in.html' };

/** A browser navigation asks for a page; scripts, images and fetches do not list text/html. */
function isNavigation(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built web app from `root`: files as they are (the precompressed `.br`/`.gz` twin chosen
 * by Accept-Encoding), and index.html for the client-side routes. Only a navigation gets the page: a
 * missing script or image answers 404, so a stale chunk after a deploy fails loudly instead of the
 * browser parsing HTML as JavaScript.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  const assetsDir = path.join(root, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root,
    serve: false, // our own route below: a rebuilt app (new file names) is served without a restart
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(res, filePath) {
      res.setHeader(
        'cache-control',
        filePath.startsWith(assetsDir)
          ? IMMUTABLE
          : /\.html(\.br|\.gz)?$/.test(filePath)
            ? 'no-cache'
            : 'public, max-age=3600',
      );
      res.setHeader('vary', 'accept-encoding');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) throw notFound();
    const file = (request.params as { '*': string })['*'];
    const full = path.join(root, file);
    if (file && full.startsWith(root + path.sep) && fs.statSync(full, { throwIfNoEntry: false })?.isFile())
      return reply.sendFile(file);
    // A path that names a file (under /assets/ or with an extension) is never a page of the app.
    if (file.startsWith('assets/') || path.extname(file) !== '' || !isNavigation(request)) throw notFound();
    const document = PAGE_DOCUMENTS[file];
    if (document && fs.existsSync(path.join(root, document))) return reply.sendFile(document);
    return reply.sendFile('index.html');
  });
}
