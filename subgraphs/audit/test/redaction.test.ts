import { describe, expect, it } from '@jest/globals';
import { catalog, eventTypes } from '@paygraph/events';
import { auditHandlers } from '../src/events/audit.consumer.js';
import { AuditService } from '../src/services/audit.service.js';
import { canonicalJson, ERASED, GENESIS_HASH, PERSONAL, personalDigest, recordHash } from '../src/services/chain.js';
import { joinPersonal, looksLikeCardNumber, maskEmail, REDACTED, redact, splitPersonal } from '../src/services/redaction.js';
import { actorOf, entityTypeOf, subjectsOf } from '../src/services/subjects.js';

describe('redact', () => {
  it('when a payload carries secrets, card or bank data, then their values are replaced whatever the key spelling', () => {
    const out = redact({
      password: 'hunter2',
      newPassword: 'x',
      token: 't',
      refresh_token: 'r',
      pspToken: 'tok_visa',
      clientSecret: 's',
      number: '4000056655665556',
      cvc: '123',
      CVV: '999',
      iban: 'DE89370400440532013000',
      accountNumber: '12345678',
      document_number: 'X1234567',
      card: { number: 4111111111111111, last4: '1111', expMonth: 12 },
      keep: 'visible',
    });
    expect(out).toEqual({
      password: REDACTED,
      newPassword: REDACTED,
      token: REDACTED,
      refresh_token: REDACTED,
      pspToken: REDACTED,
      clientSecret: REDACTED,
      number: REDACTED,
      cvc: REDACTED,
      CVV: REDACTED,
      iban: REDACTED,
      accountNumber: REDACTED,
      document_number: REDACTED,
      card: { number: REDACTED, last4: '1111', expMonth: 12 },
      keep: 'visible',
    });
  });

  it('when a payload carries an email, then only its first character and domain remain', () => {
    expect(redact({ email: 'alice@example.com', contactEmail: 'bob@x.io', list: [{ email: 'c@d.e' }] })).toEqual({
      email: 'a***@example.com',
      contactEmail: 'b***@x.io',
      list: [{ email: 'c***@d.e' }],
    });
    expect(maskEmail('not-an-address')).toBe(REDACTED);
    expect(maskEmail('@example.com')).toBe(REDACTED);
    expect(redact({ email: null })).toEqual({ email: null });
  });

  it('when a free-text field holds a card number, then it is redacted, and other digits are kept', () => {
    expect(redact({ note: '4242 4242 4242 4242', other: '4242-4242-4242-4242', ref: '4242424242424241', amount: '2500' })).toEqual({
      note: REDACTED,
      other: REDACTED,
      ref: '4242424242424241', // fails Luhn: not a card number
      amount: '2500',
    });
    expect(looksLikeCardNumber('378282246310005')).toBe(true);
    expect(looksLikeCardNumber('123456789012')).toBe(false);
  });

  it('when nothing is secret, then the payload is unchanged', () => {
    const data = { paymentId: 'pay_1', amount: { minor: '1', currency: 'USD' }, reasons: ['a'], score: 3, ok: true, x: null };
    expect(redact(data)).toEqual(data);
  });
});

describe('canonical JSON and the record hash', () => {
  it('when keys are written in another order, then the canonical JSON and the hash are the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
    const fields = (payload: unknown) => ({
      id: 'aud_1', seq: 1n, eventId: 'e', eventType: 'T', version: 1, source: 's', actorId: null, entityType: 'Payment',
      entityId: 'pay_1', occurredAt: new Date(0), recordedAt: new Date(1), correlationId: 'c', causationId: null, trace: {}, payload,
    });
    const h = recordHash(GENESIS_HASH, fields({ a: 1, b: 2 }));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(recordHash(GENESIS_HASH, fields({ b: 2, a: 1 }))).toBe(h);
    expect(recordHash(GENESIS_HASH, fields({ a: 1, b: 3 }))).not.toBe(h);
    expect(recordHash('1'.repeat(64), fields({ a: 1, b: 2 }))).not.toBe(h);
  });
});

describe('classification', () => {
  it('when the consumer is built, then it handles every event type of the catalog', () => {
    const handlers = auditHandlers(new AuditService());
    expect(Object.keys(handlers).sort()).toEqual([...eventTypes].sort());
    expect(Object.keys(actorOf).sort()).toEqual(Object.keys(catalog).sort());
  });

  it('when an aggregate id has a known prefix, then its kind is named, else Unknown', () => {
    expect(entityTypeOf('pay_0123456789abcdef0123456789abcdef')).toBe('Payment');
    expect(entityTypeOf('txn_0123456789abcdef0123456789abcdef')).toBe('Transaction');
    expect(entityTypeOf('wal_0123456789abcdef0123456789abcdef')).toBe('Wallet');
    expect(entityTypeOf('zzz_1')).toBe('Unknown');
    expect(entityTypeOf('nope')).toBe('Unknown');
    expect(actorOf.ReviewResolved({ resolvedBy: 'usr_a' } as never)).toBe('usr_a');
  });
});

describe('personal values (docs/security.md, "Privacy requests")', () => {
  const payload = {
    userId: 'usr_0123456789abcdef0123456789abcdef',
    email: 'a***@example.com',
    displayName: 'Ann',
    amount: { minor: '100', currency: 'USD' },
    note: 'rent',
    reason: 'INSUFFICIENT_FUNDS',
    bankLast4: '6789',
    uses: [{ ip: '203.0.113.1', status: 200, operationName: 'Pay' }],
    token: REDACTED,
  };

  it('when a payload is split, then names, contact data, IPs, free text and last4s leave the facts, and enums, ids, amounts and redactions stay', () => {
    const { facts, personal } = splitPersonal(payload, PERSONAL);
    expect(personal).toEqual({ '/email': 'a***@example.com', '/displayName': 'Ann', '/note': 'rent', '/bankLast4': '6789', '/uses/0/ip': '203.0.113.1' });
    expect(facts).toEqual({ ...payload, email: PERSONAL, displayName: PERSONAL, note: PERSONAL, bankLast4: PERSONAL, uses: [{ ip: PERSONAL, status: 200, operationName: 'Pay' }] });
    expect(splitPersonal({ reason: 'the customer asked' }, PERSONAL).personal).toEqual({ '/reason': 'the customer asked' });
    expect(splitPersonal({ note: null }, PERSONAL).personal).toEqual({});
  });

  it('when joined again, then the payload is what it was; without its personal values they read ERASED', () => {
    const { facts, personal } = splitPersonal(payload, PERSONAL);
    expect(joinPersonal(facts, personal, PERSONAL, ERASED)).toEqual(payload);
    expect(joinPersonal(facts, null, PERSONAL, ERASED)).toMatchObject({ email: ERASED, uses: [{ ip: ERASED, status: 200 }], amount: payload.amount });
  });

  it('when hashed as version 2, then the digest stands for the personal values: they can go, and changing the digest changes the hash', () => {
    const { facts, personal } = splitPersonal(payload, PERSONAL);
    const fields = {
      id: 'aud_1', seq: 1n, eventId: '0190', eventType: 'X', version: 1, source: 's', entityType: 'User', entityId: payload.userId,
      occurredAt: new Date(0), recordedAt: new Date(0), correlationId: 'c', trace: {}, payload: facts, hashVersion: 2,
    };
    const digest = personalDigest('salt', personal);
    expect(personalDigest('other salt', personal)).not.toBe(digest);
    const hash = recordHash(GENESIS_HASH, { ...fields, personalDigest: digest });
    expect(recordHash(GENESIS_HASH, { ...fields, personalDigest: personalDigest('salt', { ...personal, '/note': 'x' }) })).not.toBe(hash);
    // Version 1 hashes the payload as it always did.
    const v1 = { ...fields, hashVersion: 1, payload };
    expect(recordHash(GENESIS_HASH, v1)).toBe(recordHash(GENESIS_HASH, { ...v1, hashVersion: undefined, personalDigest: digest }));
  });

  it('when a record is classified, then its subjects are its actor, a user entity and every user id in the payload', () => {
    const a = 'usr_0123456789abcdef0123456789abcdef';
    const b = 'usr_fedcba9876543210fedcba9876543210';
    expect(subjectsOf({ senderId: a, nested: [{ recipientId: b }], paymentId: 'pay_0123456789abcdef0123456789abcdef' }, null, 'pay_x')).toEqual([a, b].sort());
    expect(subjectsOf({}, a, b)).toEqual([a, b].sort());
  });
});
