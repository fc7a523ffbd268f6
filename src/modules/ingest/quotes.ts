/**
 * Direct quotes and the people an article names, found in plain-text paragraphs of press releases.
 * Rule-based on purpose: the attribution forms of wire-style copy ("…," said Jane Doe, the Head of X.)
 * are few and regular, and every match must be explainable to the editor who reviews the import.
 */

/** A direct quote attributed to a named person. */
export interface ExtractedQuote {
  text: string;
  speaker: string;
  role: string | null;
  paragraphIndex: number;
}

/** A person the article names, with the role its apposition gives, if any. */
export interface NamedPerson {
  name: string;
  role: string | null;
}

// Paragraphs longer than this are not prose a person is quoted in; scanning only their head keeps
// hostile input (one 5 MB line) linear.
const MAX_SCAN = 20_000;
// Bounds how far an attribution may sit from its quote, which also bounds regex work per quote.
const WINDOW = 300;
const MAX_QUOTES_PER_PARAGRAPH = 200;

const SP = String.raw`[ \u00a0\u202f]`;
// A capitalized name word (Jean-Pierre, Kovač, O'Brien, McKay) or an initial ("J.").
const WORD = String.raw`(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’]*(?:-[\p{L}\p{M}'’]+)*)`;
const PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'del',
  'della',
  'di',
  'da',
  'du',
  'des',
  'la',
  'le',
  'ten',
  'ter',
  'bin',
  'ibn',
  'al',
  'el',
  'dos',
  'das',
  'zu',
]);
const PARTICLE = `(?:${[...PARTICLES].join('|')})`;
const ABBR_HONORIFIC = `(?:(?:Dr|Mr|Ms|Mrs|Prof|Mme|Mlle|Mgr|M)\\.${SP}+)?`;
// Up to six words so that role words in front ("OSCE Secretary General Jane Doe") are captured and
// then split off by splitName; a name itself is two to four capitalized words.
const NAME = `${ABBR_HONORIFIC}${WORD}(?:${SP}+(?:${PARTICLE}${SP}+){0,2}${WORD}){0,5}`;
const NOT_AFTER = String.raw`(?<![\p{L}\p{M}\p{N}'’.-])`;

const VERB_LIST = [
  // English
  'said',
  'says',
  'added',
  'adds',
  'stressed',
  'stresses',
  'noted',
  'notes',
  'explained',
  'explains',
  'emphasized',
  'emphasised',
  'emphasizes',
  'emphasises',
  'underlined',
  'underlines',
  'highlighted',
  'highlights',
  'remarked',
  'stated',
  'states',
  'commented',
  'continued',
  'concluded',
  'observed',
  'urged',
  'warned',
  'affirmed',
  'declared',
  'insisted',
  'recalled',
  'acknowledged',
  'pointed out',
  'according to',
  // French
  'a déclaré',
  'a dit',
  'a souligné',
  'a ajouté',
  'a expliqué',
  'a indiqué',
  'a affirmé',
  'a rappelé',
  'a insisté',
  'a conclu',
  'a estimé',
  'a noté',
  'déclare',
  'souligne',
  'ajoute',
  'explique',
  'selon',
  // German, Italian, Spanish, Russian
  'sagte',
  'betonte',
  'erklärte',
  'ergänzte',
  'ha detto',
  'ha dichiarato',
  'ha sottolineato',
  'ha aggiunto',
  'dijo',
  'afirmó',
  'señaló',
  'declaró',
  'añadió',
  'subrayó',
  'según',
  'сказал',
  'сказала',
  'заявил',
  'заявила',
  'отметил',
  'отметила',
  'подчеркнул',
  'подчеркнула',
];
// Longest first so "a déclaré" wins over shorter alternatives sharing a prefix.
const VERBS = `(?:${[...VERB_LIST]
  .sort((a, b) => b.length - a.length)
  // Case-insensitive by hand: an `i` flag would make \p{Lu} in NAME match lower-case letters too.
  .map((v) => `[${v[0]}${v[0]!.toUpperCase()}]${v.slice(1).replace(/ /g, `${SP}+`)}`)
  .join('|')})`;
const END_VERB = String.raw`(?![\p{L}\p{M}])`;
const PRONOUNS = '(?:he|she|they|il|elle|er|sie)';
const QUOTE_MARKS = '"“”«»„';
const MID_ROLE = `(?:${SP}*,${SP}*([^,${QUOTE_MARKS}]{1,200}?)${SP}*,)?`;

// After a closing quote: `, said Jane Doe, the Head of X.` / `, according to Jane Doe, …`.
const POST_VERB_FIRST = new RegExp(String.raw`^[\s,]*${VERBS}${END_VERB}${SP}+(${NAME})`, 'u');
// After a closing quote: `Jane Doe, the Head of X, said.`
const POST_NAME_FIRST = new RegExp(String.raw`^[\s,]*(${NAME})${MID_ROLE}${SP}+${VERBS}${END_VERB}`, 'u');
// After a closing quote: `, she added.` continues the previous speaker.
const POST_PRONOUN = new RegExp(
  String.raw`^[\s,]*(?:${PRONOUNS}${SP}+${VERBS}|${VERBS}${SP}+${PRONOUNS})${END_VERB}`,
  'iu',
);
// Before an opening quote: `Jane Doe, the Head of X, said: ` / `According to Jane Doe, `.
const PRE_NAME_VERB = new RegExp(
  `${NOT_AFTER}(${NAME})${MID_ROLE}${SP}+${VERBS}(?:${SP}+(?:that|que|dass|che))?${SP}*[:,]?${SP}*$`,
  'u',
);
const PRE_ACCORDING = new RegExp(
  `(?:[Aa]ccording${SP}+to|[Ss]elon|[Ss]egún)${SP}+(${NAME})${MID_ROLE}${SP}*[:,]?${SP}*$`,
  'u',
);
// A name followed by a comma opens an apposition: `Andrzej Mirga, ODIHR's Senior Advisor for …, and`.
const APPOSITION = new RegExp(`${NOT_AFTER}(${NAME})${SP}*,${SP}+`, 'gu');

const HONORIFICS = new Set([
  'Ambassador',
  'Dr',
  'Dr.',
  'Mr',
  'Mr.',
  'Ms',
  'Ms.',
  'Mrs',
  'Mrs.',
  'Prof',
  'Prof.',
  'Professor',
  'Sir',
  'Dame',
  'Madame',
  'Monsieur',
  'Mme',
  'Mme.',
  'M.',
  'Herr',
  'Frau',
  'Señor',
  'Señora',
  'Signor',
  'Signora',
]);

// Capitalized words that start sentences or name roles and institutions, never a person.
const NON_NAME = new Set(
  (
    'The This That These Those In On At For With By From As After Before During Today Yesterday Tomorrow ' +
    'Speaking Also However Meanwhile According And But Or If When While Opening Closing Addressing ' +
    'Welcoming Participants Le La Les Des Un Une Il Elle Der Die Das Ein Eine El Los Las Lo Gli ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June ' +
    'July August September October November December Head Director Deputy Senior Adviser Advisor ' +
    'Chair Chairperson Chairman Chairwoman Secretary General Minister Ministry Ambassador President ' +
    'Representative Special Co-ordinator Coordinator Officer Chief Spokesperson Commissioner Envoy ' +
    'Member Members Mission Office Centre Center Secretariat Programme Program Department Unit Council ' +
    'Conference Meeting Forum Assembly Committee Commission Agency Police Institute University ' +
    'Republic Federation Kingdom States Union Organization Organisation Group Project Presence ' +
    'National International European Regional Annual Permanent Parliamentary High Strategic Matters ' +
    'Human Rights Democratic Institutions Security Co-operation Cooperation Affairs Foreign Interior ' +
    'Justice Government Court Embassy Delegation Bureau Secrétariat Chef Cheffe Directeur Directrice ' +
    'Conseiller Conseillère Représentant Représentante Président Présidente Ministre'
  ).split(' '),
);

const ROLE_WORDS = (
  'adviser advisor head director directrice directeur chair chairperson chairman chairwoman minister ministre ' +
  'ambassador ambassadeur ambassadrice representative représentant représentante secretary secrétaire ' +
  'president président présidente co-ordinator coordinator coordinateur coordinatrice coordonnateur ' +
  'coordonnatrice officer commissioner deputy adjoint adjointe chief chef cheffe manager expert experte ' +
  'spokesperson spokesman spokeswoman porte-parole envoy envoyé envoyée member membre judge juge professor ' +
  'professeur professeure mayor maire governor rapporteur counsellor councillor conseiller conseillère ' +
  'specialist spécialiste prosecutor procureur procureure commander leader founder fondateur fondatrice ' +
  'editor rédacteur rédactrice journalist journaliste researcher chercheur chercheuse consultant consultante ' +
  'assistant assistante executive trainer formateur formatrice lecturer analyst inspector commissaire ' +
  'responsable leiter leiterin direktor direktorin berater beraterin botschafter botschafterin sprecher ' +
  'sprecherin vorsitzende capo direttore direttrice consigliere jefe jefa directora asesor asesora embajador ' +
  'embajadora глава директор советник посол руководитель представитель'
).split(' ');
// Longest first so that "leiterin" is tried before "leiter"; a plural "s" is allowed after any of them.
const ROLE_KEYWORD = new RegExp(
  String.raw`(?<!\p{L})(?:${ROLE_WORDS.sort((a, b) => b.length - a.length).join('|')})s?(?!\p{L})`,
  'iu',
);
// Appositions that are clauses, not roles: `, who heads …`, `, adding that …`.
const CLAUSE_START =
  /^(?:who|whom|whose|which|that|adding|noting|stressing|saying|explaining|and|or|as|while|when|before|after|in|at|on|during|qui|et|dont|der|die|und)(?![\p{L}])/iu;
const LEADING_ARTICLE = /^(?:(?:the|le|la|les|der|die|das|el|il|lo)\s+|l['’]\s*)/iu;

interface NameParts {
  name: string;
  // Role words in front of the name ("OSCE Secretary General"), used when no apposition gives one.
  prefix: string | null;
}

function isNameWord(word: string): boolean {
  if (NON_NAME.has(word) || HONORIFICS.has(word)) return false;
  if (/^\p{Lu}\.$/u.test(word)) return true;
  // Acronyms (OSCE, ODIHR) and possessives (ODIHR's) are institutions, not people.
  if (!/\p{Ll}/u.test(word) || /['’]s$/u.test(word)) return false;
  return true;
}

/** Splits captured capitalized words into a personal name (2-4 words) and any role words before it. */
function splitName(raw: string): NameParts | null {
  const words = raw.trim().split(/[ \u00a0\u202f]+/u);
  let start = 0;
  while (start < words.length && !isNameWord(words[start]!)) start++;
  const nameWords = words.slice(start);
  const capitalized = nameWords.filter((w) => !PARTICLES.has(w));
  if (capitalized.length < 2 || capitalized.length > 4) return null;
  if (!capitalized.every(isNameWord) || capitalized.every((w) => /^\p{Lu}\.$/u.test(w))) return null;
  const prefixWords = words.slice(0, start).filter((w) => !HONORIFICS.has(w));
  const prefix = prefixWords.join(' ');
  return { name: nameWords.join(' '), prefix: ROLE_KEYWORD.test(prefix) ? prefix : null };
}

/** Resolves a lone surname ("said Carty") to a full name met earlier in the article, keyed by surname. */
function resolveName(raw: string, known: ReadonlyMap<string, string>): NameParts | null {
  const parts = splitName(raw);
  if (parts) return parts;
  const words = raw.trim().split(/[ \u00a0\u202f]+/u);
  const last = words[words.length - 1];
  if (last === undefined || !isNameWord(last)) return null;
  const full = known.get(last);
  return full === undefined ? null : { name: full, prefix: null };
}

interface RoleRead {
  role: string | null;
  // Characters consumed, including the punctuation that closed the role.
  length: number;
}

function cleanRole(raw: string): string | null {
  const role = raw
    .trim()
    .replace(LEADING_ARTICLE, '')
    .replace(/[.,;:\s]+$/u, '')
    .trim();
  if (role.length < 2 || CLAUSE_START.test(role)) return null;
  if (!/^[\p{Lu}\p{N}]/u.test(role) && !ROLE_KEYWORD.test(role)) return null;
  return role;
}

/** Reads an apposition up to the comma, semicolon, quote or sentence end that closes it. */
function readRole(text: string): RoleRead {
  let depth = 0;
  const max = Math.min(text.length, 200);
  let i = 0;
  for (; i < max; i++) {
    const ch = text[i]!;
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (ch === ',' || ch === ';' || QUOTE_MARKS.includes(ch)) break;
    else if (ch === '.' && (i + 1 >= text.length || /\s/u.test(text[i + 1]!))) {
      // "U.S." and initials do not end a role.
      if (/(?:^|[\s.])\p{Lu}$/u.test(text.slice(Math.max(0, i - 2), i))) continue;
      break;
    }
  }
  if (i >= max && max < text.length) return { role: null, length: 0 };
  return { role: cleanRole(text.slice(0, i)), length: Math.min(i + 1, text.length) };
}

interface Span {
  start: number;
  end: number;
  text: string;
}

const CLOSERS: Readonly<Record<string, string>> = { '"': '"', '“': '”', '«': '»', '„': '“”' };

function findSpans(paragraph: string): Span[] {
  const spans: Span[] = [];
  let open = -1;
  let closers = '';
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i]!;
    if (open < 0) {
      const c = CLOSERS[ch];
      if (c !== undefined) {
        open = i;
        closers = c;
      }
    } else if (closers.includes(ch)) {
      spans.push({ start: open, end: i + 1, text: paragraph.slice(open + 1, i) });
      open = -1;
      if (spans.length >= MAX_QUOTES_PER_PARAGRAPH) break;
    }
  }
  return spans;
}

function cleanQuoteText(text: string): string {
  // A quote cut by its attribution ends in a comma in print; as a stored quote it is a sentence.
  return text.replace(/\s+/gu, ' ').trim().replace(/\s*,$/u, '.');
}

interface Attribution {
  speaker: string;
  role: string | null;
  // Index in the paragraph where the attribution ends; a quote starting right after continues it.
  end: number;
}

function attributeAfter(
  paragraph: string,
  span: Span,
  known: ReadonlyMap<string, string>,
): Attribution | 'pronoun' | null {
  const window = paragraph.slice(span.end, span.end + WINDOW);
  const verbFirst = POST_VERB_FIRST.exec(window);
  if (verbFirst) {
    const parts = resolveName(verbFirst[1]!, known);
    if (parts) {
      const after = window.slice(verbFirst[0].length);
      const comma = /^[ \u00a0\u202f]*,[ \u00a0\u202f]*/u.exec(after);
      let end = span.end + verbFirst[0].length;
      let role: string | null = null;
      if (comma) {
        const read = readRole(after.slice(comma[0].length));
        role = read.role;
        if (role !== null) end += comma[0].length + read.length;
      } else if (after.startsWith('.')) end += 1;
      return { speaker: parts.name, role: role ?? parts.prefix, end };
    }
  }
  const nameFirst = POST_NAME_FIRST.exec(window);
  if (nameFirst) {
    const parts = resolveName(nameFirst[1]!, known);
    if (parts) {
      const role = nameFirst[2] === undefined ? null : cleanRole(nameFirst[2]);
      const tail = /^[^.!?]*[.!?]?/u.exec(window.slice(nameFirst[0].length))?.[0] ?? '';
      return {
        speaker: parts.name,
        role: role ?? parts.prefix,
        end: span.end + nameFirst[0].length + tail.length,
      };
    }
  }
  return POST_PRONOUN.test(window) ? 'pronoun' : null;
}

function attributeBefore(
  paragraph: string,
  span: Span,
  from: number,
  known: ReadonlyMap<string, string>,
): Attribution | null {
  const window = paragraph.slice(Math.max(from, span.start - WINDOW), span.start);
  const match = PRE_NAME_VERB.exec(window) ?? PRE_ACCORDING.exec(window);
  if (!match) return null;
  const parts = resolveName(match[1]!, known);
  if (!parts) return null;
  const role = match[2] === undefined ? null : cleanRole(match[2]);
  return { speaker: parts.name, role: role ?? parts.prefix, end: span.end };
}

interface Located extends NamedPerson {
  paragraphIndex: number;
  index: number;
}

function findAppositions(paragraphs: readonly string[]): Located[] {
  const found: Located[] = [];
  paragraphs.forEach((full, paragraphIndex) => {
    const paragraph = full.slice(0, MAX_SCAN);
    for (const match of paragraph.matchAll(APPOSITION)) {
      const parts = splitName(match[1]!);
      if (!parts) continue;
      const { role } = readRole(paragraph.slice(match.index + match[0].length));
      // Without a role word the comma is a list or a place ("Novi Sad, Serbia"), not an apposition.
      if (role === null || !ROLE_KEYWORD.test(role)) continue;
      found.push({ name: parts.name, role, paragraphIndex, index: match.index });
    }
  });
  return found;
}

/** Direct quotes with their speaker and role, in document order; quotes without a named speaker are left out. */
export function extractQuotes(paragraphs: string[]): ExtractedQuote[] {
  const appositions = findAppositions(paragraphs);
  const quotes: ExtractedQuote[] = [];
  // Full names met so far, by their last word, for resolving a later "said Carty".
  const known = new Map<string, string>();
  const remember = (name: string) => {
    const surname = name.slice(name.lastIndexOf(' ') + 1);
    if (!known.has(surname)) known.set(surname, name);
  };
  // Appositions come in paragraph order: a cursor adds each one once, keeping long articles linear.
  let next = 0;
  paragraphs.forEach((full, paragraphIndex) => {
    for (; next < appositions.length && appositions[next]!.paragraphIndex <= paragraphIndex; next++) {
      remember(appositions[next]!.name);
    }
    const paragraph = full.slice(0, MAX_SCAN);
    let previous: { quote: ExtractedQuote; end: number } | null = null;
    let from = 0;
    for (const span of findSpans(paragraph)) {
      const text = cleanQuoteText(span.text);
      if (!/\p{L}/u.test(text)) {
        from = span.end;
        continue;
      }
      const after = attributeAfter(paragraph, span, known);
      const attribution =
        after === 'pronoun' || after === null ? attributeBefore(paragraph, span, from, known) : after;
      from = span.end;
      if (attribution) {
        const quote = { text, speaker: attribution.speaker, role: attribution.role, paragraphIndex };
        quotes.push(quote);
        remember(quote.speaker);
        previous = { quote, end: attribution.end };
        continue;
      }
      const adjacent = previous !== null && paragraph.slice(previous.end, span.start).trim() === '';
      if (previous && (adjacent || after === 'pronoun')) {
        // `"First part," said X. "Second part."` is one statement interrupted by its attribution.
        previous.quote.text = `${previous.quote.text} ${text}`;
        previous.end = span.end;
        continue;
      }
      const last = quotes[quotes.length - 1];
      if (after === 'pronoun' && last) {
        // A pronoun in a later paragraph refers to the latest speaker.
        const quote = { text, speaker: last.speaker, role: last.role, paragraphIndex };
        quotes.push(quote);
        previous = { quote, end: span.end };
      }
    }
  });
  return quotes;
}

/** People named with an apposition role or as quote speakers, in order of first mention, one entry each. */
export function extractPeople(paragraphs: string[], quotes: readonly ExtractedQuote[]): NamedPerson[] {
  const located: Located[] = findAppositions(paragraphs);
  for (const quote of quotes) {
    const paragraph = paragraphs[quote.paragraphIndex] ?? '';
    const index = paragraph.indexOf(quote.speaker);
    located.push({
      name: quote.speaker,
      role: quote.role,
      paragraphIndex: quote.paragraphIndex,
      index: index < 0 ? paragraph.length : index,
    });
  }
  located.sort((a, b) => a.paragraphIndex - b.paragraphIndex || a.index - b.index);
  const people = new Map<string, NamedPerson>();
  for (const { name, role } of located) {
    const seen = people.get(name);
    if (!seen) people.set(name, { name, role });
    else if (seen.role === null) seen.role = role;
  }
  return [...people.values()];
}
