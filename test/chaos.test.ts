import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * `npm run chaos` itself, small: a few hundred payments while every victim is killed, connections are cut and the
 * queue misbehaves. The run checks the money and exits 1 on any finding; this test keeps the script working (the full
 * size is run on demand, see docs/operations.md).
 */
const root = path.resolve(import.meta.dirname, '..');

describe('when the chaos run drives payments through kills, cut connections and a misbehaving queue', () => {
  it('then it ends with nothing lost or duplicated and reconciliation green', async () => {
    const env = {
      ...process.env,
      ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
      CHAOS_PAYMENTS: '240',
      CHAOS_SECONDS: '12',
      CHAOS_USERS: '8',
      CHAOS_KILL_EVERY_MS: '1500',
      CHAOS_DB_DROP_EVERY_MS: '3000',
      CHAOS_SETTLE_SECONDS: '90',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    if (code !== 0) throw new Error(`chaos exited ${code}\n${stdout}\n${stderr.slice(-6000)}`);
    expect(stdout).toMatch(/^lost 0 duplicated 0$/m);
    expect(stdout).toMatch(/^reconciliation green/m);
    // The faults happened: something was killed and the queue dropped acknowledgements.
    expect(stdout).toMatch(/SIGKILL \{"\w+":\d/);
    expect(stdout).toMatch(/acks dropped [1-9]/);
  }, 300_000);
});
