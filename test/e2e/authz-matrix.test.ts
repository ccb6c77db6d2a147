import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLER_EXEMPT, CALLER_MATRIX, MATRIX, PARTNER_MATRIX, SUBSCRIPTION_MATRIX, type Outcome } from '../authz/matrix.js';
import { fieldsOf, operationFor, ROOTS } from '../authz/schema.js';
import { bootStack, type TestStack } from '../support/stack.js';

/**
 * The authorisation matrix (test/authz/matrix.ts) against the public schema and through the gateway.
 */
type Response = { status: number; errors?: { extensions?: Record<string, unknown> }[] };
function outcomeOf(res: Response): Outcome | 'OTHER' {
  const codes = (res.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return res.status === 401 ? 'UNAUTHENTICATED' : 'OTHER';
  // Past authorisation: data, a business userError, or the absent variables refused at coercion.
  if (codes.includes('GRAPHQL_VALIDATION_FAILED') || codes.includes('GRAPHQL_PARSE_FAILED')) return 'OTHER';
  return 'ALLOW';
}

describe('when the public schema and the authorisation matrix are compared', () => {
  it.each(ROOTS)('then every %s field has a row and every row names a field of the schema', (rootType) => {
    const inSchema = fieldsOf(rootType).map((f) => f.name).sort();
    const inTable = Object.keys(MATRIX[rootType]).sort();
    expect({ rootType, withoutRule: inSchema.filter((f) => !inTable.includes(f)) }).toEqual({ rootType, withoutRule: [] });
    expect({ rootType, notInSchema: inTable.filter((f) => !inSchema.includes(f)) }).toEqual({ rootType, notInSchema: [] });
    // The partner key columns (Query, Mutation) and the subscription columns have a row for every field too.
    const other = rootType === 'Subscription' ? Object.keys(SUBSCRIPTION_MATRIX).map((k) => k.split('.')[1]!) : Object.keys(PARTNER_MATRIX[rootType]);
    expect({ rootType, otherColumns: other.sort() }).toEqual({ rootType, otherColumns: inSchema });
    // The owner / other-user / admin columns: a row, or a reason it has none.
    if (rootType !== 'Subscription') {
      const decided = [...Object.keys(CALLER_MATRIX), ...Object.keys(CALLER_EXEMPT)].filter((k) => k.startsWith(`${rootType}.`)).map((k) => k.split('.')[1]!);
      expect({ rootType, callerColumns: decided.sort() }).toEqual({ rootType, callerColumns: inSchema });
    }
  });
});

describe('when an anonymous caller selects each root field through the gateway', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await bootStack();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('then each outcome is the one the matrix names', async () => {
    const cases = ROOTS.flatMap((rootType) => fieldsOf(rootType).map((field) => ({ rootType, field })));
    expect(cases.length).toBeGreaterThan(60);
    const results: { field: string; outcome: string }[] = [];
    const expected: { field: string; outcome: string }[] = [];
    // A few at a time: the machine is shared.
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async ({ rootType, field }) => {
          const res = (await t.gql(operationFor(rootType, field))) as Response;
          const name = `${rootType}.${field.name}`;
          results.push({ field: name, outcome: outcomeOf(res) });
          expected.push({ field: name, outcome: MATRIX[rootType][field.name]?.anonymous ?? 'NO RULE' });
        }),
      );
    }
    const byName = (a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field);
    expect(results.sort(byName)).toEqual(expected.sort(byName));
    // Both outcomes occur, so neither classification is vacuous.
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['ALLOW', 'UNAUTHENTICATED']));
  });
});
