/**
 * English templates for titles, summaries and body sentences of the demo corpus. Each template is
 * a function of the item's context, so filling one is a single template literal (no regex, no
 * lookups): the generator calls tens of them per item, a million items at a time.
 */
import {
  DETAILS,
  EQUIPMENT,
  INTERNATIONAL_DAYS,
  LANGUAGE_PAIRS,
  type Noun,
  NUMBER_WORDS,
  SITES,
  SKILLS,
} from './phrases.js';
import type { Random, WeightedTable } from './random.js';

/** Everything a template may mention about one item, resolved once per item. */
export interface Ctx {
  readonly r: Random;
  /** Main source at the start of a sentence: "The OSCE Mission to Serbia", "ODIHR". */
  readonly S: string;
  /** Main source within a sentence: "the OSCE Mission to Serbia", "ODIHR". */
  readonly s: string;
  /** First mention, with the acronym spelled out: "the OSCE Office for … (ODIHR)". */
  readonly sFull: string;
  readonly SFull: string;
  /** Headline form: "OSCE Mission to Serbia", "ODIHR". */
  readonly sTitle: string;
  readonly sPoss: string;
  /** Role of the main source's head: "Head of the OSCE Mission to Serbia", "Director of ODIHR". */
  readonly role: string;
  readonly isOperation: boolean;
  /** Countries in running text ("Serbia", "the Netherlands"); C2, C3 are other countries. */
  readonly C: string;
  readonly C2: string;
  readonly C3: string;
  readonly city: string;
  readonly city2: string;
  readonly city3: string;
  /** Topics: T is the item's main topic, T2 and T3 secondary ones. */
  readonly T: string;
  readonly T2: string;
  readonly T3: string;
  /** Fields of work in running text: "border management". */
  readonly F: string;
  readonly F2: string;
  readonly A: string;
  readonly A2: string;
  /** A national institution: "the Ministry of Interior". */
  readonly inst: string;
  readonly K: Noun;
  readonly K2: Noun;
  readonly pub: Noun;
  readonly N: number;
  readonly N2: number;
  readonly Y: number;
  readonly startY: number;
  readonly dateText: string;
  /** "14 March", for headlines. */
  readonly dayMonth: string;
  readonly nextMonth: string;
  readonly donor: string;
  readonly donor2: string;
  readonly vul: string;
  readonly rare: string;
  readonly rare2: string;
  readonly meeting: string | null;
  readonly link: string;
  readonly startText: string;
  readonly endText: string;
  readonly regText: string;
  /** The main field's topics, for bullet lists. */
  readonly topics: WeightedTable<string>;
}

export type Template = (c: Ctx) => string;

/** Upper-cases the first character. */
export function cap(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

// Sliced once: templates run millions of times.
const DAY_WORDS = NUMBER_WORDS.slice(1, 5);
const YEAR_WORDS = NUMBER_WORDS.slice(2);
const days = (c: Ctx) => c.r.pick(DAY_WORDS);
const site = (c: Ctx) => c.r.pick(SITES);

export const STATEMENT_ISSUES: readonly string[] = [
  'the detention of journalists',
  'restrictions on peaceful assemblies',
  'violence against election observers',
  'attacks on human rights defenders',
  'the closure of independent media outlets',
  'rising hate speech',
  'the treatment of detainees',
  'pressure on civil society organizations',
  'the safety of civilians',
  'threats against judges',
];

export const VICTIMS: readonly string[] = [
  'a journalist',
  'a polling station',
  'a border post',
  'a place of worship',
  'a human rights defender',
  'a television crew',
  'a community centre',
  'a local councillor',
];

export const TITLES: Readonly<
  Record<'press-release' | 'news' | 'statement' | 'publication' | 'event', readonly Template[]>
> = {
  'press-release': [
    (c) => `${c.sTitle} supports training of ${c.A} on ${c.T} in ${c.city}`,
    (c) => `${c.sTitle} opens ${c.K.n} on ${c.T} in ${c.city}`,
    (c) => `${c.N} ${c.A} from ${c.C} complete course on ${c.T}`,
    (c) => `${c.sTitle} and ${c.inst} of ${c.C} sign memorandum on ${c.T}`,
    (c) => `${c.sTitle} hands over ${c.r.pick(EQUIPMENT)} to ${c.inst} in ${c.city}`,
    (c) => `${c.sTitle} launches ${days(c)}-year project on ${c.T} for ${c.A} in ${c.C}`,
    (c) => `${c.sTitle} presents ${c.N2} recommendations on ${c.T} to ${c.inst} in ${c.city}`,
    (c) => `${c.sTitle} hosts ${c.K.n} on ${c.T} for ${c.A} from ${c.C}`,
    (c) => `${c.role} visits ${c.city}, meets ${c.A} working on ${c.T}`,
    (c) => `${c.sTitle} deploys ${c.N2} experts to assess ${c.T} in ${c.C}`,
    (c) => `${c.sTitle} welcomes progress on ${c.T} and ${c.T2} in ${c.C}`,
    (c) => `${c.sTitle}-supported ${c.K.n} in ${c.city} focuses on ${c.T}`,
    (c) => `${c.N} ${c.A} in ${c.city} trained on ${c.T}`,
    (c) => `${c.sTitle} and ${c.inst} of ${c.C} discuss co-operation on ${c.T} and ${c.T2}`,
    (c) => `${c.sTitle} helps ${c.C} improve work on ${c.F} with new ${c.pub.n} on ${c.T}`,
  ],
  news: [
    (c) => `${cap(c.A)} in ${c.city} learn about ${c.T}`,
    (c) => `${cap(c.K.n)} in ${c.city} brings together ${c.N} ${c.A}`,
    (c) => `New ${c.pub.n} on ${c.T} presented in ${c.city}`,
    (c) => `${c.C} takes new steps on ${c.T} and ${c.T2} with ${c.sTitle} support`,
    (c) => `How ${c.A} in ${c.C} are tackling ${c.T}`,
    (c) => `${c.city} hosts ${c.K.n} on ${c.T}`,
    (c) => `From ${c.city} to ${c.city2}: ${c.A} share experience on ${c.T}`,
    (c) => `${cap(c.r.pick(YEAR_WORDS))} years of work with ${c.A} on ${c.T} in ${c.C}`,
    (c) => `${cap(c.A)} from ${c.C} and ${c.C2} meet in ${c.city} to discuss ${c.T}`,
    (c) => `In ${c.city}, ${c.K.a} puts ${c.T} on the agenda`,
    (c) => `${c.N} ${c.A} complete ${c.sTitle} ${c.K.n} on ${c.T}`,
  ],
  statement: [
    (c) => `${c.role} welcomes adoption of legislation on ${c.T} in ${c.C}`,
    (c) => `${c.role} concerned about ${c.r.pick(STATEMENT_ISSUES)} in ${c.C}, calls on ${c.inst} to act`,
    (c) => `${c.role} condemns attack on ${c.r.pick(VICTIMS)} in ${c.city} on ${c.dayMonth}`,
    (c) => `Statement by the ${c.role} on ${c.T} in ${c.C}`,
    (c) => `${c.role} calls for dialogue between ${c.inst} and ${c.A} on ${c.T}`,
    (c) => `${c.r.pick(INTERNATIONAL_DAYS)} ${c.Y}: ${c.role} calls for action on ${c.T}`,
    (c) => `${c.role} urges ${c.C} to uphold commitments on ${c.T} and ${c.T2}`,
    (c) => `${c.role} visits ${c.city} and ${c.city2}, calls for progress on ${c.T}`,
  ],
  publication: [
    (c) => `${c.sTitle} publishes ${c.pub.n} on ${c.T} in ${c.C}`,
    (c) => `${cap(c.pub.n)} on ${c.T} for ${c.A} (${c.Y} edition)`,
    (c) => `${cap(c.T)} in ${c.C}: ${c.pub.n}, ${c.Y}`,
    (c) => `${cap(c.pub.n)} on ${c.T}: findings from ${c.C} and ${c.C2}`,
    (c) => `${c.sTitle} annual report on ${c.F}, ${c.Y}`,
    (c) => `Good practices on ${c.T}: lessons from ${c.C} and ${c.C2}`,
  ],
  event: [
    (c) => `${cap(c.K.n)} on ${c.T}, ${c.city}`,
    (c) => `${cap(c.K.n)} on ${c.T} for ${c.A} from ${c.C} and ${c.C2}`,
    (c) => `${c.Y} ${c.K.n} on ${c.T} in ${c.city}`,
    (c) => `${c.sTitle} ${c.K.n} on ${c.T} in ${c.city}`,
    (c) => `Regional ${c.K.n} on ${c.T} in ${c.city}`,
  ],
};

export const SUMMARIES: typeof TITLES = {
  'press-release': [
    (c) =>
      `${c.S} ${c.r.pick(['organized', 'supported', 'hosted', 'facilitated'])} ${c.K.a} on ${c.T} for ${c.N} ${c.A} in ${c.city} on ${c.dateText}.`,
    (c) =>
      `${c.N} ${c.A} from ${c.C} strengthened their knowledge of ${c.T} at ${c.K.a} supported by ${c.s}.`,
    (c) => `${c.S} and ${c.inst} of ${c.C} discussed next steps on ${c.T} and ${c.F2}.`,
    (c) => `${c.S} presented recommendations on ${c.T} to ${c.inst} of ${c.C}.`,
  ],
  news: [
    (c) => `${cap(c.A)} in ${c.city} are learning new approaches to ${c.T} with support from ${c.s}.`,
    (c) => `${cap(c.K.a)} in ${c.city} looked at how ${c.C} can make further progress on ${c.T}.`,
    (c) => `A story from ${c.city} about ${c.A}, ${c.T} and the practical side of ${c.F}.`,
  ],
  statement: [
    (c) => `${c.S} commented on ${c.T} in ${c.C} and called for continued dialogue.`,
    (c) => `The ${c.role} urged the authorities of ${c.C} to act on ${c.T}.`,
  ],
  publication: [
    (c) => `A new ${c.pub.n} by ${c.s} examines ${c.T} in ${c.C} and offers ${c.N2} recommendations.`,
    (c) => `This ${c.pub.n} brings together findings on ${c.T} from ${c.C} and ${c.C2}.`,
  ],
  event: [
    (c) => `${cap(c.K.a)} on ${c.T} will bring together ${c.A} from ${c.C} and ${c.C2} in ${c.city}.`,
    (c) => `${c.S} invites ${c.A} to ${c.K.a} on ${c.T} in ${c.city} starting on ${c.startText}.`,
  ],
};

/** First sentence of the body, right after the dateline. */
export const LEADS: typeof TITLES = {
  'press-release': [
    (c) =>
      `${c.SFull} today ${c.r.pick(['concluded', 'opened', 'organized', 'hosted'])} ${c.K.a} on ${c.T} for ${c.N} ${c.A} in ${c.city}.`,
    (c) =>
      `${c.N} ${c.A} from across ${c.C} gathered in ${c.city} today for ${c.K.a} on ${c.T}, organized by ${c.sFull}.`,
    (c) =>
      `${c.SFull} has handed over ${c.r.pick(EQUIPMENT)} to ${c.inst} of ${c.C} to strengthen its work on ${c.T}.`,
    (c) =>
      `${c.SFull} and the authorities of ${c.C} today launched a new project on ${c.T} that will run until ${c.Y + 2}.`,
    (c) => `A ${days(c)}-day ${c.K.n} on ${c.T}, organized by ${c.sFull}, ended today in ${c.city}.`,
    (c) =>
      `Representatives of ${c.C} and ${c.sFull} met in ${c.city} today to discuss ${c.T} and the next steps in ${c.F}.`,
  ],
  news: [
    (c) => `For ${c.A} in ${c.city}, ${c.T} is no longer an abstract subject.`,
    (c) => `${cap(c.A)} from ${c.C} spent ${days(c)} days in ${c.city} this month learning about ${c.T}.`,
    (c) =>
      `${cap(c.K.a)} held in ${c.city} this week brought together ${c.N} ${c.A} to exchange ideas on ${c.T}.`,
    (c) =>
      `In a crowded training room in ${c.city}, ${c.N} ${c.A} are working through case studies on ${c.T}.`,
    (c) =>
      `${c.SFull} has spent the past ${c.r.pick(YEAR_WORDS)} years helping ${c.C} make progress on ${c.T}.`,
  ],
  statement: [
    (c) => `${c.SFull} today welcomed the steps taken by ${c.C} on ${c.T} and encouraged further reforms.`,
    (c) => `${c.SFull} today called on the authorities of ${c.C} to step up their efforts on ${c.T}.`,
    (c) => `${c.SFull} expressed concern today about recent developments related to ${c.T} in ${c.C}.`,
    (c) =>
      `Speaking in ${c.city} today, the ${c.role} underlined the importance of ${c.T} for security and stability in the region.`,
  ],
  publication: [
    (c) => `${c.SFull} today published ${c.pub.a} on ${c.T} in ${c.C}, based on interviews with ${c.A}.`,
    (c) => `A new ${c.pub.n} on ${c.T}, prepared by ${c.sFull}, was presented to ${c.A} in ${c.city} today.`,
    (c) => `${c.SFull} has released the findings of ${c.pub.a} of ${c.T} covering ${c.C} and ${c.C2}.`,
  ],
  event: [
    (c) => `${c.SFull} will hold ${c.K.a} on ${c.T} in ${c.city} from ${c.startText} to ${c.endText}.`,
    (c) =>
      `${cap(c.K.a)} on ${c.T} will take place in ${c.city} on ${c.startText}, bringing together ${c.A} from ${c.C} and ${c.C2}.`,
    (c) =>
      `${cap(c.A)} and experts will meet in ${c.city} on ${c.startText} for ${c.K.a} on ${c.T}, organized by ${c.sFull}.`,
  ],
};

/** Sentences that may follow the lead, by type family. */
export const LEAD_FOLLOW: typeof TITLES = {
  'press-release': [
    (c) => `The ${c.K.n} was organized in co-operation with ${c.inst} of ${c.C}.`,
    (c) => `It is part of a ${c.r.pick(DAY_WORDS)}-year project funded by ${c.donor}.`,
    (c) => `Participants included representatives of ${c.inst}, civil society and the media.`,
    () => 'The focus was on practical tools that participants can apply in their daily work.',
    (c) => `Opening the ${c.K.n}, speakers stressed the link between ${c.T} and security in ${c.C}.`,
  ],
  news: [
    (c) => `The ${c.K.n} was organized with the support of ${c.s}.`,
    (c) =>
      `Many of them had never before had the chance to discuss ${c.T} with colleagues from other institutions.`,
    (c) => `Their work is part of a wider effort on ${c.F} in ${c.C}.`,
    (c) => `The idea came from ${c.A2} who wanted to share what works and what does not.`,
  ],
  statement: [
    (c) => `The statement follows reports about ${c.T} received from ${c.C} in recent weeks.`,
    (c) =>
      `The ${c.role} stressed that all participating States have committed themselves to the same standards.`,
    (c) => `The ${c.role} has followed the situation in ${c.C} closely since taking office.`,
  ],
  publication: [
    (c) => `The ${c.pub.n} is intended for ${c.A}, policymakers and civil society.`,
    (c) => `It was prepared over ${c.r.pick(DAY_WORDS)} months with input from ${c.inst} of ${c.C}.`,
    (c) => `The work was funded by ${c.donor}.`,
  ],
  event: [
    (c) => `The ${c.K.n} is organized in co-operation with ${c.inst} of ${c.C}.`,
    (c) => `It is open to ${c.A}, representatives of civil society and the media.`,
    (c) => `The event is part of ${c.sPoss} work on ${c.F}.`,
  ],
};

/** Sentences suitable for any item. */
export const NEUTRAL: readonly Template[] = [
  (c) => `${cap(c.T)} has become a growing concern for ${c.A} across the region.`,
  (c) =>
    `Over the past decade, ${c.C} has adopted several laws related to ${c.F}, but implementation remains uneven.`,
  (c) => `According to ${c.s}, gaps in ${c.T} continue to undermine public trust in institutions.`,
  (c) => `Experts note that progress on ${c.T} depends on sustained political will and adequate resources.`,
  (c) =>
    `${cap(c.T)} is closely tied to the commitments that participating States have made in the area of ${c.F}.`,
  (c) =>
    `Recent assessments in ${c.C} pointed to the need for better co-ordination between national and local authorities on ${c.T}.`,
  (c) =>
    `${c.C} and ${c.C2} face similar challenges when it comes to ${c.T}, which makes regional exchange particularly valuable.`,
  (c) => `Civil society organizations in ${c.C} have long called for stronger action on ${c.T}.`,
  (c) =>
    `${c.S} supports ${c.C} in implementing its commitments on ${c.F}, in line with the comprehensive approach to security.`,
  (c) =>
    `Work on ${c.F} is closely linked to ${c.F2}, as both shape security and co-operation in the region.`,
  (c) => `${c.S} has assisted ${c.C} with ${c.T} since ${c.startY}.`,
  (c) => `Co-operation between ${c.s} and ${c.inst} of ${c.C} has expanded steadily in recent years.`,
  (c) => `Strengthening work on ${c.T} is one of the priorities in ${c.sPoss} programme for ${c.Y}.`,
  (c) =>
    `Cross-border co-operation on ${c.T} remains essential, as many of the challenges do not stop at national borders.`,
  () => 'Security depends as much on trust and co-operation as on laws and institutions.',
  () =>
    'Co-operation between state institutions and civil society is widely seen as a key element of lasting security.',
  () => 'Respect for human rights and effective security institutions reinforce each other.',
  (c) =>
    `All participating States have committed themselves to co-operation on security, including on ${c.T}.`,
  (c) => `Public awareness of ${c.T} remains limited outside the larger cities, surveys suggest.`,
  (c) => `The issue of ${c.rare} has also attracted growing attention.`,
  (c) => `Related concerns include ${c.rare} and ${c.rare2}.`,
  (c) =>
    `In ${c.city2}, for example, local authorities have begun to address ${c.T2} with the help of community groups.`,
  (c) => `Funding for work on ${c.T} has come from ${c.donor} and ${c.donor2}, among others.`,
  (c) =>
    `Since ${c.startY}, more than ${c.N * 10} ${c.A} have taken part in activities on ${c.T} supported by ${c.s}.`,
  (c) => `The situation differs considerably between regions of ${c.C}, and so do the needs of ${c.vul}.`,
  (c) => `Women remain under-represented among ${c.A}, a gap that several programmes now try to close.`,
  (c) =>
    `Digital tools are changing the way ${c.A} work on ${c.T}, bringing both opportunities and new risks.`,
  (c) => `Ensuring that ${c.vul} benefit from work on ${c.F} requires targeted measures.`,
  (c) => `Data on ${c.T} in ${c.C} are still incomplete, which makes it hard to measure progress.`,
  (c) => `The OSCE's work on ${c.F} draws on the experience of its field operations and institutions.`,
  (c) =>
    `Both national and international partners see ${c.T} as a long-term undertaking rather than a one-off project.`,
  (c) => `A network of ${c.A} set up in ${c.Y - 1} now meets regularly to exchange information on ${c.T}.`,
  (c) => `The link between ${c.T3} and ${c.T} is often overlooked, experts say.`,
];

/** Narrative of a training, meeting or project that took place (press releases and news). */
export const ACTIVITY: readonly Template[] = [
  (c) =>
    `Participants discussed international standards on ${c.T} and compared them with practice in ${c.C}.`,
  (c) =>
    `During ${days(c)} days of sessions, they worked in small groups on realistic scenarios involving ${c.T}.`,
  (c) => `Trainers from ${c.C2} shared lessons learned from their own country's work on ${c.F}.`,
  (c) => `The programme combined lectures, case studies and a visit to ${site(c)} in ${c.city}.`,
  (c) =>
    `A session on ${c.T2} gave participants the opportunity to discuss links between ${c.F} and ${c.F2}.`,
  (c) => `Special attention was paid to the needs of ${c.vul}.`,
  (c) => `Participants also practised ${c.r.pick(SKILLS)}.`,
  (c) => `The ${c.K.n} was conducted in ${c.r.pick(LANGUAGE_PAIRS)}.`,
  (c) => `International experts presented good practices from ${c.C2} and ${c.C3}.`,
  (c) => `Representatives of ${c.inst} outlined the steps already taken to address ${c.T}.`,
  (c) => `A panel discussion on ${c.T2} drew on the experience of ${c.A2} from several municipalities.`,
  (c) => `Working groups produced ${c.N2} recommendations, which will be submitted to ${c.inst} of ${c.C}.`,
  (c) => `${c.S} also provided ${c.r.pick(DETAILS)} to help participants apply what they learned.`,
  (c) => `The ${c.K.n} built on ${c.pub.a} published by ${c.s} in ${c.Y - 1}.`,
  (c) =>
    `The curriculum was developed together with ${c.inst} and will become part of its regular training programme.`,
  (c) => `Follow-up visits to ${c.city2} and ${c.city3} are planned for ${c.nextMonth}.`,
  (c) => `A follow-up ${c.K2.n} is scheduled to take place in ${c.city2} later this year.`,
  (c) => `Participants received certificates at the end of the ${c.K.n}.`,
  (c) =>
    `An online platform launched during the ${c.K.n} will allow ${c.A} to keep exchanging information on ${c.T}.`,
  (c) => `Participants agreed that better data on ${c.T} would help authorities target their efforts.`,
  (c) =>
    `The recommendations call for clearer procedures, regular training and more transparent reporting on ${c.T}.`,
  (c) =>
    `Several participants said the exercises would change the way they approach ${c.T} in their daily work.`,
  (c) => `The discussions confirmed that ${c.F} and ${c.F2} cannot be addressed in isolation.`,
  (c) => `By the end of the ${c.K.n}, each team had prepared an action plan for its own institution.`,
  (c) =>
    `Evaluation forms showed that ${c.r.int(72, 98)} per cent of participants found the ${c.K.n} directly relevant to their work.`,
  (c) => `The results will feed into a national strategy on ${c.T} that ${c.C} plans to adopt by ${c.Y + 1}.`,
  (c) => `Delegations from ${c.C2} and ${c.C3} attended as observers.`,
  (c) => `Similar activities were held earlier this year in ${c.city2}, where ${c.A2} discussed ${c.T2}.`,
  (c) => `One of the case studies concerned ${c.rare} in a border municipality.`,
  (c) => `The ${c.K.n} also addressed ${c.rare}.`,
  (c) => `${c.S} handed over ${c.r.pick(EQUIPMENT)} to ${c.inst} at the close of the ${c.K.n}.`,
  (c) => `Among the speakers were representatives of ${c.inst} and of several civil society organizations.`,
];

/** Announcements of an event to come. */
export const FUTURE: readonly Template[] = [
  (c) => `The ${c.K.n} will bring together ${c.A} from ${c.C}, ${c.C2} and other participating States.`,
  (c) => `Participants will discuss international standards on ${c.T} and how they apply in practice.`,
  (c) => `Sessions will cover ${c.T}, ${c.T2} and the links between ${c.F} and ${c.F2}.`,
  (c) => `Speakers will include representatives of ${c.inst} of ${c.C} and international experts.`,
  (c) => `A special session will be devoted to the needs of ${c.vul}.`,
  (c) => `The ${c.K.n} will be held in ${c.r.pick(LANGUAGE_PAIRS)}.`,
  (c) => `Registration is open until ${c.regText}; places are limited.`,
  (c) => `The programme will include a visit to ${site(c)} in ${c.city}.`,
  () => 'Media representatives are invited to attend the opening session.',
  (c) => `The outcome will feed into ${c.sPoss} work on ${c.F} in the coming year.`,
  (c) => `Participants are expected to agree on ${c.N2} concrete recommendations for their institutions.`,
  (c) => `The agenda also includes a discussion of ${c.rare}.`,
  (c) => `The ${c.K.n} is organized with the support of ${c.donor}.`,
  (c) => `It follows ${c.K2.a} held in ${c.city2} in ${c.Y - 1}.`,
  (c) => `Working groups will examine practical cases involving ${c.T2}.`,
  (c) =>
    c.meeting
      ? `The discussions are part of the ${c.meeting} series.`
      : `The discussions will build on earlier meetings on ${c.T3}.`,
];

export const STATEMENT: readonly Template[] = [
  (c) => `The ${c.role} called on all sides to refrain from steps that could increase tensions.`,
  (c) => `The authorities of ${c.C} were urged to investigate the matter promptly and transparently.`,
  (c) => `The statement recalled the commitments of participating States on ${c.F}.`,
  (c) => `${c.S} stands ready to assist ${c.C} in addressing ${c.T}, the ${c.role} added.`,
  (c) => `${c.S} will continue to follow developments in ${c.C} closely.`,
  (c) => `The ${c.role} welcomed the constructive engagement of ${c.inst} of ${c.C}.`,
  (c) => `Progress on ${c.T} is essential for the security of all, the statement said.`,
  (c) => `The ${c.role} also raised the issue of ${c.rare}.`,
  (c) => `The ${c.role} offered the expertise of ${c.s} in reviewing the relevant legislation.`,
  (c) => `Earlier this year, ${c.s} published recommendations on ${c.T} for ${c.C}.`,
  (c) => `The ${c.role} reiterated that ${c.T} is a matter of concern for all participating States.`,
  (c) => `Dialogue with civil society and the media remains essential, the ${c.role} said.`,
  (c) => `The statement was delivered at a meeting in ${c.city} attended by ${c.A} and diplomats.`,
  (c) => `The ${c.role} expressed solidarity with ${c.vul} affected by the situation.`,
  (c) =>
    c.meeting
      ? `The matter was also raised at the ${c.meeting} in ${c.Y}.`
      : `The matter is expected to be discussed again later in ${c.Y}.`,
];

export const PUBLICATION: readonly Template[] = [
  (c) => `The ${c.pub.n} is based on ${c.N * 2} interviews with ${c.A} and ${c.A2}.`,
  (c) => `It identifies gaps in legislation and practice on ${c.T} and proposes ${c.N2} recommendations.`,
  (c) => `The ${c.pub.n} covers the period from ${c.Y - 3} to ${c.Y}.`,
  (c) => `Chapters address ${c.T}, ${c.T2} and the situation of ${c.vul}.`,
  (c) => `It draws on monitoring carried out by ${c.s} in ${c.C} and ${c.C2}.`,
  (c) => `The authors call for stronger co-ordination between ${c.inst} and local authorities.`,
  (c) => `The ${c.pub.n} is available in English and in the local language.`,
  (c) => `A launch event for the ${c.pub.n} was held in ${c.city}, attended by ${c.A}.`,
  (c) => `It includes ${c.r.pick(DETAILS)} for practitioners.`,
  (c) => `The findings will be discussed with ${c.inst} of ${c.C} in the coming months.`,
  (c) => `One section examines ${c.rare} and its effect on ${c.T}.`,
  (c) => `The ${c.pub.n} was prepared with the support of ${c.donor}.`,
  () => 'Its recommendations are addressed to governments, parliaments and civil society alike.',
  (c) => `Previous editions of the ${c.pub.n} were published in ${c.Y - 2} and ${c.Y - 4}.`,
];

/** A last paragraph about the issuing source. */
export const CLOSING_OPERATION: readonly Template[] = [
  (c) =>
    `${c.S} works with the authorities and people of ${c.C} on ${c.F}, ${c.F2} and other areas of its mandate.`,
  (c) =>
    `${c.S} supports ${c.C} across all three dimensions of security: politico-military, economic and environmental, and human.`,
];

export const CLOSING_INSTITUTION: readonly Template[] = [
  (c) => `${c.S} assists participating States in implementing their commitments on ${c.F}.`,
  (c) =>
    `${c.S} is part of the OSCE, which addresses security through dialogue and co-operation among its participating States.`,
];

export const CLOSING_GENERAL: readonly Template[] = [
  () =>
    'The OSCE brings together states from Europe, Central Asia and North America to address security through dialogue and co-operation.',
  (c) => `More information about ${c.sPoss} work on ${c.F} is available on its website.`,
];

/** Quotations fit for any item, ending with a full stop that the body turns into a comma before "said". */
export const QUOTES_GENERAL: readonly Template[] = [
  (c) => `${cap(c.T)} affects every community, and no institution can address it alone.`,
  (c) => `We will continue to support ${c.C} in its efforts on ${c.F}.`,
  () => 'Security is built on trust, and trust is built through open dialogue.',
  (c) => `Progress on ${c.T} requires patience, resources and, above all, political will.`,
  (c) => `We cannot talk about lasting security without talking about ${c.T}.`,
  (c) => `We have seen real progress on ${c.T} in recent years, but much remains to be done.`,
  (c) => `Every year of delay on ${c.T} makes the work of ${c.A} more difficult.`,
  (c) => `We owe it to the next generation to get ${c.F} right.`,
  () => 'Dialogue is never a sign of weakness; it is the foundation of our common security.',
  (c) => `${cap(c.A)} are on the front line, and they deserve the support of all of us.`,
  (c) => `Nobody should be left behind, least of all ${c.vul}.`,
  () => 'I urge all those involved to choose dialogue over confrontation.',
  () => 'The authorities have an obligation to protect everyone, without exception.',
  () => 'Laws matter, but what matters most is how they are applied.',
];

/** Quotations about a training, meeting or project that has just taken place. */
export const QUOTES_ACTIVITY: readonly Template[] = [
  ...QUOTES_GENERAL,
  (c) => `Today's ${c.K.n} shows what can be achieved when ${c.A} and international partners work together.`,
  (c) => `The skills gained here will make a real difference for the people of ${c.C}.`,
  (c) => `I am encouraged by the commitment the participants have shown over these ${days(c)} days.`,
  () => 'Our aim is to make sure that the knowledge stays in the institutions long after this project ends.',
  (c) => `This is a good example of practical co-operation between ${c.C} and the OSCE.`,
  (c) => `The ${c.pub.n} gives practitioners concrete tools they can use from tomorrow.`,
  (c) => `I thank ${c.donor} for its generous support to this project.`,
  () => 'The recommendations agreed today should now be turned into concrete action.',
  (c) => `We are ready to share our experience with colleagues from ${c.C2}.`,
  (c) => `This ${c.K.n} helped us understand where our procedures need to improve.`,
  (c) => `What we learned about ${c.T2} here will be useful back home in ${c.city2}.`,
];

/** What a speaker "added", after their quote; `L` is the family name. */
export const QUOTE_FOLLOW: readonly ((c: Ctx, L: string) => string)[] = [
  (c, L) => `${L} added that further training would be offered in ${c.Y + 1}.`,
  (c, L) => `${L} also thanked ${c.donor} for supporting the project.`,
  (c, L) => `${L} noted that the results would be shared with colleagues in ${c.city2}.`,
  (_c, L) => `According to ${L}, the next step is to make the new procedures part of everyday practice.`,
];

/** A sentence with a Markdown link. */
export const LINKS: readonly Template[] = [
  (c) => `The full ${c.pub.n} is available [on the ${c.sTitle} website](${c.link}).`,
  (c) => `More information is available on the [project page](${c.link}).`,
  (c) => `[Read the ${c.pub.n} on ${c.T}](${c.link}).`,
];
