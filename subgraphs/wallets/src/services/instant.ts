import { errors } from '@paygraph/platform/errors';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A DateTime argument: ISO 8601 with a zone; anything else is BAD_USER_INPUT on that argument. */
export function parseInstant(value: string, field: string): Date {
  const date = typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw errors.user('BAD_USER_INPUT', 'Expected an ISO 8601 instant such as 2026-11-26T10:00:00.000Z', field);
  return date;
}
