import { useEffect, useState } from 'react';
import { ConsolePaymentDocument, ConsolePaymentProgressDocument, type ConsolePaymentProgressSubscription } from '../__generated__/graphql';
import { describeError, useQuery, useSubscription } from '../api/context';
import { formatMoney } from '../api/money';
import { FormErrors } from '../app/forms';
import { useLive } from '../app/live';
import { href } from '../app/router';
import { label } from './Activity';
import { humanReason } from './AddFunds';

type Progress = ConsolePaymentProgressSubscription['paymentUpdated']['payment'];

/** One payment, its risk decision and the steps its saga took, kept current by paymentUpdated. */
export function PaymentDetail({ id }: { id: string }) {
  const q = useQuery(ConsolePaymentDocument, { id });
  const [live, setLive] = useState<Progress>();
  const { resyncVersion } = useLive();
  const { refetch } = q;
  // Updates published while the connection was down are not replayed: read the payment again.
  useEffect(() => {
    if (resyncVersion > 0) {
      setLive(undefined);
      void refetch();
    }
  }, [resyncVersion, refetch]);
  useSubscription(ConsolePaymentProgressDocument, { paymentId: id }, (d) => setLive(d.paymentUpdated.payment), { skip: !q.data?.payment });

  const base = q.data?.payment;
  if (q.error !== undefined) return <FormErrors errors={[describeError(q.error)]} />;
  if (q.loading && !base) return <p aria-busy="true">Loading the payment…</p>;
  if (!base) {
    return (
      <>
        <h1>Payment not found</h1>
        <p>
          There is no payment {id} that you sent or received. <a href={href({ name: 'activity' })}>Back to activity</a>
        </p>
      </>
    );
  }
  const p = { ...base, ...(live ? { status: live.status, failureReason: live.failureReason, risk: live.risk ?? base.risk } : {}) };
  const steps = live?.transaction?.steps ?? base.transaction?.steps ?? [];

  return (
    <>
      <p>
        <a href={href({ name: 'activity' })}>← Activity</a>
      </p>
      <h1>
        {label(p.kind)} of {formatMoney(p.amount)}
      </h1>
      <div className="card">
        <dl className="details">
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${p.status.toLowerCase()}`} data-testid="payment-status">
              {label(p.status)}
            </span>
            {p.failureReason ? ` (${humanReason(p.failureReason)})` : ''}
          </dd>
          <dt>From</dt>
          <dd>{p.sender.displayName}</dd>
          <dt>To</dt>
          <dd>{p.recipient.displayName}</dd>
          {base.transaction?.targetAmount && (
            <>
              <dt>Received</dt>
              <dd>{formatMoney(base.transaction.targetAmount)}</dd>
            </>
          )}
          {p.note && (
            <>
              <dt>Note</dt>
              <dd>{p.note}</dd>
            </>
          )}
          <dt>Risk</dt>
          <dd>{p.risk ? `${label(p.risk.decision)} (score ${p.risk.score})` : 'not scored yet'}</dd>
          <dt>Created</dt>
          <dd>
            <time dateTime={p.createdAt}>{new Date(p.createdAt).toLocaleString()}</time>
          </dd>
          <dt>Payment id</dt>
          <dd>
            <code>{p.id}</code>
          </dd>
        </dl>
      </div>
      <section className="card" aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        {steps.length === 0 ? (
          <p className="empty">The payment has not started its steps yet.</p>
        ) : (
          <ol className="steps">
            {steps.map((s, i) => (
              <li key={`${s.name}-${s.status}-${i}`} className={`step status-${s.status.toLowerCase()}`}>
                <span className="step-name">{label(s.name)}</span>
                <span className="step-status">{label(s.status)}</span>
                <time dateTime={s.at}>{new Date(s.at).toLocaleTimeString()}</time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
