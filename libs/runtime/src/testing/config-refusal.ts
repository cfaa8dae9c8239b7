// What the configuration specs check of a refused environment.
import { loadPlatformConfig } from '../config/platform-config.js';

/** The error loadPlatformConfig throws for `env`, or undefined when it accepts it. */
export function configRefusal(env: Record<string, string>): unknown {
  try {
    loadPlatformConfig(env);
  } catch (error) {
    return error;
  }
  return undefined;
}
