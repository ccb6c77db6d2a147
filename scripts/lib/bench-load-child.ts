/**
 * The benchmarks' load driver process (started by startLoadDriver in bench-load.ts): reads one LoadSpec per line on
 * stdin, drives it, answers one LoadResult per line on stdout. Exits when stdin closes (its parent ended).
 */
import { createInterface } from 'node:readline';
import { drive, type LoadSpec } from './bench-load.js';

const lines = createInterface({ input: process.stdin });
process.stdout.write('READY\n');
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const result = await drive(JSON.parse(line) as LoadSpec);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
});
lines.on('close', () => void queue.then(() => process.exit(0)));
