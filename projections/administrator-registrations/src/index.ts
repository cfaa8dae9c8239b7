export * from './evolve-administrator-registrations.js';
export * from './administrator-registrations.projection.js';
export * from './administrator-registrations.mongo.js';
