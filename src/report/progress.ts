// A progress bar with an estimate of the time left, drawn on stderr only when it is a terminal, so logs
// and pipes stay clean and outputs stay byte-identical.

export interface Progress {
  update(done: number, label?: string): void;
  /** Draws the count reached, so a stopped run shows how far it got: 'done' when complete, else `label`. */
  finish(label?: string): void;
}

export function progressBar(
  total: number,
  title: string,
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr,
): Progress {
  const enabled = stream.isTTY === true && process.env.CI !== 'true';
  const started = Date.now();
  let lastDraw = 0;
  let reached = 0;
  const draw = (done: number, label: string, final = false): void => {
    const width = 28;
    const share = total > 0 ? Math.min(done / total, 1) : 1;
    const filled = Math.round(share * width);
    const elapsed = (Date.now() - started) / 1000;
    const eta = done > 0 && !final ? (elapsed * (total - done)) / done : NaN;
    const etaText = Number.isFinite(eta) ? `${Math.ceil(eta)}s left` : '';
    stream.write(
      `\r${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${etaText} ${label}`
        .padEnd(100)
        .slice(0, 120),
    );
  };
  return {
    update(done: number, label = ''): void {
      reached = done;
      if (!enabled) return;
      const now = Date.now();
      if (now - lastDraw < 80 && done < total) return;
      lastDraw = now;
      draw(done, label);
    },
    finish(label = 'stopped'): void {
      if (!enabled) return;
      draw(reached, reached >= total ? 'done' : label, true);
      stream.write('\n');
    },
  };
}
