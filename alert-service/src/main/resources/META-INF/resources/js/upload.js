import { startPage, el, can, errorText } from './api.js';
import { faceList, summary } from './faces.js';
import { awaitDone, framesOf, isVideo, send } from './uploads.js';

const VIOLATION = new Set(['without_mask', 'mask_weared_incorrect']);
const MAX_SHOWN = 8;

/** For a video: the frames worth a look (violators first, then any faces), in video order. */
function shownFrames(frames) {
  if (frames.length <= 1) return frames;
  const score = (f) => (f.faces.some((x) => VIOLATION.has(x.label)) ? 2 : f.faces.length ? 1 : 0);
  const picked = frames
    .map((f, i) => ({ f, i }))
    .sort((a, b) => score(b.f) - score(a.f) || a.i - b.i)
    .slice(0, MAX_SHOWN)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.f);
  return picked;
}

function at(frame) {
  return frame.offsetMs === null || frame.offsetMs === undefined ? `frame ${frame.index + 1}` : `at ${(frame.offsetMs / 1000).toFixed(1)} s`;
}

const drop = document.getElementById('drop');
const input = document.getElementById('file');
const state = document.getElementById('upload-state');
const result = document.getElementById('upload-result');

/** annotated.png is drawn by alert-service once it has stored the frame: retry for a while. */
function annotated(frameId, faces) {
  const src = `/api/frames/${encodeURIComponent(frameId)}/annotated.png`;
  const img = el('img', { src, alt: `The photo with ${summary(faces).toLowerCase()}, each face boxed and labelled`, class: 'annotated', 'data-frame-id': frameId });
  let tries = 0;
  img.addEventListener('error', () => {
    if (++tries <= 20) setTimeout(() => (img.src = `${src}?try=${tries}`), 500);
    else img.replaceWith(el('p', { class: 'error-text' }, 'The annotated picture is not available.'));
  });
  return img;
}

async function handle(file) {
  if (!file) return;
  result.hidden = true;
  state.className = 'small';
  state.textContent = `Uploading ${file.name} (${Math.round(file.size / 1024)} KB)…`;
  try {
    const video = isVideo(file, file.name);
    const accepted = await send(file, file.name);
    state.textContent = 'Uploaded; waiting for the faces to be found and classified…';
    const done = await awaitDone(accepted.uploadId, {
      timeoutMs: video ? 600_000 : 60_000,
      everyMs: video ? 1000 : 500,
      onPending: (s) => {
        if (s.framesExpected) state.textContent = `Analysing the video: ${s.framesDone ?? 0} of ${s.framesExpected} frames done…`;
      },
    });
    const frames = framesOf(done);
    const faces = frames.flatMap((f) => f.faces);
    const shown = shownFrames(frames);
    if (frames.length > 1) {
      const withViolators = frames.filter((f) => f.faces.some((x) => VIOLATION.has(x.label))).length;
      document.getElementById('upload-summary').textContent = `${frames.length} frames, ${withViolators} with a violation (${summary(faces).toLowerCase()} over all frames)`;
      document.getElementById('upload-image').replaceChildren(...shown.map((f) => el('figure', { class: 'video-frame' }, annotated(f.frameId, f.faces), el('figcaption', { class: 'small muted' }, `${at(f)}: ${summary(f.faces).toLowerCase()}`))));
      document.getElementById('upload-faces').replaceChildren(...shown.flatMap((f) => [el('li', { class: 'small muted' }, at(f)), ...faceList(f.faces)]));
    } else {
      document.getElementById('upload-summary').textContent = summary(faces);
      document.getElementById('upload-image').replaceChildren(...frames.map((f) => annotated(f.frameId, f.faces)));
      document.getElementById('upload-faces').replaceChildren(...faceList(faces));
    }
    document.getElementById('upload-model').textContent = done.model ? `Detector ${done.detector || '—'}, model ${done.model.name} ${done.model.version}` : '';
    result.hidden = false;
    state.textContent = `Done: ${file.name}`;
  } catch (e) {
    state.className = 'small error-text';
    state.textContent = `Upload failed: ${errorText(e)}`;
  }
}

input.addEventListener('change', () => handle(input.files[0]));
for (const type of ['dragenter', 'dragover']) {
  drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
}
for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  handle(event.dataTransfer.files[0]);
});

await startPage();
document.getElementById('upload-role-note').hidden = can('operator');
