import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError, print, type DocumentNode } from 'graphql';
import { z } from 'zod';
import type { Logger } from '@paygraph/platform/logger';
import type { Viewer } from './authentication.js';

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), name: z.string(), body: z.string() })),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const HASH = /^[0-9a-f]{64}$/;
const CACHE_MAX_ENTRIES = 10_000;
/**
 * A registered document never changes under its hash: remembered long. An unknown one only for a second: it may be
 * registered next, and the key's request budget bounds how often a caller can make users look.
 */
const FOUND_MS = 10 * 60_000;
const MISSING_MS = 1_000;

export const TRUSTED_DOCUMENT_REFUSED = 'PERSISTED_QUERY_NOT_IN_LIST';

/**
 * Trusted documents (persisted operations, issue 13). Two sources: the build's manifest of `schema/operations/`
 * (`npm run trusted-documents`, loaded at start), and the documents each partner application registered
 * (`registerTrustedDocuments`, asked of users on a miss and cached). A request may name a document by its hash alone
 * (`extensions.persistedQuery.sha256Hash`, APQ-compatible); in trusted mode, which is on by default for API keys, a
 * document that is in neither source is refused — by its text's hash, or by the hash of its printed form, so a client
 * that formats a registered document differently is not refused for whitespace.
 */
export class TrustedDocuments {
  private readonly builtIn = new Map<string, string>();
  private readonly partner = new Map<string, { body: string | null; until: number }>();
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(
    private readonly opts: {
      manifestPath: string;
      call: (name: string, input: unknown) => Promise<unknown>;
      logger: Logger;
    },
  ) {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(opts.manifestPath, 'utf8')));
    for (const op of manifest.operations) this.builtIn.set(op.id, op.body);
  }

  get size(): number {
    return this.builtIn.size;
  }

  /** The body of a document named by hash, for this viewer (built-in, or their application's); undefined if unknown. */
  async body(hash: string, viewer: Viewer): Promise<string | undefined> {
    if (!HASH.test(hash)) return undefined;
    const builtIn = this.builtIn.get(hash);
    if (builtIn !== undefined) return builtIn;
    if (!viewer.apiKey) return undefined;
    return (await this.partnerDocument(viewer.apiKey.applicationId, hash)) ?? undefined;
  }

  /** Throws PERSISTED_QUERY_NOT_IN_LIST unless the document is registered for this viewer. */
  async assertTrusted(queryHash: string | undefined, document: DocumentNode, viewer: Viewer): Promise<void> {
    if (queryHash && (await this.body(queryHash, viewer)) !== undefined) return;
    let canonical = this.printed.get(document);
    if (canonical === undefined) this.printed.set(document, (canonical = sha256(print(document))));
    if (canonical !== queryHash && (await this.body(canonical, viewer)) !== undefined) return;
    throw new GraphQLError('Only registered documents may run here: send the hash of a trusted document (extensions.persistedQuery.sha256Hash)', {
      extensions: { code: TRUSTED_DOCUMENT_REFUSED, http: { status: 400 } },
    });
  }

  private async partnerDocument(applicationId: string, hash: string): Promise<string | null> {
    const key = `${applicationId}:${hash}`;
    const now = Date.now();
    const hit = this.partner.get(key);
    if (hit && hit.until > now) return hit.body;
    let body: string | null;
    try {
      const answer = (await this.opts.call('trustedDocument', { applicationId, hash })) as { body: string } | null;
      body = answer?.body ?? null;
    } catch (error) {
      // Refusing is the safe answer while users cannot be asked; not remembered, so the next request asks again.
      this.opts.logger.error({ err: error }, 'trusted document lookup failed');
      return null;
    }
    if (this.partner.size >= CACHE_MAX_ENTRIES) this.partner.delete(this.partner.keys().next().value!);
    this.partner.set(key, { body, until: now + (body === null ? MISSING_MS : FOUND_MS) });
    return body;
  }
}
