import type { EntityManager } from '@paygraph/platform/db';
import { PRIVACY_EXPORT_ROWS, exportMoney, exportInstant, type ExportRow, type PrivacyParticipant } from '@paygraph/platform/privacy';

const LIMIT = PRIVACY_EXPORT_ROWS + 1;
const count = async (em: EntityManager, sql: string, params: unknown[]) =>
  (await em.execute<{ n: number }[]>(`with changed as (${sql} returning 1) select count(*)::int as n from changed`, params))[0]?.n ?? 0;

/**
 * payments' part of privacy requests (docs/security.md, "Privacy requests"): the payments the user sent or received,
 * the money requests they made or were asked, their withdrawals, the checkouts they paid or sold, and their
 * merchant settlement batches. Erased: the free text people wrote (payment and request notes) and the card's last 4
 * on the user's own payments and checkouts. Kept, because they are the books and not the person: every amount, id,
 * status and date (reconciliation and refunds depend on them), the PSP tokens and references and the bank's last 4
 * of withdrawals (refunds, disputes, returns from the bank), and merchants' own checkout references.
 */
export class PaymentsPrivacy implements PrivacyParticipant {
  /** `forget`: told of each user erased here, so that this process stops paying them at once (adapters/peers.ts). */
  constructor(private readonly forget: (userId: string) => void = () => {}) {}

  async exportData(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const payments = await em.execute<ExportRow[]>(
      `select id, kind, status, amount::text as amount, currency, target_amount::text as target_amount, target_currency, note, card_last4,
              failure_reason, sender_id, recipient_id, refund_of_id, refunded_amount::text as refunded_amount, request_id, created_at, updated_at
         from payment where sender_id = ? or recipient_id = ? order by created_at desc, id desc limit ?`,
      [userId, userId, LIMIT],
    );
    const requests = await em.execute<ExportRow[]>(
      `select id, status, amount::text as amount, currency, note, requester_id, payer_id, payment_id, expires_at, created_at, closed_at
         from payment_request where requester_id = ? or payer_id = ? order by created_at desc, id desc limit ?`,
      [userId, userId, LIMIT],
    );
    const withdrawals = await em.execute<ExportRow[]>(
      `select id, status, amount::text as amount, currency, wallet_id, bank_account_id, bank_last4, failure_reason, created_at, paid_at, returned_at
         from withdrawal where user_id = ? order by created_at desc, id desc limit ?`,
      [userId, LIMIT],
    );
    const checkouts = await em.execute<ExportRow[]>(
      `select id, status, amount::text as amount, currency, captured_amount::text as captured_amount, fee_amount::text as fee_amount, reference,
              merchant_id, merchant_account_id, buyer_id, funding_source, card_last4, payment_id, created_at, closed_at
         from checkout where merchant_id = ? or buyer_id = ? order by created_at desc, id desc limit ?`,
      [userId, userId, LIMIT],
    );
    const batches = await em.execute<ExportRow[]>(
      `select id, merchant_account_id, to_char(business_date, 'YYYY-MM-DD') as business_date, currency, gross::text as gross, fees::text as fees,
              refunds::text as refunds, net::text as net, item_count, closed_at
         from settlement_batch where merchant_id = ? order by business_date desc, id desc limit ?`,
      [userId, LIMIT],
    );
    return {
      payments: payments.map((p) => ({
        id: p.id,
        kind: p.kind,
        status: p.status,
        role: p.sender_id === userId ? 'SENDER' : 'RECIPIENT',
        amount: exportMoney(p.amount, p.currency),
        targetAmount: exportMoney(p.target_amount, p.target_currency),
        note: p.note ?? null,
        cardLast4: p.card_last4 ?? null,
        failureReason: p.failure_reason ?? null,
        senderId: p.sender_id,
        recipientId: p.recipient_id,
        refundOf: p.refund_of_id ?? null,
        refunded: exportMoney(p.refunded_amount, p.currency),
        paymentRequestId: p.request_id ?? null,
        createdAt: exportInstant(p.created_at),
        updatedAt: exportInstant(p.updated_at),
      })),
      paymentRequests: requests.map((r) => ({
        id: r.id,
        status: r.status,
        role: r.requester_id === userId ? 'REQUESTER' : 'PAYER',
        amount: exportMoney(r.amount, r.currency),
        note: r.note ?? null,
        requesterId: r.requester_id,
        payerId: r.payer_id,
        paymentId: r.payment_id ?? null,
        expiresAt: exportInstant(r.expires_at),
        createdAt: exportInstant(r.created_at),
        closedAt: exportInstant(r.closed_at),
      })),
      withdrawals: withdrawals.map((w) => ({
        id: w.id,
        status: w.status,
        amount: exportMoney(w.amount, w.currency),
        walletId: w.wallet_id,
        bankAccountId: w.bank_account_id,
        bankLast4: w.bank_last4,
        failureReason: w.failure_reason ?? null,
        createdAt: exportInstant(w.created_at),
        paidAt: exportInstant(w.paid_at),
        returnedAt: exportInstant(w.returned_at),
      })),
      checkouts: checkouts.map((c) => ({
        id: c.id,
        status: c.status,
        role: c.merchant_id === userId ? 'MERCHANT' : 'BUYER',
        amount: exportMoney(c.amount, c.currency),
        captured: exportMoney(c.captured_amount, c.currency),
        fee: exportMoney(c.fee_amount, c.currency),
        reference: c.reference,
        merchantAccountId: c.merchant_account_id,
        buyerId: c.buyer_id ?? null,
        fundingSource: c.funding_source ?? null,
        cardLast4: c.card_last4 ?? null,
        paymentId: c.payment_id ?? null,
        createdAt: exportInstant(c.created_at),
        closedAt: exportInstant(c.closed_at),
      })),
      settlementBatches: batches.map((b) => ({
        id: b.id,
        merchantAccountId: b.merchant_account_id,
        businessDate: b.business_date,
        gross: exportMoney(b.gross, b.currency),
        fees: exportMoney(b.fees, b.currency),
        refunds: exportMoney(b.refunds, b.currency),
        net: exportMoney(b.net, b.currency),
        itemCount: b.item_count,
        closedAt: exportInstant(b.closed_at),
      })),
    };
  }

  async erase(em: EntityManager, userId: string): Promise<{ erased: Record<string, number>; kept: string[] }> {
    const notes = await count(em, `update payment set note = null where (sender_id = ? or recipient_id = ?) and note is not null`, [userId, userId]);
    const cards = await count(em, `update payment set card_last4 = null where sender_id = ? and card_last4 is not null`, [userId]);
    const requests = await count(
      em,
      `update payment_request set note = null where (requester_id = ? or payer_id = ?) and note is not null`,
      [userId, userId],
    );
    const checkouts = await count(em, `update checkout set card_last4 = null where buyer_id = ? and card_last4 is not null`, [userId]);
    this.forget(userId);
    return {
      erased: { 'payment.note': notes, 'payment.card_last4': cards, 'payment_request.note': requests, 'checkout.card_last4': checkouts },
      kept: [
        'every amount, id, status and date of payments, requests, withdrawals, checkouts and settlements (the books)',
        "PSP tokens and references and withdrawals' bank last 4 (refunds, disputes, bank returns); merchants' checkout references",
      ],
    };
  }
}
