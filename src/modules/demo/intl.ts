/**
 * Short phrase banks in French, German, Italian, Spanish and Russian, so translated demo items
 * get real titles, summaries and opening paragraphs in their language (the rest of a body stays
 * English). Topic lists are aligned by index across languages (see TopicGroup.intl).
 */

export interface IntlKind {
  /** With article, as an object: "un atelier", "einen Workshop", "конференцию". */
  readonly a: string;
  /** Headline form: "Atelier", "Workshop", "Конференция". */
  readonly nom: string;
}

export interface IntlParams {
  readonly topic: string;
  readonly aud: string;
  readonly n: number;
  readonly city: string;
  readonly year: number;
  readonly date: string;
  readonly kind: IntlKind;
}

type Phrase = (p: IntlParams) => string;

export interface LanguageBank {
  readonly months: readonly string[];
  readonly topics: readonly string[];
  readonly audiences: readonly string[];
  readonly kinds: readonly IntlKind[];
  readonly titles: readonly Phrase[];
  readonly summaries: readonly Phrase[];
  readonly leads: readonly Phrase[];
  readonly formatDate: (day: number, month: string, year: number) => string;
  /** Rounds a head count to one the language's grammar handles in every template. */
  readonly count: (n: number) => number;
}

/** How many aligned topics every bank has. */
export const INTL_TOPIC_COUNT = 30;

const same = (n: number) => n;

const FR: LanguageBank = {
  months: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  // Every topic starts with "la" or "l'", so "à la", "de la", "sur la" are always grammatical.
  topics: [
    'la cybercriminalité',
    'la traite des êtres humains',
    'la liberté des médias',
    'la sécurité des journalistes',
    'la gestion des frontières',
    'la lutte contre la corruption',
    "l'égalité entre les femmes et les hommes",
    'la prévention de la radicalisation',
    "la gestion de l'eau",
    'la protection des droits des minorités nationales',
    "l'indépendance de la justice",
    'la lutte contre les crimes de haine',
    "l'observation des élections",
    "l'action contre les mines",
    'la police de proximité',
    'la participation des jeunes',
    'la prévention des conflits',
    "la protection des droits de l'homme",
    "la protection de l'environnement",
    "l'éducation civique",
    'la gouvernance des migrations',
    'la bonne gouvernance économique',
    'la maîtrise des armes légères',
    'la lutte contre le terrorisme',
    'la cybersécurité',
    'la gouvernance démocratique',
    "l'inclusion des Roms et des Sintis",
    'la réforme du secteur de la sécurité',
    "l'État de droit",
    'la tolérance et la non-discrimination',
  ],
  audiences: [
    'policiers',
    'juges et procureurs',
    'journalistes',
    'jeunes',
    'représentants de la société civile',
    'agents des douanes',
    'fonctionnaires municipaux',
    'enseignants',
  ],
  kinds: [
    { a: 'un atelier', nom: 'Atelier' },
    { a: 'une formation', nom: 'Formation' },
    { a: 'une table ronde', nom: 'Table ronde' },
    { a: 'un séminaire', nom: 'Séminaire' },
    { a: 'une conférence', nom: 'Conférence' },
  ],
  titles: [
    (p) => `L'OSCE organise ${p.kind.a} sur ${p.topic} à ${p.city}`,
    (p) => `${p.n} ${p.aud} suivent une formation sur ${p.topic} à ${p.city}`,
    (p) => `${p.city} accueille ${p.kind.a} sur ${p.topic}`,
    (p) => `Rapport de l'OSCE sur ${p.topic} (${p.year})`,
    (p) => `L'OSCE soutient le dialogue sur ${p.topic} à ${p.city}`,
    (p) => `Des experts examinent ${p.topic} à ${p.city}`,
    (p) => `Nouvelle publication de l'OSCE sur ${p.topic} (${p.year})`,
    (p) => `${p.kind.nom} sur ${p.topic} : ${p.n} ${p.aud} réunis à ${p.city}`,
  ],
  summaries: [
    (p) => `L'OSCE a organisé ${p.kind.a} sur ${p.topic} à ${p.city} pour ${p.n} ${p.aud}.`,
    (p) =>
      `À ${p.city}, ${p.n} ${p.aud} ont échangé leurs expériences sur ${p.topic} avec des experts de l'OSCE.`,
  ],
  leads: [
    (p) => `L'OSCE a organisé ${p.kind.a} sur ${p.topic} à l'intention de ${p.n} ${p.aud}.`,
    () =>
      'Les participants ont examiné les normes internationales et les bonnes pratiques en matière de sécurité et de coopération.',
    () =>
      'Des experts de plusieurs États participants ont présenté leur expérience et répondu aux questions des participants.',
    (p) => `Cette activité s'inscrit dans le cadre d'un projet pluriannuel consacré à ${p.topic}.`,
    () =>
      "Une formation de suivi est prévue pour l'année prochaine, en coopération avec les autorités nationales.",
    (p) => `Selon les organisateurs, ${p.topic} reste une priorité pour la sécurité de toute la région.`,
    () =>
      'Les recommandations formulées seront transmises aux institutions compétentes dans les semaines à venir.',
  ],
  formatDate: (day, month, year) => `${day === 1 ? '1er' : day} ${month} ${year}`,
  count: same,
};

const DE: LanguageBank = {
  months: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],
  // Without articles: every template says "zum Thema …", which takes any of them unchanged.
  topics: [
    'Cyberkriminalität',
    'Menschenhandel',
    'Medienfreiheit',
    'Sicherheit von Journalistinnen und Journalisten',
    'Grenzmanagement',
    'Korruptionsbekämpfung',
    'Gleichstellung der Geschlechter',
    'Prävention von Radikalisierung',
    'Wasserwirtschaft',
    'Rechte nationaler Minderheiten',
    'Unabhängigkeit der Justiz',
    'Hasskriminalität',
    'Beobachtung von Wahlen',
    'Minenräumung',
    'bürgernahe Polizeiarbeit',
    'Jugendbeteiligung',
    'Konfliktverhütung',
    'Menschenrechte',
    'Umweltschutz',
    'politische Bildung',
    'Migrationssteuerung',
    'gute wirtschaftliche Regierungsführung',
    'Kleinwaffenkontrolle',
    'Terrorismusbekämpfung',
    'Cybersicherheit',
    'demokratische Regierungsführung',
    'Inklusion von Roma und Sinti',
    'Reform des Sicherheitssektors',
    'Rechtsstaatlichkeit',
    'Toleranz und Nichtdiskriminierung',
  ],
  audiences: [
    'Polizeibeamte',
    'Richterinnen und Richter',
    'Journalistinnen und Journalisten',
    'junge Menschen',
    'Vertreterinnen und Vertreter der Zivilgesellschaft',
    'Zollbedienstete',
    'Gemeindebedienstete',
    'Lehrkräfte',
  ],
  kinds: [
    { a: 'einen Workshop', nom: 'Workshop' },
    { a: 'eine Schulung', nom: 'Schulung' },
    { a: 'ein Seminar', nom: 'Seminar' },
    { a: 'eine Konferenz', nom: 'Konferenz' },
    { a: 'eine Fachtagung', nom: 'Fachtagung' },
  ],
  titles: [
    (p) => `OSZE-${p.kind.nom} zum Thema ${p.topic} in ${p.city}`,
    (p) => `${p.n} ${p.aud} in ${p.city} zum Thema ${p.topic} geschult`,
    (p) => `OSZE unterstützt Dialog zum Thema ${p.topic} in ${p.city}`,
    (p) => `OSZE veröffentlicht Bericht zum Thema ${p.topic} (${p.year})`,
    (p) => `Expertinnen und Experten beraten in ${p.city} zum Thema ${p.topic}`,
    (p) => `${p.city}: ${p.kind.nom} zum Thema ${p.topic}`,
    (p) => `Neues OSZE-Handbuch zum Thema ${p.topic} (${p.year})`,
  ],
  summaries: [
    (p) => `Die OSZE hat in ${p.city} ${p.kind.a} zum Thema ${p.topic} für ${p.n} ${p.aud} organisiert.`,
    (p) => `In ${p.city} tauschten sich ${p.n} ${p.aud} mit Fachleuten der OSZE zum Thema ${p.topic} aus.`,
  ],
  leads: [
    (p) => `Die OSZE hat ${p.kind.a} zum Thema ${p.topic} für ${p.n} ${p.aud} organisiert.`,
    () =>
      'Die Teilnehmenden erörterten internationale Standards und bewährte Verfahren im Bereich Sicherheit und Zusammenarbeit.',
    () =>
      'Fachleute aus mehreren Teilnehmerstaaten berichteten über ihre Erfahrungen und beantworteten Fragen.',
    (p) => `Die Veranstaltung ist Teil eines mehrjährigen Projekts zum Thema ${p.topic}.`,
    () =>
      'Eine weitere Schulung ist für das kommende Jahr in Zusammenarbeit mit den nationalen Behörden geplant.',
    (p) =>
      `Nach Angaben der Veranstalter bleibt das Thema ${p.topic} eine Priorität für die Sicherheit der gesamten Region.`,
    () =>
      'Die erarbeiteten Empfehlungen werden in den kommenden Wochen den zuständigen Institutionen übermittelt.',
  ],
  formatDate: (day, month, year) => `${day}. ${month} ${year}`,
  count: same,
};

const IT: LanguageBank = {
  months: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
  // Without articles: templates say "in materia di …", which takes them unchanged.
  topics: [
    'criminalità informatica',
    'tratta di esseri umani',
    'libertà dei media',
    'sicurezza dei giornalisti',
    'gestione delle frontiere',
    'lotta alla corruzione',
    'parità di genere',
    'prevenzione della radicalizzazione',
    'gestione delle risorse idriche',
    'diritti delle minoranze nazionali',
    'indipendenza della magistratura',
    "crimini d'odio",
    'osservazione delle elezioni',
    'sminamento',
    'polizia di prossimità',
    'partecipazione giovanile',
    'prevenzione dei conflitti',
    'diritti umani',
    "tutela dell'ambiente",
    'educazione civica',
    'gestione delle migrazioni',
    'buon governo economico',
    'controllo delle armi leggere',
    'lotta al terrorismo',
    'sicurezza informatica',
    'governance democratica',
    'inclusione di rom e sinti',
    'riforma del settore della sicurezza',
    'stato di diritto',
    'tolleranza e non discriminazione',
  ],
  audiences: [
    'agenti di polizia',
    'giudici e procuratori',
    'giornalisti',
    'giovani',
    'rappresentanti della società civile',
    'funzionari doganali',
    'funzionari comunali',
    'insegnanti',
  ],
  kinds: [
    { a: 'un seminario', nom: 'Seminario' },
    { a: 'un corso di formazione', nom: 'Corso di formazione' },
    { a: 'una tavola rotonda', nom: 'Tavola rotonda' },
    { a: 'una conferenza', nom: 'Conferenza' },
    { a: 'un workshop', nom: 'Workshop' },
  ],
  titles: [
    (p) => `L'OSCE organizza ${p.kind.a} in materia di ${p.topic} a ${p.city}`,
    (p) => `${p.n} ${p.aud} formati in materia di ${p.topic} a ${p.city}`,
    (p) => `${p.city} ospita ${p.kind.a} in materia di ${p.topic}`,
    (p) => `Rapporto dell'OSCE in materia di ${p.topic} (${p.year})`,
    (p) => `L'OSCE sostiene il dialogo in materia di ${p.topic} a ${p.city}`,
    (p) => `Esperti a confronto in materia di ${p.topic} a ${p.city}`,
    (p) => `Nuova pubblicazione dell'OSCE in materia di ${p.topic} (${p.year})`,
  ],
  summaries: [
    (p) => `L'OSCE ha organizzato a ${p.city} ${p.kind.a} in materia di ${p.topic} per ${p.n} ${p.aud}.`,
    (p) => `A ${p.city}, ${p.n} ${p.aud} si sono confrontati con esperti dell'OSCE in materia di ${p.topic}.`,
  ],
  leads: [
    (p) => `L'OSCE ha organizzato ${p.kind.a} in materia di ${p.topic} per ${p.n} ${p.aud}.`,
    () =>
      'I partecipanti hanno esaminato le norme internazionali e le buone pratiche in materia di sicurezza e cooperazione.',
    () =>
      'Esperti di diversi Stati partecipanti hanno illustrato le proprie esperienze e risposto alle domande.',
    (p) => `L'iniziativa fa parte di un progetto pluriennale in materia di ${p.topic}.`,
    () => 'Un ulteriore corso è previsto per il prossimo anno, in collaborazione con le autorità nazionali.',
    () => "Secondo gli organizzatori, la questione rimane una priorità per la sicurezza dell'intera regione.",
    () =>
      'Le raccomandazioni elaborate saranno trasmesse alle istituzioni competenti nelle prossime settimane.',
  ],
  formatDate: (day, month, year) => `${day} ${month} ${year}`,
  count: same,
};

const ES: LanguageBank = {
  months: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  topics: [
    'ciberdelincuencia',
    'trata de seres humanos',
    'libertad de los medios de comunicación',
    'seguridad de los periodistas',
    'gestión de fronteras',
    'lucha contra la corrupción',
    'igualdad de género',
    'prevención de la radicalización',
    'gestión del agua',
    'derechos de las minorías nacionales',
    'independencia judicial',
    'delitos de odio',
    'observación de elecciones',
    'desminado',
    'policía de proximidad',
    'participación juvenil',
    'prevención de conflictos',
    'derechos humanos',
    'protección del medio ambiente',
    'educación cívica',
    'gobernanza de la migración',
    'buena gobernanza económica',
    'control de armas pequeñas',
    'lucha contra el terrorismo',
    'ciberseguridad',
    'gobernanza democrática',
    'inclusión de la población romaní',
    'reforma del sector de la seguridad',
    'Estado de derecho',
    'tolerancia y no discriminación',
  ],
  audiences: [
    'agentes de policía',
    'jueces y fiscales',
    'periodistas',
    'jóvenes',
    'representantes de la sociedad civil',
    'funcionarios de aduanas',
    'funcionarios municipales',
    'docentes',
  ],
  kinds: [
    { a: 'un taller', nom: 'Taller' },
    { a: 'un curso de formación', nom: 'Curso de formación' },
    { a: 'una mesa redonda', nom: 'Mesa redonda' },
    { a: 'una conferencia', nom: 'Conferencia' },
    { a: 'un seminario', nom: 'Seminario' },
  ],
  titles: [
    (p) => `La OSCE organiza ${p.kind.a} en materia de ${p.topic} en ${p.city}`,
    (p) => `${p.n} ${p.aud} reciben formación en materia de ${p.topic} en ${p.city}`,
    (p) => `${p.city} acoge ${p.kind.a} en materia de ${p.topic}`,
    (p) => `Informe de la OSCE en materia de ${p.topic} (${p.year})`,
    (p) => `La OSCE apoya el diálogo en materia de ${p.topic} en ${p.city}`,
    (p) => `Expertos debaten en ${p.city} sobre ${p.topic}`,
    (p) => `Nueva publicación de la OSCE en materia de ${p.topic} (${p.year})`,
  ],
  summaries: [
    (p) => `La OSCE organizó en ${p.city} ${p.kind.a} en materia de ${p.topic} para ${p.n} ${p.aud}.`,
    (p) =>
      `En ${p.city}, ${p.n} ${p.aud} intercambiaron experiencias en materia de ${p.topic} con expertos de la OSCE.`,
  ],
  leads: [
    (p) => `La OSCE organizó ${p.kind.a} en materia de ${p.topic} para ${p.n} ${p.aud}.`,
    () =>
      'Los participantes examinaron las normas internacionales y las buenas prácticas en materia de seguridad y cooperación.',
    () =>
      'Expertos de varios Estados participantes compartieron su experiencia y respondieron a las preguntas de los asistentes.',
    (p) => `La actividad forma parte de un proyecto plurianual en materia de ${p.topic}.`,
    () =>
      'Está previsto un curso de seguimiento para el próximo año, en cooperación con las autoridades nacionales.',
    () =>
      'Según los organizadores, este tema sigue siendo una prioridad para la seguridad de toda la región.',
    () =>
      'Las recomendaciones elaboradas se transmitirán a las instituciones competentes en las próximas semanas.',
  ],
  formatDate: (day, month, year) => `${day} de ${month} de ${year}`,
  count: same,
};

const RU: LanguageBank = {
  // Genitive, as dates need: "14 марта 2016 г.".
  months: [
    'января',
    'февраля',
    'марта',
    'апреля',
    'мая',
    'июня',
    'июля',
    'августа',
    'сентября',
    'октября',
    'ноября',
    'декабря',
  ],
  // Nominative, always quoted after "на тему", which needs no declension.
  topics: [
    'Противодействие киберпреступности',
    'Борьба с торговлей людьми',
    'Свобода СМИ',
    'Безопасность журналистов',
    'Управление границами',
    'Противодействие коррупции',
    'Гендерное равенство',
    'Предупреждение радикализации',
    'Управление водными ресурсами',
    'Права национальных меньшинств',
    'Независимость судебной власти',
    'Преступления на почве ненависти',
    'Наблюдение за выборами',
    'Разминирование',
    'Работа полиции с населением',
    'Участие молодёжи',
    'Предотвращение конфликтов',
    'Права человека',
    'Охрана окружающей среды',
    'Гражданское образование',
    'Управление миграцией',
    'Надлежащее управление в экономике',
    'Контроль над стрелковым оружием',
    'Противодействие терроризму',
    'Кибербезопасность',
    'Демократическое управление',
    'Интеграция рома и синти',
    'Реформа сектора безопасности',
    'Верховенство права',
    'Толерантность и недискриминация',
  ],
  // Genitive plural: they follow a number ("для 25 журналистов").
  audiences: [
    'сотрудников полиции',
    'судей и прокуроров',
    'журналистов',
    'молодых людей',
    'представителей гражданского общества',
    'сотрудников таможни',
    'муниципальных служащих',
    'учителей',
  ],
  kinds: [
    { a: 'семинар', nom: 'Семинар' },
    { a: 'учебный курс', nom: 'Учебный курс' },
    { a: 'круглый стол', nom: 'Круглый стол' },
    { a: 'конференцию', nom: 'Конференция' },
    { a: 'тренинг', nom: 'Тренинг' },
  ],
  // No city names: they would need Russian declension, which the catalog's English labels lack.
  titles: [
    (p) => `ОБСЕ провела ${p.kind.a} на тему «${p.topic}» для ${p.n} ${p.aud}`,
    (p) => `${p.kind.nom} на тему «${p.topic}» для ${p.n} ${p.aud}`,
    (p) => `Доклад ОБСЕ на тему «${p.topic}» (${p.year})`,
    (p) => `ОБСЕ поддерживает диалог на тему «${p.topic}» (${p.date})`,
    (p) => `Эксперты обсудили тему «${p.topic}» (${p.date})`,
    (p) => `Новая публикация ОБСЕ: «${p.topic}» (${p.year})`,
    (p) => `${p.n} ${p.aud} прошли обучение на тему «${p.topic}»`,
  ],
  summaries: [
    (p) => `ОБСЕ провела ${p.kind.a} на тему «${p.topic}» для ${p.n} ${p.aud}.`,
    (p) => `Эксперты ОБСЕ и ${p.n} ${p.aud} обсудили тему «${p.topic}» и наметили дальнейшие шаги.`,
  ],
  leads: [
    (p) => `ОБСЕ провела ${p.kind.a} на тему «${p.topic}» для ${p.n} ${p.aud}.`,
    () =>
      'Участники рассмотрели международные стандарты и передовой опыт в области безопасности и сотрудничества.',
    () =>
      'Эксперты из нескольких государств-участников поделились своим опытом и ответили на вопросы участников.',
    (p) => `Мероприятие проводится в рамках многолетнего проекта на тему «${p.topic}».`,
    () =>
      'В следующем году планируется провести дополнительный курс в сотрудничестве с национальными органами власти.',
    () => 'По словам организаторов, эта тема остаётся приоритетной для безопасности всего региона.',
    () => 'Выработанные рекомендации будут переданы профильным ведомствам в ближайшие недели.',
  ],
  formatDate: (day, month, year) => `${day} ${month} ${year} г.`,
  // Multiples of five from ten up take the genitive plural after any preposition or as a subject.
  count: (n) => Math.max(10, Math.round(n / 5) * 5),
};

/** Phrase banks by language code; languages without one fall back to English text. */
export const LANGUAGE_BANKS: Readonly<Record<string, LanguageBank>> = {
  fr: FR,
  de: DE,
  it: IT,
  es: ES,
  ru: RU,
};
