import { LogoutDocument } from '../__generated__/graphql';
import { useApi } from '../api/context';
import { Activity } from '../screens/Activity';
import { AddFunds } from '../screens/AddFunds';
import { Convert } from '../screens/Convert';
import { Notifications } from '../screens/Notifications';
import { PaymentDetail } from '../screens/PaymentDetail';
import { SendMoney } from '../screens/SendMoney';
import { SignIn } from '../screens/SignIn';
import { Wallets } from '../screens/Wallets';
import { LiveProvider, useLive } from './live';
import { href, useRoute, type Route } from './router';

const NAV: { route: Route; label: string }[] = [
  { route: { name: 'wallets' }, label: 'Wallets' },
  { route: { name: 'send' }, label: 'Send' },
  { route: { name: 'add-funds' }, label: 'Add funds' },
  { route: { name: 'convert' }, label: 'Convert' },
  { route: { name: 'activity' }, label: 'Activity' },
];

export function App() {
  const { tokens } = useApi();
  if (!tokens) return <SignIn />;
  return (
    <LiveProvider key={tokens.userId}>
      <Shell />
    </LiveProvider>
  );
}

function Shell() {
  const route = useRoute();
  const { client, session, tokens } = useApi();
  const live = useLive();

  async function signOut() {
    const refreshToken = tokens?.refreshToken;
    session.clear();
    client.reset();
    if (refreshToken) await client.request(LogoutDocument, { input: { refreshToken } }).catch(() => {});
  }

  const unreadLabel = live.unreadMore ? `${live.unread}+` : String(live.unread);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href({ name: 'wallets' })}>
          <span className="logo" aria-hidden="true">
            P
          </span>
          Paygraph
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.route.name}>
                <a href={href(n.route)} aria-current={route.name === n.route.name ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="top-right">
          <a
            className="bell"
            href={href({ name: 'notifications' })}
            aria-current={route.name === 'notifications' ? 'page' : undefined}
            aria-label={`Notifications, ${live.unread === 0 ? 'none' : unreadLabel} unread`}
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
            </svg>
            {live.unread > 0 && (
              <span className="count" data-testid="unread-count">
                {unreadLabel}
              </span>
            )}
          </a>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen route={route} />
      </main>
      <section className="toasts" aria-label="Live notifications" aria-live="polite">
        {live.toasts.map((t) => (
          <div key={t.id} className="toast" role="status">
            <p className="toast-title">{t.title}</p>
            <p>{t.body}</p>
            <div className="toast-actions">
              {t.paymentId && <a href={href({ name: 'payment', id: t.paymentId })}>View</a>}
              <button type="button" className="link" onClick={() => live.dismiss(t.id)} aria-label={`Dismiss: ${t.title}`}>
                Dismiss
              </button>
            </div>
          </div>
        ))}
      </section>
    </>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'wallets':
      return <Wallets />;
    case 'send':
      return <SendMoney />;
    case 'add-funds':
      return <AddFunds />;
    case 'convert':
      return <Convert />;
    case 'activity':
      return <Activity />;
    case 'payment':
      return <PaymentDetail key={route.id} id={route.id} />;
    case 'notifications':
      return <Notifications />;
  }
}
