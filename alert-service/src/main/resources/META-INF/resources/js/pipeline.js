import { startPage, get, post, el, can, every, fmtNumber, statusBadge, notice, errorText } from './api.js';

const SCALABLE = new Set(['face-service', 'mask-service']);
const scaleState = document.getElementById('scale-state');
const editing = new Set();

function scaleCell(service) {
  if (!can('admin')) return null;
  if (!SCALABLE.has(service.name)) return el('td', { class: 'muted small' }, '—');
  const input = el('input', { type: 'number', min: service.min ?? 0, max: service.max ?? 20, value: service.desired ?? 1, 'aria-label': `Replicas of ${service.name}`, class: 'replicas', size: 3 });
  input.addEventListener('focus', () => editing.add(service.name));
  input.addEventListener('blur', () => editing.delete(service.name));
  const button = el('button', { type: 'button', class: 'scale' }, 'Scale');
  button.addEventListener('click', async () => {
    const replicas = Number(input.value);
    button.disabled = true;
    scaleState.className = 'small';
    scaleState.textContent = `Scaling ${service.name} to ${replicas}…`;
    try {
      const updated = await post('/api/pipeline/scale', { service: service.name, replicas });
      scaleState.textContent = `${service.name}: ${updated.desired ?? replicas} desired, ${updated.ready ?? '?'} ready.`;
      editing.delete(service.name);
      await refresh();
    } catch (e) {
      scaleState.className = 'small error-text';
      scaleState.textContent = `Not scaled: ${errorText(e)}`;
    } finally {
      button.disabled = false;
    }
  });
  return el('td', {}, el('div', { class: 'row' }, input, button));
}

function instances(service) {
  const list = service.instances || [];
  if (!list.length) return el('td', { class: 'muted small' }, 'none');
  return el('td', { class: 'small' }, ...list.map((i) => el('div', {}, statusBadge(i.ready ? 'ready' : 'not ready', i.ready ? 'ok' : 'bad'), ' ', i.name)));
}

async function refresh() {
  const data = await get('/api/pipeline');
  document.getElementById('mode').replaceChildren(statusBadge(data.mode === 'kubernetes' ? 'Kubernetes' : 'local processes', 'neutral'));
  const perSecond = new Map((data.throughput || []).map((t) => [t.service, t.perSecond]));
  const body = document.querySelector('#services tbody');
  const keep = new Map([...body.querySelectorAll('tr[data-service]')].map((r) => [r.dataset.service, r]));
  body.replaceChildren(
    ...(data.services || []).map((s) => {
      if (editing.has(s.name) && keep.has(s.name)) return keep.get(s.name);
      const healthy = (s.ready ?? 0) >= (s.desired ?? 0) && (s.desired ?? 0) > 0;
      return el(
        'tr',
        { 'data-service': s.name },
        el('th', { scope: 'row' }, s.name),
        el('td', { class: 'num' }, statusBadge(`${s.ready ?? 0} / ${s.desired ?? 0}`, healthy ? 'ok' : 'warn')),
        el('td', {}, s.autoscaler ? `${s.autoscaler} (${s.min ?? '?'}–${s.max ?? '?'})` : '—'),
        el('td', { class: 'num' }, perSecond.has(s.name) ? `${fmtNumber(perSecond.get(s.name))} /s` : '—'),
        instances(s),
        scaleCell(s),
      );
    }),
  );
  const lag = document.querySelector('#lag tbody');
  lag.replaceChildren(
    ...((data.lag || []).length
      ? data.lag.map((l) => el('tr', {}, el('td', {}, l.topic), el('td', {}, l.group), el('td', { class: 'num' }, l.lag ?? '—')))
      : [el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'No consumer groups reported.'))]),
  );
}

await startPage();
every(5_000, async () => {
  try {
    await refresh();
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) notice(`Pipeline: ${errorText(e)}`, 'error');
    throw e;
  }
});
