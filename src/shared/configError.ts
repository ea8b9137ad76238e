/** A bad setting: the message names the variable; the server refuses to start with it. */
export class ConfigError extends Error {}
