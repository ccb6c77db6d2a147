import { GraphQLError } from 'graphql';
import type { BucketResult } from '@paygraph/platform/rate-limit';

/** The IETF draft's RateLimit-Limit / -Remaining / -Reset (seconds until the bucket is full), and Retry-After when refused. */
export function rateLimitHeaders(verdict: BucketResult): [string, string][] {
  const headers: [string, string][] = [
    ['ratelimit-limit', String(verdict.limit)],
    ['ratelimit-remaining', String(verdict.remaining)],
    ['ratelimit-reset', String(verdict.resetSeconds)],
  ];
  if (!verdict.allowed) headers.push(['retry-after', String(verdict.retryAfterSeconds)]);
  return headers;
}

/** 429 RATE_LIMITED, with the budget that ran out (`requests` or `mutations`) and when to come back. */
export function rateLimitError(verdict: BucketResult, budget: 'requests' | 'mutations'): GraphQLError {
  return new GraphQLError(budget === 'mutations' ? 'Too many mutations, try again later' : 'Too many requests, try again later', {
    extensions: {
      code: 'RATE_LIMITED',
      budget,
      retryAfterSeconds: verdict.retryAfterSeconds,
      http: { status: 429, headers: new Map(rateLimitHeaders(verdict)) },
    },
  });
}
