export * from './event-store-test-database.js';
export * from './new-events.js';
export * from './subscription-helpers.js';
export * from './event-store-contract.js';
