/**
 * Merchant settlement days (services/merchant-settlement.service.ts closes them): a business date is a UTC day
 * `YYYY-MM-DD`, its window is [00:00, next 00:00) UTC, and it may close once it is over plus a delay, so that a capture
 * or refund stamped in the day's last moments has committed before the day's batches are taken.
 */
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type BusinessDate = string & { readonly __businessDate: unique symbol };

/** The date when it names a real calendar day (2026-02-30 does not), else null. */
export function parseBusinessDate(value: string): BusinessDate | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = new Date(Date.UTC(y, mo - 1, d));
  if (start.getUTCFullYear() !== y || start.getUTCMonth() !== mo - 1 || start.getUTCDate() !== d) return null;
  return value as BusinessDate;
}

/** The UTC day an instant falls in. */
export function businessDateOf(at: Date): BusinessDate {
  return at.toISOString().slice(0, 10) as BusinessDate;
}

/** [start, end) of the day in UTC. */
export function dayWindow(date: BusinessDate): { start: Date; end: Date } {
  const start = new Date(`${date}T00:00:00.000Z`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** When the day may close: its end plus the delay. */
export function closesAt(date: BusinessDate, delayMs: number): Date {
  return new Date(dayWindow(date).end.getTime() + delayMs);
}

export function isClosable(date: BusinessDate, now: Date, delayMs: number): boolean {
  return now.getTime() >= closesAt(date, delayMs).getTime();
}

/** The days of the last `lookBackDays` (today not counted) that may close at `now`, oldest first. */
export function closableDays(now: Date, delayMs: number, lookBackDays: number): BusinessDate[] {
  const today = dayWindow(businessDateOf(now)).start.getTime();
  const days: BusinessDate[] = [];
  for (let i = lookBackDays; i >= 1; i--) {
    const date = businessDateOf(new Date(today - i * DAY_MS));
    if (isClosable(date, now, delayMs)) days.push(date);
  }
  return days;
}

/** The advisory lock key of a day: days since the epoch (one lock per day, every replica and the admin's close). */
export function dayLockKey(date: BusinessDate): number {
  return Math.round(dayWindow(date).start.getTime() / DAY_MS);
}

export interface SettlementTotals {
  gross: bigint;
  fees: bigint;
  refunds: bigint;
  net: bigint;
  itemCount: number;
}

/** A batch's totals from its items: captures bring gross and fees, refunds are taken off; net may be negative. */
export function totalsOf(items: readonly { kind: 'CAPTURE' | 'REFUND'; amount: bigint; fee: bigint }[]): SettlementTotals {
  let gross = 0n;
  let fees = 0n;
  let refunds = 0n;
  for (const i of items) {
    if (i.kind === 'CAPTURE') {
      gross += i.amount;
      fees += i.fee;
    } else refunds += i.amount;
  }
  return { gross, fees, refunds, net: gross - fees - refunds, itemCount: items.length };
}
