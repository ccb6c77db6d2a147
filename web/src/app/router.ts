import { useEffect, useState } from 'react';

/** Hash routes (`#/send`): the console is served as static files, so every path must be index.html's. */
export type Route =
  | { name: 'wallets' }
  | { name: 'add-funds' }
  | { name: 'send' }
  | { name: 'convert' }
  | { name: 'activity' }
  | { name: 'payment'; id: string }
  | { name: 'notifications' };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  switch (first) {
    case 'add-funds':
    case 'send':
    case 'convert':
    case 'activity':
    case 'notifications':
      return { name: first };
    case 'payments':
      return second ? { name: 'payment', id: decodeURIComponent(second) } : { name: 'activity' };
    default:
      return { name: 'wallets' };
  }
}

export const href = (route: Route): string =>
  route.name === 'payment' ? `#/payments/${encodeURIComponent(route.id)}` : route.name === 'wallets' ? '#/' : `#/${route.name}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
