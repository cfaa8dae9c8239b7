export * from './read-store-test-database.js';
export * from './reader-contract.js';
