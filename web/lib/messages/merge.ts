export type Messages = Record<string, unknown>;

/**
 * The shell's messages with the modules' navigation labels added under each module's name (keys read
 * "<module>.<key>", as when the module’s own messages are loaded: the catalogue merges them deeply).
 */
export function withNav(shell: Messages, nav: Messages): Messages {
  return { ...shell, ...nav };
}
