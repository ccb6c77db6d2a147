import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Mutation } from './Mutation.js';
import { Notification } from './Notification.js';
import { PartnerApplication } from './PartnerApplication.js';
import { Query } from './Query.js';
import { User } from './User.js';
import { WebhookAttempt, WebhookDelivery } from './WebhookDelivery.js';
import { WebhookEndpoint } from './WebhookEndpoint.js';

export const resolvers: Resolvers = { Mutation, Notification, PartnerApplication, Query, User, WebhookAttempt, WebhookDelivery, WebhookEndpoint };
