/** The XML builder shared by the RSS and Atom writers, and text made safe for XML 1.0. */
import { XMLBuilder } from 'fast-xml-parser';

/**
 * A real builder, not string templates: it escapes `& < > " '` in every text node and attribute,
 * so a title like `</title><script>` stays text in every reader.
 */
export const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  suppressEmptyNode: true,
  processEntities: true,
});

/** Whether XML 1.0 can carry a code point at all (its `Char` production), escaped or not. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

/**
 * `text` without the characters XML 1.0 forbids even when escaped (C0 controls other than tab and
 * line breaks, lone surrogates, U+FFFE/U+FFFF): one of them in a title would make a reader reject
 * the whole feed.
 */
export function xmlSafe(text: string): string {
  let out = '';
  let start = 0;
  let i = 0;
  for (const ch of text) {
    if (!isXmlChar(ch.codePointAt(0) ?? 0)) {
      out += text.slice(start, i);
      start = i + ch.length;
    }
    i += ch.length;
  }
  return start === 0 ? text : out + text.slice(start);
}

export const XML_DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' } };
