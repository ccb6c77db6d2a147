/** The retry schedule (config WEBHOOKS_RETRY_*): exponential from `baseMs`, capped at `maxDelayMs`, for `retryForMs`. */
export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  retryForMs: number;
}

/**
 * When the next attempt after `attempts` failed ones is due, or null when it would fall after the delivery's
 * deadline (`createdAt + retryForMs`): the delivery is then FAILED. Equal jitter (half the delay fixed, half random)
 * spreads the retries of many deliveries that failed together, when an endpoint was down, over the interval.
 */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, retryUntil: Date, now: Date, random: () => number = Math.random): Date | null {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40);
  const delay = Math.min(policy.maxDelayMs, exponential);
  const jittered = delay / 2 + (delay / 2) * random();
  const next = new Date(now.getTime() + Math.round(jittered));
  return next.getTime() <= retryUntil.getTime() ? next : null;
}

/** Whether an HTTP answer counts as received: any 2xx. Redirects are not followed (a 3xx is a failure). */
export const isSuccess = (status: number) => status >= 200 && status < 300;
