import { useEffect, useState } from 'react';
import { ConsoleMarkNotificationsReadDocument, ConsoleNotificationsDocument } from '../__generated__/graphql';
import { describeError, useApi, useQuery } from '../api/context';
import { FormErrors } from '../app/forms';
import { useLive } from '../app/live';
import { href } from '../app/router';

export function Notifications() {
  const { client } = useApi();
  const live = useLive();
  const [first, setFirst] = useState(20);
  const q = useQuery(ConsoleNotificationsDocument, { first });
  const [error, setError] = useState<string>();
  const { refetch } = q;
  useEffect(() => {
    if (live.notificationVersion > 0) void refetch();
  }, [live.notificationVersion, refetch]);

  async function markAllRead() {
    setError(undefined);
    try {
      await client.request(ConsoleMarkNotificationsReadDocument, { input: { all: true } });
      await Promise.all([q.refetch(), live.refreshUnread()]);
    } catch (e) {
      setError(describeError(e));
    }
  }

  const conn = q.data?.me?.notifications;
  return (
    <>
      <h1>Notifications</h1>
      <div className="actions">
        <button type="button" onClick={() => void markAllRead()} disabled={live.unread === 0}>
          Mark all as read
        </button>
      </div>
      {(error || q.error !== undefined) && <FormErrors errors={[error ?? describeError(q.error)]} />}
      {conn && conn.edges.length === 0 && <p className="empty">Nothing yet.</p>}
      <ul className="notifications" aria-label="Notifications">
        {conn?.edges.map(({ node: n }) => (
          <li key={n.id} className={n.readAt ? 'notification' : 'notification unread'}>
            <p className="notification-title">
              {!n.readAt && <span className="visually-hidden">Unread: </span>}
              {n.title}
            </p>
            <p>{n.body}</p>
            <p className="movement-meta">
              <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
              {n.payment && (
                <>
                  {' · '}
                  <a href={href({ name: 'payment', id: n.payment.id })}>View payment</a>
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      {conn?.pageInfo.hasNextPage && (
        <button type="button" onClick={() => setFirst((n) => Math.min(100, n + 20))}>
          Show more
        </button>
      )}
    </>
  );
}
