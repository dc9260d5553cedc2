import crypto from 'node:crypto';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { communityKeyText, communityMessage, communitySettings, publicEvent } from '../community/index.js';
import { BODY_CONTEXT } from './safe-space.service.js';
import { hashReceipt, normaliseReceipt } from './safe-space.receipt.js';
import { safeSpaceCustodian, safeSpaceMessage, safeSpaceSubmission } from './safe-space.table.js';

/** The answered demo thread's receipt (demo only; docs/SAFE_SPACE.md): read it at /p/riverton/en/thread. */
export const DEMO_RECEIPT = 'RVTN-SAFE-SPAC-E000-0001';

const PUBLIC: AuditActor = { userId: null, role: 'public' };

/**
 * The demo city publishes its public pages (a year ago, widened since), announces two public
 * events, designates two custodians and has three safe-space submissions: one answered thread
 * (sender, answer, thanks), one being looked at, one new.
 */
export async function seedCommunityDemo({ db, keys, cityId, people, timeline }: DemoContext): Promise<void> {
  const chairId = people.get('chair@demo.lpn.local') ?? null;
  const chair: AuditActor = { userId: chairId, role: 'chair', requestId: 'seed-demo' };
  const published = timeline.daysAgo(365, 10);
  await db.insert(communitySettings).values({
    cityId,
    published: {
      explainer: true,
      mandate: true,
      organisations: true,
      decisions: true,
      events: true,
      contact: true,
      safeSpace: true,
      actionPlan: true,
      consultations: true,
      reports: true,
    },
    explainerExtra:
      'In Riverton the network meets once a month. Its members never pass on what residents write to the safe space to the police, unless someone is in immediate danger.',
    contact: 'Prevention desk, Riverton Town Hall, 2nd floor\nprevention@riverton.example · weekdays 9–16',
    emergencyNumbers: '112 (police, ambulance, fire)',
    neighbourhoods: ['Harbour', 'Old Town', 'North Estate', 'Riverside'],
    updatedAt: published,
  });
  timeline.audit(published, chair, {
    action: 'update',
    recordType: 'community_settings',
    recordId: cityId,
    fields: ['published.explainer', 'published.mandate', 'published.organisations', 'published.safeSpace'],
  });
  const events = [
    {
      title: 'Open evening: what the prevention network does',
      days: -12,
      place: 'Riverton Library, main hall',
    },
    { title: 'Harbour neighbourhood conversation', days: -33, place: 'Harbour community centre' },
  ];
  for (const e of events) {
    const start = new Date(timeline.now.getTime() - e.days * 86_400_000);
    start.setUTCHours(17, 0, 0, 0);
    const [row] = await db
      .insert(publicEvent)
      .values({
        cityId,
        title: e.title,
        startsAt: start,
        endsAt: new Date(start.getTime() + 2 * 3_600_000),
        place: e.place,
        createdAt: timeline.daysAgo(5, 11),
      })
      .returning({ id: publicEvent.id });
    timeline.audit(timeline.daysAgo(5, 11), chair, {
      action: 'create',
      recordType: 'public_event',
      recordId: row.id,
    });
  }

  const custodians = ['coordinator@demo.lpn.local', 'member@demo.lpn.local']
    .map((email) => people.get(email))
    .filter((id): id is string => Boolean(id));
  const designated = timeline.daysAgo(360, 10);
  if (custodians.length)
    await db
      .insert(safeSpaceCustodian)
      .values(custodians.map((userId) => ({ cityId, userId, designatedAt: designated })));
  for (const userId of custodians)
    timeline.audit(designated, chair, {
      action: 'grant',
      recordType: 'safe_space_custodian',
      recordId: userId,
    });

  const coordinatorId = people.get('coordinator@demo.lpn.local') ?? null;
  const custodian: AuditActor = { userId: coordinatorId, role: 'coordinator', requestId: 'seed-demo' };
  const threads = [
    {
      receipt: DEMO_RECEIPT,
      kind: 'concern',
      neighbourhood: 'Harbour',
      status: 'answered',
      category: 'young-people',
      urgency: 'normal',
      days: 9,
      messages: [
        {
          author: 'sender',
          hours: 0,
          body: 'Older boys have been handing out leaflets at the harbour skate park saying "outsiders" should leave. The younger ones are scared to go there.',
        },
        {
          author: 'custodian',
          hours: 26,
          body: 'Thank you for telling us. The youth service and the harbour community centre will be at the skate park on Friday evenings from this week, and the leaflets have been reported to the town hall. If you see it again, write here.',
        },
        {
          author: 'sender',
          hours: 50,
          body: 'Thank you, the youth workers were there on Friday. It was calmer.',
        },
      ],
    },
    {
      receipt: null,
      kind: 'idea',
      neighbourhood: 'North Estate',
      status: 'in-progress',
      category: 'suggestion',
      urgency: 'low',
      days: 4,
      messages: [
        {
          author: 'sender',
          hours: 0,
          body: 'Could the network run a mothers’ circle in the North Estate? Many of us worry about what our teenagers see online.',
        },
      ],
    },
    {
      receipt: null,
      kind: 'question',
      neighbourhood: null,
      status: 'new',
      category: null,
      urgency: 'normal',
      days: 1,
      messages: [
        {
          author: 'sender',
          hours: 0,
          body: 'Does the network share names with the police? My neighbour is afraid to ask for help.',
        },
      ],
    },
  ];
  for (const th of threads) {
    const received = timeline.daysAgo(th.days, 14);
    const receipt =
      th.receipt ??
      `${crypto
        .randomUUID()
        .replace(/[^0-9a-f]/g, '')
        .slice(0, 20)
        .toUpperCase()}`;
    const receiptHash = await hashReceipt(cityId, normaliseReceipt(receipt) ?? receipt);
    const last = timeline.after(received, th.messages[th.messages.length - 1].hours);
    const [row] = await db
      .insert(safeSpaceSubmission)
      .values({
        cityId,
        kind: th.kind,
        neighbourhood: th.neighbourhood,
        status: th.status,
        category: th.category,
        urgency: th.urgency,
        receiptHash,
        receiptConfirmed: true,
        receivedAt: received,
        updatedAt: new Date(Math.floor(last.getTime() / 3_600_000) * 3_600_000),
      })
      .returning({ id: safeSpaceSubmission.id });
    timeline.audit(received, PUBLIC, {
      action: 'create',
      recordType: 'safe_space_submission',
      recordId: row.id,
      fields: ['message'],
    });
    let seq = 0;
    for (const m of th.messages) {
      const raw = timeline.after(received, m.hours);
      const at = m.author === 'sender' ? new Date(Math.floor(raw.getTime() / 3_600_000) * 3_600_000) : raw;
      await db.insert(safeSpaceMessage).values({
        cityId,
        submissionId: row.id,
        seq: ++seq,
        author: m.author,
        custodianUserId: m.author === 'custodian' ? coordinatorId : null,
        bodyEnc: await keys.encrypt(cityId, BODY_CONTEXT, m.body),
        at,
      });
      if (m.author === 'custodian') {
        timeline.audit(timeline.after(raw, -0.2), custodian, {
          action: 'read',
          recordType: 'safe_space_submission',
          recordId: row.id,
          fields: ['messages'],
        });
        timeline.audit(raw, custodian, {
          action: 'create',
          recordType: 'safe_space_message',
          recordId: row.id,
          fields: ['message'],
        });
      } else if (seq > 1) {
        timeline.audit(at, PUBLIC, {
          action: 'create',
          recordType: 'safe_space_message',
          recordId: row.id,
          fields: ['message'],
        });
      }
    }
    if (th.category)
      timeline.audit(timeline.after(received, 20), custodian, {
        action: 'update',
        recordType: 'safe_space_submission',
        recordId: row.id,
        fields: ['category', 'urgency'],
      });
  }

  await seedCommunicationsDemo({ db, cityId, people, timeline });
}

/** The communication log: agreed texts (two versions of the "not" lines), one sent, one draft. */
async function seedCommunicationsDemo({
  db,
  cityId,
  people,
  timeline,
}: Pick<DemoContext, 'db' | 'cityId' | 'people' | 'timeline'>): Promise<void> {
  const chairId = people.get('chair@demo.lpn.local') ?? null;
  const coordinatorId = people.get('coordinator@demo.lpn.local') ?? null;
  const chair: AuditActor = { userId: chairId, role: 'chair', requestId: 'seed-demo' };
  const coordinator: AuditActor = { userId: coordinatorId, role: 'coordinator', requestId: 'seed-demo' };
  const texts = [
    {
      kind: 'key-messages',
      version: 1,
      days: 300,
      note: 'Agreed at the network meeting',
      lines: [
        'Riverton works together so that young people and families get support early.',
        'Anyone can raise a concern or an idea, also anonymously, through the safe space.',
        'We publish our plan, our results and what we did with what residents told us.',
      ],
    },
    {
      kind: 'not-lines',
      version: 1,
      days: 300,
      note: 'Agreed at the network meeting',
      lines: ['We are not an intelligence service.', 'Our members are not informants.'],
    },
    {
      kind: 'not-lines',
      version: 2,
      days: 60,
      note: 'After the Harbour conversation: say it about faith and origin too',
      lines: [
        'We are not an intelligence service.',
        'Our members are not informants and are never asked to report on people.',
        'Nobody is labelled for their faith, origin or opinions.',
      ],
    },
  ];
  for (const t of texts) {
    const at = timeline.daysAgo(t.days, 15);
    await db.insert(communityKeyText).values({
      cityId,
      kind: t.kind,
      version: t.version,
      lines: t.lines,
      note: t.note,
      byUserId: chairId,
      at,
    });
    timeline.audit(at, chair, {
      action: 'create',
      recordType: 'community_key_text',
      recordId: `${t.kind}:${t.version}`,
    });
  }
  const sentAt = timeline.daysAgo(40, 10);
  const plannedAt = timeline.daysAgo(45, 11);
  const [sent] = await db
    .insert(communityMessage)
    .values({
      cityId,
      title: 'Youth centre opens until 9 pm',
      body: 'Following the Harbour conversation, the youth centre now stays open until 9 pm on weekdays, with two youth workers.',
      channel: 'press-release',
      audience: 'residents',
      spokesperson: 'The chair of the network',
      plannedOn: sentAt.toISOString().slice(0, 10),
      status: 'sent',
      createdBy: coordinatorId,
      approvedBy: chairId,
      approvedAt: timeline.daysAgo(42, 9),
      sentAt,
      createdAt: plannedAt,
      updatedAt: sentAt,
    })
    .returning({ id: communityMessage.id });
  timeline.audit(plannedAt, coordinator, {
    action: 'create',
    recordType: 'community_message',
    recordId: sent.id,
  });
  timeline.audit(timeline.daysAgo(42, 9), chair, {
    action: 'approve',
    recordType: 'community_message',
    recordId: sent.id,
  });
  timeline.audit(sentAt, coordinator, { action: 'send', recordType: 'community_message', recordId: sent.id });
  const draftAt = timeline.daysAgo(2, 14);
  const [draft] = await db
    .insert(communityMessage)
    .values({
      cityId,
      title: 'Invitation: open evening at the library',
      body: 'Come and hear what the prevention network does, and what it is not. Questions welcome.',
      channel: 'social-media',
      audience: 'residents',
      spokesperson: 'The network coordinator',
      plannedOn: new Date(timeline.now.getTime() + 5 * 86_400_000).toISOString().slice(0, 10),
      createdBy: coordinatorId,
      createdAt: draftAt,
      updatedAt: draftAt,
    })
    .returning({ id: communityMessage.id });
  timeline.audit(draftAt, coordinator, {
    action: 'create',
    recordType: 'community_message',
    recordId: draft.id,
  });
}
