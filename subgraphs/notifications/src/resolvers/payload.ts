import { userErrorsOr, type UserError } from '@paygraph/platform/errors';

type Payload<K extends string, V> = { [P in K]: V | null } & { userErrors: UserError[] };

/** userErrorsOr, shaped as the generated payload types want it: the result field is null when userErrors are set. */
export async function payload<K extends string, V>(field: K, fn: () => Promise<V>): Promise<Payload<K, V>> {
  const result = await userErrorsOr(async () => ({ value: await fn() }));
  const shaped = 'value' in result ? { [field]: result.value, userErrors: [] } : { [field]: null, userErrors: result.userErrors };
  return shaped as Payload<K, V>;
}
