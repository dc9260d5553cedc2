import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { contrastWithWhite } from '../../../contracts/cities.contract.js';
import { cityBranding } from './cities.table.js';
import { accentProblem, logoProblem } from './cities.branding.js';

let t: TestApp;
let cityId: string;
let chair: string;
let coordinator: string;

// The smallest valid PNG: a 1×1 transparent pixel.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const svg = (body: string) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`).toString('base64');

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('brandville', { require2faRoles: [] });
  await t.createPerson({ email: 'chair@brand.test', cityId, role: 'chair' });
  await t.createPerson({ email: 'coord@brand.test', cityId, role: 'coordinator' });
  chair = await t.signIn('chair@brand.test');
  coordinator = await t.signIn('coord@brand.test');
});
afterAll(() => t.close());

const put = (cookie: string, payload: object) =>
  t.call({ method: 'PUT', url: `/api/cities/${cityId}/branding`, cookie, payload });
const publicBranding = (slug = 'brandville') =>
  t.call({ method: 'GET', url: `/api/public/cities/${slug}/branding` });
const stored = async () =>
  (await t.database.db.select().from(cityBranding).where(eq(cityBranding.cityId, cityId)))[0];

describe('city branding', () => {
  it('is the default until the chair sets it; the public endpoint gives the name and nothing else', async () => {
    const r = await publicBranding();
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ name: 'City brandville', accentColor: null, logo: null });
    expect((await publicBranding('no-such-city')).statusCode).toBe(404);
  });

  it('lets the chair set an accent colour and a PNG logo, shown publicly', async () => {
    const r = await put(chair, {
      accentColor: '#0B5394',
      logo: { mediaType: 'image/png', data: png.toString('base64') },
    });
    expect(r.statusCode).toBe(200);
    const pub = (await publicBranding()).json();
    expect(Object.keys(pub).sort()).toEqual(['accentColor', 'logo', 'name']);
    expect(pub.accentColor).toBe('#0b5394');
    expect(pub.logo).toBe(`data:image/png;base64,${png.toString('base64')}`);
    // Keeping the logo (no `logo` field) while changing the colour.
    expect((await put(chair, { accentColor: '#7a1f1f' })).statusCode).toBe(200);
    expect((await publicBranding()).json().logo).toContain('data:image/png');
  });

  it('accepts a clean SVG logo', async () => {
    const r = await put(chair, {
      accentColor: null,
      logo: { mediaType: 'image/svg+xml', data: svg('<circle cx="5" cy="5" r="4" fill="#036"/>') },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().logo).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('refuses everyone but the chair, and writes nothing', async () => {
    const before = await stored();
    const r = await put(coordinator, { accentColor: '#000000' });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect((await put('', { accentColor: '#000000' })).statusCode).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it('refuses bad colours and images with problem+json, and writes nothing', async () => {
    const before = await stored();
    const bad: [object, string][] = [
      [{ accentColor: '#ffff00' }, 'body.accentColor'], // 1.07:1 on white
      [{ accentColor: '#1c7ed6' }, 'body.accentColor'], // Mantine blue-6: 4.0:1
      [{ accentColor: 'red' }, 'body.accentColor'],
      [{ accentColor: null, logo: { mediaType: 'image/png', data: svg('') } }, 'body.logo'],
      [{ accentColor: null, logo: { mediaType: 'image/webp', data: png.toString('base64') } }, 'body.logo'],
      [{ accentColor: null, logo: { mediaType: 'image/gif', data: png.toString('base64') } }, 'body.logo'],
      [
        { accentColor: null, logo: { mediaType: 'image/svg+xml', data: svg('<script>alert(1)</script>') } },
        'body.logo',
      ],
      [
        { accentColor: null, logo: { mediaType: 'image/svg+xml', data: svg('<rect onload="x()"/>') } },
        'body.logo',
      ],
      [
        { accentColor: null, logo: { mediaType: 'image/svg+xml', data: svg('<a href="javascript:x()"/>') } },
        'body.logo',
      ],
      [
        {
          accentColor: null,
          logo: { mediaType: 'image/svg+xml', data: svg('<image href="https://x.test/a.png"/>') },
        },
        'body.logo',
      ],
      [
        {
          accentColor: null,
          logo: {
            mediaType: 'image/png',
            data: Buffer.concat([png, Buffer.alloc(210 * 1024)]).toString('base64'),
          },
        },
        'body.logo',
      ],
    ];
    for (const [payload, path] of bad) {
      const r = await put(chair, payload);
      expect(r.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code).toBe('validation');
      expect(
        r
          .json()
          .errors.map((e: { path: string }) => e.path)
          .join(' '),
      ).toContain(path);
    }
    expect(await stored()).toEqual(before);
  });

  it('computes WCAG contrast against white', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 1);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(4.5);
    expect(accentProblem('#777777')).not.toBeNull();
    expect(logoProblem('image/svg+xml', Buffer.from('<svg><foreignObject/></svg>'))).not.toBeNull();
    expect(logoProblem('image/svg+xml', Buffer.from('<svg><use href="#a"/></svg>'))).toBeNull();
  });
});
