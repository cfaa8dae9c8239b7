export * from './read-store-test-database.js';
