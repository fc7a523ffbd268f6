import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractPeople, extractQuotes } from './quotes.js';

const one = (paragraph: string) => extractQuotes([paragraph]);

describe('extractQuotes', () => {
  it('reads `"…," said Name, the Role.` and drops the leading "the" and the final period', () => {
    expect(
      one(
        '"Shared training saves money," said Lena Oksanen-Berg, the Senior Adviser to the OSCE Secretary General.',
      ),
    ).toEqual([
      {
        text: 'Shared training saves money.',
        speaker: 'Lena Oksanen-Berg',
        role: 'Senior Adviser to the OSCE Secretary General',
        paragraphIndex: 0,
      },
    ]);
  });

  it('reads a speaker without a role', () => {
    expect(one('"We start on Monday," said Goran Lukić.')).toEqual([
      { text: 'We start on Monday.', speaker: 'Goran Lukić', role: null, paragraphIndex: 0 },
    ]);
  });

  it('reads `Name said: "…"` and `Name, the Role, said: "…"`', () => {
    expect(one('Nino Beridze said: "The archive opens in May."')[0]).toMatchObject({
      speaker: 'Nino Beridze',
      role: null,
      text: 'The archive opens in May.',
    });
    expect(
      one('Today Nino Beridze, the Head of the Archives Unit, said: "It opens in May."')[0],
    ).toMatchObject({
      speaker: 'Nino Beridze',
      role: 'Head of the Archives Unit',
    });
  });

  it('reads "added", "stressed" and "according to" attributions', () => {
    expect(one('"Budgets must be public," added Timur Sadykov.')[0]?.speaker).toBe('Timur Sadykov');
    expect(
      one('"Trust takes years," stressed Ines Dubois, Head of the OSCE Mission to Montenegro.')[0],
    ).toMatchObject({ speaker: 'Ines Dubois', role: 'Head of the OSCE Mission to Montenegro' });
    expect(
      one('"Data must be open," according to Levan Kapanadze, the Mission\'s Programme Officer.')[0],
    ).toMatchObject({ speaker: 'Levan Kapanadze', role: "Mission's Programme Officer" });
    expect(one('According to Levan Kapanadze, Programme Officer, "data must be open."')[0]).toMatchObject({
      speaker: 'Levan Kapanadze',
      role: 'Programme Officer',
      text: 'data must be open.',
    });
  });

  it('reads `"…" Name, the Role of Z, said.`', () => {
    expect(
      one('"The roads are open again." Mikael Jansen, the Head of Office in Osh, said.')[0],
    ).toMatchObject({
      speaker: 'Mikael Jansen',
      role: 'Head of Office in Osh',
    });
  });

  it('keeps a possessive role such as "ODIHR\'s Senior Adviser on …"', () => {
    expect(
      one('"Every voter counts," said Sofia Rossi, ODIHR\'s Senior Adviser on Electoral Participation.')[0]
        ?.role,
    ).toBe("ODIHR's Senior Adviser on Electoral Participation");
  });

  it('drops only a whole leading article from a role', () => {
    expect(one('"Count every vote," said Lars Fischer, Election Officer.')[0]?.role).toBe('Election Officer');
    expect(one('"Count every vote," said Lars Fischer, the Theatre Director.')[0]?.role).toBe(
      'Theatre Director',
    );
  });

  it('joins a quote interrupted by its attribution into one quote', () => {
    expect(one('“Talks are slow,” said Anu Melnyk. “But they have not stopped.”')).toEqual([
      {
        text: 'Talks are slow. But they have not stopped.',
        speaker: 'Anu Melnyk',
        role: null,
        paragraphIndex: 0,
      },
    ]);
  });

  it('handles «» and „“ quotes, particles in names, honorifics and role words before the name', () => {
    expect(one('«Nous sommes prêts», a déclaré Marie-Claire Dubois, cheffe de la Mission.')[0]).toMatchObject(
      {
        text: 'Nous sommes prêts',
        speaker: 'Marie-Claire Dubois',
        role: 'cheffe de la Mission',
      },
    );
    expect(one('„Wir sind bereit“, sagte Johannes von der Linden.')[0]?.speaker).toBe(
      'Johannes von der Linden',
    );
    expect(one('"Yes," said Ambassador Pieter van den Berg.')[0]?.speaker).toBe('Pieter van den Berg');
    expect(one('"Agreed," said OSCE Secretary General Elena Moroz.')[0]).toMatchObject({
      speaker: 'Elena Moroz',
      role: 'OSCE Secretary General',
    });
  });

  it('resolves a lone surname and a pronoun to a speaker met before', () => {
    const quotes = extractQuotes([
      '"Step one is done," said Rustam Karimov, the Project Manager.',
      '"Step two starts now," Karimov said.',
      '"And step three next year," he added.',
    ]);
    expect(quotes.map((q) => [q.speaker, q.paragraphIndex])).toEqual([
      ['Rustam Karimov', 0],
      ['Rustam Karimov', 1],
      ['Rustam Karimov', 2],
    ]);
  });

  it('ignores scare quotes, institutions as speakers and unbalanced quotes', () => {
    expect(one('The so-called "Vienna approach" was discussed at length.')).toEqual([]);
    expect(one('"We welcome the agreement," said the OSCE Secretariat.')).toEqual([]);
    expect(one('"Unclosed quote, said Jane Roe.')).toEqual([]);
    expect(extractQuotes([])).toEqual([]);
  });

  it('never throws and stays fast on hostile input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 400 }), { maxLength: 5 }), (paragraphs) => {
        extractQuotes(paragraphs);
      }),
    );
    const started = performance.now();
    extractQuotes(['"a" said Aaaa Bbbb. '.repeat(100_000), 'A'.repeat(1_000_000), '"'.repeat(1_000_000)]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('extractPeople', () => {
  it('finds people in appositions and quote speakers, once each, in order of mention', () => {
    const paragraphs = [
      "The guide was presented with the participation of Tamar Lomidze, ODIHR's Adviser on Roma and Sinti Issues, and police officers from two countries.",
      '"It works," said Erik Schmid, Head of the OSCE Presence in Albania. Tamar Lomidze agreed.',
      'The workshop took place in Novi Sad, Serbia, and in Tirana.',
    ];
    expect(extractPeople(paragraphs, extractQuotes(paragraphs))).toEqual([
      { name: 'Tamar Lomidze', role: "ODIHR's Adviser on Roma and Sinti Issues" },
      { name: 'Erik Schmid', role: 'Head of the OSCE Presence in Albania' },
    ]);
  });
});
