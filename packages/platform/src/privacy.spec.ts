import { describe, expect, it } from '@jest/globals';
import { PRIVACY_PART_MAX_BYTES } from '@paygraph/events';
import { fitExportPart, PRIVACY_EXPORT_ROWS } from './privacy.js';

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');
const rows = (n: number, filler = 'x'.repeat(100)) => Array.from({ length: n }, (_, i) => ({ id: `row_${i}`, note: filler }));

describe('fitExportPart', () => {
  it('when the part is small, then it is kept whole and nothing is named as truncated', () => {
    const data = { profile: { email: 'a@example.test' }, payments: rows(3) };
    expect(fitExportPart(data)).toEqual({ data, truncated: [] });
  });

  it('when a list has more rows than PRIVACY_EXPORT_ROWS (read with limit + 1), then it keeps the first ones and is named', () => {
    const data = { payments: rows(PRIVACY_EXPORT_ROWS + 1, ''), wallets: rows(2, '') };
    const fitted = fitExportPart(data);
    expect((fitted.data.payments as unknown[]).length).toBe(PRIVACY_EXPORT_ROWS);
    expect((fitted.data.payments as { id: string }[])[0]!.id).toBe('row_0');
    expect(fitted.data.wallets).toEqual(data.wallets);
    expect(fitted.truncated).toEqual(['payments']);
  });

  it('when the part is over the byte bound, then the heaviest lists are halved, newest half kept, until it fits under it', () => {
    const data = { notifications: rows(150, 'n'.repeat(1000)), sessions: rows(150, 's'.repeat(900)), profile: { id: 'usr_1' } };
    expect(size(data)).toBeGreaterThan(PRIVACY_PART_MAX_BYTES);
    const fitted = fitExportPart(data);
    expect(size(fitted.data)).toBeLessThanOrEqual(PRIVACY_PART_MAX_BYTES);
    expect(fitted.data.profile).toEqual({ id: 'usr_1' });
    expect((fitted.data.notifications as { id: string }[])[0]!.id).toBe('row_0');
    expect((fitted.data.notifications as unknown[]).length).toBeGreaterThan(0);
    expect(fitted.truncated.sort()).toEqual(['notifications', 'sessions']);
    // The caller's object is left as it was.
    expect(data.notifications).toHaveLength(150);
  });

  it('when lists are nested, then the nested one is cut and named by its path', () => {
    const data = { applications: [{ id: 'app_1', apiKeys: rows(10, 'k'.repeat(500)) }] };
    const fitted = fitExportPart(data, 2_000);
    expect(size(fitted.data)).toBeLessThanOrEqual(2_000);
    expect(fitted.truncated).toContain('applications.0.apiKeys');
  });

  it('when even empty lists cannot fit, then the part is empty and says so with *', () => {
    expect(fitExportPart({ blob: 'b'.repeat(5_000), list: rows(2) }, 1_000)).toEqual({ data: {}, truncated: ['*'] });
  });
});
