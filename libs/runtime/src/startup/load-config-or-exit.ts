import { ConfigError, loadPlatformConfig, type PlatformConfig } from '../config/platform-config.js';

/**
 * The configuration a process starts on (the platform, the worker). An invalid one ends the process with a French
 * message and exit code 78 (EX_CONFIG), before anything is opened.
 */
export function loadPlatformConfigOrExit(): PlatformConfig {
  try {
    return loadPlatformConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration invalide — ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
}
