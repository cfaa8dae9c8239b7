export * from './access/passwords/password-hasher.js';
