/** Injection tokens of the platform's adapters (ports are plain interfaces, so they need explicit tokens). */
export const PLATFORM_CONFIG = Symbol('PlatformConfig');
export const SQL_DATABASE = Symbol('SqlDatabase');
export const EVENT_STORE = Symbol('EventStore');
/** The per-person data keys (`@peps/personal-data` KeyVault): destroying one erases that person's data. */
export const KEY_VAULT = Symbol('KeyVault');
export const PLATFORM_CLOCK = Symbol('PlatformClock');
/** Things `/api/health` asks: each returns its name, whether it is reachable and, for projections, its lag. */
export const HEALTH_CHECKS = Symbol('HealthChecks');
