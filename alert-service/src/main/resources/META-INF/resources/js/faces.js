// One face per line: number, label (icon + words + colour), confidence, box. Shared by the
// upload and webcam pages.
import { el, fmtPercent, labelBadge, labelText } from './api.js';

export function faceList(faces) {
  if (!faces.length) return [el('li', { class: 'muted' }, 'No face found.')];
  return faces.map((f, i) =>
    el('li', { class: 'face row', 'data-label': f.label },
      el('strong', {}, `#${(f.index ?? i) + 1}`),
      labelBadge(f.label),
      el('span', { class: 'small' }, fmtPercent(f.confidence * 100, 0)),
      f.box ? el('span', { class: 'muted small' }, `${f.box.width}×${f.box.height} at ${f.box.x},${f.box.y}`) : null,
    ),
  );
}

export function summary(faces) {
  if (!faces.length) return 'No face found';
  const counts = {};
  for (const f of faces) counts[f.label] = (counts[f.label] || 0) + 1;
  return `${faces.length} ${faces.length === 1 ? 'face' : 'faces'}: ` + Object.entries(counts).map(([label, n]) => `${n} ${labelText(label).toLowerCase()}`).join(', ');
}

const COLOURS = { with_mask: '#009e73', without_mask: '#b2182b', mask_weared_incorrect: '#e69f00' };

/** Draws boxes and "label confidence" captions over a picture already drawn on the canvas. */
export function drawFaces(ctx, faces) {
  ctx.lineWidth = Math.max(2, ctx.canvas.width / 320);
  ctx.font = `${Math.max(12, Math.round(ctx.canvas.width / 45))}px sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const f of faces) {
    const colour = COLOURS[f.label] || '#57606a';
    const { x, y, width, height } = f.box;
    ctx.strokeStyle = colour;
    ctx.strokeRect(x, y, width, height);
    const caption = `${labelText(f.label)} ${Math.round(f.confidence * 100)}%`;
    const w = ctx.measureText(caption).width + 8;
    const h = parseInt(ctx.font, 10) + 6;
    const ty = y - h < 0 ? y + height + h : y;
    ctx.fillStyle = colour;
    ctx.fillRect(x, ty - h, w, h);
    ctx.fillStyle = f.label === 'mask_weared_incorrect' ? '#000' : '#fff';
    ctx.fillText(caption, x + 4, ty - 3);
  }
}
