import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { sendClockReminders, sendOverdueCaseAlerts } from './cases.alerts.js';
import { caseCity, presentation, type CaseCity } from './cases.fixture.js';
import { casePerson, caseSituation } from './cases.table.js';

let t: TestApp;
let c: CaseCity;
let sh: CaseCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'alerts');
  sh = await caseCity(t, 'clocks', 'safety-house');
});
afterAll(() => t.close());

const call = (who: keyof CaseCity['cookies'], method: string, path: string, payload?: object) =>
  t.call({ method: method as 'POST', url: c.url(path), cookie: c.cookies[who], payload });

describe('overdue alerts', () => {
  it('e-mails the assigned agencies and the coordinators once, naming only the reference', async () => {
    const id = (await call('memberA', 'POST', '/cases', presentation)).json().id as string;
    await call('memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: { givenName: 'Alerta', familyName: 'Nobodyknows', dateOfBirth: '2012-01-01', guardians: [] },
    });
    await call('memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' });
    await call('coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
    await call('coordinator', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: c.orgs.school,
      assistingOrganisationIds: [c.orgs.clinic],
      disclosure: { basis: 'legal-basis', basisDetail: 'By-law 12, acutely elevated risk' },
    });
    const deps = { db: t.deps.db, mailer: t.deps.mailer, publicUrl: 'https://lpn.example' };
    t.mail.length = 0;
    expect(await sendOverdueCaseAlerts(deps)).toBe(0); // not due yet
    await t.deps.db
      .update(caseSituation)
      .set({ responseDueAt: new Date(Date.now() - 60_000) })
      .where(eq(caseSituation.id, id));
    expect(await sendOverdueCaseAlerts(deps)).toBe(3);
    expect(t.mail.map((m) => m.to).sort()).toEqual(
      ['coordinator@alerts.test', 'membera@alerts.test', 'memberb@alerts.test'].sort(),
    );
    const [reference] = await t.deps.db
      .select({ r: caseSituation.reference })
      .from(caseSituation)
      .where(eq(caseSituation.id, id));
    for (const m of t.mail) {
      expect(m.subject).toContain(reference.r);
      expect(m.text).toContain(`https://lpn.example/c/${c.cityId}/cases/${id}`);
      expect(`${m.subject}${m.text}`).not.toContain('Nobodyknows');
    }
    expect(await sendOverdueCaseAlerts(deps)).toBe(0); // once only
    expect(await t.deps.db.select().from(casePerson).where(eq(casePerson.situationId, id))).toHaveLength(1);
  });
});

describe('stage clock reminders', () => {
  const HOUR = 3_600_000;
  const deps = () => ({ db: t.deps.db, mailer: t.deps.mailer, publicUrl: 'https://lpn.example' });
  const row = async (id: string) =>
    (await t.deps.db.select().from(caseSituation).where(eq(caseSituation.id, id)))[0];
  const shCall = (who: keyof CaseCity['cookies'], method: string, path: string, payload?: object) =>
    t.call({ method: method as 'POST', url: sh.url(path), cookie: sh.cookies[who], payload });

  it("send each reminder of the stage's clock once, before it is due, naming only the reference", async () => {
    const id = (await shCall('memberA', 'POST', '/cases', presentation)).json().id as string;
    await shCall('memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: { givenName: 'Clocky', familyName: 'Unnamed', dateOfBirth: '1990-01-01', guardians: [] },
    });
    // Weekly triage: 168 hours, a reminder 24 hours before.
    const s = await row(id);
    expect(s.responseDueAt!.getTime() - s.createdAt.getTime()).toBe(168 * HOUR);
    expect(s.reminderDueAt!.getTime()).toBe(s.responseDueAt!.getTime() - 24 * HOUR);
    t.mail.length = 0;
    const at = (hours: number) => new Date(s.createdAt.getTime() + hours * HOUR);
    expect(await sendClockReminders(deps(), at(143))).toBe(0); // not yet
    expect(await sendClockReminders(deps(), at(145))).toBe(2); // the originating agency and the coordinator
    expect(t.mail.map((m) => m.to).sort()).toEqual(['coordinator@clocks.test', 'membera@clocks.test']);
    for (const m of t.mail) {
      expect(m.subject).toContain(s.reference);
      expect(m.text).toContain(`https://lpn.example/c/${sh.cityId}/cases/${id}`);
      expect(`${m.subject}${m.text}`).not.toContain('Clocky');
      expect(`${m.subject}${m.text}`).not.toContain('Unnamed');
    }
    expect(await sendClockReminders(deps(), at(146))).toBe(0); // once only
    expect((await row(id)).reminderDueAt).toBeNull();

    // The next stage's clock brings its own reminder; moving on stops it.
    await shCall('coordinator', 'POST', `/cases/${id}/transition`, {
      to: 'plan-of-approach',
      decisionNote: 'Taken on',
    });
    const next = await row(id);
    expect(next.firstResponseAt).toBeNull();
    expect(next.responseDueAt!.getTime() - next.reminderDueAt!.getTime()).toBe(48 * HOUR);
    // Past the due time, the overdue alert takes over: no reminder, and none left.
    expect(await sendClockReminders(deps(), new Date(next.responseDueAt!.getTime() + HOUR))).toBe(0);
    expect((await row(id)).reminderDueAt).toBeNull();
  });

  it('a Channel or four-filter clock keeps its behaviour: no reminders', async () => {
    const id = (await call('memberA', 'POST', '/cases', presentation)).json().id as string;
    await call('memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' });
    await call('coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
    const s = await row(id);
    expect(s.responseDueAt).not.toBeNull();
    expect(s.reminderDueAt).toBeNull();
  });
});
