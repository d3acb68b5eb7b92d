// Sends a picture to /api/uploads (forwarded to ingest-service) and waits for its verdicts.
import { api, get } from './api.js';

// The video types ingest-service names; any other video goes as octet-stream with its file name,
// from which ingest tells the container (.mp4, .avi, .mov, .webm, .mkv).
const VIDEO_TYPES = ['video/mp4', 'video/x-msvideo', 'video/quicktime', 'video/webm'];

export function isVideo(blob, fileName = '') {
  return (blob.type || '').startsWith('video/') || /\.(mp4|m4v|avi|mov|webm|mkv)$/i.test(fileName);
}

export async function send(blob, fileName) {
  let type = blob.type || 'application/octet-stream';
  if (type.startsWith('video/') && !VIDEO_TYPES.includes(type)) type = 'application/octet-stream';
  const headers = { 'Content-Type': type };
  if (fileName) headers['X-File-Name'] = fileName.replace(/[^\x20-\x7e]/g, '_');
  return api('/api/uploads', { method: 'POST', body: blob, headers });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the upload until it is done (answers its status) or `timeoutMs` passes (throws). */
export async function awaitDone(uploadId, { timeoutMs = 60_000, everyMs = 500, onPending } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await get(`/api/uploads/${encodeURIComponent(uploadId)}`);
    if (status.status === 'done') return status;
    if (status.status === 'failed') throw new Error(status.error || 'the upload failed');
    if (onPending) onPending(status);
    await sleep(everyMs);
  }
  throw new Error('no verdicts yet: is the pipeline (face-service, mask-service) running?');
}

/** The frames of a finished upload: one for a photo, several for a video. */
export function framesOf(status) {
  if (Array.isArray(status.frames) && status.frames.length) {
    return status.frames.map((f, i) => ({ frameId: f.frameId, faces: f.faces || [], index: f.index ?? i, offsetMs: f.offsetMs ?? null }));
  }
  if (Array.isArray(status.frameIds) && status.frameIds.length) return status.frameIds.map((frameId, i) => ({ frameId, faces: i === 0 ? status.faces || [] : [] }));
  return [{ frameId: status.frameId, faces: status.faces || [] }];
}
