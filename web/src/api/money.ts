/** Currencies the console offers in its pickers (the graph knows more; these have FX rates and wallets by default). */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD'] as const;

export interface MoneyShape {
  amount: string;
  currency: string;
}

/**
 * Formats an exact decimal string for people, without ever turning it into a float: the graph's amounts are exact, and
 * "0.1 + 0.2" must not appear on a balance.
 */
export function formatMoney(m: MoneyShape, locale = 'en-US'): string {
  const negative = m.amount.startsWith('-');
  const [whole = '0', fraction] = (negative ? m.amount.slice(1) : m.amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currencySymbol(m.currency, locale);
  return `${negative ? '−' : ''}${symbol}${grouped}${fraction ? `.${fraction}` : ''}${symbol ? '' : ` ${m.currency}`}`;
}

function currencySymbol(currency: string, locale: string): string {
  try {
    const part = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0)
      .find((p) => p.type === 'currency');
    return part && part.value !== currency ? part.value : '';
  } catch {
    return '';
  }
}

/** A number for charts only (axis scale), never for arithmetic on money. */
export const chartValue = (amount: string): number => Number(amount);
