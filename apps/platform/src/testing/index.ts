export * from './test-platform.js';
export * from './platform-fixtures.js';
export * from './page-browser.js';
export * from './chromium.js';
export * from './outbox-codes.js';
export * from './accessibility.js';
export * from './browser-platform.js';
