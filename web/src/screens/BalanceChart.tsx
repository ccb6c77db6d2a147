import { useEffect, useState } from 'react';
import { ConsoleBalanceHistoryDocument, type ConsoleBalanceHistoryQuery } from '../__generated__/graphql';
import { describeError, useApi } from '../api/context';
import { chartValue, formatMoney } from '../api/money';
import { useLive } from '../app/live';

const POINTS = 12;
const WEEK_MS = 7 * 24 * 3600 * 1000;

interface Point {
  at: Date;
  amount: string;
}

type HistoryWallet = NonNullable<ConsoleBalanceHistoryQuery['wallet']>;

/** Twelve instants, evenly spaced from `from` to `to` (the last one is `to`). */
function instants(from: number, to: number): Date[] {
  const step = (to - from) / (POINTS - 1);
  return Array.from({ length: POINTS }, (_, i) => new Date(Math.round(from + step * i)));
}

function variables(walletId: string, at: Date[]) {
  const v: Record<string, string> = { walletId };
  at.forEach((d, i) => (v[`t${i}`] = d.toISOString()));
  return v as { walletId: string } & Record<`t${number}`, string>;
}

function pointsOf(wallet: HistoryWallet, at: Date[]): Point[] {
  return at.map((d, i) => ({ at: d, amount: (wallet[`b${i}` as keyof HistoryWallet] as { amount: string }).amount }));
}

/**
 * The wallet's balance over the last week (or since it opened, when younger), read from the ledger with `balanceAt`
 * at twelve instants in one request. Redrawn when a live balance change arrives.
 */
export function BalanceChart({ walletId, currency, balance }: { walletId: string; currency: string; balance: string }) {
  const { client } = useApi();
  const { balanceVersion } = useLive();
  const [points, setPoints] = useState<Point[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const now = Date.now();
      let at = instants(now - WEEK_MS, now);
      const ask = (times: Date[]) => client.request(ConsoleBalanceHistoryDocument, variables(walletId, times) as never);
      let data = await ask(at);
      const opened = data.wallet ? Date.parse(data.wallet.createdAt) : NaN;
      if (data.wallet && opened > at[0]!.getTime()) {
        at = instants(opened, now);
        data = await ask(at);
      }
      if (!cancelled && data.wallet) setPoints(pointsOf(data.wallet, at));
    })().catch((e: unknown) => !cancelled && setError(describeError(e)));
    return () => {
      cancelled = true;
    };
  }, [client, walletId, balanceVersion]);

  const title = `${currency} balance over time`;
  if (error) return <p className="form-errors" role="alert">{error}</p>;
  if (!points) return <p aria-busy="true">Loading the balance history…</p>;

  const values = points.map((p) => chartValue(p.amount));
  const max = Math.max(...values, chartValue(balance), 1);
  const w = 600;
  const h = 180;
  const pad = 28;
  const x = (i: number) => pad + (i * (w - 2 * pad)) / (POINTS - 1);
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const line = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  // A young wallet's chart spans minutes: label it with times, an older one's with dates.
  const short = last.at.getTime() - first.at.getTime() < 24 * 3600 * 1000;
  const tick = (d: Date) => (short ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString());
  const summary = `${title}: from ${formatMoney({ amount: first.amount, currency })} on ${first.at.toLocaleString()} to ${formatMoney({ amount: last.amount, currency })} now.`;

  return (
    <figure className="card chart">
      <figcaption>
        <h2>{title}</h2>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={summary} preserveAspectRatio="none">
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} className="axis" />
        <polygon points={`${x(0)},${h - pad} ${line} ${x(POINTS - 1)},${h - pad}`} className="area" />
        <polyline points={line} className="line" />
        {values.map((v, i) => (
          <circle key={i} cx={x(i)} cy={y(v)} r={3} className="dot" />
        ))}
        <text x={pad} y={h - 8} className="tick">
          {tick(first.at)}
        </text>
        <text x={w - pad} y={h - 8} className="tick" textAnchor="end">
          now
        </text>
        <text x={pad} y={16} className="tick">
          {formatMoney({ amount: String(max), currency })}
        </text>
      </svg>
      <details>
        <summary>Balance table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Balance</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at.toISOString()}>
                <td>{p.at.toLocaleString()}</td>
                <td>{formatMoney({ amount: p.amount, currency })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
