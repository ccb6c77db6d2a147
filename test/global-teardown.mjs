import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  await globalThis.__fauxqs?.stop();
  const postgres = globalThis.__embeddedPostgres;
  if (postgres) {
    await postgres.stop();
    await rm(postgres.dir, { recursive: true, force: true });
  }
}
