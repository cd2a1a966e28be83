/** A one-line progress display (rows, rows per second, phase) on a terminal, for runs longer than a second. */

export interface Progress {
  update(p: { rows: number; phase?: string }): void;
  done(): void;
}

const NONE: Progress = { update: () => {}, done: () => {} };

export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return NONE;
  const started = performance.now();
  let last = 0;
  let shown = false;
  const frames = ["[=   ]", "[ =  ]", "[  = ]", "[   =]", "[  = ]", "[ =  ]"];
  let frame = 0;
  return {
    update({ rows, phase }) {
      const now = performance.now();
      if (now - started < 1000 || now - last < 200) return;
      last = now;
      shown = true;
      const rate = rows / ((now - started) / 1000);
      const label = phase === "write" ? "writing" : phase === "check" ? "checking" : "reading";
      stream.write(
        `\r${frames[frame++ % frames.length]} ${label} ${rows.toLocaleString("en")} rows  ${Math.round(rate).toLocaleString("en")} rows/s   `,
      );
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
