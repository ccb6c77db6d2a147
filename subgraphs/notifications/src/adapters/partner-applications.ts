import type { InternalClient } from '@paygraph/platform/internal-client';

/** Whose a partner application is (users owns them). */
export interface PartnerApplications {
  find(applicationId: string): Promise<{ applicationId: string; ownerId: string; accountId: string } | null>;
}

/** Asked of users' internal command `partnerApplication`, only when a person registers an endpoint. */
export class UsersPartnerApplications implements PartnerApplications {
  constructor(private readonly users: InternalClient) {}

  find(applicationId: string) {
    return this.users.command<{ applicationId: string; ownerId: string; accountId: string } | null>('partnerApplication', { applicationId });
  }
}
