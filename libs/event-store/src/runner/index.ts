export * from './checkpointed-runner.js';
export * from './catch-up-together.js';
export * from './count-lag.js';
export * from './leases.js';
export * from './runner-logger.js';
export * from './runner-target.js';
