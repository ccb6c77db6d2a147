import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ConvertCurrencyDocument, FxQuoteDocument, type FxQuoteQuery } from '../__generated__/graphql';
import { describeError, useApi } from '../api/context';
import { CURRENCIES, formatMoney } from '../api/money';
import { Field, FormErrors, newIdempotencyKey, Select, type UserErrorShape } from '../app/forms';
import { href } from '../app/router';
import { useWallets } from './Wallets';

type Quote = NonNullable<FxQuoteQuery['fxQuote']>;

/** Seconds left until `at`, ticking once a second. */
function useCountdown(at: string | undefined): number | undefined {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!at) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [at]);
  return at ? Math.max(0, Math.floor((Date.parse(at) - now) / 1000)) : undefined;
}

export function Convert() {
  const { client } = useApi();
  const { wallets, me } = useWallets();
  const [source, setSource] = useState<string>();
  const [target, setTarget] = useState<string>();
  const [amount, setAmount] = useState('10.00');
  const [quote, setQuote] = useState<Quote>();
  const [quoteError, setQuoteError] = useState<string>();
  const [errors, setErrors] = useState<(UserErrorShape | string)[]>([]);
  const [done, setDone] = useState<{ id: string; status: string }>();
  const [busy, setBusy] = useState(false);
  const [requote, setRequote] = useState(0);
  const attempt = useRef<{ quoteId: string; key: string }>(undefined);

  const from = source ?? wallets[0]?.currency ?? 'USD';
  const to = target ?? CURRENCIES.find((c) => c !== from) ?? 'EUR';
  const left = useCountdown(quote?.expiresAt);

  // A live quote: asked for shortly after the input settles, and again when the one shown expires.
  useEffect(() => {
    setQuote(undefined);
    setQuoteError(undefined);
    if (!amount.trim() || from === to) return;
    let cancelled = false;
    const timer = window.setTimeout(async () => {
      try {
        const { fxQuote } = await client.request(FxQuoteDocument, { input: { sourceCurrency: from, targetCurrency: to, sourceAmount: amount.trim() } });
        if (!cancelled) setQuote(fxQuote ?? undefined);
      } catch (error) {
        if (!cancelled) setQuoteError(describeError(error));
      }
    }, 350);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [client, from, to, amount, requote]);

  useEffect(() => {
    if (left === 0) setRequote((n) => n + 1);
  }, [left]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!quote) return;
    setBusy(true);
    setErrors([]);
    setDone(undefined);
    if (attempt.current?.quoteId !== quote.id) attempt.current = { quoteId: quote.id, key: newIdempotencyKey() };
    try {
      const { convertCurrency } = await client.request(ConvertCurrencyDocument, {
        input: { quoteId: quote.id, idempotencyKey: attempt.current.key, awaitCompletion: true },
      });
      attempt.current = undefined;
      if (convertCurrency.userErrors.length > 0) {
        setErrors(convertCurrency.userErrors);
        if (convertCurrency.userErrors.some((u) => u.code === 'QUOTE_EXPIRED')) setRequote((n) => n + 1);
      } else if (convertCurrency.payment) {
        setDone(convertCurrency.payment);
        void me.refetch();
        setRequote((n) => n + 1);
      }
    } catch (error) {
      setErrors([`${describeError(error)} Converting again with this quote is safe.`]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Convert currency</h1>
      <form className="card" onSubmit={submit} noValidate aria-label="Convert currency">
        <div className="row">
          <Select label="From" value={from} onChange={(e) => setSource(e.target.value)}>
            {(wallets.length > 0 ? wallets.map((w) => w.currency) : CURRENCIES).map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
          <Select label="To" value={to} onChange={(e) => setTarget(e.target.value)}>
            {CURRENCIES.filter((c) => c !== from).map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </div>
        <Field label="Amount to convert" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={quoteError} />
        <div className="quote" aria-live="polite">
          {quote ? (
            <>
              <p className="quote-amount">
                {formatMoney(quote.sourceAmount)} → <strong>{formatMoney(quote.targetAmount)}</strong>
              </p>
              <p className="hint">
                Rate {quote.rate} · <span data-testid="quote-expiry">expires in {left ?? '…'} s</span>
              </p>
            </>
          ) : (
            !quoteError && <p className="hint">{from === to ? 'Choose two different currencies.' : 'Getting a quote…'}</p>
          )}
        </div>
        <FormErrors errors={errors} />
        <button className="primary" type="submit" disabled={busy || !quote || left === 0}>
          {busy ? 'Converting…' : 'Convert at this rate'}
        </button>
      </form>
      {done && (
        <div className={`card result status-${done.status.toLowerCase()}`} role="status">
          <p>Conversion {done.status.toLowerCase()}.</p>
          <a href={href({ name: 'payment', id: done.id })}>View payment</a>
        </div>
      )}
    </>
  );
}
