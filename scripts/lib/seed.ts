/**
 * Demo data for the console: three users with verified identities, a linked sandbox card, money in more than one
 * currency and a history (payments between them, a conversion, a declined card), all made through the public graph
 * with the registered operations, as a client would. Seeding twice changes nothing: a demo user that already exists
 * is left as it is.
 */
import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { loadRegisteredOperations } from './operations.js';

export const DEMO_PASSWORD = 'orange kettle sunrise 42';
export const DEMO_USERS = [
  { key: 'ada', email: 'ada@demo.paygraph.test', displayName: 'Ada Lovelace', legalName: 'Ada King', fund: '500.00' },
  { key: 'grace', email: 'grace@demo.paygraph.test', displayName: 'Grace Hopper', legalName: 'Grace Brewster Hopper', fund: '300.00' },
  { key: 'alan', email: 'alan@demo.paygraph.test', displayName: 'Alan Turing', legalName: 'Alan Mathison Turing', fund: '200.00' },
] as const;

type DemoKey = (typeof DEMO_USERS)[number]['key'];

interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: { message: string }[];
}

export interface SeedResult {
  created: string[];
  existing: string[];
}

export async function seedDemo(graphqlUrl: string, root: string, log: (msg: string) => void = () => {}): Promise<SeedResult> {
  const loaded = await loadRegisteredOperations(root);
  const text = new Map(loaded.operations.map((o) => [o.name, print(o.document)]));
  const run = async (name: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>> => {
    const query = text.get(name);
    if (!query) throw new Error(`seed: no registered operation ${name}`);
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLResult;
    if (body.errors?.length || !body.data) throw new Error(`seed: ${name} failed: ${JSON.stringify(body.errors ?? body)}`);
    const payload = Object.values(body.data)[0] as { userErrors?: { code: string; message: string }[] } | null;
    if (payload?.userErrors?.length) throw new Error(`seed: ${name}: ${payload.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
    return body.data;
  };
  const key = () => `seed-${randomUUID()}`;

  const result: SeedResult = { created: [], existing: [] };
  const tokens = {} as Record<DemoKey, string>;
  const fresh: DemoKey[] = [];
  for (const u of DEMO_USERS) {
    try {
      const { register } = await run('Register', { input: { email: u.email, password: DEMO_PASSWORD, displayName: u.displayName } });
      tokens[u.key] = register.accessToken;
      fresh.push(u.key);
      result.created.push(u.email);
    } catch (error) {
      if (!String(error).includes('EMAIL_TAKEN')) throw error;
      result.existing.push(u.email);
    }
  }
  if (fresh.length < DEMO_USERS.length) {
    if (fresh.length > 0) log(`some demo users existed already; seeded only ${fresh.join(', ')} with their own money`);
    else return result;
  }

  for (const u of DEMO_USERS.filter((d) => fresh.includes(d.key))) {
    const token = tokens[u.key];
    await run('SubmitKyc', {
      input: { legalName: u.legalName, dateOfBirth: '1990-01-01', country: 'GB', addressLine1: '1 Demo Street', city: 'London', postalCode: 'N1 9GU', documentNumber: `DEMO${u.key.toUpperCase()}1` },
    }, token);
    const { linkCard } = await run('LinkCard', { input: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123', holderName: u.legalName } }, token);
    await run('AddFunds', { input: { fundingInstrumentId: linkCard.fundingInstrument.id, amount: { amount: u.fund, currency: 'USD' }, idempotencyKey: key(), awaitCompletion: true } }, token);
    log(`seeded ${u.email} with ${u.fund} USD`);
  }
  // The history between the demo users, only when all of them are new (a partial seed keeps to each user's own money).
  if (fresh.length === DEMO_USERS.length) {
    const pay = (from: DemoKey, to: DemoKey, amount: string, note: string) =>
      run('SendMoney', {
        input: { recipientEmail: DEMO_USERS.find((d) => d.key === to)!.email, amount: { amount, currency: 'USD' }, note, idempotencyKey: key(), awaitCompletion: true },
      }, tokens[from]);
    await pay('ada', 'grace', '25.00', 'Coffee beans');
    await pay('grace', 'alan', '12.50', 'Lunch');
    await pay('alan', 'ada', '40.00', 'Concert tickets');
    await pay('ada', 'alan', '8.75', 'Bus fare');
    const { fxQuote } = await run('FxQuote', { input: { sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '60.00' } }, tokens.ada);
    await run('ConvertCurrency', { input: { quoteId: fxQuote.id, idempotencyKey: key(), awaitCompletion: true } }, tokens.ada);
    // A declined card, so the history shows a failed payment too.
    const { linkCard } = await run('LinkCard', { input: { number: '4000000000000002', expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123' } }, tokens.grace);
    await run('AddFunds', { input: { fundingInstrumentId: linkCard.fundingInstrument.id, amount: { amount: '75.00', currency: 'USD' }, idempotencyKey: key(), awaitCompletion: true } }, tokens.grace);
    log('seeded payments between the demo users, a conversion and a declined card');
  }
  return result;
}
