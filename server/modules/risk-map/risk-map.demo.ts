import { and, eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { organisation } from '../network/index.js';
import { checkBoundaries, simplifyShapes } from './geo.js';
import {
  risk,
  riskBoundarySet,
  riskConsultation,
  riskConsultationFinding,
  riskEvidence,
  riskNeighbourhood,
  riskNeighbourhoodLink,
  riskNeighbourhoodShape,
  riskPerspective,
  riskScoreChange,
} from './risk-map.table.js';

/*
 * Demo risk map for Riverton: twelve invented neighbourhoods on a 4 × 3 grid with wavy shared
 * borders (Old Town has a hole: Mill Pond), uploaded by the coordinator 300 days ago, and twenty
 * risks with graded evidence, one rescored, one with two perspectives that disagree.
 */

const NAMES = [
  ['Harbour', 'North End', 'Hillcrest', 'Eastfield'],
  ['Riverside', 'Old Town', 'Market Quarter', 'Brickworks'],
  ['Southgate', 'Meadowbank', 'Station Fields', 'Orchard Heights'],
];
const WEST = 20.0;
const SOUTH = 41.0;
const STEP_LON = 0.03;
const STEP_LAT = 0.022;

/** A small deterministic wobble, the same for both sides of a shared border. */
function wobble(a: number, b: number): number {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * 0.004;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function corner(col: number, row: number): [number, number] {
  const edge = col === 0 || row === 0 || col === 4 || row === 3;
  return [
    round(WEST + col * STEP_LON + (edge ? 0 : wobble(col, row))),
    round(SOUTH + (3 - row) * STEP_LAT + (edge ? 0 : wobble(row, col))),
  ];
}

function midpoint(p: [number, number], q: [number, number]): [number, number] {
  const [a, b] = p[0] + p[1] < q[0] + q[1] ? [p, q] : [q, p];
  return [round((a[0] + b[0]) / 2 + wobble(a[0], b[1])), round((a[1] + b[1]) / 2 + wobble(b[0], a[1]))];
}

/** The cell's ring, counter-clockwise, with a wobbly midpoint on each side. */
function cellRing(col: number, row: number): [number, number][] {
  const corners = [corner(col, row + 1), corner(col + 1, row + 1), corner(col + 1, row), corner(col, row)];
  const ring: [number, number][] = [];
  corners.forEach((c, i) => {
    ring.push(c, midpoint(c, corners[(i + 1) % 4]));
  });
  ring.push(ring[0]);
  return ring;
}

/** The demo boundary file, as a city would upload it. */
export function demoBoundaryFile(): string {
  const features = NAMES.flatMap((names, row) =>
    names.map((name, col) => {
      const outer = cellRing(col, row);
      const coordinates: [number, number][][] = [outer];
      if (name === 'Old Town') {
        const [cx, cy] = [WEST + (col + 0.5) * STEP_LON, SOUTH + (3 - row - 0.5) * STEP_LAT];
        const hole: [number, number][] = [];
        for (let k = 0; k < 8; k++) {
          const angle = (-k * Math.PI) / 4;
          hole.push([round(cx + 0.006 * Math.cos(angle)), round(cy + 0.004 * Math.sin(angle))]);
        }
        hole.push(hole[0]);
        coordinates.push(hole);
      }
      return {
        type: 'Feature',
        properties: { name, ward: `W${row * 4 + col + 1}` },
        geometry: { type: 'Polygon', coordinates },
      };
    }),
  );
  return JSON.stringify({ type: 'FeatureCollection', features });
}

type L = 1 | 2 | 3 | 4 | 5;
/** [title, kind, category, neighbourhoods (empty: city-wide), likelihood, impact, trend, affected groups] */
const RISKS: [string, 'threat' | 'vulnerability', string, string[], L, L, string, string][] = [
  [
    'Online recruitment to violent groups targeting teenagers',
    'threat',
    'online-radicalisation',
    [],
    3,
    5,
    'rising',
    'Teenagers 14–19 using gaming chat platforms',
  ],
  [
    'Gang recruitment near the harbour',
    'threat',
    'gang-youth-violence',
    ['Harbour', 'Riverside'],
    4,
    4,
    'rising',
    'Boys 13–17 out of school in the evenings',
  ],
  [
    'Hate graffiti and leaflets after the mosque fire',
    'threat',
    'hate-speech-polarisation',
    ['Old Town', 'Market Quarter'],
    3,
    4,
    'stable',
    'Muslim families; shopkeepers on Market Street',
  ],
  [
    'Tension between long-standing residents and newcomers',
    'vulnerability',
    'inter-communal-tension',
    ['Brickworks', 'Eastfield'],
    3,
    3,
    'rising',
    'Newly arrived families in the Brickworks flats',
  ],
  [
    'School drop-out in the last year of compulsory school',
    'vulnerability',
    'school-drop-out',
    ['Southgate', 'Meadowbank'],
    4,
    3,
    'stable',
    'Pupils aged 15–16',
  ],
  [
    'Youth unemployment above 30 %',
    'vulnerability',
    'unemployment',
    ['Station Fields', 'Southgate', 'Brickworks'],
    5,
    3,
    'stable',
    'Young adults 18–24 without vocational training',
  ],
  [
    'Low trust in the police after the 2024 raids',
    'vulnerability',
    'institutional-distrust',
    ['North End', 'Harbour'],
    4,
    3,
    'falling',
    'Roma households in North End',
  ],
  [
    'Intimidation of candidates before local elections',
    'threat',
    'election-violence',
    [],
    2,
    4,
    'unknown',
    'Candidates and campaign volunteers',
  ],
  [
    'Drug dealing at the railway underpass',
    'threat',
    'substance-abuse',
    ['Station Fields'],
    4,
    3,
    'stable',
    'Young people passing to and from school',
  ],
  [
    'Domestic violence reported late',
    'vulnerability',
    'domestic-violence',
    [],
    3,
    4,
    'stable',
    'Women in households with unemployed men',
  ],
  [
    'Extremist propaganda in a closed local channel',
    'threat',
    'online-radicalisation',
    ['Hillcrest'],
    2,
    4,
    'rising',
    'Young men 18–25',
  ],
  [
    'Fights between school groups after football matches',
    'threat',
    'gang-youth-violence',
    ['Meadowbank', 'Station Fields'],
    3,
    2,
    'falling',
    'Pupils of two secondary schools',
  ],
  [
    'Isolation of elderly residents in Orchard Heights',
    'vulnerability',
    'institutional-distrust',
    ['Orchard Heights'],
    2,
    2,
    'stable',
    'Residents over 75 living alone',
  ],
  [
    'Rumours spreading through neighbourhood chat groups',
    'threat',
    'hate-speech-polarisation',
    [],
    4,
    2,
    'rising',
    'Parents in neighbourhood chat groups',
  ],
  [
    'Closed youth centre leaves no evening activities',
    'vulnerability',
    'gang-youth-violence',
    ['Riverside'],
    4,
    2,
    'stable',
    'Children 10–15',
  ],
  [
    'Polarising protests over the new housing plan',
    'threat',
    'inter-communal-tension',
    ['Eastfield', 'Hillcrest'],
    2,
    3,
    'unknown',
    'Residents of both estates',
  ],
  [
    'Absenteeism among pupils of returning families',
    'vulnerability',
    'school-drop-out',
    ['North End'],
    3,
    3,
    'stable',
    'Children of families returned from abroad',
  ],
  [
    'Seasonal workers without contracts',
    'vulnerability',
    'unemployment',
    ['Market Quarter'],
    2,
    3,
    'stable',
    'Seasonal market workers',
  ],
  [
    'Alcohol-related violence at night in the old town',
    'threat',
    'substance-abuse',
    ['Old Town'],
    3,
    2,
    'falling',
    'Young adults on weekend nights',
  ],
  [
    'Distrust of the school counselling service',
    'vulnerability',
    'institutional-distrust',
    ['Southgate'],
    2,
    2,
    'unknown',
    'Parents of pupils with special needs',
  ],
];

export async function seedRiskMapDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const coordinatorId = people.get('coordinator@demo.lpn.local') ?? null;
  const chairId = people.get('chair@demo.lpn.local') ?? null;
  const memberId = people.get('member@demo.lpn.local') ?? null;
  const coordinator: AuditActor = { userId: coordinatorId, role: 'coordinator', requestId: 'seed-demo' };
  const chair: AuditActor = { userId: chairId, role: 'chair', requestId: 'seed-demo' };

  // Boundaries: the same checks and simplification as an upload.
  const { features, problems } = checkBoundaries(demoBoundaryFile(), 'name');
  if (problems.length) throw new Error(`demo boundaries: ${problems[0].message}`);
  const { shapes, pointsKept } = simplifyShapes(features);
  const uploadedAt = timeline.daysAgo(300, 10);
  const points = features.reduce((sum, f) => sum + f.points, 0);
  const [set] = await db
    .insert(riskBoundarySet)
    .values({
      cityId,
      version: 1,
      nameProperty: 'name',
      featureCount: features.length,
      pointsUploaded: points,
      pointsKept,
      uploadedBy: coordinatorId,
      uploadedAt,
    })
    .returning({ id: riskBoundarySet.id });
  const ids = new Map<string, string>();
  for (const [i, f] of features.entries()) {
    const [row] = await db
      .insert(riskNeighbourhood)
      .values({ cityId, name: f.name, nameKey: f.nameKey, currentSetId: set.id, createdAt: uploadedAt })
      .returning({ id: riskNeighbourhood.id });
    ids.set(f.name, row.id);
    await db.insert(riskNeighbourhoodShape).values({
      setId: set.id,
      neighbourhoodId: row.id,
      cityId,
      geometry: f.geometry,
      simplified: shapes[i],
    });
  }
  timeline.audit(uploadedAt, coordinator, {
    action: 'create',
    recordType: 'risk_boundary_set',
    recordId: set.id,
    fields: ['version', 'featureCount'],
  });

  const orgs = await db
    .select({ id: organisation.id, name: organisation.name, sector: organisation.sector })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId)));
  const bySector = (sector: string) => orgs.find((o) => o.sector === sector) ?? orgs[0];
  const riskIds = new Map<string, string>();

  for (const [i, [title, kind, category, places, likelihood, impact, trend, groups]] of RISKS.entries()) {
    const createdAt = timeline.daysAgo(280 - i * 6, 11);
    const score = {
      likelihood,
      impact,
      residualLikelihood: Math.max(1, likelihood - 1),
      residualImpact: Math.max(1, impact - (i % 2)),
      confidence: (['medium', 'high', 'low'] as const)[i % 3],
      trend,
      reviewOn: timeline.isoDaysAgo(-30 - i * 5),
    };
    // The first risk was first scored lower and raised after the consultation in Harbour.
    const first = i === 0 ? { ...score, likelihood: 2 } : score;
    const [row] = await db
      .insert(risk)
      .values({
        cityId,
        title,
        kind,
        category,
        cityWide: places.length === 0,
        affectedGroups: groups,
        description: '',
        ...score,
        createdBy: coordinatorId,
        createdAt,
        updatedAt: i === 0 ? timeline.daysAgo(60, 14) : createdAt,
      })
      .returning({ id: risk.id });
    riskIds.set(title, row.id);
    if (places.length) {
      await db
        .insert(riskNeighbourhoodLink)
        .values(places.map((p) => ({ riskId: row.id, neighbourhoodId: ids.get(p)!, cityId })));
    }
    await db.insert(riskScoreChange).values({
      cityId,
      riskId: row.id,
      at: createdAt,
      byUserId: coordinatorId,
      reason: 'First assessment at the network meeting',
      ...first,
    });
    timeline.audit(createdAt, coordinator, {
      action: 'create',
      recordType: 'risk',
      recordId: row.id,
      fields: ['title', 'kind', 'category', 'place', 'score'],
    });
    if (i === 0) {
      const at = timeline.daysAgo(60, 14);
      await db.insert(riskScoreChange).values({
        cityId,
        riskId: row.id,
        at,
        byUserId: chairId,
        reason: 'Three schools reported contacts through gaming chats since the spring',
        ...score,
      });
      timeline.audit(at, chair, {
        action: 'update',
        recordType: 'risk',
        recordId: row.id,
        fields: ['score'],
      });
    }
    const evidence = [
      {
        sourceType: (
          [
            'official-statistics',
            'member-observation',
            'research',
            'media',
            'service-data',
            'consultation',
          ] as const
        )[i % 6],
        reliability: (['A', 'B', 'C', 'B', 'D', 'C'] as const)[i % 6],
        credibility: (i % 4) + 1,
        summary: `Observed by the network for “${title}”: see the meeting notes of that month.`,
      },
    ];
    if (i < 6) {
      evidence.push({
        sourceType: 'media',
        reliability: 'C',
        credibility: 3,
        summary: 'Local newspaper reports on the same pattern.',
      });
    }
    for (const [k, e] of evidence.entries()) {
      const at = timeline.after(createdAt, 24 * (k + 1));
      const [ev] = await db
        .insert(riskEvidence)
        .values({
          cityId,
          riskId: row.id,
          ...e,
          observedOn: at.toISOString().slice(0, 10),
          organisationId: bySector(k ? 'education' : 'social_services').id,
          addedBy: memberId,
          addedAt: at,
        })
        .returning({ id: riskEvidence.id });
      timeline.audit(
        at,
        { userId: memberId, role: 'member', requestId: 'seed-demo' },
        {
          action: 'create',
          recordType: 'risk_evidence',
          recordId: ev.id,
          fields: ['sourceType', 'reliability', 'credibility', 'summary'],
        },
      );
    }
    if (i === 1) {
      // Two perspectives that disagree, kept side by side.
      const views = [
        {
          org: bySector('police_justice'),
          likelihood: 5,
          impact: 4,
          rationale: 'Three recruitment attempts seen at the harbour kiosks this summer.',
          assumptions: 'Incidents we see are a fraction of what happens.',
          biases: 'We see the harbour at night, not the daytime youth work.',
        },
        {
          org: bySector('youth'),
          likelihood: 2,
          impact: 4,
          rationale: 'The young people we work with describe loose friend groups, not recruitment.',
          assumptions: 'Our youth workers would hear of recruitment.',
          biases: 'Young people already in gangs do not come to our centre.',
        },
      ];
      for (const [k, v] of views.entries()) {
        const at = timeline.after(createdAt, 72 + k * 24);
        const [p] = await db
          .insert(riskPerspective)
          .values({
            cityId,
            riskId: row.id,
            organisationId: v.org.id,
            likelihood: v.likelihood,
            impact: v.impact,
            rationale: v.rationale,
            assumptions: v.assumptions,
            biases: v.biases,
            byUserId: k ? memberId : coordinatorId,
            at,
          })
          .returning({ id: riskPerspective.id });
        timeline.audit(at, k ? { userId: memberId, role: 'member', requestId: 'seed-demo' } : coordinator, {
          action: 'create',
          recordType: 'risk_perspective',
          recordId: p.id,
          fields: ['organisationId', 'likelihood', 'impact', 'rationale', 'assumptions', 'biases'],
        });
      }
    }
  }

  await seedConsultations(ctx(db, cityId, ids, riskIds, orgs, timeline, memberId, coordinatorId));
}

const ctx = (
  db: DemoContext['db'],
  cityId: string,
  ids: Map<string, string>,
  riskIds: Map<string, string>,
  orgs: { id: string; sector: string }[],
  timeline: DemoContext['timeline'],
  memberId: string | null,
  coordinatorId: string | null,
) => ({ db, cityId, ids, riskIds, orgs, timeline, memberId, coordinatorId });

/** [title, days ago, format, neighbourhoods, attendance sex × age band, findings [statement, priority]] */
const CONSULTATIONS: [string, number, string, string[], number[][], [string, number][]][] = [
  [
    'Evening meeting at the Harbour community hall',
    200,
    'public-meeting',
    ['Harbour', 'Riverside'],
    [
      [0, 14, 11, 8, 3],
      [2, 16, 9, 6, 2],
      [0, 1, 0, 0, 0],
    ],
    [
      ['Boys hang around the kiosks late at night because nothing else is open', 1],
      ['Parents do not know whom to call when they are worried', 2],
    ],
  ],
  [
    'Focus group with young women, Old Town',
    170,
    'focus-group',
    ['Old Town'],
    [
      [0, 9, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ],
    [['Leaflets against Muslim families were pushed through doors after the fire', 1]],
  ],
  [
    'School session, Southgate secondary',
    140,
    'school-session',
    ['Southgate', 'Meadowbank'],
    [
      [12, 18, 0, 0, 0],
      [10, 21, 2, 0, 0],
      [0, 1, 0, 0, 0],
    ],
    [
      ['Pupils in the last year feel school leads nowhere', 1],
      ['Fights after matches are exaggerated by adults', 3],
    ],
  ],
  [
    'Online survey on neighbourhood chat groups',
    110,
    'online',
    ['North End', 'Hillcrest', 'Eastfield'],
    [
      [0, 22, 31, 17, 6],
      [0, 19, 24, 12, 9],
      [0, 2, 1, 0, 0],
    ],
    [['Rumours spread faster than the municipality answers', 1]],
  ],
  [
    'Residents meeting, Brickworks flats',
    80,
    'public-meeting',
    ['Brickworks'],
    [
      [0, 3, 8, 7, 4],
      [0, 5, 9, 6, 2],
      [0, 0, 0, 0, 0],
    ],
    [['Newcomers and older residents never meet', 2]],
  ],
  [
    'Survey at the Station Fields market',
    40,
    'survey',
    ['Station Fields', 'Market Quarter'],
    [
      [0, 7, 12, 9, 5],
      [0, 11, 15, 8, 4],
      [0, 0, 0, 0, 0],
    ],
    [['The underpass feels unsafe after dark', 1]],
  ],
];

/** Which risks a finding supports or challenges, by "consultation.finding". */
const LINKS: Record<string, { supports?: string; challenges?: string }> = {
  '0.0': { supports: 'Gang recruitment near the harbour' },
  '1.0': { supports: 'Hate graffiti and leaflets after the mosque fire' },
  '2.0': { supports: 'School drop-out in the last year of compulsory school' },
  '2.1': { challenges: 'Fights between school groups after football matches' },
  '3.0': { supports: 'Rumours spreading through neighbourhood chat groups' },
  '4.0': { supports: 'Tension between long-standing residents and newcomers' },
  '5.0': { supports: 'Drug dealing at the railway underpass' },
};

async function seedConsultations({
  db,
  cityId,
  ids,
  riskIds,
  orgs,
  timeline,
  memberId,
  coordinatorId,
}: ReturnType<typeof ctx>): Promise<void> {
  const member: AuditActor = { userId: memberId, role: 'member', requestId: 'seed-demo' };
  const coordinator: AuditActor = { userId: coordinatorId, role: 'coordinator', requestId: 'seed-demo' };
  for (const [i, [title, daysAgo, format, places, attendance, findings]] of CONSULTATIONS.entries()) {
    const createdAt = timeline.daysAgo(daysAgo - 1, 16);
    const [row] = await db
      .insert(riskConsultation)
      .values({
        cityId,
        title,
        heldOn: timeline.isoDaysAgo(daysAgo),
        format,
        neighbourhoodIds: places.map((p) => ids.get(p)!),
        organisationIds: [orgs[i % orgs.length].id, orgs[(i + 3) % orgs.length].id],
        attendance,
        languages: ['en'],
        accessibilityNotes: 'Step-free access',
        createdBy: memberId,
        createdAt,
      })
      .returning({ id: riskConsultation.id });
    timeline.audit(createdAt, member, {
      action: 'create',
      recordType: 'risk_consultation',
      recordId: row.id,
      fields: ['title', 'heldOn', 'format', 'neighbourhoodIds', 'organisationIds', 'attendance', 'findings'],
    });
    for (const [position, [statement, priority]] of findings.entries()) {
      const answered = i === 0 && position === 0;
      const respondedAt = answered ? timeline.daysAgo(daysAgo - 30, 10) : null;
      const [finding] = await db
        .insert(riskConsultationFinding)
        .values({
          cityId,
          consultationId: row.id,
          position,
          statement,
          priority,
          supportsRiskIds: LINKS[`${i}.${position}`]?.supports
            ? [riskIds.get(LINKS[`${i}.${position}`].supports!)!]
            : [],
          challengesRiskIds: LINKS[`${i}.${position}`]?.challenges
            ? [riskIds.get(LINKS[`${i}.${position}`].challenges!)!]
            : [],
          proposesNewRisk: false,
          response: answered ? 'The harbour youth club now opens three evenings a week.' : null,
          respondedBy: answered ? coordinatorId : null,
          respondedAt,
        })
        .returning({ id: riskConsultationFinding.id });
      if (respondedAt) {
        timeline.audit(respondedAt, coordinator, {
          action: 'update',
          recordType: 'risk_consultation_finding',
          recordId: finding.id,
          fields: ['response'],
        });
      }
    }
  }
}
