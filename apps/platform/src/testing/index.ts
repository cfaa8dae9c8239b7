export * from './test-platform.js';
export * from './platform-fixtures.js';
export * from './page-browser.js';
