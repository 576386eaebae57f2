export interface ProjectorLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: ProjectorLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One JSON object per line on stdout, like the rest of the system's logs. */
export const jsonLineLogger: ProjectorLogger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), message, ...fields })),
  warn: (message, fields) => console.log(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...fields })),
  error: (message, fields) => console.log(JSON.stringify({ level: 'error', time: new Date().toISOString(), message, ...fields })),
};
