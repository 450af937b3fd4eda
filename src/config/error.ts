// The error of a configuration that cannot be used: its message is one line naming the key, the
// value (never a secret), where it came from and what was expected. Its own module so that both the
// loader (load.ts) and the environment table (env.ts) throw it without importing each other.

export class ConfigError extends Error {
  override name = "ConfigError";
}
