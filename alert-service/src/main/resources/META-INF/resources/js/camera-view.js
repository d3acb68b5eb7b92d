// Pieces of a camera shown on the cameras grid and on a camera's own page.
import { el, statusBadge } from './api.js';

const STATES = {
  streaming: 'ok',
  connecting: 'neutral',
  backoff: 'warn',
  stalled: 'warn',
  failed: 'bad',
  disabled: 'neutral',
  unknown: 'neutral',
};

export function stateBadge(camera) {
  const state = camera.enabled === false ? 'disabled' : camera.state || 'unknown';
  return statusBadge(`${camera.online ? 'online' : 'offline'} · ${state}`, camera.online ? STATES[state] || 'neutral' : state === 'disabled' ? 'neutral' : 'bad');
}

/** The latest annotated frame, swapped only when the frame id changes (no flicker). */
export function frameBox(camera, previous) {
  const box = previous && previous.dataset.frameId === String(camera.latestFrameId || '') ? previous : el('div', { class: 'frame', 'data-frame-id': camera.latestFrameId || '' });
  if (box === previous) return box;
  if (camera.latestFrameId) {
    const img = el('img', { src: `/api/frames/${encodeURIComponent(camera.latestFrameId)}/annotated.png`, alt: `Latest frame of ${camera.name || camera.id}, faces boxed and labelled`, loading: 'lazy', class: 'annotated' });
    img.addEventListener('error', () => box.replaceChildren(el('span', {}, 'frame no longer available')));
    box.append(img);
  } else {
    box.append(el('span', {}, 'no frame yet'));
  }
  return box;
}

