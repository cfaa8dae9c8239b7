export * from './evolve-administrator-registrations.js';
export * from './administrator-registrations.projection.js';
