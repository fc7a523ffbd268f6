import { describe, expect, it } from 'vitest';
import { calendarDate, formatCalendarDate, formatDate, formatDateTime, languageName } from './format.js';

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

describe('language names', () => {
  it('names a language in the reader’s language, each pair on its own', () => {
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('fr', 'fr')).toBe('français');
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('de', 'en')).toBe('German');
    expect(languageName('ru', 'ru')).toBe('русский');
  });
});
