import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBody } from '../content/markdown.js';
import { extractHtmlPage } from './html-page.js';

const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/html');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

// Markup and addresses that must never reach an item body, whatever the page holds.
const DANGEROUS =
  /<script|<iframe|<object|<embed|<svg|<math|<style|<form|<input|<button|<textarea|<noscript|<template|<base|<!--|\son[a-z]+\s*=|style\s*=|javascript:|vbscript:|data:/iu;

describe('extractHtmlPage on a press-release page', () => {
  const page = extractHtmlPage(read('press-release.html'));

  it('reads title, type, language, date, dateline, metadata blocks, quotes and the canonical URL', () => {
    expect(page.title).toBe('Customs officers from five countries train together on tracing smuggled goods');
    expect(page.type).toBe('press-release');
    expect(page.typeLabel).toBe('Press release');
    expect(page.language).toBe('en');
    expect(page.date).toBe('2021-04-12');
    expect(page.dateline).toEqual({ place: 'VIENNA', date: '2021-04-12' });
    expect(page.sources).toEqual(['OSCE Secretariat']);
    expect(page.fieldsOfWork).toEqual(['Border management', 'Policing']);
    expect(page.quotes).toEqual([
      {
        text: expect.stringMatching(/^Officers who train together .* at the border\.?$/),
        speaker: 'Anna Lindqvist',
        role: 'Head of the Transnational Threats Unit at the OSCE Secretariat',
        paragraphIndex: 2,
      },
    ]);
    expect(page.people).toEqual([
      { name: 'Anna Lindqvist', role: 'Head of the Transnational Threats Unit at the OSCE Secretariat' },
    ]);
    expect(page.canonicalUrl).toBe(
      'https://www.example.org/newsroom/press-releases/2021/customs-officers-train-together',
    );
    expect(page.warnings).toEqual([]);
  });

  it('keeps the article and drops navigation, cookie banner, share, related, newsletter and footer', () => {
    const body = page.bodyHtml ?? '';
    expect(body.startsWith('<p>VIENNA, 12 April 2021 – Customs and border officers')).toBe(true);
    expect(body).toContain('<h2>Next steps</h2>');
    expect(body).toMatch(/<ul> ?<li>A second course for trainers/);
    expect(body).toMatch(
      /<figure> ?<img src="https:\/\/www\.example\.org\/images\/2021\/customs-course\.jpg"/,
    );
    expect(body).toContain('<figcaption>Officers inspect a container');
    for (const chrome of [
      'cookies',
      'Accept all',
      'Skip to main content',
      'About us',
      'Newsroom',
      'Home',
      'Share this page',
      'Facebook',
      'Source:',
      'Fields of work',
      'Related news',
      'Border guards meet in Skopje',
      'newsletter',
      'Privacy policy',
      '©',
      'Read more',
      'analytics',
      'Customs officers from five countries train together',
    ])
      expect(body).not.toContain(chrome);
    expect(page.bodyParagraphs).toHaveLength(7);
    expect(page.bodyParagraphs[0]).toMatch(/^VIENNA, 12 April 2021 – Customs and border officers/);
    expect(page.bodyParagraphs.at(-1)).toMatch(/explains the wider programme\.$/);
  });

  it('resolves links and images against the canonical URL and lists attachments, not footer documents', () => {
    expect(page.links).toEqual([
      {
        href: 'https://www.example.org/documents/2021/customs-course-report.pdf',
        text: 'course report (PDF, 1.2 MB)',
      },
      { href: 'https://www.example.org/projects/border-security', text: 'border security project' },
    ]);
    expect(page.images).toEqual([
      {
        src: 'https://www.example.org/images/2021/customs-course.jpg',
        alt: 'Officers inspect a container during the course',
      },
    ]);
    expect(page.attachments).toEqual([
      {
        href: 'https://www.example.org/documents/2021/customs-course-report.pdf',
        text: 'course report (PDF, 1.2 MB)',
      },
    ]);
  });

  it('resolves against the address it was fetched from when one is given', () => {
    const mirrored = extractHtmlPage(read('press-release.html'), {
      url: 'https://mirror.example.net/a/b.html',
    });
    expect(mirrored.images?.[0]?.src).toBe('https://mirror.example.net/images/2021/customs-course.jpg');
    expect(mirrored.canonicalUrl).toBe(page.canonicalUrl);
  });

  it('renders to the same HTML through Markdown, so the saved body is the extracted one', () => {
    expect(renderBody(page.bodyHtml ?? '')).toBe(page.bodyHtml);
  });

  it('takes the date from article:published_time, then <time datetime>, then JSON-LD datePublished', () => {
    const noMeta = read('press-release.html').replace(/<meta property="article:published_time"[^>]*>/u, '');
    const withTime = noMeta.replace(
      '<time datetime="2021-04-12T10:30:00+02:00">',
      '<time datetime="2021-04-10">',
    );
    expect(extractHtmlPage(withTime).date).toBe('2021-04-10');
    const noTime = noMeta.replace(/<time datetime="2021-04-12[^>]*>[^<]*<\/time>/u, '');
    expect(extractHtmlPage(noTime).date).toBe('2021-04-11');
    // Without any of them, the date printed near the headline (here, the dateline) is used.
    const noJsonLd = noTime.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/u, '');
    expect(extractHtmlPage(noJsonLd).date).toBe('2021-04-12');
  });
});

describe('extractHtmlPage on a French news page', () => {
  const page = extractHtmlPage(read('news-fr.html'), { url: 'https://www.example.fr/fr/actualites/liste' });

  it('reads a French page: breadcrumb type, site name cut from the title, printed date, themes', () => {
    expect(page.title).toBe('Des journalistes de la région se forment à la vérification des faits');
    expect(page.type).toBe('news');
    expect(page.typeLabel).toBe('Actualités');
    expect(page.language).toBe('fr');
    expect(page.date).toBe('2022-03-03');
    expect(page.dateline).toEqual({ place: 'STRASBOURG', date: '2022-03-03' });
    expect(page.fieldsOfWork).toEqual(['Liberté des médias', 'Éducation']);
    expect(page.quotes).toMatchObject([{ speaker: 'Claire Fontaine' }]);
    expect(page.canonicalUrl).toBe(
      'https://www.example.fr/fr/actualites/2022/journalistes-verification-des-faits',
    );
    expect(page.images).toEqual([
      {
        src: 'https://www.example.fr/fr/actualites/images/formation.jpg',
        alt: 'Les participants pendant un exercice',
      },
    ]);
    expect(page.bodyParagraphs).toHaveLength(4);
    for (const chrome of [
      'cookies',
      'Accepter',
      'Accueil',
      'Thèmes',
      'Partager',
      'Tous droits',
      'newsletter',
    ])
      expect(page.bodyHtml).not.toContain(chrome);
  });

  it('leaves a relative canonical URL out when the page address is unknown', () => {
    expect(extractHtmlPage(read('news-fr.html')).canonicalUrl).toBeNull();
  });
});

describe('extractHtmlPage on small pages', () => {
  it('cuts site and section names from a <title> when nothing better is declared', () => {
    const page = extractHtmlPage(
      '<html><head><title>Ministers meet in Vienna | News | Example Org</title>' +
        '<meta property="og:site_name" content="Example Org"></head>' +
        '<body><p>VIENNA, 2 June 2020 – Ministers met today to discuss the agenda for the coming year.</p></body></html>',
    );
    expect(page.title).toBe('Ministers meet in Vienna');
    expect(page.date).toBe('2020-06-02');
  });

  it('reads labelled metadata written as paragraphs and as a label over a list', () => {
    const page = extractHtmlPage(
      '<article><h1>A headline</h1><p><strong>Source:</strong> OSCE Mission to Serbia, OSCE Secretariat</p>' +
        '<div class="field"><div class="field-label">Topics:</div><ul><li>Policing</li><li>Youth</li></ul></div>' +
        '<p>BELGRADE, 14 March 2019 – The course ended today with a joint exercise at the border.</p></article>',
    );
    expect(page.sources).toEqual(['OSCE Mission to Serbia', 'OSCE Secretariat']);
    expect(page.fieldsOfWork).toEqual(['Policing', 'Youth']);
    expect(page.bodyHtml).toBe(
      '<p>BELGRADE, 14 March 2019 – The course ended today with a joint exercise at the border.</p>',
    );
  });

  it('finds the type in a breadcrumb trail and in article:section', () => {
    const trail = extractHtmlPage(
      '<nav aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/statements">Statements</a></nav>' +
        '<h1>On the elections</h1><p>The Chair welcomed the conduct of the elections held on Sunday.</p>',
    );
    expect(trail).toMatchObject({ type: 'statement', typeLabel: 'Statements', title: 'On the elections' });
    const section = extractHtmlPage(
      '<meta property="article:section" content="Pressemitteilung"><h1>Titel</h1><p>Ein Absatz mit Text.</p>',
    );
    expect(section).toMatchObject({ type: 'press-release', typeLabel: 'Pressemitteilung' });
  });
});

describe('extractHtmlPage on a hostile page', () => {
  const page = extractHtmlPage(read('hostile.html'));

  it('keeps the text and the safe link, and nothing that runs or loads', () => {
    const body = page.bodyHtml ?? '';
    expect(body).toContain('This paragraph is safe text');
    expect(body).toContain('Closing words of the hostile page');
    expect(body).toContain('<a href="https://www.example.org/safe">a safe link</a>');
    expect(body).not.toMatch(DANGEROUS);
    expect(body).not.toMatch(/evil\.example|alert|svg text|password/u);
    expect(page.bodyParagraphs.join('\n')).not.toMatch(/alert|svg text|\.x \{/u);
    expect(page.links).toEqual([{ href: 'https://www.example.org/safe', text: 'a safe link' }]);
    expect(page.images?.every((image) => !image.src.startsWith('data:'))).toBe(true);
  });

  it('stays safe once rendered as an item body', () => {
    const rendered = renderBody(page.bodyHtml ?? '');
    expect(rendered).not.toMatch(DANGEROUS);
    expect(rendered).not.toMatch(/evil\.example|alert/u);
  });

  it('keeps any mix of hostile fragments out of the body, and never throws', () => {
    const fragment = fc.constantFrom(
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<b>',
      '<h1>',
      '</h1>',
      '<title>',
      'Some words, ',
      'VIENNA, 3 May 2021 – ',
      '<script>alert(1)</script>',
      '<script>',
      '<a href="javascript:alert(2)">',
      '<a href=" jav&#x09;ascript:alert(3)">',
      '<a href="data:text/html,x">',
      '</a>',
      '<img src=x onerror=alert(4)>',
      '<svg onload=alert(5)>',
      '<iframe src="https://evil.example">',
      '<style>p{}</style>',
      '<form><input></form>',
      '<!--',
      '-->',
      '<',
      '>',
      '"',
      "'",
      '&lt;script&gt;',
      '<p style="x:y" onclick="z">',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const result = extractHtmlPage(parts.join(''));
        expect(Array.isArray(result.warnings)).toBe(true);
        expect(result.bodyHtml ?? '').not.toMatch(DANGEROUS);
        expect(renderBody(result.bodyHtml ?? '')).not.toMatch(DANGEROUS);
      }),
      { numRuns: 200 },
    );
  });
});

describe('extractHtmlPage on malformed, empty and garbage input', () => {
  it('reports an empty page', () => {
    for (const input of ['', '   \n\t ']) {
      const page = extractHtmlPage(input);
      expect(page).toMatchObject({ title: null, date: null, type: null, bodyParagraphs: [], bodyHtml: '' });
      expect(page.warnings).toEqual(['The page is empty.']);
    }
    expect(extractHtmlPage(undefined as unknown as string).warnings).toEqual(['The page is empty.']);
  });

  it('refuses binary content', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString('latin1');
    const page = extractHtmlPage(bytes);
    expect(page.title).toBeNull();
    expect(page.warnings).toEqual(['The file is not an HTML page (binary content).']);
  });

  it('reads what it can of truncated and unclosed markup', () => {
    expect(extractHtmlPage('<html><head><title>Cut short</title></head><body><p class="').title).toBe(
      'Cut short',
    );
    const unclosed = extractHtmlPage('<h1>Headline</h1><p>First paragraph of text<p>Second one<div><p>Third');
    expect(unclosed.title).toBe('Headline');
    expect(unclosed.bodyParagraphs.join(' ')).toContain('Second one');
    const text = extractHtmlPage('Just a line of plain text, no markup at all.');
    expect(text.title).toBeNull();
    expect(text.bodyParagraphs).toEqual(['Just a line of plain text, no markup at all.']);
  });

  it('handles 5 MB pages, flat or nested without end, in bounded time', () => {
    const paragraph = '<p>Delegates discussed the report on the regional programme for two days.</p>\n';
    const big =
      '<html><head><title>Big page | Example</title></head><body><nav><a href="/">Home</a></nav>' +
      `<article><h1>Big page</h1>${paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length))}</article>`;
    const nested = `<h1>Deep</h1>${'<div><span><b>'.repeat(5 * 1024 * 70)}text`;
    for (const input of [big, nested]) {
      const started = performance.now();
      const page = extractHtmlPage(input);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(page.warnings.length).toBeGreaterThan(0);
    }
    const page = extractHtmlPage(big);
    expect(page.title).toBe('Big page');
    expect(page.bodyParagraphs.length).toBeGreaterThan(1_000);
    expect(page.warnings).toContain('The article is unusually long; only its beginning was kept.');
  }, 60_000);
});
