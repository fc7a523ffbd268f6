/**
 * Every setting Dateline reads, in one table: name, default, type and what it is for.
 * `loadConfig` validates the whole environment at once and reports every error together,
 * so an operator fixes a broken deployment in one pass instead of one error per restart.
 */
import path from 'node:path';

type SettingKind = 'string' | 'port' | 'integer' | 'fraction' | 'boolean' | 'url' | 'timezone' | 'enum';

interface SettingSpec {
  readonly env: string;
  readonly kind: SettingKind;
  readonly default: string;
  readonly doc: string;
  readonly values?: readonly string[];
}

/** The table of settings. README's configuration section is generated from the same facts. */
export const SETTINGS = {
  host: { env: 'HOST', kind: 'string', default: '127.0.0.1', doc: 'Interface the HTTP server listens on.' },
  port: { env: 'PORT', kind: 'port', default: '3000', doc: 'TCP port the HTTP server listens on.' },
  databaseUrl: {
    env: 'DATABASE_URL',
    kind: 'url',
    default: 'sqlite:./data/dateline.db',
    doc: 'sqlite:<file> for the embedded database, or postgres://user@host:port/db for PostgreSQL.',
  },
  profile: {
    env: 'DATELINE_PROFILE',
    kind: 'string',
    default: 'profiles/osce',
    doc: 'Folder of the site profile (vocabularies, terms, languages, content types).',
  },
  publicUrl: {
    env: 'PUBLIC_URL',
    kind: 'url',
    default: 'http://localhost:3000',
    doc: 'Absolute base URL of the public site, used in canonical links.',
  },
  timeZone: {
    env: 'SITE_TIME_ZONE',
    kind: 'timezone',
    default: 'Europe/Vienna',
    doc: 'Time zone in which dates are shown; instants are always stored in UTC.',
  },
  migrateOnStart: {
    env: 'MIGRATE_ON_START',
    kind: 'boolean',
    default: 'false',
    doc: 'Run pending migrations at start. A fresh SQLite database always migrates itself.',
  },
  pageCacheEntries: {
    env: 'PAGE_CACHE_ENTRIES',
    kind: 'integer',
    default: '2000',
    doc: 'Rendered public pages kept in memory (0 turns the cache off).',
  },
  searchInWorker: {
    env: 'SEARCH_IN_WORKER',
    kind: 'boolean',
    default: 'true',
    doc: 'Keep the search index in a worker thread, so a search never holds up other requests.',
  },
  searchWorkers: {
    env: 'SEARCH_WORKERS',
    kind: 'integer',
    default: '2',
    doc: 'Search worker threads sharing one index (with SEARCH_IN_WORKER): with 2, a lone search is split between them (its page in one, its facets in the other) and more searches run at once on two cores, for ~150–190 MB more at a million items than 1 (with malloc tuned: bin/malloc-tuning.js).',
  },
  searchWarmUp: {
    env: 'SEARCH_WARM_UP',
    kind: 'integer',
    default: '2000',
    doc: "Searches a starting server sends itself once its index is built, before /ready answers 200: V8 compiles the search path while they run, not under readers' first load (0: none).",
  },
  searchPositionsMemoryMb: {
    env: 'SEARCH_POSITIONS_MEMORY_MB',
    kind: 'integer',
    default: '64',
    doc: 'Megabytes of word positions (for exact phrases) the index builder holds in memory; past that, on Linux, they go to an unlinked file in TMPDIR (~1.1 GB at a million items), read through the page cache.',
  },
  importTagThreshold: {
    env: 'IMPORT_TAG_THRESHOLD',
    kind: 'fraction',
    default: '0.8',
    doc: 'Import applies tag suggestions at or above this confidence (0–1), marked machine-made; 1 applies almost none.',
  },
  versionCheckMs: {
    env: 'CONTENT_VERSION_CHECK_MS',
    kind: 'integer',
    default: '1000',
    doc: 'How often (ms) a server re-reads the content version written by other processes; 0 = every request.',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    kind: 'enum',
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    doc: 'Server log level.',
  },
  // -- accounts and newsroom settings here --
  sessionIdleMinutes: {
    env: 'SESSION_IDLE_MINUTES',
    kind: 'integer',
    default: '60',
    doc: 'A newsroom session ends after this many minutes without a request (at least 1).',
  },
  sessionMaxHours: {
    env: 'SESSION_MAX_HOURS',
    kind: 'integer',
    default: '12',
    doc: 'A newsroom session ends this many hours after sign-in, however active (at least 1).',
  },
  loginMaxFailures: {
    env: 'LOGIN_MAX_FAILURES',
    kind: 'integer',
    default: '5',
    doc: 'Failed sign-ins for one username before it is locked for LOGIN_LOCKOUT_MINUTES (at least 1).',
  },
  loginIpMaxFailures: {
    env: 'LOGIN_IP_MAX_FAILURES',
    kind: 'integer',
    default: '20',
    doc: 'Failed sign-ins from one IP address, any usernames, before it is locked (at least 1).',
  },
  loginLockoutMinutes: {
    env: 'LOGIN_LOCKOUT_MINUTES',
    kind: 'integer',
    default: '15',
    doc: 'How long a locked username or IP address must wait; failures older than this are forgotten.',
  },
  // -- open API settings here --
  apiRateLimit: {
    env: 'API_RATE_LIMIT',
    kind: 'integer',
    default: '120',
    doc: 'Open API requests per minute from one IP address without an API key.',
  },
  apiKeyRateLimit: {
    env: 'API_KEY_RATE_LIMIT',
    kind: 'integer',
    default: '1200',
    doc: 'Open API requests per minute for one API key.',
  },
  // -- feeds, discovery and webhooks settings here --
  // -- attachment settings here --
  // -- items editor and revisions settings here --
  // -- workflow settings here --
  previewLinkMaxDays: {
    env: 'PREVIEW_LINK_MAX_DAYS',
    kind: 'integer',
    default: '30',
    doc: 'Longest lifetime of a preview link to an unpublished item, in days (at least 1).',
  },
  // -- taxonomy admin settings here --
  // -- imports and tag review settings here --
  importUploadMaxBytes: {
    env: 'IMPORT_UPLOAD_MAX_BYTES',
    kind: 'integer',
    default: '52428800',
    doc: 'Largest newsroom import upload, all files together, in bytes (default 50 MiB); larger uploads are refused.',
  },
  attachmentMaxBytes: {
    env: 'ATTACHMENT_MAX_BYTES',
    kind: 'integer',
    default: '26214400',
    doc: 'Largest attachment file accepted, in bytes (default 25 MiB); larger uploads are refused.',
  },
  attachmentTypes: {
    env: 'ATTACHMENT_TYPES',
    kind: 'string',
    default: 'pdf,png,jpg,gif,webp,docx,xlsx,pptx,odt,ods,txt,csv',
    doc: 'Kinds of attachment files accepted, by content (comma-separated, from the default list).',
  },
  sitemapMaxUrls: {
    env: 'SITEMAP_MAX_URLS',
    kind: 'integer',
    default: '50000',
    doc: 'URLs per sitemap file (1–50000, the protocol limit); a larger year is split into numbered parts.',
  },
  webhooksEnabled: {
    env: 'WEBHOOKS_ENABLED',
    kind: 'boolean',
    default: 'true',
    doc: 'Run the webhook dispatcher in `dateline serve` (announces item events, sends queued deliveries).',
  },
  webhookPollMs: {
    env: 'WEBHOOK_POLL_MS',
    kind: 'integer',
    default: '5000',
    doc: 'How often (ms) the webhook dispatcher looks for item changes and due deliveries.',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly profile: string;
  readonly publicUrl: string;
  readonly timeZone: string;
  readonly migrateOnStart: boolean;
  readonly pageCacheEntries: number;
  readonly searchInWorker: boolean;
  readonly searchWorkers: number;
  readonly searchWarmUp: number;
  readonly searchPositionsMemoryMb: number;
  readonly importTagThreshold: number;
  readonly versionCheckMs: number;
  readonly logLevel: string;
  // -- accounts and newsroom config fields here --
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly loginMaxFailures: number;
  readonly loginIpMaxFailures: number;
  readonly loginLockoutMinutes: number;
  // -- open API config fields here --
  readonly apiRateLimit: number;
  readonly apiKeyRateLimit: number;
  // -- feeds, discovery and webhooks config fields here --
  // -- attachment config fields here --
  // -- items editor and revisions config fields here --
  // -- workflow config fields here --
  readonly previewLinkMaxDays: number;
  // -- taxonomy admin config fields here --
  // -- imports and tag review config fields here --
  readonly importUploadMaxBytes: number;
  readonly attachmentMaxBytes: number;
  readonly attachmentTypes: string;
  readonly sitemapMaxUrls: number;
  readonly webhooksEnabled: boolean;
  readonly webhookPollMs: number;
}

/** Raised with every invalid setting listed, never just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseSetting(spec: SettingSpec, raw: string): { value?: unknown; problem?: string } {
  const bad = (why: string) => ({ problem: `${spec.env}=${JSON.stringify(raw)}: ${why}` });
  switch (spec.kind) {
    case 'string':
      return raw.length > 0 ? { value: raw } : bad('must not be empty');
    case 'port': {
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 && n <= 65535 ? { value: n } : bad('must be a port 0-65535');
    }
    case 'integer': {
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 ? { value: n } : bad('must be a whole number ≥ 0');
    }
    case 'fraction': {
      const n = Number(raw);
      return raw.trim() !== '' && n >= 0 && n <= 1 ? { value: n } : bad('must be a number from 0 to 1');
    }
    case 'boolean':
      if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return { value: true };
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return { value: false };
      return bad('must be true or false');
    case 'url':
      if (/^sqlite:/.test(raw) || /^postgres(ql)?:\/\//.test(raw) || /^https?:\/\//.test(raw)) {
        try {
          if (!raw.startsWith('sqlite:')) new URL(raw);
          return { value: raw.replace(/\/$/, '') };
        } catch {
          return bad('is not a valid URL');
        }
      }
      return bad('must start with sqlite:, postgres://, http:// or https://');
    case 'timezone':
      try {
        new Intl.DateTimeFormat('en', { timeZone: raw });
        return { value: raw };
      } catch {
        return bad('is not an IANA time zone such as Europe/Vienna');
      }
    case 'enum':
      return spec.values?.includes(raw) ? { value: raw } : bad(`must be one of ${spec.values?.join(', ')}`);
  }
}

/** Reads and validates every setting from `env`; `overrides` win (used by tests and the CLI). */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, SettingSpec][]) {
    const raw = env[spec.env] ?? spec.default;
    const parsed = parseSetting(spec, raw);
    if (parsed.problem) problems.push(parsed.problem);
    else values[name] = parsed.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...(values as unknown as Config), ...overrides };
}

/** Absolute path of the profile folder, relative paths taken from the project root. */
export function profileDir(config: Pick<Config, 'profile'>): string {
  return path.resolve(projectRoot, config.profile);
}

/** The checkout's root folder, whatever the working directory is. */
export const projectRoot = path.resolve(import.meta.dirname, '..');
