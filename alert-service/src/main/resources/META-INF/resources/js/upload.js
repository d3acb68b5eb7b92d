import { startPage, el, can, errorText } from './api.js';
import { faceList, summary } from './faces.js';
import { awaitDone, framesOf, send } from './uploads.js';

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
    const accepted = await send(file, file.name);
    state.textContent = 'Uploaded; waiting for the faces to be found and classified…';
    const done = await awaitDone(accepted.uploadId);
    const frames = framesOf(done);
    const faces = frames.flatMap((f) => f.faces);
    document.getElementById('upload-summary').textContent = summary(faces);
    document.getElementById('upload-image').replaceChildren(...frames.map((f) => annotated(f.frameId, f.faces)));
    document.getElementById('upload-faces').replaceChildren(...faceList(faces));
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
