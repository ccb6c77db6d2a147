import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  ConsoleNotificationFeedDocument,
  ConsoleNotificationsDocument,
  WalletBalanceDocument,
  type ConsoleNotificationFeedSubscription,
  type WalletBalanceSubscription,
} from '../__generated__/graphql';
import { useApi } from '../api/context';

export type LiveNotification = ConsoleNotificationFeedSubscription['notificationReceived'];
export type LiveWallet = WalletBalanceSubscription['walletBalanceChanged']['wallet'];

export interface Toast {
  id: string;
  title: string;
  body: string;
  paymentId?: string;
}

interface Live {
  /** Unread notifications (capped: `unreadMore` says there are more than `unread`). */
  unread: number;
  unreadMore: boolean;
  /** Bumped on every live notification: screens showing notifications refetch on it. */
  notificationVersion: number;
  /** The latest balance of each wallet pushed by walletBalanceChanged, by wallet id. */
  wallets: Record<string, LiveWallet>;
  /** Bumped on every balance change: screens showing history refetch on it. */
  balanceVersion: number;
  /** Bumped when the live connection is back after a gap: screens read again what they show. */
  resyncVersion: number;
  toasts: Toast[];
  dismiss(id: string): void;
  refreshUnread(): Promise<unknown>;
}

const LiveContext = createContext<Live | null>(null);

/**
 * One WebSocket per signed-in user carrying the two feeds every screen needs: notifications (toasts, unread count) and
 * wallet balances. The notification feed resumes after a reconnect from the last cursor it saw (`since`), so a token
 * refresh or a dropped connection loses nothing and repeats nothing.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client, tokens } = useApi();
  const [unread, setUnread] = useState({ count: 0, more: false });
  const [notificationVersion, setNotificationVersion] = useState(0);
  const [wallets, setWallets] = useState<Record<string, LiveWallet>>({});
  const [balanceVersion, setBalanceVersion] = useState(0);
  const [resyncVersion, setResyncVersion] = useState(0);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const userId = tokens?.userId;

  /** Reads the unread count; returns the newest notification's cursor (where the live feed starts). */
  const refreshUnread = useCallback(async (): Promise<string | null> => {
    try {
      const data = await client.request(ConsoleNotificationsDocument, { first: 1 });
      const u = data.me?.unread;
      setUnread({ count: u?.edges.length ?? 0, more: u?.pageInfo.hasNextPage ?? false });
      return data.me?.notifications.edges[0]?.cursor ?? null;
    } catch {
      // The badge is a hint; the notifications screen shows errors.
      return null;
    }
  }, [client]);

  const dismiss = useCallback((id: string) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const timers = useRef(new Map<string, number>());

  useEffect(() => {
    if (!userId) return;
    setWallets({});
    setToasts([]);
    let stopped = false;
    const stops: (() => void)[] = [];
    const pending = timers.current;
    (async () => {
      // The feed starts after the newest notification there is, so that a reconnect resumes from a cursor (`since`)
      // even before the first live one, and nothing created between this read and the subscription is missed.
      const feed: { since: string | null } = { since: await refreshUnread() };
      if (stopped) return;
      stops.push(
        client.subscribe(ConsoleNotificationFeedDocument, feed, {
          next: ({ notificationReceived: n }) => {
            feed.since = n.cursor;
            setNotificationVersion((v) => v + 1);
            if (!n.readAt) setUnread((u) => ({ ...u, count: u.count + 1 }));
            setToasts((all) => [...all.slice(-3), { id: n.id, title: n.title, body: n.body, paymentId: n.payment?.id }]);
            pending.set(n.id, window.setTimeout(() => dismiss(n.id), 8000));
          },
        }),
        client.subscribe(WalletBalanceDocument, {}, {
          next: ({ walletBalanceChanged: { wallet } }) => {
            setWallets((all) => ({ ...all, [wallet.id]: wallet }));
            setBalanceVersion((v) => v + 1);
          },
        }),
        client.onReconnected(() => {
          setWallets({});
          setResyncVersion((v) => v + 1);
          setBalanceVersion((v) => v + 1);
        }),
      );
    })();
    return () => {
      stopped = true;
      for (const stop of stops) stop();
      for (const t of pending.values()) window.clearTimeout(t);
      pending.clear();
    };
  }, [client, userId, refreshUnread, dismiss]);

  const value = useMemo<Live>(
    () => ({ unread: unread.count, unreadMore: unread.more, notificationVersion, wallets, balanceVersion, resyncVersion, toasts, dismiss, refreshUnread }),
    [unread, notificationVersion, wallets, balanceVersion, resyncVersion, toasts, dismiss, refreshUnread],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}
