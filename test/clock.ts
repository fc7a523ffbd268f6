/** A clock tests can set and move, injected wherever Dateline asks for "now". */
import type { Clock } from '../src/modules/content/visibility.js';

export class TestClock implements Clock {
  private instant: number;

  constructor(start: string | Date = '2026-01-15T09:00:00.000Z') {
    this.instant = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.instant);
  }

  /** Jumps to an instant. */
  set(instant: string | Date): void {
    this.instant = new Date(instant).getTime();
  }

  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.instant += ms;
  }
}
