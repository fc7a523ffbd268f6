/**
 * The acceptance case of the core issue on the OSCE profile: an item with a dateline, several
 * sources, tags from four vocabularies and two quotes, served at its stable URL showing all of them.
 * The text is our own; only facts (names of institutions, places) come from the profile.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './databases.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from './site.js';

describeEachDialect('OSCE press release page', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    await site.addItem({
      type: 'press-release',
      language: 'en',
      title: 'Police experts from across the region discuss co-ordination of assistance',
      summary: 'Two days of talks on sharing tasks between organizations that support police reform.',
      bodyMarkdown:
        'VIENNA, 21 May 2010 – Police experts met for two days to discuss how organizations that assist police services can share tasks.\n\n' +
        'Participants looked at training, equipment and community policing programmes.',
      datelinePlace: 'VIENNA',
      publishedAt: '2010-05-21T09:30:00.000Z',
      status: 'published',
      sources: [
        { vocabulary: 'structures', slug: 'secretariat' },
        { vocabulary: 'structures', slug: 'odihr' },
      ],
      tags: [
        { vocabulary: 'fields-of-work', slug: 'policing' },
        { vocabulary: 'fields-of-work', slug: 'roma-and-sinti' },
        { vocabulary: 'countries', slug: 'hungary' },
        { vocabulary: 'field-operations', slug: 'mission-to-serbia' },
        { vocabulary: 'meetings', slug: 'annual-implementation-assessment-meetings' },
      ],
      quotes: [
        {
          speaker: 'Anna Lindqvist',
          role: 'Senior Police Adviser',
          text: 'Sharing tasks avoids duplicated donations.',
        },
        {
          speaker: 'Pavel Novak',
          role: 'Adviser on Roma and Sinti Issues',
          text: 'Trust between police and communities comes first.',
        },
      ],
    });
  });
  afterAll(() => site.close());

  it('shows the dateline, both sources, tags from four vocabularies and both quotes', async () => {
    const res = await site.app.inject(
      '/en/press-release/2010/police-experts-from-across-the-region-discuss-co-ordination-of-assistance',
    );
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toMatch(/VIENNA<\/span>, <span class="dateline__date">21 May 2010</);
    expect(html).toContain('href="/en/structures/secretariat"');
    expect(html).toContain('href="/en/structures/odihr"');
    for (const href of [
      '/en/fields-of-work/policing',
      '/en/countries/hungary',
      '/en/field-operations/mission-to-serbia',
      '/en/meetings/annual-implementation-assessment-meetings',
    ]) {
      expect(html).toContain(`href="${href}"`);
    }
    expect(html).toContain('Sharing tasks avoids duplicated donations.');
    expect(html).toContain('Adviser on Roma and Sinti Issues');
    expect(html).toContain('Chairpersonship at the time: Kazakhstan');
  });

  it('lists the item on its term pages, including the group above a country', async () => {
    for (const url of [
      '/en/countries/hungary',
      '/en/countries/participating-states',
      '/en/structures/odihr',
      '/en/structures/institutions',
    ]) {
      const res = await site.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('Police experts from across the region');
    }
  });

  it('marks closed field operations on the browse page', async () => {
    const res = await site.app.inject('/en/field-operations');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Mission to Georgia<\/a><span class="badge badge--closed">closed/);
  });
});
