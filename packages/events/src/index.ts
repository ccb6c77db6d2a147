export * from './catalog.js';
export * from './routing.js';
