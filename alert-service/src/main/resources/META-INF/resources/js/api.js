// The dashboard's one way to talk to alert-service: same-origin fetch with the session cookie and
// the X-Requested-With header the backend's CSRF check wants on every state-changing request.
// 401 sends the browser to the login page; 403 says the role may not do that.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const LOGIN = '/login.html';

export function toLogin() {
  if (location.pathname !== LOGIN) location.assign(LOGIN);
}

/**
 * Calls the API. `body` may be a plain object (sent as JSON), a Blob/File, FormData or a string.
 * Answers the parsed JSON (or text), null for 204; `raw: true` answers the Response.
 */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, quiet403 = false } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'maskwatch', Accept: 'application/json', ...headers },
  };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof FormData || typeof body === 'string') {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'the server cannot be reached');
  }
  if (res.status === 401) {
    toLogin();
    throw new ApiError(401, 'not logged in');
  }
  if (res.status === 403) {
    const message = 'Not allowed for your role.';
    if (!quiet403) notice(message, 'error');
    throw new ApiError(403, message);
  }
  if (!res.ok) {
    let data = null;
    let message = `${res.status} ${res.statusText}`.trim();
    try {
      data = await res.json();
      if (data && (data.error || data.message)) message = data.error || data.message;
    } catch (e) {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message, data);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

export const get = (path) => api(path);
export const post = (path, body, options = {}) => api(path, { ...options, method: 'POST', body });
export const put = (path, body, options = {}) => api(path, { ...options, method: 'PUT', body });
export const del = (path, options = {}) => api(path, { ...options, method: 'DELETE' });

/** Builds `path?k=v&...`, leaving out empty values. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// ---- the signed-in user -------------------------------------------------------------------

const ROLE_ORDER = ['admin', 'operator', 'viewer'];
let current = { user: null, roles: [] };

export function me() {
  return current;
}

/** True when the user holds the role (admin holds operator and viewer too, as the backend says). */
export function can(role) {
  return current.roles.includes(role);
}

export function mainRole(roles = current.roles) {
  return ROLE_ORDER.find((r) => roles.includes(r)) || 'none';
}

/** Hides every element marked data-role="x" that the user's roles do not cover. */
export function applyRoles(root = document) {
  for (const node of root.querySelectorAll('[data-role]')) {
    const allowed = can(node.dataset.role);
    node.hidden = !allowed;
    if ('disabled' in node) node.disabled = !allowed;
  }
}

// ---- page frame: nav, notices --------------------------------------------------------------

const PAGES = [
  ['/index.html', 'Overview'],
  ['/cameras.html', 'Cameras'],
  ['/alerts.html', 'Alerts'],
  ['/upload.html', 'Upload'],
  ['/webcam.html', 'Webcam'],
  ['/pipeline.html', 'Pipeline'],
];

/** Renders the nav, loads /api/me and hides what the role cannot use. Call first on each page. */
export async function startPage() {
  let header = document.querySelector('header.top');
  if (!header) {
    header = el('header', { class: 'top' });
    document.body.prepend(header);
  }
  const path = location.pathname === '/' ? '/index.html' : location.pathname;
  const links = PAGES.map(([href, name]) =>
    el('li', {}, el('a', { href, 'aria-current': href === path || (href === '/cameras.html' && path === '/camera.html') ? 'page' : null }, name)),
  );
  const who = el('span', { class: 'who', id: 'who' }, '…');
  const logout = el('button', { type: 'button', class: 'secondary', id: 'logout' }, 'Log out');
  logout.addEventListener('click', async () => {
    try {
      await post('/api/logout');
    } finally {
      location.assign(LOGIN);
    }
  });
  header.replaceChildren(
    el('a', { class: 'brand', href: '/index.html' }, el('span', { 'aria-hidden': 'true' }, '◉ '), 'maskwatch'),
    el('nav', { 'aria-label': 'Pages' }, el('ul', {}, ...links)),
    el('div', { class: 'user' }, who, logout),
  );
  try {
    const data = await get('/api/me');
    current = { user: data.user, roles: data.roles || [] };
    who.replaceChildren(el('strong', {}, data.user), ' ', el('span', { class: 'role' }, mainRole()));
    who.title = `roles: ${current.roles.join(', ')}`;
    document.body.dataset.role = mainRole();
  } catch (e) {
    who.textContent = 'not signed in';
  }
  applyRoles();
  return current;
}

/** A message in the page's status line (role=status, announced by screen readers). */
export function notice(message, kind = 'info') {
  let box = document.getElementById('notice');
  if (!box) {
    box = el('div', { id: 'notice', role: 'status', 'aria-live': 'polite' });
    document.body.append(box);
  }
  box.className = `notice ${kind}`;
  box.textContent = message;
  box.hidden = false;
  clearTimeout(box._timer);
  box._timer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

// ---- DOM and formatting helpers --------------------------------------------------------------

/** Creates an element; attributes with null/false are left out; children are nodes or text. */
export function el(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'line', 'text', 'title', 'polyline', 'circle', 'path'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.setAttribute('class', v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const LABELS = {
  with_mask: { text: 'Masked', icon: '✓', cls: 'ok' },
  without_mask: { text: 'No mask', icon: '✗', cls: 'bad' },
  mask_weared_incorrect: { text: 'Mask worn incorrectly', icon: '!', cls: 'warn' },
  unknown: { text: 'Unknown', icon: '?', cls: 'neutral' },
  uncertain: { text: 'Uncertain', icon: '?', cls: 'neutral' },
};

/** A label as a badge: icon + words + colour, so colour is never the only cue. */
export function labelBadge(label) {
  const l = LABELS[label] || { text: label || '—', icon: '•', cls: 'neutral' };
  return el('span', { class: `badge ${l.cls}`, 'data-label': label }, el('span', { 'aria-hidden': 'true' }, l.icon + ' '), l.text);
}

export function labelText(label) {
  return (LABELS[label] || { text: label }).text;
}

export function statusBadge(text, cls) {
  return el('span', { class: `badge ${cls}` }, text);
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
}

export function fmtAgo(iso) {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(s)) return '—';
  if (s < 5) return 'just now';
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export function fmtPercent(value, digits = 1) {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${Number(value).toFixed(digits)} %`;
}

export function fmtNumber(value, digits = 1) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(digits);
}

/** Runs `fn` now and every `ms` while the tab is visible. */
export function every(ms, fn) {
  let timer = null;
  const tick = async () => {
    try {
      await fn();
    } catch (e) {
      if (e.status !== 401) console.warn(e);
    }
    timer = setTimeout(tick, ms);
  };
  tick();
  return () => clearTimeout(timer);
}

export function errorText(e) {
  return e instanceof ApiError ? e.message : String(e && e.message ? e.message : e);
}
