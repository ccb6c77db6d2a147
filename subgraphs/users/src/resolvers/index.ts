import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Query } from './Query.js';
import { Mutation } from './Mutation.js';
import { User } from './User.js';
import { Session } from './Session.js';
import { ApiKey, PartnerApplication, TrustedDocument } from './PartnerApplication.js';
import { PrivacyRequest } from './PrivacyRequest.js';

export const resolvers: Resolvers = { Query, Mutation, User, Session, PartnerApplication, ApiKey, TrustedDocument, PrivacyRequest };
