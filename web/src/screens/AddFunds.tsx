import { useRef, useState, type FormEvent } from 'react';
import { AddFundsDocument, LinkCardDocument, MeDocument, PaymentDocument, type PaymentQuery } from '../__generated__/graphql';
import { describeError, useApi, useQuery } from '../api/context';
import { CURRENCIES, formatMoney } from '../api/money';
import { errorFor, Field, FormErrors, newIdempotencyKey, Select, unclaimed, type UserErrorShape } from '../app/forms';
import { href } from '../app/router';

type Funded = NonNullable<PaymentQuery['payment']>;

const SANDBOX_CARDS = [
  { number: '4242424242424242', label: 'approves' },
  { number: '4000000000000002', label: 'declines' },
  { number: '4000000000000259', label: 'approves after 2 s' },
];

export function AddFunds() {
  const me = useQuery(MeDocument, {});
  const cards = (me.data?.me?.fundingInstruments ?? []).filter((f) => f.kind === 'CARD');
  return (
    <>
      <h1>Add funds</h1>
      <FundFromCard cards={cards} />
      <LinkCard onLinked={() => void me.refetch()} />
    </>
  );
}

function FundFromCard({ cards }: { cards: { id: string; last4: string }[] }) {
  const { client } = useApi();
  const [card, setCard] = useState<string>();
  const [amount, setAmount] = useState('50.00');
  const [currency, setCurrency] = useState('USD');
  const [errors, setErrors] = useState<UserErrorShape[]>([]);
  const [failure, setFailure] = useState<string>();
  const [funded, setFunded] = useState<Funded>();
  const [busy, setBusy] = useState(false);
  const attempt = useRef<string>(undefined);
  const chosen = card ?? cards[0]?.id;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setErrors([]);
    setFailure(undefined);
    setFunded(undefined);
    attempt.current ??= newIdempotencyKey();
    try {
      const { addFunds } = await client.request(AddFundsDocument, {
        input: { fundingInstrumentId: chosen, amount: { amount: amount.trim(), currency }, idempotencyKey: attempt.current, awaitCompletion: true },
      });
      attempt.current = undefined;
      if (addFunds.userErrors.length > 0) setErrors(addFunds.userErrors);
      else if (addFunds.payment) {
        // The answer says where the charge stands; the payment says why it failed, if it did.
        const { payment } = await client.request(PaymentDocument, { id: addFunds.payment.id });
        if (payment) setFunded(payment);
      }
    } catch (error) {
      setFailure(`${describeError(error)} Trying again is safe: the card is charged once.`);
    } finally {
      setBusy(false);
    }
  }

  if (cards.length === 0) return <p className="empty">Link a card below to add funds from it.</p>;
  const claimed = ['amount.amount', 'amount', 'amount.currency', 'fundingInstrumentId'];
  return (
    <form className="card" onSubmit={submit} noValidate aria-label="Add funds from a card">
      <Select
        label="Card"
        value={chosen}
        onChange={(e) => {
          attempt.current = undefined;
          setCard(e.target.value);
        }}
        error={errorFor(errors, 'fundingInstrumentId')}
      >
        {cards.map((c) => (
          <option key={c.id} value={c.id}>
            Card ending {c.last4}
          </option>
        ))}
      </Select>
      <div className="row">
        <Field
          label="Amount"
          inputMode="decimal"
          required
          value={amount}
          onChange={(e) => {
            attempt.current = undefined;
            setAmount(e.target.value);
          }}
          error={errorFor(errors, 'amount.amount', 'amount')}
        />
        <Select
          label="Currency"
          value={currency}
          onChange={(e) => {
            attempt.current = undefined;
            setCurrency(e.target.value);
          }}
          error={errorFor(errors, 'amount.currency')}
        >
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </div>
      <FormErrors errors={[...unclaimed(errors, claimed), ...(failure ? [failure] : [])]} />
      <button className="primary" type="submit" disabled={busy}>
        {busy ? 'Charging the card…' : 'Add funds'}
      </button>
      {funded && (
        <div className={`result status-${funded.status.toLowerCase()}`} role="status">
          <p>
            {funded.status === 'COMPLETED'
              ? `Added ${formatMoney(funded.amount)}.`
              : funded.status === 'FAILED'
                ? `The card was not charged: ${humanReason(funded.failureReason)}.`
                : `Adding ${formatMoney(funded.amount)}: ${funded.status.toLowerCase()}.`}
          </p>
          <a href={href({ name: 'payment', id: funded.id })}>View payment</a>
        </div>
      )}
    </form>
  );
}

export const humanReason = (reason: string | null | undefined): string =>
  reason ? reason.toLowerCase().replace(/_/g, ' ') : 'unknown reason';

function LinkCard({ onLinked }: { onLinked: () => void }) {
  const { client } = useApi();
  const year = new Date().getFullYear();
  const [number, setNumber] = useState(SANDBOX_CARDS[0]!.number);
  const [expiry, setExpiry] = useState(`12/${String(year + 3).slice(2)}`);
  const [cvc, setCvc] = useState('123');
  const [holder, setHolder] = useState('');
  const [errors, setErrors] = useState<(UserErrorShape | string)[]>([]);
  const [linked, setLinked] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors([]);
    setLinked(undefined);
    const [mm, yy] = expiry.split('/').map((s) => Number(s.trim()));
    try {
      const { linkCard } = await client.request(LinkCardDocument, {
        input: { number: number.replace(/\s+/g, ''), expMonth: mm ?? 0, expYear: yy !== undefined && yy < 100 ? 2000 + yy : (yy ?? 0), cvc, holderName: holder || null },
      });
      if (linkCard.userErrors.length > 0) setErrors(linkCard.userErrors);
      else if (linkCard.fundingInstrument) {
        setLinked(linkCard.fundingInstrument.last4);
        onLinked();
      }
    } catch (error) {
      setErrors([describeError(error)]);
    }
  }

  const fieldErrors = errors.filter((e): e is UserErrorShape => typeof e !== 'string');
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="link-card-title">
      <h2 id="link-card-title">Link a card</h2>
      <p className="hint">
        Sandbox cards: {SANDBOX_CARDS.map((c) => `${c.number} ${c.label}`).join(' · ')}.
      </p>
      <Field label="Card number" inputMode="numeric" autoComplete="cc-number" value={number} onChange={(e) => setNumber(e.target.value)} error={errorFor(fieldErrors, 'number')} />
      <div className="row">
        <Field label="Expiry (MM/YY)" autoComplete="cc-exp" value={expiry} onChange={(e) => setExpiry(e.target.value)} error={errorFor(fieldErrors, 'expMonth', 'expYear')} />
        <Field label="CVC" inputMode="numeric" autoComplete="cc-csc" value={cvc} onChange={(e) => setCvc(e.target.value)} error={errorFor(fieldErrors, 'cvc')} />
      </div>
      <Field label="Name on card (optional)" autoComplete="cc-name" value={holder} onChange={(e) => setHolder(e.target.value)} />
      <FormErrors errors={[...unclaimed(fieldErrors, ['number', 'expMonth', 'expYear', 'cvc']), ...errors.filter((e) => typeof e === 'string')]} />
      <button type="submit">Link card</button>
      {linked && <p role="status">Card ending {linked} linked.</p>}
    </form>
  );
}
