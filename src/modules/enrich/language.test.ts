import { describe, expect, it } from 'vitest';
import { detectLanguage, MIN_LETTERS, PROFILE_LANGUAGES } from './language.js';

// Our own sentences, one press-release opening per profile language.
const SENTENCES: Record<string, string> = {
  en: 'The OSCE Mission trained forty police officers on community policing and the protection of victims.',
  fr: 'La Mission de l’OSCE a formé quarante policiers à la police de proximité et à la protection des victimes.',
  de: 'Die OSZE-Mission hat vierzig Polizeibeamte in bürgernaher Polizeiarbeit und im Opferschutz geschult.',
  it: 'La Missione dell’OSCE ha formato quaranta agenti di polizia sulla polizia di prossimità e sulla tutela delle vittime.',
  ru: 'Миссия ОБСЕ провела обучение для сорока сотрудников полиции по работе с населением и защите жертв.',
  es: 'La Misión de la OSCE capacitó a cuarenta agentes de policía en policía comunitaria y protección de las víctimas.',
};

describe('detectLanguage', () => {
  it('recognizes each of the six profile languages', () => {
    for (const [language, sentence] of Object.entries(SENTENCES)) {
      const detected = detectLanguage(sentence);
      expect(detected?.language, sentence).toBe(language);
      expect(detected!.confidence).toBeGreaterThan(0);
      expect(detected!.confidence).toBeLessThanOrEqual(1);
    }
    expect(PROFILE_LANGUAGES).toEqual(['en', 'fr', 'de', 'it', 'ru', 'es']);
  });

  it('answers only among the candidates', () => {
    expect(detectLanguage(SENTENCES.fr!, ['en', 'es'])?.language).toMatch(/^(?:en|es)$/);
    // Cyrillic with no Cyrillic candidate: nothing to say.
    expect(detectLanguage(SENTENCES.ru!, ['en', 'fr'])).toBeNull();
  });

  it('is surer of a long clear text than of a close call', () => {
    const long = detectLanguage(`${SENTENCES.de} ${SENTENCES.de}`)!;
    const close = detectLanguage('La polizia di Roma e la policía de Madrid', ['it', 'es']);
    expect(long.confidence).toBeGreaterThan(0.8);
    expect(close === null || close.confidence < long.confidence).toBe(true);
  });

  it('returns null for text too short to tell, or with no letters', () => {
    expect(detectLanguage('OSCE')).toBeNull();
    expect(detectLanguage('a'.repeat(MIN_LETTERS - 1))).toBeNull();
    expect(detectLanguage('2025-03-03 12:00 — 42 %')).toBeNull();
    expect(detectLanguage('https://www.osce.org/files/f/documents/report-2025.pdf')).toBeNull();
  });

  it('ignores candidates it cannot detect, and refuses when it can detect none', () => {
    expect(detectLanguage(SENTENCES.en!, ['en', 'xx'])?.language).toBe('en');
    expect(() => detectLanguage(SENTENCES.en!, ['xx'])).toThrow(
      expect.objectContaining({ code: 'DL_VALIDATION' }),
    );
    expect(() => detectLanguage(42 as never)).toThrow(expect.objectContaining({ code: 'DL_VALIDATION' }));
  });
});
