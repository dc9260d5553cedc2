import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from './http.js';
import { IMMUTABLE, registerWebApp } from './web.js';

const repo = path.resolve(import.meta.dirname, '../..');
let root: string;
let app: FastifyInstance;
const script = 'console.log("the app");'.repeat(50);

beforeAll(async () => {
  // A built web app in miniature: the real public files, a hashed chunk with its compressed twins.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-web-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>LPN</title>');
  fs.writeFileSync(path.join(root, 'sign-in.html'), '<!doctype html><title>LPN sign-in</title>');
  fs.writeFileSync(path.join(root, 'assets/index-AbC123.js'), script);
  fs.writeFileSync(path.join(root, 'assets/index-AbC123.js.br'), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(root, 'assets/index-AbC123.js.gz'), zlib.gzipSync(script));
  for (const file of fs.readdirSync(path.join(repo, 'web/public')))
    fs.copyFileSync(path.join(repo, 'web/public', file), path.join(root, file));
  app = Fastify();
  registerErrorHandling(app);
  await registerWebApp(app, root);
});
afterAll(async () => {
  await app.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('web app serving', () => {
  it('answers a missing asset or file-like path with 404 problem+json, not the page', async () => {
    for (const url of ['/assets/x.js', '/assets/gone', '/missing.png', '/c/riverton/logo.svg']) {
      const res = await get(url, { accept: '*/*' });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
    // Even a browser asking for HTML gets no page for a path with an extension.
    expect((await get('/assets/x.js', { accept: 'text/html' })).statusCode).toBe(404);
  });

  it('gives the page to navigations only, never cached without revalidation', async () => {
    const page = await get('/c/riverton/meetings', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<title>LPN</title>');
    expect((await get('/c/riverton/meetings', { accept: 'application/json' })).statusCode).toBe(404);
    expect((await get('/api/nothing', { accept: 'text/html' })).statusCode).toBe(404);
  });

  it('gives the sign-in page its own document (with its chunks preloaded), also never cached', async () => {
    const page = await get('/sign-in?redirect=%2F', { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>LPN sign-in</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get('/sign-in/x', { accept: 'text/html' })).body).toContain('<title>LPN</title>');
  });

  it('serves the precompressed twin chosen by Accept-Encoding, hashed assets immutable', async () => {
    const br = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers.vary).toContain('accept-encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get('/assets/index-AbC123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('serves robots.txt and the favicon; the page links the icon and has a description', async () => {
    const robots = await get('/robots.txt');
    expect(robots.statusCode).toBe(200);
    expect(robots.headers['content-type']).toContain('text/plain');
    expect(robots.body).toMatch(/^User-agent: \*/m);
    const icon = await get('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    const html = fs.readFileSync(path.join(repo, 'web/index.html'), 'utf8');
    expect(html).toMatch(/<link\s+rel="icon"[^>]*href="\/favicon.svg"/);
    expect(html).toMatch(/<meta\s+name="description"\s+content="[^"]{20,}"/);
  });
});
