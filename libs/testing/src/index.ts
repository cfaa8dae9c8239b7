export * from './build-dist.js';
export * from './free-port.js';
export * from './scenario.js';
export * from './smtp-listener.js';
