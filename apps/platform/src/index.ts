export * from './access/authentication/access.decorators.js';
export * from './access/passwords/password-hasher.js';
export * from './operations/health/health.controller.js';
export * from './shell/command-side/event-sourcing.js';
