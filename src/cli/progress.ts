/** Progress for long CLI work: a bar with rate and ETA on a terminal, periodic lines otherwise (CI logs). */
import cliProgress from 'cli-progress';

export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

/** Starts a progress display for `total` units of `what` on stderr. */
export function startProgress(total: number, what: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${what} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let done = 0;
    bar.start(total, 0, { rate: 0 });
    return {
      increment(by = 1) {
        done += by;
        bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
      },
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let done = 0;
  let nextReport = 0;
  let reported = -1;
  const report = () => {
    reported = done;
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    process.stderr.write(
      `${what}: ${done}/${total} (${Math.round((done / Math.max(total, 1)) * 100)}%) ${Math.round(rate)}/s ETA ${eta}s\n`,
    );
  };
  return {
    increment(by = 1) {
      done += by;
      if (done >= nextReport) {
        report();
        nextReport = done + Math.max(1, Math.ceil(total / 10));
      }
    },
    stop() {
      if (reported !== done) report();
    },
  };
}
