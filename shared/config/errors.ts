/** A configuration the functions cannot run with: a bad deploy, named once, loudly. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
