/**
 * A thread that analyzes the texts of a large index build while the builder adds the page before
 * (see text-analysis.ts for why). Pages are answered in the order they were sent.
 */
import { Worker } from 'node:worker_threads';

/** Per item, four strings: title, summary, body HTML, language. */
export type TextsPage = string[];

/** A page's tokens and the words numbered while analyzing it (see TextAnalysis). */
export type AnalysisReply =
  | { readonly tokens: Int32Array<ArrayBuffer>; readonly words: string[]; readonly surfaces: string[] }
  | { readonly error: string };

type Analyzed = Exclude<AnalysisReply, { error: string }>;

export class AnalysisThread {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (reply: Analyzed) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | null = null;

  /** `entry`: the thread's script (tests name one that fails). */
  constructor(entry = new URL('./analysis-entry.mjs', import.meta.url)) {
    this.worker = new Worker(entry);
    this.worker.on('message', (reply: AnalysisReply) => {
      const next = this.waiting.shift();
      if ('error' in reply) this.fail(new Error(`Analysis thread: ${reply.error}`), next);
      else next?.resolve(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The analysis thread stopped (exit code ${code})`)));
  }

  /** True once the thread failed: the build should not trust what it answers after. */
  get failed(): boolean {
    return this.failure !== null;
  }

  analyze(page: TextsPage): Promise<Analyzed> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(page);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('The analysis thread was closed');
    await this.worker.terminate();
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  private fail(error: Error, first?: { reject: (error: Error) => void }): void {
    this.failure ??= error;
    first?.reject(error);
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
