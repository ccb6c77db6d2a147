import { describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closedTo } from '@paygraph/stack/embedded-postgres';

/** As root, `npm start` runs its PostgreSQL as the postgres OS user: a path it cannot enter is named up front. */
describe('the embedded PostgreSQL started as root', () => {
  const someoneElse = { uid: 54321, gid: 54321 };

  it('when a directory on the way is closed to others, then that directory is named; when open, nothing is', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'pg-access-'));
    try {
      await chmod(root, 0o755);
      const checkout = path.join(root, 'checkout');
      const bin = path.join(checkout, 'node_modules', 'bin');
      await mkdir(bin, { recursive: true });
      await chmod(checkout, 0o700);
      expect(await closedTo(someoneElse, bin)).toBe(checkout);
      expect(await closedTo(null, bin)).toBe(checkout);
      await chmod(checkout, 0o711);
      expect(await closedTo(someoneElse, bin)).toBeNull();
      // Not created yet: it will be, open, below the last directory that is there.
      expect(await closedTo(someoneElse, path.join(checkout, '.data', 'postgres'))).toBeNull();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
