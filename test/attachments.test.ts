/**
 * Attachment files: validation by content, safe names, content-addressed storage shared through
 * the database (both dialects), and downloads under the item's URL with its exact embargo.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { readContentVersion } from '../src/db/site-state.js';
import { DatelineError, type ErrorCode } from '../src/errors.js';
import {
  addAttachment,
  attachmentPolicy,
  listAttachmentsWithFiles,
  readAttachmentFile,
  removeAttachment,
} from '../src/modules/attachments/attachments.service.js';
import { identifyFile, isPlainText, parseFileKinds } from '../src/modules/attachments/file-kinds.js';
import { safeFileName, uniqueFileName } from '../src/modules/attachments/file-name.js';
import { type AttachmentStore, databaseAttachmentStore } from '../src/modules/attachments/store.js';
import { attachmentUrl } from '../src/web/attachments/url.js';
import { parseByteRange } from '../src/web/attachments/range.js';
import { bumpContentVersion } from '../src/db/site-state.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

// ---------------------------------------------------------------------------------------------
// Real files, built here byte by byte.

/** A minimal valid PDF: header, one empty page, cross-reference table with true offsets, %%EOF. */
function minimalPdf(padding = ''): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    `3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n${padding}`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(Buffer.byteLength(body));
    body += object;
  }
  const xref = Buffer.byteLength(body);
  body += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A real 1×1 PNG (one opaque pixel). */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const CSV = Buffer.from('country,year,experts\nSerbia,2010,42\nMoldova,2011,17\n', 'utf8');

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A ZIP archive with uncompressed entries (what office formats are made of). */
function storedZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const DOCX = storedZip({
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
});

const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="1" height="1"/></svg>',
);
/** The start of a Windows executable: the "MZ" DOS header pointing at a "PE" header. */
const EXE = (() => {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
})();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'resolved' | 'other'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DatelineError ? error.code : 'other';
  }
}

// ---------------------------------------------------------------------------------------------
// Pure parts: names, kinds, ranges.

describe('attachment file names', () => {
  it.each([
    ['../../etc/passwd.pdf', 'passwd', 'pdf'],
    ['..%2F..%2Fsecret.PDF', 'secret', 'pdf'],
    ['C:\\Users\\me\\Annual Report 2024 (final).pdf', 'annual-report-2024-final', 'pdf'],
    ['rap\u0000port\n.pdf', 'rapport', 'pdf'],
    ['Доклад ОБСЕ.pdf', 'doklad-obse', 'pdf'],
    ['Rapport d’activité.docx', 'rapport-dactivite', 'docx'],
    ['.pdf', 'file', 'pdf'],
    ['report', 'report', ''],
    ['report.final.v2.csv', 'report-final-v2', 'csv'],
    ['%%%', 'file', ''],
  ])('normalizes %j', (raw, stem, extension) => {
    expect(safeFileName(raw)).toEqual({ stem, extension });
  });

  it('keeps names unique per item with -2, -3', () => {
    expect(uniqueFileName('report', 'pdf', [])).toBe('report.pdf');
    expect(uniqueFileName('report', 'pdf', ['REPORT.pdf', 'report-2.pdf'])).toBe('report-3.pdf');
  });
});

describe('attachment kinds by content', () => {
  const all = parseFileKinds('pdf,png,jpg,gif,webp,docx,xlsx,pptx,odt,ods,txt,csv');

  it('recognizes real files whatever they are called', async () => {
    expect(await identifyFile(minimalPdf(), 'pdf', all)).toBe('pdf');
    expect(await identifyFile(PNG_1X1, '', all)).toBe('png');
    expect(await identifyFile(DOCX, 'docx', all)).toBe('docx');
    expect(await identifyFile(CSV, 'csv', all)).toBe('csv');
    expect(await identifyFile(CSV, 'txt', all)).toBe('txt');
  });

  it.each([
    ['HTML named .pdf', HTML, 'pdf'],
    ['HTML named .txt', HTML, 'txt'],
    ['an executable named .png', EXE, 'png'],
    ['SVG with a script', SVG, 'svg'],
    ['SVG named .txt', SVG, 'txt'],
    ['a PNG named .pdf', PNG_1X1, 'pdf'],
    ['a plain ZIP named .docx', storedZip({ 'a.txt': 'hello' }), 'docx'],
    ['text named .pdf', CSV, 'pdf'],
    ['Latin-1 text (not UTF-8)', Buffer.from('caf\u00e9 cr\u00e8me\n', 'latin1'), 'txt'],
  ])('refuses %s', async (_label, bytes, extension) => {
    expect(await codeOf(identifyFile(bytes, extension, all))).toBe('DL_ATTACHMENT_TYPE');
  });

  it('accepts only the configured kinds', async () => {
    expect(await codeOf(identifyFile(PNG_1X1, 'png', parseFileKinds('pdf')))).toBe('DL_ATTACHMENT_TYPE');
    expect(() => parseFileKinds('pdf,exe')).toThrow(/exe/);
    expect(() => parseFileKinds(' , ')).toThrow(/ATTACHMENT_TYPES/);
  });

  it('tells text from binaries and markup', () => {
    expect(isPlainText(Buffer.from('\uFEFFa,b\r\n1,2\n'))).toBe(true);
    expect(isPlainText(Buffer.from('a\u0000b'))).toBe(false);
    expect(isPlainText(Buffer.from('  <?xml version="1.0"?><x/>'))).toBe(false);
    expect(isPlainText(Buffer.from('1 < 2 and 3 > 2'))).toBe(true);
  });

  it('reads its limits from the settings', () => {
    const defaults = attachmentPolicy(loadConfig({}));
    expect(defaults.maxBytes).toBe(25 * 1024 * 1024);
    expect(defaults.allowedKinds).toContain('pdf');
    expect(defaults.allowedKinds).not.toContain('svg');
    expect(attachmentPolicy(loadConfig({ ATTACHMENT_MAX_BYTES: '1000', ATTACHMENT_TYPES: 'pdf' }))).toEqual({
      maxBytes: 1000,
      allowedKinds: ['pdf'],
    });
  });
});

describe('byte ranges', () => {
  it.each([
    ['bytes=0-9', { kind: 'part', start: 0, end: 9 }],
    ['bytes=90-', { kind: 'part', start: 90, end: 99 }],
    ['bytes=-5', { kind: 'part', start: 95, end: 99 }],
    ['bytes=50-500', { kind: 'part', start: 50, end: 99 }],
    ['bytes=100-', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-6', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
    ['bytes=9-2', { kind: 'whole' }],
  ])('%s of 100 bytes', (header, answer) => {
    expect(parseByteRange(header, 100)).toEqual(answer);
  });
});

// ---------------------------------------------------------------------------------------------
// Storage and downloads on both databases.

describeEachDialect('attachment files', (dialect) => {
  let site: TestSite;
  const NOW = () => site.clock.now();
  const options = () => ({ now: NOW(), maxBytes: 64 * 1024 });
  let publishedId: number;
  const PUBLISHED = '/en/press-release/2025/river-report';
  const pdf = minimalPdf();

  const blobCount = async () =>
    Number(
      (
        await site.database.db
          .selectFrom('attachment_blobs')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const rowCount = async () =>
    Number(
      (
        await site.database.db
          .selectFrom('attachments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Attaches through the service and tells the site, as the newsroom will. */
  async function attach(itemId: number, fileName: string, bytes: Buffer, title?: string) {
    const row = await addAttachment(site.database.db, itemId, { fileName, bytes, title }, options());
    site.app.site.contentChanged();
    return row;
  }

  const get = (url: string, headers: Record<string, string> = {}) =>
    site.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    site = await createTestSite(dialect);
    publishedId = await site.addItem(
      pressRelease({ slug: 'river-report', publishedAt: '2025-03-03T10:00:00.000Z' }),
    );
  });
  afterAll(() => site.close());

  it('stores a PDF, a PNG and a CSV with their detected types, in order, and bumps the content version', async () => {
    const before = await readContentVersion(site.database.db);
    const a = await attach(publishedId, 'River Report 2025.pdf', pdf, 'River report');
    const b = await attach(publishedId, 'gauge.png', PNG_1X1);
    const c = await attach(publishedId, 'levels.csv', CSV, 'Water levels');
    expect([a, b, c].map((r) => [r.position, r.file_name, r.media_type, r.byte_size, r.sha256])).toEqual([
      [0, 'river-report-2025.pdf', 'application/pdf', pdf.length, sha256(pdf)],
      [1, 'gauge.png', 'image/png', PNG_1X1.length, sha256(PNG_1X1)],
      [2, 'levels.csv', 'text/csv', CSV.length, sha256(CSV)],
    ]);
    expect(b.title).toBe('gauge.png');
    expect(await readContentVersion(site.database.db)).toBe(before + 3);
    const read = await readAttachmentFile(site.database.db, publishedId, 'gauge.png');
    expect(read?.bytes.equals(PNG_1X1)).toBe(true);
  });

  it('names a file by its content when the name has no extension, and keeps names unique', async () => {
    const first = await attach(publishedId, 'summary', pdf);
    const second = await attach(publishedId, '../summary.pdf', pdf);
    expect([first.file_name, second.file_name]).toEqual(['summary.pdf', 'summary-2.pdf']);
  });

  it('stores identical bytes once and drops them with their last attachment', async () => {
    const other = await site.addItem(pressRelease({ slug: 'dedup-report' }));
    const bytes = minimalPdf('% dedup\n');
    const blobs = await blobCount();
    await attach(other, 'a.pdf', bytes);
    await attach(other, 'b.pdf', bytes);
    await attach(publishedId, 'copy.pdf', bytes);
    expect(await blobCount()).toBe(blobs + 1);
    expect(await removeAttachment(site.database.db, other, 'a.pdf', { now: NOW() })).toBe(true);
    expect(await removeAttachment(site.database.db, other, 'b.pdf', { now: NOW() })).toBe(true);
    expect(await blobCount()).toBe(blobs + 1);
    expect(await removeAttachment(site.database.db, publishedId, 'copy.pdf', { now: NOW() })).toBe(true);
    expect(await blobCount()).toBe(blobs);
    expect(await removeAttachment(site.database.db, publishedId, 'copy.pdf', { now: NOW() })).toBe(false);
  });

  it('refuses disguised, oversized, empty and orphan uploads and writes nothing', async () => {
    const rows = await rowCount();
    const blobs = await blobCount();
    const version = await readContentVersion(site.database.db);
    const db = site.database.db;
    const up = (fileName: string, bytes: Buffer, extra: Partial<{ maxBytes: number; itemId: number }> = {}) =>
      codeOf(addAttachment(db, extra.itemId ?? publishedId, { fileName, bytes }, { ...options(), ...extra }));
    expect(await up('report.pdf', HTML)).toBe('DL_ATTACHMENT_TYPE');
    expect(await up('photo.png', EXE)).toBe('DL_ATTACHMENT_TYPE');
    expect(await up('logo.svg', SVG)).toBe('DL_ATTACHMENT_TYPE');
    expect(await up('big.pdf', minimalPdf('%'.repeat(2000)), { maxBytes: 1024 })).toBe(
      'DL_ATTACHMENT_TOO_LARGE',
    );
    expect(await up('empty.pdf', Buffer.alloc(0))).toBe('DL_ATTACHMENT_EMPTY');
    expect(await up('lost.pdf', minimalPdf('% lost\n'), { itemId: 999_999 })).toBe('DL_NOT_FOUND');
    expect(
      await codeOf(
        addAttachment(db, publishedId, { fileName: 'x.pdf', bytes: pdf, language: '../en' }, options()),
      ),
    ).toBe('DL_VALIDATION');
    expect([await rowCount(), await blobCount(), await readContentVersion(db)]).toEqual([
      rows,
      blobs,
      version,
    ]);
  });

  it('rolls back the bytes and the row when the write fails half-way', async () => {
    const rows = await rowCount();
    const blobs = await blobCount();
    const failing: AttachmentStore = {
      ...databaseAttachmentStore,
      async put(trx, blob) {
        await databaseAttachmentStore.put(trx, blob);
        throw new Error('disk full');
      },
    };
    await expect(
      addAttachment(
        site.database.db,
        publishedId,
        { fileName: 'half.pdf', bytes: minimalPdf('% half\n') },
        { ...options(), store: failing },
      ),
    ).rejects.toThrow('disk full');
    expect([await rowCount(), await blobCount()]).toEqual([rows, blobs]);
  });

  it('serves a file with its type, disposition, strong ETag, security headers and exact bytes', async () => {
    const url = attachmentUrl(
      { language: 'en', type: 'press-release', url_year: 2025, slug: 'river-report' },
      'river-report-2025.pdf',
    );
    expect(url).toBe(`${PUBLISHED}/files/river-report-2025.pdf`);
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'content-disposition': 'inline; filename="river-report-2025.pdf"',
      'x-content-type-options': 'nosniff',
      etag: `"${sha256(pdf)}"`,
      'cache-control': 'public, no-cache',
      'accept-ranges': 'bytes',
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');

    const csv = await get(`${PUBLISHED}/files/levels.csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="levels.csv"');
    expect(csv.body).toBe(CSV.toString('utf8'));
  });

  it('downloads office files instead of opening them', async () => {
    const docx = await attach(publishedId, 'Annual Report.docx', DOCX);
    const res = await get(`${PUBLISHED}/files/${docx.file_name}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toBe('attachment; filename="annual-report.docx"');
    expect(res.rawPayload.equals(DOCX)).toBe(true);
  });

  it('answers 304 to a matching If-None-Match, HEAD without a body, and byte ranges', async () => {
    const url = `${PUBLISHED}/files/gauge.png`;
    const etag = `"${sha256(PNG_1X1)}"`;
    const notModified = await get(url, { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    expect((await get(url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);

    const head = await site.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-type']).toBe('image/png');
    expect(head.headers['content-length']).toBe(String(PNG_1X1.length));

    const part = await get(url, { range: 'bytes=0-7' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-7/${PNG_1X1.length}`);
    expect(part.rawPayload.equals(PNG_1X1.subarray(0, 8))).toBe(true);
    const beyond = await get(url, { range: `bytes=${PNG_1X1.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${PNG_1X1.length}`);
    // A range against an older version of the file gets the whole current file.
    const stale = await get(url, { range: 'bytes=0-7', 'if-range': '"old"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(PNG_1X1)).toBe(true);
  });

  it('serves the enclosure URL the feeds announce', async () => {
    const feed = JSON.parse((await get('/en/press-release/feed.json')).body) as {
      items: { url: string; attachments?: { url: string; mime_type: string }[] }[];
    };
    const entry = feed.items.find((i) => i.url.endsWith(PUBLISHED));
    const enclosure = entry?.attachments?.find((a) => a.mime_type === 'image/png');
    expect(enclosure).toBeDefined();
    const res = await get(new URL(enclosure?.url ?? '').pathname);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG_1X1)).toBe(true);
  });

  it('links stored files from the item page, and only those', async () => {
    await site.database.db
      .insertInto('attachments')
      .values({
        item_id: publishedId,
        position: 99,
        title: 'Metadata only',
        file_name: 'never-uploaded.pdf',
        media_type: 'application/pdf',
        byte_size: 10,
        sha256: 'f'.repeat(64),
        language: null,
        created_at: NOW().toISOString(),
      })
      .execute();
    await bumpContentVersion(site.database.db);
    const page = await get(PUBLISHED);
    const links = [...page.body.matchAll(/<a href="([^"]+\/files\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(page.body).toContain('Metadata only');
    expect(links.some((l) => l.includes('never-uploaded'))).toBe(false);
    for (const link of links) expect((await get(link)).statusCode).toBe(200);
  });

  it('keeps an embargoed item’s file hidden until its exact instant', async () => {
    const id = await site.addItem(
      pressRelease({
        slug: 'embargoed-report',
        status: 'scheduled',
        publishedAt: '2026-01-15T10:00:00.000Z',
      }),
    );
    await attach(id, 'embargoed.pdf', pdf);
    const url = '/en/press-release/2026/embargoed-report/files/embargoed.pdf';
    try {
      site.clock.set('2026-01-15T09:59:59.999Z');
      const early = await get(url);
      expect(early.statusCode).toBe(404);
      expect(early.body).toContain('DL_NOT_FOUND');
      expect(early.body).not.toContain('%PDF');
      expect((await get(url, { 'if-none-match': `"${sha256(pdf)}"` })).statusCode).toBe(404);
      site.clock.set('2026-01-15T10:00:00.000Z');
      const onTime = await get(url);
      expect(onTime.statusCode).toBe(200);
      expect(onTime.rawPayload.equals(pdf)).toBe(true);
    } finally {
      site.clock.set('2026-01-15T09:00:00.000Z');
    }
  });

  it('answers 404 for drafts, unknown files and bytes never stored, 410 for withdrawn items', async () => {
    const draft = await site.addItem(
      pressRelease({ slug: 'draft-report', status: 'draft', publishedAt: null }),
    );
    await attach(draft, 'draft.pdf', pdf);
    const withdrawn = await site.addItem(pressRelease({ slug: 'withdrawn-report', status: 'withdrawn' }));
    await attach(withdrawn, 'withdrawn.pdf', pdf);
    // Metadata imported from an old site, without bytes.
    await site.addItem(
      pressRelease({
        slug: 'imported-report',
        attachments: [
          {
            title: 'Old',
            fileName: 'old.pdf',
            mediaType: 'application/pdf',
            byteSize: 10,
            sha256: 'ab'.repeat(32),
          },
        ],
      }),
    );

    const importedId = (
      await site.database.db
        .selectFrom('items')
        .select('id')
        .where('slug', '=', 'imported-report')
        .executeTakeFirstOrThrow()
    ).id;
    await attach(importedId, 'new.pdf', pdf);
    expect(
      (await listAttachmentsWithFiles(site.database.db, importedId)).map((a) => [a.file_name, a.stored]),
    ).toEqual([
      ['old.pdf', false],
      ['new.pdf', true],
    ]);

    const draftRes = await get('/en/press-release/2025/draft-report/files/draft.pdf');
    expect(draftRes.statusCode).toBe(404);
    expect(draftRes.headers['content-type']).toContain('text/html');
    const gone = await get('/en/press-release/2025/withdrawn-report/files/withdrawn.pdf');
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('DL_GONE');
    expect((await get(`${PUBLISHED}/files/nothing.pdf`)).statusCode).toBe(404);
    expect((await get('/en/press-release/2025/imported-report/files/old.pdf')).statusCode).toBe(404);
    expect((await get('/en/press-release/2025/no-such-item/files/x.pdf')).statusCode).toBe(404);
    expect((await get('/xx/press-release/2025/river-report/files/gauge.png')).statusCode).toBe(404);
  });

  it('answers path tricks in the URL with a coded 404, never another file', async () => {
    for (const tricky of [
      '..%2F..%2Fdraft-report%2Ffiles%2Fdraft.pdf',
      '%2e%2e%2fgauge.png',
      'gauge.png%00.pdf',
    ]) {
      const res = await get(`${PUBLISHED}/files/${tricky}`);
      expect(res.statusCode, tricky).toBe(404);
      expect(res.body).toContain('DL_NOT_FOUND');
    }
  });
});
