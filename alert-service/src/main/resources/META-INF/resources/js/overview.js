import { startPage, get, el, every, fmtPercent, notice, errorText } from './api.js';
import { complianceChart, hourLabel, lastHours } from './chart.js';

const LOW = 80;

function percentCell(value) {
  const td = el('td', { class: 'num' }, fmtPercent(value));
  if (value !== null && value !== undefined && value < LOW) td.append(' ', el('span', { class: 'badge bad' }, 'low'));
  return td;
}

function render(data) {
  const sites = data.sites || [];
  const people = sites.reduce((n, s) => n + (s.todayPeople || 0), 0);
  const masked = sites.reduce((n, s) => n + (s.todayPercent === null || s.todayPercent === undefined ? 0 : (s.todayPercent / 100) * s.todayPeople), 0);
  document.getElementById('today-percent').textContent = people ? fmtPercent((masked / people) * 100) : '—';
  document.getElementById('open-alerts').textContent = data.openAlerts ?? '—';
  document.getElementById('cameras-online').textContent = data.camerasOnline ?? '—';
  document.getElementById('cameras-offline').textContent = data.camerasOffline ?? '—';

  const body = document.querySelector('#sites tbody');
  body.replaceChildren(
    ...(sites.length
      ? sites.map((s) =>
          el('tr', { 'data-site': s.site }, el('th', { scope: 'row' }, s.site), percentCell(s.todayPercent), el('td', { class: 'num' }, s.todayPeople ?? 0), percentCell(s.weekPercent), el('td', { class: 'num' }, s.weekPeople ?? 0)),
        )
      : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No people counted this week yet.'))]),
  );

  const byHour = new Map((data.trend || []).map((t) => [new Date(t.hour).getTime(), t]));
  const points = lastHours(24).map((hour) => {
    const t = byHour.get(hour.getTime());
    return { label: hourLabel(hour), title: hour.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' }), percent: t ? t.percent : null, people: t ? t.people : 0 };
  });
  document.getElementById('trend').replaceChildren(complianceChart(points, { low: LOW, caption: 'Compliance by hour, last 24 hours' }));
  document.getElementById('updated').textContent = new Date().toLocaleTimeString();
}

await startPage();
every(30_000, async () => {
  try {
    render(await get('/api/overview'));
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) notice(`Overview: ${errorText(e)}`, 'error');
    throw e;
  }
});
