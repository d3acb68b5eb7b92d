import { startPage, can, errorText } from './api.js';
import { drawFaces, faceList, summary } from './faces.js';
import { awaitDone, framesOf, send } from './uploads.js';

const video = document.getElementById('webcam-video');
const out = document.getElementById('webcam-annotated');
const state = document.getElementById('webcam-state');
const startButton = document.getElementById('webcam-start');
const stopButton = document.getElementById('webcam-stop');
const stats = { sent: 0, done: 0, failed: 0, lastMs: null };
let stream = null;
let timer = null;
let busy = false;

function showStats() {
  document.getElementById('webcam-stats').textContent = `${stats.sent} sent, ${stats.done} analysed, ${stats.failed} failed${stats.lastMs !== null ? `, last round trip ${stats.lastMs} ms` : ''}`;
}

/** One picture: grab the current video frame, upload it, wait for its faces, draw them on it. */
async function tick() {
  if (busy || !stream || video.readyState < 2) return;
  busy = true;
  const started = performance.now();
  try {
    const grab = document.createElement('canvas');
    grab.width = video.videoWidth;
    grab.height = video.videoHeight;
    grab.getContext('2d').drawImage(video, 0, 0);
    const blob = await new Promise((resolve) => grab.toBlob(resolve, 'image/jpeg', 0.85));
    const accepted = await send(blob, 'webcam.jpg');
    stats.sent++;
    const done = await awaitDone(accepted.uploadId, { timeoutMs: 20_000, everyMs: 250 });
    const faces = framesOf(done).flatMap((f) => f.faces);
    out.width = grab.width;
    out.height = grab.height;
    const ctx = out.getContext('2d');
    ctx.drawImage(grab, 0, 0);
    drawFaces(ctx, faces);
    out.dataset.uploadId = accepted.uploadId;
    out.dataset.faces = String(faces.length);
    document.getElementById('webcam-faces').replaceChildren(...faceList(faces));
    stats.done++;
    stats.lastMs = Math.round(performance.now() - started);
    state.textContent = summary(faces);
  } catch (e) {
    stats.failed++;
    state.textContent = `Frame not analysed: ${errorText(e)}`;
  } finally {
    busy = false;
    showStats();
  }
}

async function start() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (e) {
    state.textContent = `No camera: ${errorText(e)}`;
    return;
  }
  video.srcObject = stream;
  startButton.disabled = true;
  stopButton.disabled = false;
  state.textContent = 'Camera on; sending about one picture a second…';
  timer = setInterval(tick, 1000);
}

function stop() {
  clearInterval(timer);
  timer = null;
  if (stream) for (const track of stream.getTracks()) track.stop();
  stream = null;
  video.srcObject = null;
  startButton.disabled = false;
  stopButton.disabled = true;
  state.textContent = 'Camera off.';
}

startButton.addEventListener('click', start);
stopButton.addEventListener('click', stop);
window.addEventListener('pagehide', stop);

await startPage();
document.getElementById('webcam-role-note').hidden = can('operator');
if (!navigator.mediaDevices) state.textContent = 'This browser gives no camera here (it needs https or localhost).';
showStats();
