import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { decision, meeting } from '../meetings/index.js';
import { network, getTemplate } from '../network/index.js';
import { safeSpaceSubmission } from '../safe-space/index.js';
import { indicator, indicatorValue } from '../indicators/index.js';
import { cityNetworkMember } from './index.js';

let t: TestApp;
const cities: string[] = [];
const cookies: Record<string, string> = {};
let networkId: string;
let otherNetworkId: string;
const year = new Date().getUTCFullYear();

async function passedDecision(
  cityId: string,
  subjectId: string,
  opts: { quorumMet?: boolean; outcome?: string; subjectType?: string } = {},
) {
  const [m] = await t.deps.db
    .insert(meeting)
    .values({ cityId, title: 'Meeting', startsAt: new Date(), durationMinutes: 60, status: 'held' })
    .returning();
  const [d] = await t.deps.db
    .insert(decision)
    .values({
      cityId,
      meetingId: m.id,
      text: 'Join the network',
      subjectType: opts.subjectType ?? 'city-network-join',
      subjectId,
      method: 'consensus',
      outcome: opts.outcome ?? 'passed',
      quorumMet: opts.quorumMet ?? true,
    })
    .returning();
  return d.id;
}

async function submissions(cityId: string, kinds: Record<string, number>) {
  const rows = Object.entries(kinds).flatMap(([kind, n]) =>
    Array.from({ length: n }, () => ({
      cityId,
      kind,
      receiptHash: randomBytes(12).toString('hex'),
      receivedAt: new Date(),
      updatedAt: new Date(),
    })),
  );
  if (rows.length) await t.deps.db.insert(safeSpaceSubmission).values(rows);
}

const base = (i: number) => `/api/cities/${cities[i]}`;

beforeAll(async () => {
  t = await createTestApp();
  for (let i = 0; i < 6; i++) {
    const id = await t.createCity(`cn-${i}`, { require2faRoles: [] });
    cities.push(id);
    await t.createPerson({ email: `chair${i}@cn.test`, cityId: id, role: 'chair' });
    cookies[`chair${i}`] = await t.signIn(`chair${i}@cn.test`);
  }
  for (const role of ['member', 'partner', 'coordinator', 'network_analyst'] as const) {
    await t.createPerson({ email: `${role}@cn.test`, cityId: cities[0], role });
    cookies[role] = await t.signIn(`${role}@cn.test`);
  }
  await t.createPerson({ email: 'analyst@cn.test' });
  cookies.analyst = await t.signIn('analyst@cn.test');
  await t.createPerson({ email: 'nobody@cn.test' });
  cookies.nobody = await t.signIn('nobody@cn.test');
  await t.createPerson({ email: 'admin@cn.test', platformAdmin: true });
  cookies.admin = (await t.enrol2fa(await t.signIn('admin@cn.test'))).cookie;
});
afterAll(() => t.close());

describe('networks of cities', () => {
  it('only a platform admin creates a network and designates its analysts', async () => {
    for (const who of ['chair0', 'analyst', 'network_analyst']) {
      const refused = await t.call({
        method: 'POST',
        url: '/api/city-networks',
        cookie: cookies[who],
        payload: { name: 'Rogue' },
      });
      expect(refused.statusCode, who).toBe(403);
    }
    expect(
      (await t.call({ method: 'POST', url: '/api/city-networks', payload: { name: 'X' } })).statusCode,
    ).toBe(401);
    const bad = await t.call({
      method: 'POST',
      url: '/api/city-networks',
      cookie: cookies.admin,
      payload: {},
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const created = await t.call({
      method: 'POST',
      url: '/api/city-networks',
      cookie: cookies.admin,
      payload: { name: 'Strong Cities', kind: 'international' },
    });
    expect(created.statusCode).toBe(201);
    networkId = created.json().id;
    otherNetworkId = (
      await t.call({
        method: 'POST',
        url: '/api/city-networks',
        cookie: cookies.admin,
        payload: { name: 'National association', kind: 'national' },
      })
    ).json().id;
    const designated = await t.call({
      method: 'POST',
      url: `/api/city-networks/${networkId}/analysts`,
      cookie: cookies.admin,
      payload: { email: 'analyst@cn.test' },
    });
    expect(designated.statusCode).toBe(201);
    const mine = await t.call({ method: 'GET', url: '/api/city-networks', cookie: cookies.analyst });
    expect(mine.json().items.map((n: { id: string }) => n.id)).toEqual([networkId]);
    const none = await t.call({ method: 'GET', url: '/api/city-networks', cookie: cookies.chair0 });
    expect(none.json().items).toEqual([]);
  });

  it('joining needs a passed decision of a quorate meeting about joining this network', async () => {
    const url = `${base(0)}/city-networks/${networkId}/join`;
    const refusals = [
      await passedDecision(cities[0], networkId, { quorumMet: false }),
      await passedDecision(cities[0], networkId, { outcome: 'rejected' }),
      await passedDecision(cities[0], otherNetworkId),
      await passedDecision(cities[0], networkId, { subjectType: 'general' }),
    ];
    for (const decisionId of refusals) {
      const r = await t.call({ method: 'POST', url, cookie: cookies.chair0, payload: { decisionId } });
      expect(r.statusCode).toBe(409);
    }
    // Another city's decision, passed and quorate, is not this city's.
    const foreign = await passedDecision(cities[1], networkId);
    const r = await t.call({ method: 'POST', url, cookie: cookies.chair0, payload: { decisionId: foreign } });
    expect(r.statusCode).toBe(400);
    const good = await passedDecision(cities[0], networkId);
    for (const who of ['coordinator', 'member', 'partner', 'network_analyst']) {
      const refused = await t.call({
        method: 'POST',
        url,
        cookie: cookies[who],
        payload: { decisionId: good },
      });
      expect(refused.statusCode, who).toBe(403);
    }
    const fromOtherCity = await t.call({
      method: 'POST',
      url,
      cookie: cookies.chair1,
      payload: { decisionId: good },
    });
    expect(fromOtherCity.statusCode).toBe(404);
    const decisions = await t.call({
      method: 'GET',
      url: `${base(0)}/city-networks/${networkId}/join-decisions`,
      cookie: cookies.chair0,
    });
    expect(decisions.json().items.filter((d: { eligible: boolean }) => d.eligible)).toHaveLength(1);
    const joined = await t.call({
      method: 'POST',
      url,
      cookie: cookies.chair0,
      payload: { decisionId: good },
    });
    expect(joined.statusCode).toBe(200);
    expect(joined.json().membership).toMatchObject({ decisionId: good, named: false });
    const again = await t.call({
      method: 'POST',
      url,
      cookie: cookies.chair0,
      payload: { decisionId: good },
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cities[0]), eq(auditEvent.recordType, 'city-network-membership')));
    expect(audit).toHaveLength(1);
  });

  it('the other cities join; naming is a separate chair choice, audited', async () => {
    for (let i = 1; i < 6; i++) {
      const decisionId = await passedDecision(cities[i], networkId);
      const r = await t.call({
        method: 'POST',
        url: `${base(i)}/city-networks/${networkId}/join`,
        cookie: cookies[`chair${i}`],
        payload: { decisionId, named: i === 1 },
      });
      expect(r.statusCode).toBe(200);
    }
    const named = await t.call({
      method: 'PUT',
      url: `${base(0)}/city-networks/${networkId}/naming`,
      cookie: cookies.chair0,
      payload: { named: true },
    });
    expect(named.json().membership.named).toBe(true);
    const byCoordinator = await t.call({
      method: 'PUT',
      url: `${base(0)}/city-networks/${networkId}/naming`,
      cookie: cookies.coordinator,
      payload: { named: false },
    });
    expect(byCoordinator.statusCode).toBe(403);
  });

  it('the analyst sees aggregates only: named cities, the others pooled, small cells withheld', async () => {
    await submissions(cities[0], { concern: 7, idea: 2, question: 6 }); // named
    await submissions(cities[1], { concern: 3 }); // named, total 3: all withheld
    await submissions(cities[2], { concern: 5, idea: 5 }); // pooled
    await submissions(cities[3], { concern: 1, idea: 9 }); // pooled: the 1 never counts
    await submissions(cities[4], { concern: 6, feedback: 4, idea: 8 }); // pooled
    const r = await t.call({
      method: 'GET',
      url: `/api/city-networks/${networkId}/statistics?year=${year}`,
      cookie: cookies.analyst,
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ memberCount: 6, namedCount: 2, pooledCount: 4 });
    const m = body.measures.find((x: { key: string }) => x.key === 'submissions-by-kind');
    expect(m.categories).toEqual(['concern', 'idea', 'question', 'feedback']);
    const city0 = m.cities.find((c: { cityId: string }) => c.cityId === cities[0]);
    expect(city0.cells.map((c: { value: number | null }) => c.value)).toEqual([7, null, null, 0]);
    const city1 = m.cities.find((c: { cityId: string }) => c.cityId === cities[1]);
    expect(city1.total).toEqual({ value: null, suppressed: true });
    // Pooled: only what each city showed on its own is added (city 3's 1, city 4's 4 and 6 never enter).
    const shown = m.others.cells.map((c: { value: number | null }) => c.value);
    for (const v of shown) expect(v === null || v === 0 || v >= 5).toBe(true);
    for (const line of [...m.cities, m.others, m.network])
      for (const c of line.cells) expect(c.value === null || c.value === 0 || c.value >= 5).toBe(true);
    // Indicator values: library count indicators, approved yearly values only, each cell on its own.
    for (const [i, value, status] of [
      [2, 12, 'approved'],
      [3, 3, 'approved'],
      [4, 40, 'pending'],
    ] as const) {
      const [ind] = await t.deps.db
        .insert(indicator)
        .values({
          cityId: cities[i],
          code: 'LPN-4',
          names: { en: 'Incidents' },
          type: 'count',
          libraryKey: 'incidents-reported',
        })
        .returning();
      await t.deps.db
        .insert(indicatorValue)
        .values({ cityId: cities[i], indicatorId: ind.id, period: String(year), value, status });
    }
    const again = (
      await t.call({
        method: 'GET',
        url: `/api/city-networks/${networkId}/statistics?year=${year}`,
        cookie: cookies.analyst,
      })
    ).json();
    const ind = again.measures.find((x: { key: string }) => x.key === 'indicator-values');
    const k = ind.categories.indexOf('incidents-reported');
    // 12 is shown; city 3's 3 is withheld there and never added; city 4's value is not approved.
    expect(ind.others.cells[k]).toEqual({ value: 12, suppressed: false });
    expect(ind.network.total).toBeNull();
    // No rows, no ids of records, no free text anywhere in the answer.
    expect(JSON.stringify(body)).not.toMatch(/receipt|kind":"|text/);
  });

  it('an analyst asking for raw rows, a finer period or a city filter gets a 400; other routes are closed', async () => {
    for (const q of ['raw=true', 'month=3', `cityId=${cities[2]}`, 'rows=1']) {
      const r = await t.call({
        method: 'GET',
        url: `/api/city-networks/${networkId}/statistics?year=${year}&${q}`,
        cookie: cookies.analyst,
      });
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    // The designated analyst has no role in any member city: none of their routes open.
    for (const path of ['', '/cases', '/people', '/city-networks', '/network-templates']) {
      const r = await t.call({ method: 'GET', url: `${base(2)}${path}`, cookie: cookies.analyst });
      expect(r.statusCode, path).toBe(404);
    }
    // Not designated, or designated on another network: the network does not exist for them.
    for (const who of ['nobody', 'network_analyst', 'chair0', 'member']) {
      const r = await t.call({
        method: 'GET',
        url: `/api/city-networks/${networkId}/statistics?year=${year}`,
        cookie: cookies[who],
      });
      expect(r.statusCode, who).toBe(404);
    }
    const other = await t.call({
      method: 'GET',
      url: `/api/city-networks/${otherNetworkId}/statistics?year=${year}`,
      cookie: cookies.analyst,
    });
    expect(other.statusCode).toBe(404);
    const anonymous = await t.call({
      method: 'GET',
      url: `/api/city-networks/${networkId}/statistics?year=${year}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a chair publishes to the network; another member city imports a copy with provenance', async () => {
    const template = getTemplate('situation-table')!;
    await t.deps.db.insert(network).values({
      cityId: cities[0],
      name: 'Net 0',
      templateId: template.id,
      templateVersion: String(template.version),
      sectors: template.sectors,
      meetingCadence: template.meetingCadence.frequency,
      mandate: template.mandate,
      caseWorkflow: template.caseWorkflow,
    });
    const url = `${base(0)}/city-networks/${networkId}/templates`;
    const nothing = await t.call({
      method: 'POST',
      url,
      cookie: cookies.chair0,
      payload: { kind: 'indicator-set', title: 'Our indicators' },
    });
    expect(nothing.statusCode).toBe(409);
    const byCoordinator = await t.call({
      method: 'POST',
      url,
      cookie: cookies.coordinator,
      payload: { kind: 'structure', title: 'Our structure' },
    });
    expect(byCoordinator.statusCode).toBe(403);
    const published = await t.call({
      method: 'POST',
      url,
      cookie: cookies.chair0,
      payload: { kind: 'structure', title: 'Our structure' },
    });
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ version: 1, publisherCityId: cities[0], kind: 'structure' });
    const second = await t.call({
      method: 'POST',
      url,
      cookie: cookies.chair0,
      payload: { kind: 'structure', title: 'Our structure, revised' },
    });
    expect(second.json().version).toBe(2);
    const templateId = published.json().id;
    // A city outside the network cannot publish there, see the library or import.
    const outsider = await t.createCity('cn-outside', { require2faRoles: [] });
    await t.createPerson({ email: 'outchair@cn.test', cityId: outsider, role: 'chair' });
    const outCookie = await t.signIn('outchair@cn.test');
    const outList = await t.call({
      method: 'GET',
      url: `/api/cities/${outsider}/network-templates`,
      cookie: outCookie,
    });
    expect(outList.json().items).toEqual([]);
    const outImport = await t.call({
      method: 'POST',
      url: `/api/cities/${outsider}/network-templates/${templateId}/import`,
      cookie: outCookie,
    });
    expect(outImport.statusCode).toBe(404);
    const outPublish = await t.call({
      method: 'POST',
      url: `/api/cities/${outsider}/city-networks/${networkId}/templates`,
      cookie: outCookie,
      payload: { kind: 'structure', title: 'x' },
    });
    expect(outPublish.statusCode).toBe(409);
    // A member city's chair imports; its coordinator may not; a partner sees nothing.
    const list = await t.call({ method: 'GET', url: `${base(2)}/network-templates`, cookie: cookies.chair2 });
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(templateId);
    const partner = await t.call({
      method: 'GET',
      url: `${base(0)}/network-templates`,
      cookie: cookies.partner,
    });
    expect(partner.statusCode).toBe(403);
    const own = await t.call({
      method: 'POST',
      url: `${base(0)}/network-templates/${templateId}/import`,
      cookie: cookies.chair0,
    });
    expect(own.statusCode).toBe(409);
    const imported = await t.call({
      method: 'POST',
      url: `${base(2)}/network-templates/${templateId}/import`,
      cookie: cookies.chair2,
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json().provenance).toMatchObject({
      networkName: 'Strong Cities',
      publisherCityName: 'City cn-0',
      version: 1,
    });
    const copies = await t.call({
      method: 'GET',
      url: `${base(2)}/network-template-imports`,
      cookie: cookies.chair2,
    });
    expect(copies.json().items).toHaveLength(1);
    // City 0 does not see city 2's imports through its own route (and not city 2's at all).
    const theirs = await t.call({
      method: 'GET',
      url: `${base(2)}/network-template-imports`,
      cookie: cookies.chair0,
    });
    expect(theirs.statusCode).toBe(404);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cities[0]), eq(auditEvent.recordType, 'city-network-template')));
    expect(audit).toHaveLength(2);
  });

  it("a chair of another city reaches none of this city's routes (404), whatever the method", async () => {
    const n = `${base(2)}/city-networks/${networkId}`;
    const attempts = [
      { method: 'GET', url: `${base(2)}/city-networks` },
      { method: 'GET', url: `${n}/join-decisions` },
      { method: 'POST', url: `${n}/join`, payload: { decisionId: randomUUID() } },
      { method: 'POST', url: `${n}/leave` },
      { method: 'PUT', url: `${n}/naming`, payload: { named: true } },
      { method: 'POST', url: `${n}/templates`, payload: { kind: 'structure', title: 'x' } },
      { method: 'GET', url: `${base(2)}/network-templates` },
      { method: 'POST', url: `${base(2)}/network-templates/${randomUUID()}/import` },
      { method: 'GET', url: `${base(2)}/network-template-imports` },
    ] as const;
    for (const a of attempts) {
      const r = await t.call({ ...a, cookie: cookies.chair3 });
      expect(r.statusCode, `${a.method} ${a.url}`).toBe(404);
      const anonymous = await t.call({ ...a });
      expect(anonymous.statusCode, `${a.method} ${a.url}`).toBe(401);
    }
    // Nothing changed for city 2 (still a member, not named).
    const mine = await t.call({ method: 'GET', url: `${base(2)}/city-networks`, cookie: cookies.chair2 });
    expect(mine.json().items.find((x: { id: string }) => x.id === networkId).membership.named).toBe(false);
  });

  it('a city that leaves is in no figure and its templates leave the library; leaving is audited', async () => {
    const left = await t.call({
      method: 'POST',
      url: `${base(0)}/city-networks/${networkId}/leave`,
      cookie: cookies.chair0,
    });
    expect(left.statusCode).toBe(200);
    expect(left.json().membership).toBeNull();
    const stats = (
      await t.call({
        method: 'GET',
        url: `/api/city-networks/${networkId}/statistics?year=${year}`,
        cookie: cookies.analyst,
      })
    ).json();
    expect(stats.memberCount).toBe(5);
    expect(JSON.stringify(stats)).not.toContain(cities[0]);
    const list = await t.call({ method: 'GET', url: `${base(2)}/network-templates`, cookie: cookies.chair2 });
    expect(list.json().items).toEqual([]);
    const rows = await t.deps.db
      .select()
      .from(cityNetworkMember)
      .where(eq(cityNetworkMember.cityId, cities[0]));
    expect(rows[0].leftAt).not.toBeNull();
    const leaveAgain = await t.call({
      method: 'POST',
      url: `${base(0)}/city-networks/${networkId}/leave`,
      cookie: cookies.chair0,
    });
    expect(leaveAgain.statusCode).toBe(409);
    const unknown = await t.call({
      method: 'POST',
      url: `${base(0)}/city-networks/${randomUUID()}/leave`,
      cookie: cookies.chair0,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
