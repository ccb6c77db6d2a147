import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ConsoleActivityDocument,
  type ActivityFilter,
  type ConsoleActivityQuery,
  type PaymentKind,
  type PaymentStatus,
} from '../__generated__/graphql';
import { describeError, useApi } from '../api/context';
import { CURRENCIES, formatMoney } from '../api/money';
import { FormErrors, Select } from '../app/forms';
import { useLive } from '../app/live';
import { href } from '../app/router';

type Movement = NonNullable<ConsoleActivityQuery['me']>['activity']['edges'][number]['node'];

const KINDS: PaymentKind[] = ['ADD_FUNDS', 'P2P', 'CONVERSION', 'WITHDRAWAL', 'REFUND'];
const STATUSES: PaymentStatus[] = ['PENDING', 'PROCESSING', 'ON_HOLD', 'COMPLETED', 'FAILED'];
const PAGE = 15;

const WORDS: Record<string, string> = { P2P: 'Payment', ADD_FUNDS: 'Add funds', ON_HOLD: 'On hold' };

/** An enum value for people: `FUNDS_CAPTURE` → "Funds capture", `P2P` → "Payment". */
export const label = (v: string) => WORDS[v] ?? v.charAt(0) + v.slice(1).toLowerCase().replace(/_/g, ' ');

export function describeMovement(m: Movement): string {
  switch (m.kind) {
    case 'ADD_FUNDS':
      return 'Added from card';
    case 'CONVERSION':
      return m.targetAmount ? `Converted to ${m.targetAmount.currency}` : 'Conversion';
    default:
      return m.direction === 'IN' ? `From ${m.counterparty?.displayName ?? 'someone'}` : `To ${m.counterparty?.displayName ?? 'someone'}`;
  }
}

/** History with filters, paged by Relay cursors as the list scrolls (a sentinel under the list asks for the next page). */
export function Activity() {
  const { client } = useApi();
  const { balanceVersion } = useLive();
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [currency, setCurrency] = useState('');
  const [items, setItems] = useState<Movement[]>([]);
  const [page, setPage] = useState<{ hasNextPage: boolean; endCursor: string | null }>({ hasNextPage: false, endCursor: null });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const sentinel = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const filter: ActivityFilter = {
    ...(kind ? { kinds: [kind as PaymentKind] } : {}),
    ...(status ? { statuses: [status as PaymentStatus] } : {}),
    ...(currency ? { currency } : {}),
  };
  const filterKey = JSON.stringify(filter);

  const load = useCallback(
    async (after: string | null) => {
      const mine = after ? generation.current : ++generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const data = await client.request(ConsoleActivityDocument, { first: PAGE, after, filter: JSON.parse(filterKey) as ActivityFilter });
        if (mine !== generation.current) return;
        const conn = data.me?.activity;
        const nodes = conn?.edges.map((e) => e.node) ?? [];
        setItems((prev) => (after ? [...prev, ...nodes.filter((n) => !prev.some((p) => p.id === n.id))] : nodes));
        setPage(conn?.pageInfo ?? { hasNextPage: false, endCursor: null });
      } catch (e) {
        if (mine === generation.current) setError(describeError(e));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [client, filterKey],
  );

  // First page again when the filter changes or money moved.
  useEffect(() => {
    void load(null);
  }, [load, balanceVersion]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !page.hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) void load(page.endCursor);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [page, loading, load]);

  return (
    <>
      <h1>Activity</h1>
      <form className="filters" aria-label="Filter activity" onSubmit={(e) => e.preventDefault()}>
        <Select label="Kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {label(k)}
            </option>
          ))}
        </Select>
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </Select>
        <Select label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
          <option value="">All currencies</option>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </form>
      {error && <FormErrors errors={[error]} />}
      {!loading && items.length === 0 && !error && <p className="empty">No money movements match.</p>}
      <ul className="activity" aria-label="Money movements" aria-busy={loading}>
        {items.map((m) => (
          <li key={m.id} className="movement" data-kind={m.kind} data-status={m.status}>
            <a href={href({ name: 'payment', id: m.payment.id })}>
              <span className="movement-what">
                <span className="movement-title">{describeMovement(m)}</span>
                <span className="movement-meta">
                  {label(m.kind)} · <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString()}</time>
                  {m.payment.note ? ` · “${m.payment.note}”` : ''}
                </span>
              </span>
              <span className="movement-money">
                <span className={m.direction === 'IN' ? 'amount in' : 'amount out'}>
                  {m.direction === 'IN' ? '+' : '−'}
                  {formatMoney(m.amount)}
                </span>
                <span className={`badge status-${m.status.toLowerCase()}`}>{label(m.status)}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="sentinel" aria-hidden="true" />
      {page.hasNextPage && (
        <button type="button" onClick={() => void load(page.endCursor)} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
      {loading && <p aria-busy="true">Loading…</p>}
    </>
  );
}
