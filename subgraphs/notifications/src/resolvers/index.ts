import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Mutation } from './Mutation.js';
import { Notification } from './Notification.js';
import { Query } from './Query.js';
import { User } from './User.js';

export const resolvers: Resolvers = { Mutation, Notification, Query, User };
