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
  toasts: Toast[];
  dismiss(id: string): void;
  refreshUnread(): Promise<void>;
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
  const [toasts, setToasts] = useState<Toast[]>([]);
  const userId = tokens?.userId;

  const refreshUnread = useCallback(async () => {
    try {
      const data = await client.request(ConsoleNotificationsDocument, { first: 1 });
      const u = data.me?.unread;
      setUnread({ count: u?.edges.length ?? 0, more: u?.pageInfo.hasNextPage ?? false });
    } catch {
      // The badge is a hint; the notifications screen shows errors.
    }
  }, [client]);

  const dismiss = useCallback((id: string) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const timers = useRef(new Map<string, number>());

  useEffect(() => {
    if (!userId) return;
    setWallets({});
    setToasts([]);
    void refreshUnread();
    const feed: { since: string | null } = { since: null };
    const stopFeed = client.subscribe(ConsoleNotificationFeedDocument, feed, {
      next: ({ notificationReceived: n }) => {
        feed.since = n.cursor;
        setNotificationVersion((v) => v + 1);
        if (!n.readAt) setUnread((u) => ({ ...u, count: u.count + 1 }));
        setToasts((all) => [...all.slice(-3), { id: n.id, title: n.title, body: n.body, paymentId: n.payment?.id }]);
        const timer = window.setTimeout(() => dismiss(n.id), 8000);
        timers.current.set(n.id, timer);
      },
    });
    const stopWallets = client.subscribe(WalletBalanceDocument, {}, {
      next: ({ walletBalanceChanged: { wallet } }) => {
        setWallets((all) => ({ ...all, [wallet.id]: wallet }));
        setBalanceVersion((v) => v + 1);
      },
    });
    const pending = timers.current;
    return () => {
      stopFeed();
      stopWallets();
      for (const t of pending.values()) window.clearTimeout(t);
      pending.clear();
    };
  }, [client, userId, refreshUnread, dismiss]);

  const value = useMemo<Live>(
    () => ({ unread: unread.count, unreadMore: unread.more, notificationVersion, wallets, balanceVersion, toasts, dismiss, refreshUnread }),
    [unread, notificationVersion, wallets, balanceVersion, toasts, dismiss, refreshUnread],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}
