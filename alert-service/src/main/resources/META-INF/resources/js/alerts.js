import { startPage, get, post, el, can, withQuery, fmtTime, fmtPercent, labelBadge, statusBadge, notice, errorText, toLogin } from './api.js';

const form = document.getElementById('filters');
const tbody = document.querySelector('#alerts tbody');
const FIELDS = ['cameraId', 'site', 'label', 'status', 'limit'];
const rows = new Map();

function filters() {
  const out = {};
  for (const name of FIELDS) out[name] = form.elements[name].value.trim();
  return out;
}

function matches(alert) {
  const f = filters();
  return (!f.cameraId || alert.cameraId === f.cameraId) && (!f.site || alert.site === f.site) && (!f.label || alert.label === f.label) && (!f.status || (alert.status || 'open') === f.status);
}

function status(alert) {
  const s = alert.status || 'open';
  if (s === 'acknowledged') return statusBadge(`acknowledged${alert.acknowledgedBy ? ' by ' + alert.acknowledgedBy : ''}`, 'ok');
  if (s === 'snoozed') return statusBadge(`snoozed until ${new Date(alert.snoozedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`, 'neutral');
  return statusBadge('open', 'bad');
}

/** The snapshot is stored just after the alert: a fresh alert's image may need a few tries. */
function snapshot(alert) {
  const src = `/api/alerts/${encodeURIComponent(alert.alertId)}/snapshot.jpg`;
  const img = el('img', { class: 'thumb', src, alt: `Snapshot of the ${alert.label} alert on ${alert.cameraId}`, loading: 'lazy' });
  let tries = 0;
  img.addEventListener('error', () => {
    if (++tries <= 5) setTimeout(() => (img.src = `${src}?try=${tries}`), 1500 * tries);
    else img.replaceWith(el('span', { class: 'muted small' }, 'no snapshot'));
  });
  return el('a', { href: src, target: '_blank', rel: 'noopener' }, img);
}

async function act(alert, path, done) {
  try {
    const updated = await post(path);
    upsert(updated || alert, false);
    notice(done);
  } catch (e) {
    if (e.status !== 403) notice(errorText(e), 'error');
  }
}

function actions(alert) {
  if (!can('operator')) return null;
  const id = encodeURIComponent(alert.alertId);
  const open = (alert.status || 'open') !== 'acknowledged';
  const minutes = el('select', { 'aria-label': 'Snooze for', class: 'snooze-minutes' }, el('option', { value: 15 }, '15 min'), el('option', { value: 60 }, '1 h'), el('option', { value: 480 }, '8 h'));
  return el(
    'td',
    { class: 'actions' },
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'ack', disabled: !open, onclick: () => act(alert, `/api/alerts/${id}/ack`, 'Alert acknowledged.') }, 'Acknowledge'),
      open ? minutes : null,
      open ? el('button', { type: 'button', class: 'secondary snooze', onclick: () => act(alert, `/api/alerts/${id}/snooze?minutes=${minutes.value}`, 'Alert snoozed.') }, 'Snooze') : null,
    ),
  );
}

function row(alert, fresh) {
  return el(
    'tr',
    { 'data-alert-id': alert.alertId, 'data-status': alert.status || 'open', class: fresh ? 'fresh' : null },
    el('td', {}, snapshot(alert)),
    el('td', {}, labelBadge(alert.label)),
    el('td', {}, el('a', { href: `/camera.html?id=${encodeURIComponent(alert.cameraId)}` }, alert.cameraId)),
    el('td', { class: 'hide-narrow' }, alert.site || '—'),
    el('td', {}, el('time', { datetime: alert.raisedAt }, fmtTime(alert.raisedAt))),
    el('td', { class: 'num' }, fmtPercent(alert.confidence * 100, 0)),
    el('td', { class: 'status' }, status(alert)),
    actions(alert),
  );
}

function upsert(alert, fresh) {
  const old = rows.get(alert.alertId);
  if (!old && !fresh) return;
  if (!matches(alert)) {
    if (old) {
      old.remove();
      rows.delete(alert.alertId);
      count();
    }
    return;
  }
  const node = row(alert, fresh);
  if (old) old.replaceWith(node);
  else {
    if (!rows.size) tbody.replaceChildren();
    tbody.prepend(node);
  }
  rows.set(alert.alertId, node);
  count();
}

function count() {
  const open = [...rows.values()].filter((r) => r.dataset.status === 'open').length;
  document.getElementById('count').textContent = `${rows.size} alerts shown, ${open} open`;
}

async function load() {
  const f = filters();
  history.replaceState(null, '', withQuery(location.pathname, f.limit === '100' ? { ...f, limit: '' } : f));
  document.getElementById('csv').href = withQuery('/api/alerts', { ...f, format: 'csv' });
  const alerts = await get(withQuery('/api/alerts', f));
  rows.clear();
  tbody.replaceChildren();
  for (const a of alerts) {
    const node = row(a, false);
    rows.set(a.alertId, node);
    tbody.append(node);
  }
  if (!alerts.length) tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: 8, class: 'muted' }, 'No alerts match.')));
  count();
}

function live(reload = false) {
  const badge = document.getElementById('live');
  const source = new EventSource('/api/alerts/stream');
  let missed = reload;
  source.addEventListener('open', () => {
    badge.textContent = 'live';
    badge.classList.add('on');
    // Alerts raised while the stream was down are not replayed: read the list again.
    if (missed) load().catch((e) => notice(errorText(e), 'error'));
    missed = false;
  });
  source.addEventListener('alert', (event) => upsert(JSON.parse(event.data), true));
  source.addEventListener('alert-updated', (event) => upsert(JSON.parse(event.data), false));
  source.addEventListener('error', async () => {
    missed = true;
    badge.textContent = 'reconnecting…';
    badge.classList.remove('on');
    if (source.readyState === EventSource.CLOSED) {
      // The stream was refused: find out why (401 goes to the login page), then retry.
      try {
        await get('/api/me');
      } catch (e) {
        if (e.status === 401) return toLogin();
      }
      setTimeout(() => live(true), 5000);
    }
  });
}

const params = new URLSearchParams(location.search);
for (const name of FIELDS) if (params.has(name)) form.elements[name].value = params.get(name);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  load().catch((e) => notice(errorText(e), 'error'));
});
form.addEventListener('reset', () => setTimeout(() => load().catch((e) => notice(errorText(e), 'error'))));

await startPage();
await load().catch((e) => notice(errorText(e), 'error'));
live();
