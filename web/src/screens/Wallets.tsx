import { useEffect, useState, type FormEvent } from 'react';
import { MeDocument, OpenWalletDocument, type MeQuery } from '../__generated__/graphql';
import { describeError, useApi, useQuery } from '../api/context';
import { CURRENCIES, formatMoney } from '../api/money';
import { FormErrors, Select, type UserErrorShape } from '../app/forms';
import { useLive } from '../app/live';
import { href } from '../app/router';
import { BalanceChart } from './BalanceChart';

export type MeWallet = NonNullable<MeQuery['me']>['wallets'][number];

/** The viewer's wallets with the live balances the subscription pushed since they were read. */
export function useWallets() {
  const me = useQuery(MeDocument, {});
  const live = useLive();
  const wallets = (me.data?.me?.wallets ?? []).map((w) => {
    const pushed = live.wallets[w.id];
    return pushed ? { ...w, balance: pushed.balance, available: pushed.available } : w;
  });
  // A wallet opened elsewhere (a first payment in a new currency) shows up with the balance change: read it again.
  const unknown = Object.keys(live.wallets).some((id) => me.data && !wallets.some((w) => w.id === id));
  const { refetch } = me;
  useEffect(() => {
    if (unknown) void refetch();
  }, [unknown, refetch]);
  useEffect(() => {
    if (live.resyncVersion > 0) void refetch();
  }, [live.resyncVersion, refetch]);
  return { me, wallets };
}

export function Wallets() {
  const { me, wallets } = useWallets();
  const [selected, setSelected] = useState<string>();
  const chartWallet = wallets.find((w) => w.id === selected) ?? wallets[0];
  const user = me.data?.me;

  return (
    <>
      <h1>Wallets</h1>
      {me.error !== undefined && <FormErrors errors={[describeError(me.error)]} />}
      {user && (
        <p className="lede">
          Signed in as <strong>{user.displayName}</strong> ({user.email}) · identity {user.kyc.status.toLowerCase()}
        </p>
      )}
      {me.loading && !user && <p aria-busy="true">Loading your wallets…</p>}
      {user && wallets.length === 0 && (
        <p className="empty">
          No wallet yet. <a href={href({ name: 'add-funds' })}>Add funds</a> to open one, or open one below.
        </p>
      )}
      <ul className="wallets" aria-label="Your wallets">
        {wallets.map((w) => (
          <li key={w.id} className={chartWallet?.id === w.id ? 'wallet selected' : 'wallet'}>
            <button type="button" className="wallet-card" aria-pressed={chartWallet?.id === w.id} onClick={() => setSelected(w.id)}>
              <span className="wallet-currency">{w.currency}</span>
              <span className="wallet-balance" data-testid={`balance-${w.currency}`}>
                {formatMoney(w.balance)}
              </span>
              <span className="wallet-sub">
                available {formatMoney(w.available)}
                {w.held.amount !== '0' && !/^0\.0+$/.test(w.held.amount) ? ` · held ${formatMoney(w.held)}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <a className="button primary" href={href({ name: 'send' })}>
          Send money
        </a>
        <a className="button" href={href({ name: 'add-funds' })}>
          Add funds
        </a>
        <a className="button" href={href({ name: 'convert' })}>
          Convert
        </a>
      </div>
      {chartWallet && <BalanceChart walletId={chartWallet.id} currency={chartWallet.currency} balance={chartWallet.balance.amount} />}
      {user && <OpenWallet existing={wallets.map((w) => w.currency)} onOpened={() => void me.refetch()} />}
    </>
  );
}

function OpenWallet({ existing, onOpened }: { existing: string[]; onOpened: () => void }) {
  const { client } = useApi();
  const choices = CURRENCIES.filter((c) => !existing.includes(c));
  const [currency, setCurrency] = useState<string>(choices[0] ?? 'USD');
  const [errors, setErrors] = useState<(UserErrorShape | string)[]>([]);
  useEffect(() => {
    if (!choices.includes(currency as never) && choices[0]) setCurrency(choices[0]);
  }, [choices, currency]);
  if (choices.length === 0) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors([]);
    try {
      const { openWallet } = await client.request(OpenWalletDocument, { input: { currency } });
      if (openWallet.userErrors.length > 0) setErrors(openWallet.userErrors);
      else onOpened();
    } catch (error) {
      setErrors([describeError(error)]);
    }
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="open-wallet-title">
      <h2 id="open-wallet-title">Open a wallet</h2>
      <Select label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
        {choices.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </Select>
      <FormErrors errors={errors} />
      <button type="submit">Open {currency} wallet</button>
    </form>
  );
}
