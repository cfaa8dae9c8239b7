export * from './account-list-document.js';
export * from './evolve-account-list.js';
export * from './account-list.projection.js';
export * from './account-list.queries.js';
export * from './account-list.mongo.js';
