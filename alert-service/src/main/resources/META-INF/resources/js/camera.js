import { startPage, get, el, every, withQuery, fmtAgo, fmtNumber, fmtTime, fmtPercent, labelBadge, notice, errorText } from './api.js';
import { complianceChart, hourLabel, lastHours } from './chart.js';
import { frameBox, stateBadge } from './camera-view.js';

const id = new URLSearchParams(location.search).get('id') || '';
const period = document.getElementById('period');

async function refreshCamera() {
  let camera;
  try {
    camera = await get(`/api/cameras/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e.status === 404) {
      document.getElementById('camera-name').textContent = `No camera ${id}`;
      return;
    }
    throw e;
  }
  document.title = `${camera.name || camera.id} · maskwatch`;
  document.getElementById('camera-name').textContent = camera.name || camera.id;
  document.getElementById('camera-state').replaceChildren(stateBadge(camera));
  const holder = document.getElementById('camera-frame');
  const box = frameBox(camera, holder.firstElementChild);
  if (box !== holder.firstElementChild) holder.replaceChildren(box);
  document.getElementById('camera-facts').textContent = `${camera.id} · site ${camera.site || '—'}${camera.zone ? ' / ' + camera.zone : ''} · ${fmtNumber(camera.fpsAchieved)} of ${fmtNumber(camera.sampleFps)} fps · ${camera.framesSent ?? 0} frames sent, ${camera.framesDropped ?? 0} dropped · last frame ${fmtAgo(camera.lastFrameAt)}${camera.url ? ' · ' + camera.url : ''}`;
}

async function refreshAlerts() {
  const alerts = await get(withQuery('/api/alerts', { cameraId: id, limit: 5 }));
  const list = document.getElementById('camera-alerts');
  list.replaceChildren(...(alerts.length ? alerts.map((a) => el('li', { class: 'row' }, labelBadge(a.label), el('span', { class: 'small' }, `${fmtPercent(a.confidence * 100, 0)} · ${fmtTime(a.raisedAt)} · ${a.status || 'open'}`))) : [el('li', { class: 'muted' }, 'No alerts.')]));
}

async function refreshChart() {
  const week = period.value === 'week';
  const now = new Date();
  let slots;
  let from;
  if (week) {
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    slots = Array.from({ length: 7 }, (_, i) => new Date(today.getTime() - (6 - i) * 86_400_000));
    from = slots[0];
  } else {
    slots = lastHours(24);
    from = slots[0];
  }
  const to = new Date(slots[slots.length - 1].getTime() + (week ? 86_400_000 : 3_600_000));
  const data = await get(withQuery('/api/compliance', { camera: id, from: from.toISOString(), to: to.toISOString(), bucket: week ? 'day' : 'hour', groupBy: 'camera' }));
  const rows = new Map((data.rows || []).map((r) => [new Date(r.start).getTime(), r]));
  const label = (d) => (week ? d.toLocaleDateString([], { weekday: 'short', day: 'numeric' }) : hourLabel(d));
  const points = slots.map((slot) => {
    const r = rows.get(slot.getTime());
    return { label: label(slot), title: week ? slot.toDateString() : slot.toLocaleString(), percent: r && r.complianceRate !== null && r.complianceRate !== undefined ? r.complianceRate * 100 : null, people: r ? r.people : 0 };
  });
  document.getElementById('chart-title').textContent = week ? 'Compliance by day, last 7 days' : 'Compliance by hour, last 24 hours';
  document.getElementById('camera-chart').replaceChildren(complianceChart(points, { low: 80, caption: `Compliance of ${id}` }));
  const tbody = document.querySelector('#camera-rows tbody');
  const filled = (data.rows || []).slice().reverse();
  tbody.replaceChildren(
    ...(filled.length
      ? filled.map((r) => el('tr', {}, el('td', {}, fmtTime(r.start)), ...[r.people, r.masked, r.unmasked, r.incorrect, r.uncertain].map((n) => el('td', { class: 'num' }, n ?? 0)), el('td', { class: 'num' }, r.complianceRate === null || r.complianceRate === undefined ? '—' : fmtPercent(r.complianceRate * 100))))
      : [el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No people counted in this period.'))]),
  );
}

period.addEventListener('change', () => refreshChart().catch((e) => notice(errorText(e), 'error')));
document.getElementById('camera-alerts-link').href = withQuery('/alerts.html', { cameraId: id });

await startPage();
every(5_000, refreshCamera);
every(15_000, refreshAlerts);
every(60_000, refreshChart);
