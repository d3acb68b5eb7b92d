import { startPage, get, post, put, el, every, can, fmtAgo, fmtNumber, notice, errorText } from './api.js';
import { frameBox, stateBadge } from './camera-view.js';

const cards = new Map();

function card(camera) {
  const old = cards.get(camera.id);
  const frame = frameBox(camera, old && old.querySelector('.frame'));
  const actions = el('div', { class: 'actions', 'data-role': 'operator' });
  if (can('operator')) {
    actions.append(
      el('button', { type: 'button', class: 'secondary edit', onclick: () => openForm(camera) }, 'Edit'),
      camera.enabled === false
        ? el('button', { type: 'button', class: 'secondary enable', onclick: () => setEnabled(camera, true) }, 'Enable')
        : el('button', { type: 'button', class: 'secondary disable', onclick: () => setEnabled(camera, false) }, 'Disable'),
    );
  } else {
    actions.hidden = true;
  }
  const node = el(
    'article',
    { class: 'card camera', 'data-camera': camera.id },
    el('a', { href: `/camera.html?id=${encodeURIComponent(camera.id)}`, 'aria-label': `Open camera ${camera.name || camera.id}` }, frame),
    el(
      'div',
      { class: 'body' },
      el('div', { class: 'row spread' }, el('a', { class: 'title', href: `/camera.html?id=${encodeURIComponent(camera.id)}` }, camera.name || camera.id), stateBadge(camera)),
      el('div', { class: 'muted small' }, `${camera.id} · ${camera.site || '—'}${camera.zone ? ' / ' + camera.zone : ''}`),
      el('div', { class: 'small' }, `${fmtNumber(camera.fpsAchieved)} fps of ${fmtNumber(camera.sampleFps)} · last frame ${fmtAgo(camera.lastFrameAt)}`),
      camera.lastError ? el('div', { class: 'small error-text' }, camera.lastError) : null,
      actions,
    ),
  );
  cards.set(camera.id, node);
  return node;
}

async function refresh() {
  const cameras = await get('/api/cameras');
  const grid = document.getElementById('cameras');
  if (!cameras.length) {
    grid.replaceChildren(el('p', { class: 'muted' }, 'No cameras registered yet.'));
    return;
  }
  grid.replaceChildren(...cameras.map(card));
}

// ---- add / edit ----
const panel = document.getElementById('camera-form-panel');
const form = document.getElementById('camera-form');
const formError = document.getElementById('camera-form-error');
let editing = null;

function openForm(camera = null) {
  editing = camera;
  form.reset();
  formError.hidden = true;
  document.getElementById('camera-form-title').textContent = camera ? `Edit ${camera.name || camera.id}` : 'Add camera';
  form.elements.id.readOnly = !!camera;
  if (camera) {
    for (const key of ['id', 'name', 'site', 'zone', 'url', 'sampleFps']) form.elements[key].value = camera[key] ?? '';
    form.elements.enabled.checked = camera.enabled !== false;
  }
  panel.hidden = false;
  form.elements[camera ? 'name' : 'id'].focus();
}

function body() {
  const f = form.elements;
  const out = { id: f.id.value.trim(), name: f.name.value.trim() || undefined, site: f.site.value.trim(), zone: f.zone.value.trim() || undefined, url: f.url.value.trim(), enabled: f.enabled.checked };
  if (f.sampleFps.value) out.sampleFps = Number(f.sampleFps.value);
  return out;
}

async function setEnabled(camera, enabled) {
  try {
    await put(`/api/cameras/${encodeURIComponent(camera.id)}`, { id: camera.id, name: camera.name, site: camera.site, zone: camera.zone, url: camera.url, sampleFps: camera.sampleFps, enabled });
    notice(`${camera.name || camera.id} ${enabled ? 'enabled' : 'disabled'}.`);
    await refresh();
  } catch (e) {
    if (e.status !== 403) notice(errorText(e), 'error');
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  formError.hidden = true;
  try {
    if (editing) await put(`/api/cameras/${encodeURIComponent(editing.id)}`, body());
    else await post('/api/cameras', body());
    panel.hidden = true;
    notice(`Camera ${body().id} saved.`);
    await refresh();
  } catch (e) {
    formError.textContent = e.body && e.body.field ? `${e.body.field}: ${errorText(e)}` : errorText(e);
    formError.hidden = false;
  }
});
document.getElementById('camera-cancel').addEventListener('click', () => {
  panel.hidden = true;
});
document.getElementById('add-camera').addEventListener('click', () => openForm());

await startPage();
every(5_000, refresh);
