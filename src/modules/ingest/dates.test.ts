import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATE_LANGUAGES, type DateLanguage, parseDate, parseDateline, toIsoDate } from './dates.js';

describe('toIsoDate', () => {
  it('pads real dates and knows leap years', () => {
    expect(toIsoDate(2010, 5, 21)).toBe('2010-05-21');
    expect(toIsoDate(2012, 2, 29)).toBe('2012-02-29');
    expect(toIsoDate(2000, 2, 29)).toBe('2000-02-29');
    expect(toIsoDate(987, 1, 2)).toBe('0987-01-02');
  });

  it('rejects impossible dates', () => {
    expect(toIsoDate(2011, 2, 29)).toBeNull();
    expect(toIsoDate(1900, 2, 29)).toBeNull();
    expect(toIsoDate(2010, 4, 31)).toBeNull();
    expect(toIsoDate(2010, 13, 1)).toBeNull();
    expect(toIsoDate(2010, 0, 1)).toBeNull();
    expect(toIsoDate(2010, 1, 0)).toBeNull();
    expect(toIsoDate(0, 1, 1)).toBeNull();
    expect(toIsoDate(2010, 1.5, 1)).toBeNull();
  });
});

describe('parseDate', () => {
  const cases: [string, string, DateLanguage | null, string][] = [
    ['The workshop closed on 14 March 2019 in Skopje.', '2019-03-14', 'en', '14 March 2019'],
    ['Signed on March 14, 2019, by both sides.', '2019-03-14', 'en', 'March 14, 2019'],
    ['Opened on the 3rd July 2018.', '2018-07-03', 'en', '3rd July 2018'],
    ['La réunion du 14 mars 2019 à Skopje.', '2019-03-14', 'fr', '14 mars 2019'],
    ['Depuis le 1er juillet 2018, le bureau est ouvert.', '2018-07-01', 'fr', '1er juillet 2018'],
    ['Am 14. März 2019 trafen sich die Delegationen.', '2019-03-14', 'de', '14. März 2019'],
    ['Der Bericht vom 3. Oktober 2017 liegt vor.', '2017-10-03', 'de', '3. Oktober 2017'],
    ['La conferenza del 14 marzo 2019 a Skopje.', '2019-03-14', 'it', '14 marzo 2019'],
    ['Dal 1° luglio 2018 il progetto è attivo.', '2018-07-01', 'it', '1° luglio 2018'],
    ['Встреча 14 марта 2019 года прошла в Скопье.', '2019-03-14', 'ru', '14 марта 2019 года'],
    ['Доклад от 3 октября 2017 г. опубликован.', '2017-10-03', 'ru', '3 октября 2017 г.'],
    ['La reunión del 14 de marzo de 2019 en Skopie.', '2019-03-14', 'es', '14 de marzo de 2019'],
    ['Desde el 1º de julio del 2018 la oficina está abierta.', '2018-07-01', 'es', '1º de julio del 2018'],
    ['Deadline: 14/03/2019.', '2019-03-14', null, '14/03/2019'],
    ['Frist: 14.03.2019.', '2019-03-14', null, '14.03.2019'],
    ['Published 2019-03-14T09:00Z.', '2019-03-14', null, '2019-03-14'],
  ];
  it.each(cases)('reads %j', (text, date, language, matched) => {
    const found = parseDate(text);
    expect(found).toEqual({ date, language, matched, index: text.indexOf(matched) });
  });

  it('reads abbreviated month names with or without a dot', () => {
    expect(parseDate('Due 7 Sept. 2016')).toMatchObject({ date: '2016-09-07', language: 'en' });
    expect(parseDate('Due Sept 7, 2016')).toMatchObject({ date: '2016-09-07', language: 'en' });
    expect(parseDate('le 7 sept. 2016')).toMatchObject({ date: '2016-09-07', language: 'fr' });
    expect(parseDate('le 7 févr. 2016')).toMatchObject({ date: '2016-02-07', language: 'fr' });
    expect(parseDate('am 7. Okt. 2016')).toMatchObject({ date: '2016-10-07', language: 'de' });
    expect(parseDate('am 7 Okt 2016')).toMatchObject({ date: '2016-10-07', language: 'de' });
    expect(parseDate('il 7 ott. 2016')).toMatchObject({ date: '2016-10-07', language: 'it' });
    expect(parseDate('el 7 de dic. de 2016')).toMatchObject({ date: '2016-12-07', language: 'es' });
    expect(parseDate('7 дек. 2016 г.')).toMatchObject({ date: '2016-12-07', language: 'ru' });
  });

  it('ignores case and accents', () => {
    expect(parseDate('LE 2 FÉVRIER 2015')).toMatchObject({ date: '2015-02-02', language: 'fr' });
    expect(parseDate('le 2 fevrier 2015')).toMatchObject({ date: '2015-02-02', language: 'fr' });
    expect(parseDate('le 15 août 2015')).toMatchObject({ date: '2015-08-15', language: 'fr' });
    expect(parseDate('le 15 aout 2015')).toMatchObject({ date: '2015-08-15', language: 'fr' });
    expect(parseDate('am 2. Marz 2015')).toMatchObject({ date: '2015-03-02', language: 'de' });
    // Decomposed accents, as some PDF extractors write them.
    expect(parseDate('le 2 fe\u0301vrier 2015')).toMatchObject({ date: '2015-02-02', language: 'fr' });
    expect(parseDate('2 ФЕВРАЛЯ 2015 ГОДА')).toMatchObject({ date: '2015-02-02', language: 'ru' });
  });

  it('tells French from German by the case of an ambiguous month name', () => {
    expect(parseDate('le 2 mai 2015')?.language).toBe('fr');
    expect(parseDate('am 2 Mai 2015')?.language).toBe('de');
  });

  it('restricts and orders languages through options', () => {
    expect(parseDate('il 4 novembre 2015')?.language).toBe('fr');
    expect(parseDate('il 4 novembre 2015', { languages: ['it'] })?.language).toBe('it');
    expect(parseDate('4 agosto 2015', { languages: ['es', 'it'] })?.language).toBe('es');
    expect(parseDate('4 August 2015', { languages: ['fr'] })).toBeNull();
    expect(parseDate('4.08.2015', { languages: [] })).toMatchObject({ date: '2015-08-04', language: null });
    expect(parseDate('4 August 2015', { languages: ['xx'] })).toBeNull();
  });

  it('returns the first date when there are several', () => {
    expect(parseDate('From 2 June 2014 to 2014-06-05, then 9 July 2014.')?.date).toBe('2014-06-02');
    expect(parseDate('From 2014-06-05 to 2 June 2014.')?.date).toBe('2014-06-05');
  });

  it('rejects impossible calendar dates and keeps looking', () => {
    expect(parseDate('31 April 2010')).toBeNull();
    expect(parseDate('29 February 2011')).toBeNull();
    expect(parseDate('29 février 2012')?.date).toBe('2012-02-29');
    expect(parseDate('29. Februar 1900')).toBeNull();
    expect(parseDate('29 febbraio 2000')?.date).toBe('2000-02-29');
    expect(parseDate('31/06/2010')).toBeNull();
    expect(parseDate('2010-02-30')).toBeNull();
    expect(parseDate('2010-13-01')).toBeNull();
    expect(parseDate('32 May 2010')).toBeNull();
    expect(parseDate('31 April 2010, rescheduled to 30 April 2010')?.matched).toBe('30 April 2010');
  });

  it('does not take look-alikes for dates', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate('21 tables 2010')).toBeNull();
    expect(parseDate('Resolution 1325 May 2010')).toBeNull();
    expect(parseDate('Version 1.21.05.2010 was released')).toBeNull();
    expect(parseDate('Reference 21.05.20101')).toBeNull();
    expect(parseDate('Mayday 21, 2010')).toBeNull();
    // The suffix must suit the language: "1er" is French only, "de" Spanish only.
    expect(parseDate('21er mai 2010')).toBeNull();
    expect(parseDate('1er May 2010')).toBeNull();
    expect(parseDate('21 de August de 2010')).toBeNull();
    expect(parseDate('21. mayo 2010')).toBeNull();
    expect(parseDate('мая 21, 2010')).toBeNull();
  });

  it('returns quickly on 10 KB of garbage', () => {
    const pieces = ['1', '21', ' ', 'mai', 'May', '.', '/', '-', 'de ', 'x', 'мая', '2010', 'é', '\u0301'];
    let garbage = '';
    for (let i = 0; garbage.length < 10_000; i++) garbage += pieces[(i * 7 + (i >> 3)) % pieces.length];
    const letters = 'a'.repeat(10_000);
    const digits = '1'.repeat(10_000);
    const started = performance.now();
    for (const text of [garbage, letters, digits, ' '.repeat(10_000), `1${' '.repeat(10_000)}`])
      parseDate(text);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('parseDateline', () => {
  const dashes = [' - ', ' – ', ' — ', ' -- ', '—', '\u00a0– ', ': '];
  it.each(dashes)('splits an upper-case place, a date and the text at %j', (dash) => {
    expect(
      parseDateline(`ALMATY, 9 October 2021${dash}Border officers from four countries trained.`),
    ).toEqual({
      place: 'ALMATY',
      date: '2021-10-09',
      dateText: '9 October 2021',
      rest: 'Border officers from four countries trained.',
    });
  });

  it('reads dates in every language and numeric form', () => {
    const read = (text: string) => {
      const dateline = parseDateline(text);
      return dateline && [dateline.place, dateline.date, dateline.rest];
    };
    expect(read('PARIS, 1er octobre 2021 – Des formateurs…')).toEqual([
      'PARIS',
      '2021-10-01',
      'Des formateurs…',
    ]);
    expect(read('BERLIN, 9. Oktober 2021 – Ausbilder…')).toEqual(['BERLIN', '2021-10-09', 'Ausbilder…']);
    expect(read('ROMA, 9 ottobre 2021 - Formatori…')).toEqual(['ROMA', '2021-10-09', 'Formatori…']);
    expect(read('МОСКВА, 9 октября 2021 года — Инструкторы…')).toEqual([
      'МОСКВА',
      '2021-10-09',
      'Инструкторы…',
    ]);
    expect(read('MADRID, 9 de octubre de 2021 – Instructores…')).toEqual([
      'MADRID',
      '2021-10-09',
      'Instructores…',
    ]);
    expect(read('SKOPJE, 09.10.2021 - Trainers…')).toEqual(['SKOPJE', '2021-10-09', 'Trainers…']);
    expect(read('SKOPJE, 09/10/2021 - Trainers…')).toEqual(['SKOPJE', '2021-10-09', 'Trainers…']);
    expect(read('SKOPJE, 2021-10-09 - Trainers…')).toEqual(['SKOPJE', '2021-10-09', 'Trainers…']);
    expect(read('SKOPJE 9 October 2021 - Trainers…')).toEqual(['SKOPJE', '2021-10-09', 'Trainers…']);
  });

  it('accepts multi-word places with hyphens, apostrophes, dots and diacritics', () => {
    const places = [
      'THE HAGUE',
      'BANJA LUKA',
      'NUR-SULTAN',
      'CHIȘINĂU',
      'ST. PETERSBURG',
      'ВЕНА',
      'BISCHKEK',
      "L'AQUILA",
      'WASHINGTON D.C.',
      'ULAN BATOR',
    ];
    for (const place of places) {
      expect(parseDateline(`${place}, 12 May 2022 – Text follows.`)).toMatchObject({
        place,
        date: '2022-05-12',
      });
      expect(parseDateline(`${place} – Text follows.`)).toEqual({
        place,
        date: null,
        dateText: null,
        rest: 'Text follows.',
      });
    }
  });

  it('accepts title-case places only when a comma and a date follow', () => {
    expect(parseDateline('Bishkek, 12 May 2022 – Text follows.')).toMatchObject({
      place: 'Bishkek',
      date: '2022-05-12',
    });
    expect(parseDateline('Frankfurt am Main, 12. Mai 2022 – Text.')).toMatchObject({
      place: 'Frankfurt am Main',
      date: '2022-05-12',
    });
    expect(parseDateline('St. Petersburg, May 12, 2022 - Text.')).toMatchObject({ place: 'St. Petersburg' });
    expect(parseDateline('Bishkek – Text follows.')).toBeNull();
    expect(parseDateline('Bishkek 12 May 2022 – Text follows.')).toBeNull();
    expect(parseDateline('Bishkek, in May 2022 – Text follows.')).toBeNull();
  });

  it('keeps the date text of an upper-case dateline whose date is impossible', () => {
    expect(parseDateline('ALMATY, 31 April 2021 – Text.')).toEqual({
      place: 'ALMATY',
      date: null,
      dateText: '31 April 2021',
      rest: 'Text.',
    });
    expect(parseDateline('Almaty, 31 April 2021 – Text.')).toBeNull();
  });

  it('does not take ordinary paragraphs for datelines', () => {
    expect(parseDateline('')).toBeNull();
    expect(parseDateline('   ')).toBeNull();
    expect(
      parseDateline('Border officers met in Almaty, on 9 October 2021 - and agreed on a plan.'),
    ).toBeNull();
    expect(parseDateline('Border officers met in Almaty, 9 October 2021 - and agreed on a plan.')).toBeNull();
    expect(parseDateline('officers, 9 October 2021 - and more.')).toBeNull();
    expect(parseDateline('Officers agreed, 9 October 2021 – a plan.')).toBeNull();
    expect(parseDateline('Today, 9 October 2021 – officers met.')).toBeNull();
    expect(parseDateline('MONDAY, 9 October 2021 – officers met.')).toBeNull();
    expect(parseDateline('ONE TWO THREE FOUR FIVE SIX – too many words.')).toBeNull();
    expect(parseDateline('ALMATY-based trainers met on 9 October 2021.')).toBeNull();
    expect(parseDateline('ALMATY, KAZAKHSTAN – the text.')).toBeNull();
    expect(parseDateline('ALMATY: the text.')).toBeNull();
    expect(parseDateline('ALMATY, 9 October 2021 Officers met.')).toBeNull();
    expect(parseDateline('"ALMATY, 9 October 2021 – quoted."')).toBeNull();
  });

  it('returns quickly on 10 KB of garbage', () => {
    const started = performance.now();
    for (const text of [
      'A'.repeat(10_000),
      `${'AB '.repeat(3_000)}– x`,
      `ALMATY, ${'9 '.repeat(5_000)}`,
      `ALMATY${' '.repeat(10_000)}– x`,
      `${'Ab-'.repeat(3_000)}`,
    ]) {
      parseDateline(text);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});

const LONG_FORMATS: Record<DateLanguage, (day: number, month: number, year: number) => string> = {
  en: (d, m, y) => `${EN[m - 1]} ${d}, ${y}`,
  fr: (d, m, y) => `${d === 1 ? '1er' : d} ${FR[m - 1]} ${y}`,
  de: (d, m, y) => `${d}. ${DE[m - 1]} ${y}`,
  it: (d, m, y) => `${d === 1 ? '1°' : d} ${IT[m - 1]} ${y}`,
  es: (d, m, y) => `${d} de ${ES[m - 1]} de ${y}`,
  ru: (d, m, y) => `${d} ${RU[m - 1]} ${y} года`,
};
const EN = 'January February March April May June July August September October November December'.split(' ');
const FR = 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre'.split(' ');
const DE = 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember'.split(' ');
const IT =
  'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre'.split(' ');
const ES = 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre'.split(
  ' ',
);
const RU = 'января февраля марта апреля мая июня июля августа сентября октября ноября декабря'.split(' ');

describe('properties', () => {
  const noisy = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.constantFrom(
          '21',
          '1',
          ' ',
          ', ',
          ' – ',
          '—',
          '.',
          '/',
          '-',
          'May',
          'mai',
          'de ',
          'мая',
          '2010',
          'VIENNA',
        ),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('never throws on arbitrary unicode, and a found date is where it says', () => {
    fc.assert(
      fc.property(noisy, (text) => {
        const found = parseDate(text);
        if (found !== null) {
          expect(text.slice(found.index, found.index + found.matched.length)).toBe(found.matched);
          expect(found.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
        const dateline = parseDateline(text);
        if (dateline !== null) expect(text.endsWith(dateline.rest)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads back every valid date written in each language’s long format', () => {
    const day = fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(...DATE_LANGUAGES),
        fc.string({ maxLength: 12 }),
        (d, language, prefix) => {
          const iso = d.toISOString().slice(0, 10);
          const written = LONG_FORMATS[language](d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear());
          const text = `${prefix.replace(/[\p{L}\p{N}]/gu, '')} ${written}.`;
          expect(parseDate(text)?.date).toBe(iso);
          expect(parseDate(text, { languages: [language] })).toMatchObject({
            date: iso,
            language,
            matched: written,
          });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
