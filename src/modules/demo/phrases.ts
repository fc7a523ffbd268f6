/**
 * English word banks for the demo corpus: topics, audiences, event kinds, institutions. All text is
 * invented for Dateline; the generator combines it with term labels from the profile.
 */

/** A noun with its indefinite article, so templates never write "a expert meeting". */
export interface Noun {
  readonly n: string;
  readonly a: string;
}

function nouns(words: readonly string[]): Noun[] {
  return words.map((n) => ({ n, a: `${/^[aeiou]/i.test(n) ? 'an' : 'a'} ${n}` }));
}

/**
 * Topics grouped by the field of work they belong to. A group applies to a field whose slug or
 * label matches `match`; its topics are listed from common to rare, and the generator skews its
 * picks towards the front, so "community policing" turns up far more often than "forensic odontology".
 * `intl` points into the aligned topic lists of intl.ts, for titles in other languages.
 */
export interface TopicGroup {
  readonly match: RegExp;
  readonly topics: readonly string[];
  readonly audiences: readonly string[];
  readonly institutions: readonly string[];
  readonly intl: number;
}

export const TOPIC_GROUPS: readonly TopicGroup[] = [
  {
    match: /polic/i,
    topics: [
      'community policing',
      'cybercrime investigations',
      'police accountability',
      'intelligence-led policing',
      'domestic violence response',
      'crowd management',
      'forensic evidence handling',
      'investigative interviewing',
      'criminal intelligence analysis',
      'drug trafficking',
      'road safety',
      'police ethics',
      'the use of force by police',
      'forensic odontology',
    ],
    audiences: ['police officers', 'criminal investigators', 'police cadets', 'forensic specialists'],
    institutions: ['the Ministry of Interior', 'the national police', 'the police academy'],
    intl: 14,
  },
  {
    match: /border/i,
    topics: [
      'integrated border management',
      'risk analysis at borders',
      'detection of forged documents',
      'border crossing point procedures',
      'customs co-operation',
      'green border surveillance',
      'trade facilitation',
      'travel document security',
      'cross-border crime',
      'canine units at border crossings',
    ],
    audiences: ['border guards', 'customs officers', 'border police officers'],
    institutions: ['the border police', 'the customs administration', 'the State Border Service'],
    intl: 4,
  },
  {
    match: /traffick/i,
    topics: [
      'the identification of trafficking victims',
      'labour exploitation',
      'national referral mechanisms',
      'victim-centred prosecution',
      'online recruitment of victims',
      'child trafficking',
      'financial investigations into trafficking',
      'supply chains free of forced labour',
      'shelters for survivors',
    ],
    audiences: ['labour inspectors', 'social workers', 'prosecutors', 'shelter staff'],
    institutions: ['the national anti-trafficking co-ordinator', 'the labour inspectorate'],
    intl: 1,
  },
  {
    match: /conflict/i,
    topics: [
      'early warning',
      'mediation support',
      'confidence-building measures',
      'dialogue facilitation',
      'ceasefire monitoring',
      'reconciliation',
      'crisis communication',
      'insider mediation',
      'water-sharing disputes',
    ],
    audiences: ['mediators', 'community leaders', 'diplomats', 'negotiators'],
    institutions: ['the Ministry of Foreign Affairs', 'the office of the president'],
    intl: 16,
  },
  {
    match: /terror/i,
    topics: [
      'preventing violent extremism',
      'terrorist financing',
      'critical infrastructure protection',
      'advance passenger information',
      'rehabilitation of returnees',
      'terrorist use of the Internet',
      'soft target protection',
    ],
    audiences: ['counter-terrorism officials', 'financial investigators', 'prison staff'],
    institutions: ['the State Security Service', 'the financial intelligence unit'],
    intl: 23,
  },
  {
    match: /cyber|\bict\b/i,
    topics: [
      'cyber confidence-building measures',
      'incident response',
      'digital forensics',
      'ransomware',
      'cyber diplomacy',
      'the resilience of critical networks',
      'online child sexual abuse',
      'election cyber security',
    ],
    audiences: ['IT specialists', 'cyber security experts', 'prosecutors'],
    institutions: ['the national computer emergency response team', 'the Ministry of Digital Development'],
    intl: 24,
  },
  {
    match: /democrat|governance/i,
    topics: [
      'anti-corruption',
      'parliamentary oversight',
      'local self-government',
      'public administration reform',
      'political party financing',
      'access to public information',
      'asset declarations',
      'public procurement integrity',
      'whistle-blower protection',
      'e-government services',
      'participatory budgeting',
      'money laundering',
    ],
    audiences: ['members of parliament', 'municipal officials', 'civil servants', 'parliamentary staff'],
    institutions: [
      'the national parliament',
      'the anti-corruption agency',
      'the Ministry of Public Administration',
    ],
    intl: 25,
  },
  {
    match: /econom/i,
    topics: [
      'good economic governance',
      'connectivity',
      "women's economic empowerment",
      'anti-money laundering',
      'transport corridors',
      'the digital economy',
      'energy security',
      'the investment climate',
      'remittances',
    ],
    audiences: ['entrepreneurs', 'women entrepreneurs', 'customs brokers', 'economists'],
    institutions: ['the Ministry of Economy', 'the chamber of commerce'],
    intl: 21,
  },
  {
    match: /educat/i,
    topics: [
      'human rights education',
      'civic education',
      'multilingual education',
      'teacher training',
      'inclusive schools',
      'media literacy',
      'history textbooks',
    ],
    audiences: ['teachers', 'school directors', 'university students', 'secondary school students'],
    institutions: ['the Ministry of Education', 'the pedagogical institute'],
    intl: 19,
  },
  {
    match: /election/i,
    topics: [
      'election observation',
      'voter registration',
      'electoral legislation',
      'campaign finance',
      'election dispute resolution',
      'polling station procedures',
      'domestic election observers',
      'accessible elections for persons with disabilities',
      'new voting technologies',
    ],
    audiences: ['election officials', 'domestic observers', 'political party representatives'],
    institutions: ['the Central Election Commission', 'the electoral administration'],
    intl: 12,
  },
  {
    match: /environ/i,
    topics: [
      'water management',
      'disaster risk reduction',
      'climate security',
      'hazardous waste',
      'Aarhus Centres',
      'wildfire prevention',
      'environmental crime',
      'uranium tailings',
      'glacier melt',
      'renewable energy',
    ],
    audiences: ['environmental inspectors', 'emergency responders', 'local activists'],
    institutions: ['the Ministry of Environment', 'the emergency management agency'],
    intl: 8,
  },
  {
    match: /gender|women/i,
    topics: [
      "women's political participation",
      'gender-based violence',
      'women in policing',
      'the Women, Peace and Security agenda',
      'gender mainstreaming',
      'sexual harassment in the workplace',
      'women mediators',
    ],
    audiences: ['women leaders', 'gender focal points', 'women police officers'],
    institutions: ['the gender equality commission', 'the Ministry of Social Affairs'],
    intl: 6,
  },
  {
    match: /human-rights|human rights/i,
    topics: [
      'freedom of peaceful assembly',
      'torture prevention',
      'freedom of religion or belief',
      'human rights defenders',
      'the rights of persons with disabilities',
      'national human rights institutions',
      'trial monitoring',
      'detention monitoring',
      'freedom of association',
    ],
    audiences: ['human rights defenders', 'lawyers', 'ombudsperson staff', 'prison monitors'],
    institutions: ['the ombudsperson institution', 'the Ministry of Justice'],
    intl: 17,
  },
  {
    match: /media/i,
    topics: [
      'the safety of journalists',
      'media pluralism',
      'online harassment of journalists',
      'public service broadcasting',
      'disinformation',
      'artificial intelligence and free speech',
      'media self-regulation',
      'the decriminalization of defamation',
      'access to information',
    ],
    audiences: ['journalists', 'editors', 'media students', 'media regulators'],
    institutions: ['the media regulator', "the journalists' association"],
    intl: 2,
  },
  {
    match: /migra/i,
    topics: [
      'labour migration',
      'the integration of migrants',
      'statelessness',
      'migration data',
      'return and readmission',
      'mixed migration flows',
    ],
    audiences: ['migration officials', 'consular staff', 'social workers'],
    institutions: ['the migration service', 'the Ministry of Labour'],
    intl: 20,
  },
  {
    match: /minorit/i,
    topics: [
      'minority language rights',
      'the integration of diverse societies',
      'minority participation in public life',
      'minority media',
      'education in minority languages',
      'kin-state relations',
    ],
    audiences: ['minority representatives', 'local councillors', 'teachers'],
    institutions: ['the council for national minorities', 'the Ministry for Human and Minority Rights'],
    intl: 9,
  },
  {
    match: /security-sector|security sector/i,
    topics: [
      'security sector governance',
      'parliamentary oversight of the armed forces',
      'private security companies',
      'defence procurement transparency',
      'military ombuds institutions',
    ],
    audiences: ['military officers', 'defence officials', 'parliamentary staff'],
    institutions: ['the Ministry of Defence', 'the parliamentary security committee'],
    intl: 27,
  },
  {
    match: /arms/i,
    topics: [
      'small arms and light weapons',
      'conventional ammunition stockpiles',
      'demining',
      'explosive remnants of war',
      'the destruction of surplus ammunition',
      'export controls',
      'Vienna Document inspections',
      'weapons collection campaigns',
    ],
    audiences: ['military officers', 'deminers', 'arms control experts'],
    institutions: ['the Ministry of Defence', 'the mine action centre'],
    intl: 22,
  },
  {
    match: /roma/i,
    topics: [
      'Roma inclusion',
      'school enrolment of Roma children',
      'Roma political participation',
      'housing for Roma communities',
      'discrimination against Roma',
    ],
    audiences: ['Roma mediators', 'Roma activists', 'municipal officials'],
    institutions: ['the office for Roma inclusion', 'local municipalities'],
    intl: 26,
  },
  {
    match: /rule-of-law|rule of law|justice|law/i,
    topics: [
      'judicial independence',
      'free legal aid',
      'juvenile justice',
      'war crimes prosecution',
      'court case management',
      'criminal procedure reform',
      'legislative drafting',
      'witness protection',
      'prison reform',
      'transitional justice',
    ],
    audiences: ['judges', 'prosecutors', 'defence lawyers', 'court staff'],
    institutions: ['the Ministry of Justice', 'the judicial academy', "the prosecutor's office"],
    intl: 10,
  },
  {
    match: /toleran|discrimin/i,
    topics: [
      'hate crime',
      'antisemitism',
      'intolerance against Muslims',
      'hate speech',
      'interfaith dialogue',
      'hate crime data collection',
    ],
    audiences: ['religious leaders', 'civil society activists', 'police officers'],
    institutions: ['the equality body', 'the Ministry of Justice'],
    intl: 11,
  },
  {
    match: /youth/i,
    topics: [
      'youth engagement',
      'youth and security',
      'youth participation in decision-making',
      'youth entrepreneurship',
      'student exchanges',
    ],
    audiences: ['young people', 'young leaders', 'student activists'],
    institutions: ['the Ministry of Youth and Sport', 'the national youth council'],
    intl: 15,
  },
];

/** Topics for fields that match no group, and a second topic from outside the item's field. */
export const GENERAL_TOPICS: readonly string[] = [
  'regional co-operation',
  'good neighbourly relations',
  'institution building',
  'crisis response',
  'public outreach',
  'strategic planning',
  'inter-agency co-ordination',
  'gender-sensitive budgeting',
  'open data',
  'volunteering',
];

export const AUDIENCES: readonly string[] = [
  'civil society representatives',
  'government officials',
  'young people',
  'journalists',
  'police officers',
  'municipal officials',
  'judges and prosecutors',
  'members of parliament',
  'teachers',
  'university students',
  'women leaders',
  'human rights defenders',
  'border guards',
  'social workers',
  'local experts',
  'community leaders',
  'health workers',
  'lawyers',
  'academics',
  'diplomats',
];

export const EVENT_KINDS: readonly Noun[] = nouns([
  'workshop',
  'training course',
  'round table',
  'conference',
  'seminar',
  'study visit',
  'expert meeting',
  'public debate',
  'summer school',
  'simulation exercise',
  'regional forum',
  'tabletop exercise',
  'online course',
  'peer-to-peer exchange',
]);

export const PUBLICATION_KINDS: readonly Noun[] = nouns([
  'report',
  'handbook',
  'guide',
  'assessment',
  'study',
  'manual',
  'policy brief',
  'baseline study',
  'compilation of good practices',
  'needs assessment',
]);

export const NATIONAL_INSTITUTIONS: readonly string[] = [
  'the Ministry of Interior',
  'the Ministry of Justice',
  'the Ministry of Foreign Affairs',
  'the national parliament',
  'the ombudsperson institution',
  'local authorities',
  "the prosecutor's office",
  'the government',
];

export const EQUIPMENT: readonly string[] = [
  'computers and forensic software',
  'two off-road vehicles',
  'video-conferencing equipment',
  'a mobile training unit',
  'specialized cameras',
  'protective gear',
  'GPS devices',
  'document examination equipment',
  'server hardware',
  'a mobile classroom',
];

export const DETAILS: readonly string[] = [
  'an online self-study module',
  'a pocket guide for practitioners',
  'a Braille version of the training materials',
  'a telephone hotline',
  'a mobile application',
  'a set of checklists',
  'a glossary of key terms',
  'a database of case law',
  'an interactive map',
  'a series of short videos',
  'a podcast for young listeners',
  'a standard operating procedure',
  'a training-of-trainers package',
  'sign-language versions of key materials',
];

export const SITES: readonly string[] = [
  'a local court',
  'a border crossing point',
  'a police station',
  'a shelter for victims',
  'a municipal office',
  'the national parliament',
  'a community centre',
  'a water treatment plant',
  'a regional newsroom',
  'a training centre',
  'a detention facility',
  'an ammunition depot',
];

export const VULNERABLE_GROUPS: readonly string[] = [
  'women and girls',
  'persons with disabilities',
  'young people',
  'national minorities',
  'rural communities',
  'internally displaced persons',
  'Roma communities',
  'older people',
  'victims of crime',
  'migrants',
];

export const SKILLS: readonly string[] = [
  'drafting policy recommendations',
  'conducting interviews with victims',
  'analysing open-source information',
  'writing press releases',
  'using case-management software',
  'chairing public hearings',
  'preparing risk assessments',
  'mapping local stakeholders',
  'giving evidence in court',
  'delivering training to their colleagues',
  'handling complaints from the public',
  'presenting data to decision-makers',
];

/** Deliberately rare subjects: they make some searches return only a handful of items. */
export const RARE_ISSUES: readonly string[] = [
  'the protection of whistle-blowers',
  'the use of drones for monitoring',
  'the archiving of court records',
  'the accessibility of polling stations',
  'seasonal flooding',
  'illegal logging',
  'the handling of seized cryptocurrencies',
  'remote court hearings',
  'forensic accounting',
  'the certification of interpreters',
  'school bullying',
  'data protection',
  'transboundary rivers',
  'contaminated land',
  'the protection of heritage sites',
  'violence at sports events',
  'juvenile offenders',
  'early marriage',
  'deepfakes',
  'beneficial ownership registers',
  'mobile courts',
  'community mediation',
  'landmine risk education',
  'avalanche warnings',
  'pastureland disputes',
  'the registration of religious communities',
  'cattle rustling',
  'dual citizenship',
  'radio broadcasting in remote villages',
  'the digitization of land registries',
];

export const LANGUAGE_PAIRS: readonly string[] = [
  'English and Russian',
  'the local language and English',
  'three languages',
  'two languages',
  'English with interpretation into the local language',
];

export const NUMBER_WORDS: readonly string[] = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'];

export const MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Bullet-list openings; the items are topics of the item's fields. */
export const LIST_INTROS: readonly string[] = [
  'The programme covered the following topics:',
  'Key recommendations include:',
  'The project focuses on:',
  'Participants worked on:',
  'The main areas of work are:',
];

export const LIST_VERBS: readonly string[] = [
  'Improving',
  'Strengthening work on',
  'Training on',
  'Data collection on',
  'Public awareness of',
  'Co-ordination on',
  'Legislation on',
];

/** International days an official may mark with a statement. */
export const INTERNATIONAL_DAYS: readonly string[] = [
  'World Press Freedom Day',
  'Human Rights Day',
  'International Roma Day',
  'International Day for the Elimination of Violence against Women',
  'World Day against Trafficking in Persons',
  'International Day of Persons with Disabilities',
  'International Day of Democracy',
  'International Migrants Day',
  'International Youth Day',
  'International Day of Tolerance',
];

/** Staff roles at a source, beside its head. */
export const STAFF_ROLES: readonly string[] = [
  'Deputy Head',
  'Senior Adviser',
  'National Programme Officer',
  'Project Manager',
  'Human Rights Officer',
  'Senior Police Adviser',
  'Gender Adviser',
  'Political Officer',
  'Spokesperson',
];

/** Officials of a participating State; {C} is the country, {city} its capital. */
export const LOCAL_ROLES: readonly string[] = [
  'Minister of Interior of {C}',
  'Minister of Justice of {C}',
  'Deputy Minister of Foreign Affairs of {C}',
  'Ombudsperson of {C}',
  'Prosecutor General of {C}',
  'Chair of the Central Election Commission of {C}',
  'Director of the Border Police of {C}',
  'Member of the Parliament of {C}',
  'Mayor of {city}',
  'Director of the Judicial Academy of {C}',
  'Deputy Minister of Education of {C}',
  'Head of the Anti-Corruption Agency of {C}',
];

/** Other voices: civil society, academia, participants. {T} is a topic, {city} a city. */
export const OTHER_ROLES: readonly string[] = [
  'independent expert on {T}',
  'Executive Director of a human rights organization in {city}',
  'Professor of Law at a university in {city}',
  'editor-in-chief of a regional newspaper in {city}',
  'a participant from {city}',
  'a student from {city}',
  'trainer and expert on {T}',
];
