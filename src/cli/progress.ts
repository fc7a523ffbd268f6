/** Progress for long CLI work: a bar with rate and ETA on a terminal, periodic lines otherwise (CI logs). */
import cliProgress from 'cli-progress';

export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What is counted: things (items, files) or bytes, shown in MB. */
  readonly unit?: 'count' | 'bytes';
}

const MB = 1024 * 1024;

/** Starts a progress display for `total` units of `what` on stderr. */
export function startProgress(total: number, what: string, options: ProgressOptions = {}): Progress {
  const bytes = options.unit === 'bytes';
  const amount = (n: number) => (bytes ? `${(n / MB).toFixed(1)} MB` : String(n));
  const rateOf = (n: number, seconds: number) => {
    const rate = n / Math.max(seconds, 0.001);
    return bytes ? `${(rate / MB).toFixed(1)} MB` : String(Math.round(rate));
  };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${what} [{bar}] {percentage}% | {done}/{all} | {rate}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let done = 0;
    bar.start(total, 0, { rate: 0, done: amount(0), all: amount(total) });
    return {
      increment(by = 1) {
        done += by;
        bar.update(done, {
          rate: rateOf(done, (Date.now() - started) / 1000),
          done: amount(done),
          all: amount(total),
        });
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
      `${what}: ${amount(done)}/${amount(total)} (${Math.round((done / Math.max(total, 1)) * 100)}%) ${rateOf(done, seconds)}/s ETA ${eta}s\n`,
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
