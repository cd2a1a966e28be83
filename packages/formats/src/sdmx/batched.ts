/**
 * Row-by-row writers make one small write per observation; on an HTTP response each write is a chunk of its
 * own (frame header, socket write). {@link batched} gathers them into writes of about 64 KB, with the same
 * back-pressure: a full buffer is handed on and the writer waits for `drain` as before. Memory stays flat.
 */
import type { Writable } from "node:stream";

const BATCH = 64 * 1024;

export interface BatchedOutput {
  /** What the writers write to (the `write` helper's subset of a Writable). */
  out: Writable;
  /** Hands on what is still gathered; call once the writer has finished. */
  flush(): void;
}

export function batched(target: Writable): BatchedOutput {
  let pending = "";
  const out = {
    get destroyed() {
      return target.destroyed;
    },
    write(text: string): boolean {
      pending += text;
      if (pending.length < BATCH) return true;
      const chunk = pending;
      pending = "";
      return target.write(chunk);
    },
    on: (event: string, listener: () => void) => target.on(event, listener),
    off: (event: string, listener: () => void) => target.off(event, listener),
  };
  return {
    out: out as unknown as Writable,
    flush() {
      if (pending !== "" && !target.destroyed) target.write(pending);
      pending = "";
    },
  };
}
