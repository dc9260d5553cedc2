import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../contracts/route.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

/*
 * GET /meetings/next feeds the home page's "next meeting" card: the soonest scheduled meeting of this
 * city (never a cancelled or past one, never another city's) for the network and the national
 * liaison; partners and analysts are outside the network's internal life.
 */

let t: TestApp;
let cityId: string;
let otherCity: string;
const cookies = {} as Record<Role | 'otherChair', string>;

const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 24 * 3600_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

async function schedule(city: string, cookie: string, title: string, startsAt: string) {
  const r = await t.call({
    method: 'POST',
    url: `/api/cities/${city}/meetings`,
    cookie,
    payload: { title, startsAt, location: 'Town hall, room 2' },
  });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
}

const next = (cookie: string | undefined, city = cityId) =>
  t.call({ method: 'GET', url: `/api/cities/${city}/meetings/next`, ...(cookie ? { cookie } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('nextville', { require2faRoles: [] });
  otherCity = await t.createCity('nextother', { require2faRoles: [] });
  const roles: Role[] = [
    'chair',
    'coordinator',
    'member',
    'partner',
    'national_liaison',
    'network_analyst',
    'auditor',
  ];
  for (const role of roles) {
    await t.createPerson({ email: `${role}@next.test`, cityId, role });
    cookies[role] = await t.signIn(`${role}@next.test`);
  }
  await t.createPerson({ email: 'chair@other.test', cityId: otherCity, role: 'chair' });
  cookies.otherChair = await t.signIn('chair@other.test');
});
afterAll(() => t.close());

describe('the next meeting', () => {
  it('is null with a zero count when nothing is scheduled', async () => {
    const r = await next(cookies.member);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ meeting: null, next30Days: 0 });
  });

  it('is the soonest scheduled one; cancelled, past, far-off and other cities’ meetings are not counted', async () => {
    await schedule(cityId, cookies.chair, 'Already held', inDays(-3));
    const cancelled = await schedule(cityId, cookies.chair, 'Called off', inDays(1));
    expect(
      (
        await t.call({
          method: 'POST',
          url: `/api/cities/${cityId}/meetings/${cancelled}/cancel`,
          cookie: cookies.chair,
        })
      ).statusCode,
    ).toBe(200);
    await schedule(otherCity, cookies.otherChair, 'Elsewhere, tomorrow', inDays(1, 8));
    const soonest = await schedule(cityId, cookies.chair, 'Monthly network meeting', inDays(2));
    await schedule(cityId, cookies.chair, 'Reflection', inDays(20));
    await schedule(cityId, cookies.chair, 'Next quarter', inDays(45));

    const r = await next(cookies.member);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      meeting: {
        id: soonest,
        title: 'Monthly network meeting',
        startsAt: inDays(2),
        durationMinutes: 120,
        location: 'Town hall, room 2',
      },
      next30Days: 2,
    });
    // The other city sees its own.
    expect((await next(cookies.otherChair, otherCity)).json().meeting.title).toBe('Elsewhere, tomorrow');
  });

  it('the network and the national liaison may see it', async () => {
    for (const role of ['chair', 'coordinator', 'member', 'auditor', 'national_liaison'] as const) {
      const r = await next(cookies[role]);
      expect(r.statusCode, role).toBe(200);
      expect(r.json().meeting.title).toBe('Monthly network meeting');
    }
    // The liaison sees the date, not the meeting itself.
    const detail = await t.call({
      method: 'GET',
      url: `/api/cities/${cityId}/meetings/${(await next(cookies.national_liaison)).json().meeting.id}`,
      cookie: cookies.national_liaison,
    });
    expect(detail.statusCode).toBe(403);
  });
});

describe('break it', () => {
  it('partners and analysts are refused; another city’s chair finds no city; the public is not signed in', async () => {
    for (const role of ['partner', 'network_analyst'] as const) {
      const r = await next(cookies[role]);
      expect(r.statusCode, role).toBe(403);
      expect(r.body).not.toContain('Monthly network meeting');
    }
    const across = await next(cookies.otherChair);
    expect(across.statusCode).toBe(404);
    expect(across.body).not.toContain('Monthly network meeting');
    const anonymous = await next(undefined);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('Monthly network meeting');
  });
});
