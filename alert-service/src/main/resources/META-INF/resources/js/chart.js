// A small bar chart of compliance percentages, drawn as inline SVG. Each bar carries a <title>
// (hover / screen readers); hours without people are drawn as a pale stub, not as 0 %.
import { el } from './api.js';

/**
 * points: [{ label: '10:00', title: 'Sun 10:00', percent: 75.0 | null, people: 4 }]
 * Returns an <svg>; `low` (percent) marks bars below it with the violation colour.
 */
export function complianceChart(points, { low = null, caption = 'Compliance' } = {}) {
  const W = 720;
  const H = 220;
  const left = 38;
  const right = 8;
  const top = 10;
  const bottom = 28;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = Math.max(points.length, 1);
  const slot = plotW / n;
  const barW = Math.max(2, slot * 0.72);
  const described = points.filter((p) => p.percent !== null && p.percent !== undefined);
  const summary = described.length
    ? `${caption}: ${described.length} of ${points.length} periods with people, from ${Math.min(...described.map((p) => p.percent)).toFixed(0)} % to ${Math.max(...described.map((p) => p.percent)).toFixed(0)} %`
    : `${caption}: no people counted in this period`;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'compliance-chart' });
  svg.append(el('title', {}, summary));
  for (const pct of [0, 25, 50, 75, 100]) {
    const y = top + plotH - (pct / 100) * plotH;
    svg.append(el('line', { class: 'grid-line', x1: left, x2: W - right, y1: y, y2: y }));
    svg.append(el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, `${pct}%`));
  }
  const labelEvery = Math.ceil(n / 12);
  points.forEach((p, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const has = p.percent !== null && p.percent !== undefined;
    const h = has ? Math.max(1, (p.percent / 100) * plotH) : 4;
    const cls = !has ? 'empty' : low !== null && p.percent < low ? 'bar low' : 'bar';
    const tip = has ? `${p.title || p.label}: ${p.percent.toFixed(1)} % masked of ${p.people} people` : `${p.title || p.label}: no people`;
    svg.append(el('rect', { class: cls, x, y: top + plotH - h, width: barW, height: h, 'data-percent': has ? p.percent : '' }, el('title', {}, tip)));
    if (i % labelEvery === 0) {
      svg.append(el('text', { x: x + barW / 2, y: H - 10, 'text-anchor': 'middle' }, p.label));
    }
  });
  svg.append(el('line', { class: 'axis', x1: left, x2: W - right, y1: top + plotH, y2: top + plotH }));
  return svg;
}

/** The last `hours` whole UTC hours ending with the current one, oldest first, as Date objects. */
export function lastHours(hours) {
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const out = [];
  for (let i = hours - 1; i >= 0; i--) out.push(new Date(now.getTime() - i * 3600_000));
  return out;
}

export function hourLabel(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
