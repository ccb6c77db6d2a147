import { useRef, useState, type FormEvent } from 'react';
import { SendMoneyDocument, type SendMoneyMutation } from '../__generated__/graphql';
import { describeError, useApi } from '../api/context';
import { CURRENCIES, formatMoney } from '../api/money';
import { errorFor, Field, FormErrors, newIdempotencyKey, Select, unclaimed, type UserErrorShape } from '../app/forms';
import { href } from '../app/router';
import { useWallets } from './Wallets';

type SentPayment = NonNullable<SendMoneyMutation['sendMoney']['payment']>;

export function SendMoney() {
  const { client } = useApi();
  const { wallets } = useWallets();
  const [recipient, setRecipient] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<string>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<UserErrorShape[]>([]);
  const [failure, setFailure] = useState<string>();
  const [sent, setSent] = useState<SentPayment>();
  const [busy, setBusy] = useState(false);
  // One key per attempt: a retry of the same attempt (the answer was lost) reuses it, so the graph pays only once;
  // changing anything, or a finished attempt, starts a new one.
  const attempt = useRef<string>(undefined);
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    attempt.current = undefined;
    set(v);
  };

  const chosen = currency ?? wallets[0]?.currency ?? 'USD';
  const wallet = wallets.find((w) => w.currency === chosen);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    setFailure(undefined);
    setSent(undefined);
    attempt.current ??= newIdempotencyKey();
    try {
      const { sendMoney } = await client.request(SendMoneyDocument, {
        input: {
          recipientEmail: recipient.trim(),
          amount: { amount: amount.trim(), currency: chosen },
          note: note.trim() || null,
          idempotencyKey: attempt.current,
          awaitCompletion: true,
        },
      });
      if (sendMoney.userErrors.length > 0) setErrors(sendMoney.userErrors);
      else if (sendMoney.payment) {
        setSent(sendMoney.payment);
        setAmount('');
        setNote('');
      }
      attempt.current = undefined;
    } catch (error) {
      setFailure(`${describeError(error)} Sending again is safe: it will not pay twice.`);
    } finally {
      setBusy(false);
    }
  }

  const claimed = ['recipientEmail', 'recipientId', 'amount.amount', 'amount', 'amount.currency', 'note'];
  return (
    <>
      <h1>Send money</h1>
      <form className="card" onSubmit={submit} noValidate aria-label="Send money">
        <Field
          label="Recipient's email"
          name="recipient"
          type="email"
          autoComplete="off"
          required
          value={recipient}
          onChange={(e) => edit(setRecipient)(e.target.value)}
          error={errorFor(errors, 'recipientEmail', 'recipientId')}
        />
        <div className="row">
          <Field
            label="Amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            required
            placeholder="0.00"
            value={amount}
            onChange={(e) => edit(setAmount)(e.target.value)}
            error={errorFor(errors, 'amount.amount', 'amount')}
            hint={wallet ? `Available: ${formatMoney(wallet.available)}` : undefined}
          />
          <Select label="Currency" value={chosen} onChange={(e) => edit(setCurrency)(e.target.value)} error={errorFor(errors, 'amount.currency')}>
            {(wallets.length > 0 ? wallets.map((w) => w.currency) : CURRENCIES).map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </div>
        <Field label="Note (optional)" name="note" maxLength={280} value={note} onChange={(e) => edit(setNote)(e.target.value)} error={errorFor(errors, 'note')} />
        <FormErrors errors={[...unclaimed(errors, claimed), ...(failure ? [failure] : [])]} />
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </form>
      {sent && (
        <div className={`card result status-${sent.status.toLowerCase()}`} role="status">
          <p>
            {sent.status === 'COMPLETED' ? 'Sent' : `Payment ${sent.status.toLowerCase().replace('_', ' ')}`}: {formatMoney(sent.amount)} to{' '}
            {sent.recipient.displayName}.
          </p>
          <a href={href({ name: 'payment', id: sent.id })}>View payment</a>
        </div>
      )}
    </>
  );
}
