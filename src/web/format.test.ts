import { describe, expect, it } from 'vitest';
import {
  calendarDate,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatNumber,
  languageName,
} from './format.js';
import { seededRandom } from '../../test/random.js';

describe('dates as readers see them', () => {
  it('formats each style in the site time zone', () => {
    expect(formatDate('2010-05-21T10:00:00Z', 'en', 'Europe/Vienna')).toBe('21 May 2010');
    expect(formatDate('2010-05-21T10:00:00Z', 'fr', 'Europe/Vienna')).toBe('21 mai 2010');
    // 23:30 UTC is already the next day in Vienna (UTC+2 in May).
    expect(formatDate('2010-05-21T23:30:00Z', 'en', 'Europe/Vienna')).toBe('22 May 2010');
    expect(calendarDate('2010-05-21T23:30:00Z', 'Europe/Vienna')).toBe('2010-05-22');
    expect(calendarDate('2010-05-21T23:30:00Z', 'UTC')).toBe('2010-05-21');
    expect(formatDateTime('2010-05-21T10:00:00Z', 'en', 'Europe/Vienna')).toBe('21 May 2010 at 12:00');
    expect(formatCalendarDate('2010-05-21', 'de')).toBe('21. Mai 2010');
  });
});

describe('dates and counts written again', () => {
  it('writes each date and count as Intl does, the second time as the first', () => {
    const random = seededRandom(5);
    for (const language of ['en', 'fr', 'de', 'ru', 'es', 'it', 'ar', 'en-IN', 'hi-IN-u-nu-deva']) {
      const intl = new Intl.NumberFormat(language);
      for (const n of [0, 1, 9, 10, 99, 100, 999, 1000, 1234, 12_345, 999_999, 1_234_567, -1, -999, 2.5, -0])
        expect(formatNumber(n, language), `${language} ${n}`).toBe(intl.format(n));
      for (let i = 0; i < 400; i++) {
        const n = Math.floor(random() * (i % 2 ? 2000 : 1e12));
        expect(formatNumber(n, language), `${language} ${n}`).toBe(intl.format(n));
      }
      for (const timeZone of ['Europe/Vienna', 'UTC', 'Asia/Tokyo']) {
        const dates = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
          timeZone,
          day: 'numeric',
          month: 'long',
          year: 'numeric',
        });
        for (let i = 0; i < 50; i++) {
          const instant = new Date(Date.UTC(1995, 0, 1) + Math.floor(random() * 1e12)).toISOString();
          const expected = dates.format(new Date(instant));
          expect(formatDate(instant, language, timeZone), `${language} ${timeZone} ${instant}`).toBe(
            expected,
          );
          expect(formatDate(instant, language, timeZone)).toBe(expected);
          expect(formatDate(new Date(instant), language, timeZone)).toBe(expected);
          const withTime = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
            timeZone,
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
          }).format(new Date(instant));
          expect(formatDateTime(instant, language, timeZone)).toBe(withTime);
          expect(formatDateTime(instant, language, timeZone)).toBe(withTime);
        }
      }
    }
  });
});

describe('language names', () => {
  it('names a language in the reader’s language, each pair on its own', () => {
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('fr', 'fr')).toBe('français');
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('de', 'en')).toBe('German');
    expect(languageName('ru', 'ru')).toBe('русский');
  });

  it('shows a code that is no language tag as given, without throwing (codes come from URLs)', () => {
    expect(languageName('zz-ZZZZZZZZZ', 'en')).toBe('zz-ZZZZZZZZZ');
    expect(languageName('\u0000', 'en')).toBe('\u0000');
  });
});
