/*
 * Item editor, progressive enhancement only: the form works without this file. Adds a live
 * Markdown preview (rendered by the server, so it matches what is saved), autosave after a few
 * seconds without typing (never a revision), a warning before leaving with unsaved changes, and
 * a filter box over long checkbox lists.
 */
(() => {
  const form = document.getElementById('item-editor');
  if (!form) return;
  const status = document.getElementById('editor-status');
  const preview = document.querySelector('#editor-preview .editor-preview__body');
  const body = document.getElementById('field-body');
  const csrf = form.querySelector('input[name="_csrf"]')?.value ?? '';
  const AUTOSAVE_MS = 4000;
  const PREVIEW_MS = 600;
  let dirty = false;
  let autosaveTimer = 0;
  let previewTimer = 0;

  /** The form's text fields, url-encoded (files are left out: they go with a real save). */
  function formBody() {
    const data = new FormData(form);
    data.delete('attachment');
    const params = new URLSearchParams();
    for (const [name, value] of data) if (typeof value === 'string') params.append(name, value);
    return params;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  async function send(url) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': csrf },
      body: formBody(),
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function refreshPreview() {
    if (!preview || !form.dataset.preview) return;
    try {
      const { html } = await send(form.dataset.preview);
      // The server sanitized this HTML with the same allow-list as a saved body.
      preview.innerHTML = html;
    } catch {
      // A failed preview is no reason to interrupt writing; the Preview button still works.
    }
  }

  async function autosave() {
    if (!form.dataset.autosave || !dirty) return;
    try {
      const { savedAt, stale } = await send(form.dataset.autosave);
      say(
        stale
          ? `Draft kept at ${savedAt.slice(11, 16)} UTC. Someone saved this item meanwhile: saving will show what changed.`
          : `Unsaved changes kept at ${savedAt.slice(11, 16)} UTC.`,
      );
    } catch {
      say('Your changes could not be kept automatically; save soon.');
    }
  }

  form.addEventListener('input', (event) => {
    dirty = true;
    clearTimeout(autosaveTimer);
    autosaveTimer = setTimeout(autosave, AUTOSAVE_MS);
    if (event.target === body) {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, PREVIEW_MS);
    }
  });
  form.addEventListener('submit', () => {
    dirty = false;
  });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // A filter box above each checkbox list of more than a handful of terms.
  for (const fieldset of form.querySelectorAll('fieldset[data-filterable]')) {
    const items = fieldset.querySelectorAll('.editor-term');
    if (items.length <= 8) continue;
    const legend = fieldset.querySelector('legend')?.textContent ?? '';
    const input = document.createElement('input');
    input.type = 'search';
    input.className = 'editor-filter';
    input.setAttribute('aria-label', `Filter ${legend}`);
    input.placeholder = 'Filter…';
    input.addEventListener('input', () => {
      const wanted = input.value.trim().toLowerCase();
      for (const item of items)
        item.hidden = wanted !== '' && !item.textContent.toLowerCase().includes(wanted);
    });
    fieldset.querySelector('legend')?.after(input);
  }
})();
