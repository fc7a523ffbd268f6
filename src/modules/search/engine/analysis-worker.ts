/**
 * The analysis thread of an index build (see text-analysis.ts): told each page of items' texts,
 * it answers their tokens and the words it numbered meanwhile, in the order it was told.
 */
import { parentPort } from 'node:worker_threads';
import { forEachTerm } from '../analyze.js';
import type { AnalysisReply, TextsPage } from './analysis-thread.js';
import { documentText } from './load.js';
import { TextAnalysis } from './text-analysis.js';

const analysis = new TextAnalysis(forEachTerm);
/** Words already sent: each reply names only those numbered since. */
let sent = 0;

parentPort!.on('message', (page: TextsPage) => {
  let reply: AnalysisReply;
  try {
    for (let i = 0; i < page.length; i += 4)
      analysis.add(page[i]!, documentText(page[i + 1]!, page[i + 2]!), page[i + 3]!);
    const tokens = analysis.take();
    reply = {
      tokens,
      words: analysis.words.slice(sent),
      surfaces: analysis.surfaces.slice(sent),
    };
    sent = analysis.words.length;
    parentPort!.postMessage(reply, [tokens.buffer]);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
