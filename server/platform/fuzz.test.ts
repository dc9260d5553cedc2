import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { representative } from '../modules/network/index.js';

/*
 * Property: whatever is sent to whatever operation, the answer is never a 5xx, every error is RFC
 * 9457 problem+json, and no error body carries a stack trace or SQL. The operations are read from
 * the app's own OpenAPI document, so a new route is walked without anyone writing a test for it.
 *
 * Each request takes a plausible request for the operation (built from its schemas, with the ids of
 * real records) and breaks one thing: a path parameter, a query parameter, one field of the body,
 * or the whole body (empty, unknown fields only, the wrong JSON type, not JSON at all). It is sent
 * once anonymously and once as a signed-in chair (with the app's Origin, so the request reaches
 * the validators). Deterministic (fixed seed) and bounded: RUNS per operation and caller.
 */

/** Fixed so every run sends the same requests; LPN_FUZZ_SEED explores others (then fix what they find). */
const SEED = Number(process.env.LPN_FUZZ_SEED ?? 20260408);
/** Runs per operation: anonymous callers stop at the session check, so most go to the chair. */
const ANONYMOUS_RUNS = 6;
/** For the chair, two and a half times the places a request can go wrong, within these bounds. */
const CHAIR_RUNS = { min: 6, max: 40 };
/** The issue's bound for the whole fuzz. */
const MAX_REQUESTS = 3000;

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  prefixItems?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Parameter = {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
};
type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
};

let t: TestApp;
let chair: string;
let operations: Operation[];
/** Ids of real records, by path parameter or body field name, so a request can get past a 404. */
const known: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const cityId = await t.createCity('fuzzville', { require2faRoles: [] });
  const chairId = await t.createPerson({ email: 'chair@fuzz.test', cityId, role: 'chair' });
  // The person the fuzz may change or remove: never the chair it signs in as.
  const memberId = await t.createPerson({ email: 'member@fuzz.test', cityId, role: 'member' });
  chair = await t.signIn('chair@fuzz.test');
  const post = async (path: string, payload: object) => {
    const r = await t.call({ method: 'POST', url: `/api/cities/${cityId}${path}`, cookie: chair, payload });
    expect(r.statusCode, `${path}: ${r.body}`).toBe(201);
    return r.json() as { id: string };
  };
  await post('/network', { templateId: 'situation-table' });
  const meeting = await post('/meetings', { title: 'Fuzz meeting', startsAt: '2026-05-04T09:00:00Z' });
  const organisation = await post('/organisations', {
    name: 'Fuzz school',
    sector: 'education',
    membershipKind: 'formal',
  });
  await t.deps.db.insert(representative).values({
    cityId,
    organisationId: organisation.id,
    userId: chairId,
    displayName: 'Chair',
    networkRole: 'chair',
    joinedOn: '2020-01-01',
  });
  const situation = await post('/cases', {
    originatingReason: 'A situation the fuzz can reach',
    subjectKind: 'person',
    ageBand: '18-24',
    gender: 'not-stated',
  });
  const tor = await post('/tor', {});
  const service = await post('/services', { name: 'Fuzz help desk', sector: 'health' });
  Object.assign(known, {
    cityId,
    userId: memberId,
    ownerUserId: memberId,
    meetingId: meeting.id,
    organisationId: organisation.id,
    caseId: situation.id,
    versionId: tor.id,
    serviceId: service.id,
    slug: 'fuzzville',
    templateId: 'situation-table',
  });

  const doc = (await t.call({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
      >
    >;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Plausible values from a schema

const typesOf = (schema: Schema) =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];

function sampleString(schema: Schema, name: string): string {
  if (known[name]) return known[name];
  if (schema.format === 'uuid') return crypto.randomUUID();
  if (schema.format === 'date') return '2026-06-01';
  if (schema.format === 'date-time') return '2026-06-01T10:00:00Z';
  if (schema.format === 'email') return 'someone@fuzz.test';
  const byName: Record<string, string> = {
    startTime: '09:00',
    timeZone: 'Europe/Paris',
    phone: '+254 700 000 000',
    id: 'fuzz-entry',
    slug: 'fuzz-city',
    password: 'a long enough password',
    token: 'x'.repeat(32),
  };
  if (byName[name]) return byName[name];
  const min = schema.minLength ?? 0;
  return 'fuzz text'.padEnd(Math.max(min, 9), 'x').slice(0, schema.maxLength ?? 100);
}

function sample(schema: Schema, name = ''): unknown {
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return sample(choices.find((c) => !typesOf(c).includes('null')) ?? choices[0], name);
  if (schema.allOf) return sample(Object.assign({}, ...schema.allOf) as Schema, name);
  const type = typesOf(schema).find((ty) => ty !== 'null') ?? 'string';
  switch (type) {
    case 'string':
      return sampleString(schema, name);
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      if (schema.prefixItems) return schema.prefixItems.map((item) => sample(item, name));
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, name));
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => schema.required?.includes(key))
          .map(([key, property]) => [key, sample(property, key)]),
      );
    default:
      return null;
  }
}

type Field = { path: (string | number)[]; schema: Schema };

/** Every place in a body one bad value can go: top-level fields, nested fields, the first item of arrays. */
function fieldPaths(schema: Schema, prefix: (string | number)[] = [], depth = 0): Field[] {
  if (depth > 4) return [];
  const fields: Field[] = [];
  for (const choice of [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    if (typeof choice !== 'object') continue;
    for (const [key, property] of Object.entries(choice.properties ?? {})) {
      fields.push(
        { path: [...prefix, key], schema: property },
        ...fieldPaths(property, [...prefix, key], depth + 1),
      );
    }
    if (choice.items) fields.push(...fieldPaths(choice.items, [...prefix, 0], depth + 1));
  }
  return fields;
}

/** How many runs an operation gets as the chair: more where there are more places to go wrong. */
function surfaceOf(op: Operation): number {
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  return op.parameters.length + Math.min(op.body ? fieldPaths(op.body).length : 0, 25) + (hasBody ? 3 : 0);
}

function chairRuns(op: Operation, perPlace: number): number {
  return Math.max(CHAIR_RUNS.min, Math.min(CHAIR_RUNS.max, Math.round(perPlace * surfaceOf(op))));
}

/**
 * Runs per place a request can go wrong (2.5) and runs per operation for anonymous callers (6),
 * lowered as the API grows so the whole fuzz stays within MAX_REQUESTS: every new route is still
 * walked, each a little less. Anonymous callers stop at the session check, so they give way first
 * once the chair's share is at its floor.
 */
function runsPlan(ops: Operation[]): { perPlace: number; anonymous: number } {
  const total = (perPlace: number, anonymous: number) =>
    ops.reduce((sum, op) => sum + anonymous + chairRuns(op, perPlace), 0);
  for (const anonymous of [ANONYMOUS_RUNS, 4, 3, 2]) {
    let perPlace = 2.5;
    while (perPlace > 0.5 && total(perPlace, anonymous) > MAX_REQUESTS) perPlace -= 0.1;
    if (total(perPlace, anonymous) <= MAX_REQUESTS) return { perPlace, anonymous };
  }
  throw new Error('The API outgrew the fuzz bound: raise MAX_REQUESTS deliberately, or lower CHAIR_RUNS.min');
}

function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (
    target && typeof target === 'object' ? target : typeof head === 'number' ? [] : {}
  ) as Record<string | number, unknown>;
  container[head] = setAt(container[head], rest, value);
  return container;
}

// ---------------------------------------------------------------------------------------------
// Bad values

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Bad text by class, as it arrives after URL decoding or JSON parsing. A value is drawn class first,
 * so each class (not each value) is equally likely.
 */
const badStringClasses: string[][] = [
  ['\u0000', 'a\u0000b', 'x'.repeat(10) + '\u0000'],
  ['x'.repeat(150), 'x'.repeat(20_001), '😀'.repeat(60)],
  [
    '0000-01-01',
    '2026-02-30',
    '9999-12-31',
    '2026-02-30T10:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ],
  ['1e308', '-1', '99999999999999999999999999', 'NaN', '1.5', '0x10'],
  [
    cursor([1, 'not-a-uuid']),
    cursor(['x', 'y']),
    cursor([null, null]),
    cursor(['2026-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000', 'extra']),
    cursor(['0000-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
  ],
  ['', '   ', '\ud800', '\u202eevil', '__proto__', "' or 1=1; drop table city; --", '../../etc/passwd'],
];
const badStrings = badStringClasses.flat();
const badStringValues = fc.oneof(...badStringClasses.map((values) => fc.constantFrom(...values)));

/** Bad path or query values, already percent-encoded. */
const badUrlValues = fc.oneof(
  fc.constantFrom('%00', 'a%00b', '%ZZ', '%ED%A0%80', '%C0%AF', '..%2F..%2F', '%20', 'null', '[]', '-0'),
  ...badStringClasses.map((values) =>
    fc.constantFrom(...values.filter((v) => !v.includes('\ud800')).map((v) => encodeURIComponent(v))),
  ),
);

const badNumbers = [1e308, -1e308, 0, -1, 1.5, 2 ** 53 + 2, -0, 5e-324, 1e20];

const badJsonValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    ...badStrings,
    ...badNumbers,
    true,
    null,
    [],
    {},
    [null],
    { nested: { deeper: ['\u0000'] } },
    Array.from({ length: 1000 }, () => 'x'),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
);

/** A bad value for one field: mostly one of its own type (a string for a string), else anything. */
function badValueFor(schema: Schema): fc.Arbitrary<unknown> {
  const types = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(typesOf);
  if (types.includes('string'))
    return fc.oneof({ weight: 3, arbitrary: badStringValues }, { weight: 1, arbitrary: badJsonValues });
  if (types.includes('number') || types.includes('integer'))
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...badNumbers) },
      { weight: 1, arbitrary: badJsonValues },
    );
  return badJsonValues;
}

type Mutation =
  | { kind: 'path'; name: string; value: string }
  | { kind: 'query'; name: string; value: string }
  | { kind: 'field'; path: (string | number)[]; value: unknown }
  | { kind: 'body'; raw: string; contentType?: string };

/**
 * The ways to break a request for one operation, weighted towards where the surface is: the
 * declared query parameters of a list, the fields of a body.
 */
function mutations(op: Operation): fc.Arbitrary<Mutation> {
  const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const declaredQuery = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const weighted: fc.WeightedArbitrary<Mutation>[] = [
    {
      weight: declaredQuery.length ? 3 : 1,
      arbitrary: fc.record({
        kind: fc.constant('query' as const),
        name: fc.constantFrom(...declaredQuery, 'unknownParam'),
        value: badUrlValues,
      }),
    },
  ];
  if (pathNames.length)
    weighted.push({
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('path' as const),
        name: fc.constantFrom(...pathNames),
        value: badUrlValues,
      }),
    });
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    const fields = op.body ? fieldPaths(op.body) : [];
    if (fields.length)
      weighted.push({
        weight: 4,
        arbitrary: fc.constantFrom(...fields).chain(({ path, schema }) =>
          fc.record({
            kind: fc.constant('field' as const),
            path: fc.constant(path),
            value: badValueFor(schema),
          }),
        ),
      });
    weighted.push({
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('body' as const),
        raw: fc.oneof(
          // Nothing to do: empty, or unknown fields only.
          { weight: 2, arbitrary: fc.constantFrom('{}', '{"colour":"red"}') },
          // The wrong JSON type.
          { weight: 1, arbitrary: fc.constantFrom('[]', 'null', '"text"', '12') },
          // Prototype pollution and NUL in a key or value.
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              '{"__proto__":{"admin":true}}',
              '{"constructor":{"prototype":{"admin":true}}}',
              '{"a\\u0000":"\\u0000"}',
            ),
          },
          // Not JSON at all, or nested deeper than any schema.
          { weight: 1, arbitrary: fc.constantFrom('{', '{"a":1,}', '', '['.repeat(500) + ']'.repeat(500)) },
        ),
        contentType: fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded') },
        ),
      }),
    });
  }
  return fc.oneof(...weighted);
}

function buildRequest(op: Operation, mutation: Mutation) {
  let url = op.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (mutation.kind === 'path' && mutation.name === name) return mutation.value;
    const parameter = op.parameters.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(String(sample(parameter?.schema ?? {}, name)));
  });
  const query: string[] = [];
  for (const p of op.parameters.filter((q) => q.in === 'query' && q.required)) {
    if (mutation.kind === 'query' && mutation.name === p.name) continue;
    query.push(`${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`);
  }
  if (mutation.kind === 'query') query.push(`${mutation.name}=${mutation.value}`);
  if (query.length) url += `?${query.join('&')}`;

  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  let payload: string | undefined;
  let contentType = 'application/json';
  if (mutation.kind === 'body') {
    payload = mutation.raw;
    contentType = mutation.contentType ?? contentType;
  } else if (hasBody) {
    let body = op.body ? sample(op.body) : {};
    if (mutation.kind === 'field') body = setAt(structuredClone(body), mutation.path, mutation.value);
    payload = JSON.stringify(body);
  }
  return {
    method: op.method as 'GET',
    url,
    ...(payload !== undefined ? { payload, headers: { 'content-type': contentType } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// What every answer must be

const STACK = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)|node_modules|\.ts:\d+/;
const SQL =
  /\b(select|insert into|delete from|update)\b[\s\S]*\b(from|where|values|set)\b|syntax error at|violates|relation "|invalid input syntax|invalid byte sequence|out of range for type|pg_|drizzle/i;

function problems(response: LightMyRequestResponse): string[] {
  const found: string[] = [];
  if (response.statusCode >= 500) found.push(`status ${response.statusCode}`);
  if (response.statusCode >= 400) {
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) found.push(`content-type ${type}`);
    else {
      try {
        const body = response.json() as { status?: number; code?: string; title?: string };
        if (body.status !== response.statusCode || !body.code || !body.title)
          found.push('not a problem body');
      } catch {
        found.push('problem body is not JSON');
      }
    }
    if (STACK.test(response.body)) found.push('stack trace in body');
    if (SQL.test(response.body)) found.push('SQL in body');
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

describe('the fuzz over every operation of the OpenAPI document', () => {
  const sentBy = { anonymous: 0, chair: 0 };

  it('walks at least the documented API', () => {
    expect(operations.length).toBeGreaterThan(90);
  });

  for (const caller of ['anonymous', 'chair'] as const) {
    it(
      `answers bad input with a 4xx problem+json, never a 5xx (${caller})`,
      { timeout: 600_000 },
      async () => {
        const failures: string[] = [];
        let sent = 0;
        const { perPlace, anonymous } = runsPlan(operations);
        for (const [index, op] of operations.entries()) {
          await fc.assert(
            fc.asyncProperty(mutations(op), async (mutation) => {
              const request = buildRequest(op, mutation);
              const response = await t.call({ ...request, ...(caller === 'chair' ? { cookie: chair } : {}) });
              sent++;
              const found = problems(response);
              if (found.length) {
                failures.push(
                  `${op.method} ${op.path} ${JSON.stringify(mutation).slice(0, 200)} → ${found.join(', ')}: ${response.body.slice(0, 200)}`,
                );
              }
            }),
            {
              seed: SEED + index + (caller === 'chair' ? 1000 : 0),
              numRuns: caller === 'chair' ? chairRuns(op, perPlace) : anonymous,
              endOnFailure: true,
            },
          );
        }
        sentBy[caller] = sent;
        expect(sentBy.anonymous + sentBy.chair).toBeLessThanOrEqual(MAX_REQUESTS);
        const fiveHundreds = failures.filter((f) => f.includes('→ status 5')).length;
        expect(
          failures,
          `${failures.length} bad answers (${fiveHundreds} of them 5xx) in ${sent} requests:\n${failures.slice(0, 40).join('\n')}`,
        ).toEqual([]);
      },
    );
  }
});

describe('the contracts bound every input', () => {
  /**
   * Every string a request may carry has a length limit and refuses a NUL byte (through the shared
   * primitives, an enum, or a format whose pattern excludes it); every number has both bounds;
   * every array a most number of items. A new route built from raw z.string() fails here.
   */
  function unbounded(schema: Schema, where: string, out: string[], depth = 0) {
    if (depth > 12) return;
    for (const choice of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      unbounded(choice, where, out, depth + 1);
    if (schema.enum || 'const' in schema) return;
    const types = typesOf(schema);
    if (types.includes('string')) {
      const patterns = [schema.pattern, ...(schema.allOf ?? []).map((s) => s.pattern)].filter(
        (p): p is string => Boolean(p),
      );
      const fixedFormat =
        schema.format === 'uuid' || schema.format === 'date' || schema.format === 'date-time';
      if (schema.maxLength === undefined && !fixedFormat) out.push(`${where}: string without maxLength`);
      if (!patterns.some((p) => !new RegExp(p).test('a\u0000b')))
        out.push(`${where}: string that admits NUL`);
    }
    if (types.includes('number') || types.includes('integer')) {
      const max = schema.maximum ?? schema.exclusiveMaximum;
      const min = schema.minimum ?? schema.exclusiveMinimum;
      if (max === undefined || min === undefined || max > 1e9 || min < -1e9)
        out.push(`${where}: number without sane bounds (${min}..${max})`);
    }
    if (types.includes('array')) {
      if (schema.maxItems === undefined && !schema.prefixItems) out.push(`${where}: array without maxItems`);
      if (schema.items) unbounded(schema.items, `${where}[]`, out, depth + 1);
      for (const [i, item] of (schema.prefixItems ?? []).entries())
        unbounded(item, `${where}[${i}]`, out, depth + 1);
    }
    for (const [key, property] of Object.entries(schema.properties ?? {}))
      unbounded(property, `${where}.${key}`, out, depth + 1);
    if (typeof schema.additionalProperties === 'object')
      out.push(`${where}: open-ended object (a record) in a request`);
  }

  it('in path parameters, query strings and bodies', () => {
    const out: string[] = [];
    for (const op of operations) {
      for (const p of op.parameters) unbounded(p.schema, `${op.method} ${op.path} ${p.in}.${p.name}`, out);
      if (op.body) unbounded(op.body, `${op.method} ${op.path} body`, out);
    }
    expect(out).toEqual([]);
  });
});
