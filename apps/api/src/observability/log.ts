/**
 * The API's log: structured JSON lines (pino) on stdout, one object per event, each carrying the request id of the
 * request it belongs to (`requestId`, from request-scope.ts). Human-readable (pino-pretty) only on a terminal
 * outside production. Process-wide, like stdout itself: `configureLog` (main.ts) sets level and form once.
 */
import { pino } from "pino";
import type { DestinationStream, Logger } from "pino";
import { currentRequest } from "./request-scope";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

function create(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "ilms-api" },
      // Every line written while serving a request names it; operators follow one request across lines.
      mixin: () => {
        const scope = currentRequest();
        return scope ? { requestId: scope.id } : {};
      },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The process's logger (JSON on stdout at `info` until {@link configureLog} runs). */
export let log: Logger = create("info");

/**
 * Sets the level and the form: pretty when `pretty` (a terminal in development), JSON lines otherwise.
 * pino-pretty is loaded only then, so production never loads it.
 */
export async function configureLog(options: { level: LogLevel; pretty: boolean }): Promise<Logger> {
  if (options.pretty) {
    const { default: pretty } = await import("pino-pretty");
    log = create(options.level, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service", sync: true }));
  } else log = create(options.level);
  return log;
}

/** A logger writing to `destination` (tests read the JSON lines). */
export function logTo(destination: DestinationStream, level: LogLevel = "info"): Logger {
  log = create(level, destination);
  return log;
}
