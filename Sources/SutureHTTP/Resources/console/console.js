// Suture console: vanilla ES2020, no dependencies, no inline code, no innerHTML with data.
'use strict';

// One closure keeps every name out of the page's global scope (the body is not indented).
(() => {
const EXCEPTION_TYPES = [
  'unmapped-item', 'unmapped-location', 'unmapped-unit', 'uom-mismatch', 'quantity-mismatch',
  'price-variance', 'master-data-conflict', 'supplier-substitution', 'backorder', 'missing-lot',
  'expired-lot', 'missing-serial', 'missing-expiry', 'unknown-gtin', 'rejected-by-destination',
  'invalid-document', 'delivery-exhausted', 'lot-mismatch', 'unmatched-receipt',
];
const EXCEPTION_STATUSES = ['open', 'in-progress', 'resolved', 'rejected'];
const CROSSWALK_KINDS = ['items', 'locations', 'suppliers', 'units'];
const ACTION_LABELS = { retry: 'Retry', approve: 'Approve', reject: 'Reject', substitute: 'Accept substitute', push: 'Push to the system', accept: "Accept the system's value" };
const REFRESH_MS = 10000;

const $ = (id) => document.getElementById(id);
let session = null; // {client, scopes, csrfToken}
let generation = 0; // bumps on every route change; stale async work checks it
let refreshTimer = null;

// DOM helpers (text only, never HTML)
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  if (props == null || typeof props !== 'object' || props instanceof Node || Array.isArray(props)) { kids.unshift(props); props = null; }
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'text') el.textContent = String(v);
      else if (k === 'class') el.className = v;
      else if (k === 'data') for (const [dk, dv] of Object.entries(v)) { if (dv != null) el.dataset[dk] = String(dv); }
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  add(el, kids);
  return el;
}
function add(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid == null || kid === false) continue;
    el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}
const svg = (tag, attrs) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
};
let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

function field(labelText, control) {
  if (!control.id) control.id = nextId('f');
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control);
}
function select(id, options, value, extra) {
  const s = h('select', Object.assign({ id }, extra || {}));
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    s.append(h('option', { value: v, selected: v === value }, label));
  }
  return s;
}
function table(caption, headers, rows, opts) {
  const o = opts || {};
  const t = h('table', { id: o.id },
    caption ? h('caption', caption) : null,
    h('thead', h('tr', headers.map((c) => h('th', { scope: 'col', class: /^(Backlog|Attempts|Open|Count|Value|Threshold|Ordered|Shipped|Received|Invoiced|Acknowledged|Line)$/.test(c) ? 'num' : null }, c)))),
    h('tbody', rows));
  return h('div', { class: 'table-wrap' }, t);
}
function badge(text, tone) { return h('span', { class: 'badge ' + (tone || ''), text }); }
function json(value) { return h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(value, null, 2)); }
function section(title, ...kids) {
  const hid = nextId('h');
  return h('section', { class: 'card', 'aria-labelledby': hid }, h('h2', { id: hid }, title), kids);
}
function jsonDetails(title, value, open) { return h('details', { open: !!open }, h('summary', title), json(value)); }
const empty = (text) => h('p', { class: 'empty' }, text);
const button = (label, props, cls) => h('button', Object.assign({ type: 'button', class: `button ${cls == null ? 'secondary' : cls}` }, props), label);
const textInput = (id, value, props) => h('input', Object.assign({ id, type: 'text', value, autocomplete: 'off', spellcheck: 'false' }, props));

// Formatting
const numberFmt = new Intl.NumberFormat();
const fmtNum = (n) => (n == null || n === '' || Number.isNaN(Number(n)) ? '—' : numberFmt.format(Number(n)));
const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const clockFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateFmt.format(d);
}
function timeEl(iso) { return iso ? h('time', { datetime: iso }, fmtTime(iso)) : '—'; }
function fmtAge(seconds) {
  if (seconds == null || Number.isNaN(Number(seconds))) return '—';
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${fmtNum(Math.floor(s / 86400))} d`;
}
const fmtMs = (ms) => (ms == null ? '—' : `${fmtNum(Math.round(ms))} ms`);
const fmtRate = (pct) => (pct == null ? '—' : `${Number(pct).toFixed(1)} %`); // the hub sends percents
const fmtValue = (v) => (v == null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const enc = encodeURIComponent;

const STATE_TONE = { up: 'ok', degraded: 'warn', down: 'bad', closed: 'ok', 'half-open': 'warn', open: 'bad', ok: 'ok', pending: 'warn', firing: 'bad' };
const STATUS_TONE = { open: 'bad', 'in-progress': 'warn', resolved: 'ok', rejected: '', dead: 'bad', pending: 'info', 'in-flight': 'info', delivered: 'ok', superseded: '' };

// Session and API
const can = (scope) => !!session && (session.scopes.includes('admin') || session.scopes.includes(scope));
const canReadAny = () => !!session && (session.scopes.includes('admin') || session.scopes.some((s) => s.endsWith(':read')));

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || (status ? `The hub answered HTTP ${status}.` : 'Request failed.'));
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(method, path, body, extraHeaders) {
  const headers = Object.assign({ Accept: 'application/json, application/problem+json' }, extraHeaders || {});
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (session) headers['X-CSRF-Token'] = session.csrfToken;
  }
  let res;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', cache: 'no-store', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: 'Could not reach the hub. Check the connection and try again.' });
  }
  const text = await res.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/console/session')) sessionEnded();
    throw new ApiError(res.status, data && typeof data === 'object' && !Array.isArray(data) ? data : null);
  }
  return data;
}

function showAlert(message) { $('alert').textContent = message || ''; }
function showStatus(message) {
  const s = $('status');
  s.textContent = '';
  // A fresh text node after clearing makes screen readers announce a repeated message too.
  setTimeout(() => { s.textContent = message || ''; }, 30);
}
function report(err) {
  if (err && err.status === 401 && !session) return; // login page already says why
  showAlert(err && err.message ? err.message : String(err));
}

function sessionEnded() {
  session = null;
  showLogin('Your session has ended. Sign in again.');
}

function showLogin(message, info) {
  generation++;
  clearTimeout(refreshTimer);
  $('app-header').hidden = true;
  $('app').hidden = true;
  $('view').replaceChildren();
  showAlert('');
  $('status').textContent = '';
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('login-info').textContent = info || '';
  document.title = 'Sign in · Suture console';
  const input = $('login-token');
  input.value = '';
  input.focus();
}

function startSession(s, focus) {
  session = { client: String(s.client || ''), scopes: s.scopes || [], csrfToken: s.csrfToken || '' };
  $('client-name').textContent = session.client;
  $('login-view').hidden = true;
  $('app-header').hidden = false;
  $('app').hidden = false;
  for (const [page, def] of Object.entries(PAGES)) $(`nav-${page}`).parentElement.hidden = !def.allowed();
  route(focus);
}

async function onLogin(ev) {
  ev.preventDefault();
  const input = $('login-token');
  const err = $('login-error');
  const token = input.value.trim();
  if (!token) { err.textContent = 'Enter your client token.'; input.focus(); return; }
  const button = $('login-submit');
  button.disabled = true;
  err.textContent = '';
  try {
    const s = await api('POST', '/console/session', { token });
    input.value = '';
    startSession(s, true);
  } catch (e) {
    err.textContent = e.status === 401 ? (e.problem.detail || 'That token was not accepted.') : e.message;
    input.select();
    input.focus();
  } finally {
    button.disabled = false;
  }
}

async function onLogout() {
  try { await api('DELETE', '/console/session'); } catch (e) { /* the session is dropped on this side anyway */ }
  session = null;
  showLogin('', 'You have logged out.');
}

// Routing
const PAGES = {
  overview: { title: 'Overview', allowed: canReadAny, render: renderOverview },
  exceptions: { title: 'Exceptions', allowed: () => can('exceptions:read'), render: (r, live) => (r.arg ? renderException(r, live) : renderExceptions(r, live)) },
  transactions: { title: 'Transactions', allowed: () => can('events:read'), render: renderTransactions },
  deliveries: { title: 'Deliveries', allowed: () => can('events:read'), render: renderDeliveries },
  systems: { title: 'Systems', allowed: canReadAny, render: renderSystems },
  masterdata: { title: 'Master data', allowed: () => can('masterdata:read'), render: (r, live) => (r.arg ? renderItem(r, live) : renderMasterData(r)) },
  stock: { title: 'Stock', allowed: () => can('orders:read') || can('events:read'), render: renderStock },
  audit: { title: 'Audit', allowed: () => can('admin'), render: renderAudit },
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const parts = path.split('/').filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
  return { page: parts[0] || '', arg: parts.slice(1).join('/') || null, params: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '') };
}

function route(focus) {
  if (!session) return;
  const r = parseHash();
  const def = PAGES[r.page];
  if (!def || !def.allowed()) {
    const first = Object.keys(PAGES).find((p) => PAGES[p].allowed());
    if (!first) {
      mount(h('h1', { tabindex: '-1' }, 'Nothing to show'), h('p', 'This client has no scope that lets it read any console page.'));
      return;
    }
    if (r.page !== first) { location.replace(`#/${first}`); return; }
  }
  generation++;
  clearTimeout(refreshTimer);
  currentTick = null;
  const mine = generation;
  const live = () => mine === generation && !!session;
  showAlert('');
  $('status').textContent = '';
  for (const page of Object.keys(PAGES)) {
    const a = $(`nav-${page}`);
    if (page === r.page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = `${def.title} · Suture console`;
  $('view').replaceChildren();
  def.render(r, live);
  const heading = $('view').querySelector('h1');
  if (focus && heading) heading.focus();
}

// Replaces the page; a page heading that had focus hands it to the new heading.
function mount(...kids) {
  const view = $('view');
  const a = document.activeElement;
  const headingFocused = a && a.tagName === 'H1' && view.contains(a);
  view.replaceChildren(...kids.flat().filter(Boolean));
  const heading = view.querySelector('h1');
  if (headingFocused && heading) heading.focus();
}
function pageHead(title, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), extra);
}
// Re-render a region and give focus back to the same link or control if it had it.
function keepFocus(container, fn) {
  const a = document.activeElement;
  const had = a && a !== container && container.contains(a) ? { id: a.id, href: a.getAttribute('href') } : null;
  fn();
  if (!had) return;
  const target = had.id ? document.getElementById(had.id)
    : [...container.querySelectorAll('a[href]')].find((x) => x.getAttribute('href') === had.href);
  if (target && container.contains(target)) target.focus();
}
// Runs fn now and every REFRESH_MS while the page is current; a hidden tab skips the
// timed refreshes and catches up as soon as it is shown again.
let currentTick = null;
function refreshEvery(live, fn) {
  let first = true; let busy = false;
  const tick = async () => {
    if (!live() || busy) return;
    clearTimeout(refreshTimer);
    if (first || !document.hidden) {
      first = false; busy = true;
      try { await fn(); } finally { busy = false; }
    }
    if (live()) refreshTimer = setTimeout(tick, REFRESH_MS);
  };
  currentTick = tick;
  tick();
}
function setQuery(page, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '' && v !== false) q.set(k, v === true ? 'true' : v);
  const s = q.toString();
  history.replaceState(null, '', `#/${page}${s ? '?' + s : ''}`);
}

// Overview
// A page that repaints itself every 10 s; load() answers the body's new children.
function refreshingPage(title, body, live, load) {
  const updated = h('p', { class: 'muted', id: `${title.toLowerCase()}-updated` }, 'Loading…');
  mount(pageHead(title, updated), body);
  let failed = false;
  refreshEvery(live, async () => {
    try {
      const kids = await load();
      if (!live()) return;
      keepFocus(body, () => body.replaceChildren(...kids));
      updated.textContent = `Updated ${clockFmt.format(new Date())} · refreshes every 10 s`;
      if (failed) { showAlert(''); failed = false; }
    } catch (e) { if (live()) { failed = true; report(e); } }
  });
}

function renderOverview(r, live) {
  refreshingPage('Overview', h('div', { class: 'stack-lg' }), live, async () => {
    // The alerts' thresholds need metrics:read: without it, the dashboard's own alert list.
    const [dash, alerts] = await Promise.all([api('GET', '/v1/dashboard'),
      can('metrics:read') ? api('GET', '/v1/alerts').catch((e) => { if (e.status === 403 || e.status === 404) return null; throw e; }) : null]);
    return overviewContent(dash || {}, alerts);
  });
}

function figure(label, id, value, link, attention) {
  return h('div', { class: 'figure' + (attention ? ' attention' : '') },
    h('dt', label),
    h('dd', { id, data: { value: value == null ? '' : Number(value) } }, fmtNum(value)),
    link ? h('dd', h('a', { href: link[0] }, link[1])) : null);
}

function overviewContent(d, alertList) {
  const b = d.business || {};
  const ex = b.openExceptions || {};
  const p = d.pipeline || {};
  const figures = h('section', { 'aria-labelledby': 'fig-h' },
    h('h2', { id: 'fig-h', class: 'visually-hidden' }, 'Key figures'),
    h('dl', { class: 'figures' },
      figure('Open exceptions', 'open-exceptions-total', ex.total, can('exceptions:read') ? ['#/exceptions?status=open', 'Open the queue'] : null),
      figure('Overdue exceptions', 'open-exceptions-overdue', ex.overdue, can('exceptions:read') ? ['#/exceptions?status=any&overdue=true', 'Show them'] : null, ex.overdue > 0),
      figure('Delayed receipts', 'delayed-receipts', b.delayedReceipts),
      figure('Unmatched invoices', 'unmatched-invoices', b.unmatchedInvoices),
      figure('Orders awaiting acknowledgment', 'orders-awaiting-ack', b.ordersAwaitingAcknowledgment),
      figure('Stock below par', 'stock-below-par', b.stockBelowPar),
      figure('Accepted, last hour', 'accepted-1h', p.accepted1h),
      figure('Inbox backlog', 'inbox-backlog', p.inboxBacklog)));

  const perMin = Array.isArray(p.deliveredPerMinute) ? p.deliveredPerMinute.map((v) => Number(v) || 0) : [];
  const total = perMin.reduce((a, v) => a + v, 0);
  const pipeline = section('Deliveries per minute, last hour',
    h('div', { class: 'spark-wrap' }, sparkline(perMin),
      h('dl', { class: 'spark-stats' },
        h('div', h('dt', 'Last minute'), h('dd', { id: 'delivered-last-minute' }, fmtNum(perMin.length ? perMin[perMin.length - 1] : null))),
        h('div', h('dt', 'Peak'), h('dd', fmtNum(perMin.length ? Math.max(...perMin) : null))),
        h('div', h('dt', 'Hour total'), h('dd', fmtNum(total))))));

  const byType = Object.entries(ex.byType || {}).sort((a, b2) => b2[1] - a[1]);
  const linkType = can('exceptions:read');
  const typeTable = byType.length
    ? table('By type', ['Type', 'Open'], byType.map(([t, n]) => h('tr', null,
      h('th', { scope: 'row' }, linkType ? h('a', { href: `#/exceptions?type=${enc(t)}&status=open` }, t) : t),
      h('td', { class: 'num' }, fmtNum(n)))))
    : empty('No open exceptions.');
  const age = ex.byAge || {};
  const ageTable = table('By age', ['Age', 'Open'], [['Under 1 hour', age.under1h], ['1 to 24 hours', age.under24h], ['Over 24 hours', age.over24h]]
    .map(([l, n]) => h('tr', h('th', { scope: 'row' }, l), h('td', { class: 'num' }, fmtNum(n)))));

  const systems = section('Systems', systemsTable(d.systems || []));
  const alertsRows = alertList || d.alerts || [];
  const alertsBox = section('Alerts', alertsRows.length
    ? table(null, ['Alert', 'State', 'Since', 'Value', 'Threshold'], alertsRows.map((a) => h('tr', { data: { alertName: a.name, state: a.state } },
      h('th', { scope: 'row' }, a.name), h('td', badge(a.state, STATE_TONE[a.state])),
      h('td', timeEl(a.since)), h('td', { class: 'num' }, fmtValue(a.value)), h('td', { class: 'num' }, fmtValue(a.threshold)))))
    : empty('No alerts defined.'));

  return [figures, systems, pipeline, h('div', { class: 'grid-2' }, section('Open exceptions', typeTable, ageTable), alertsBox)];
}

function sparkline(values) {
  const W = 600; const H = 64; const P = 4;
  const el = svg('svg', { class: 'sparkline', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', focusable: 'false' });
  const max = Math.max(1, ...values);
  el.setAttribute('aria-label', values.length ? `Deliveries per minute, last ${values.length} minutes: lowest ${fmtNum(Math.min(...values))}, highest ${fmtNum(Math.max(...values))}, latest ${fmtNum(values[values.length - 1])}.` : 'No figures yet.');
  if (values.length) {
    const step = values.length > 1 ? (W - 2 * P) / (values.length - 1) : 0;
    const pts = values.map((v, i) => [P + i * step, H - P - (v / max) * (H - 2 * P)]);
    const line = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    el.append(svg('polygon', { class: 'area', points: `${P},${H - P} ${line} ${pts[pts.length - 1][0].toFixed(1)},${H - P}` }));
    el.append(svg('polyline', { class: 'line', points: line, 'vector-effect': 'non-scaling-stroke' }));
  }
  return el;
}

function systemFacts(s) {
  return [
    ['Kind', s.kind || '—'], ['State', badge(s.state, STATE_TONE[s.state])], ['Circuit', badge(s.circuit, STATE_TONE[s.circuit])],
    ['Backlog', fmtNum(s.backlog)], ['Oldest pending', s.oldestPendingSeconds ? fmtAge(s.oldestPendingSeconds) : '—'],
    ['Delivered / failed (1 h)', `${fmtNum(s.delivered1h)} / ${fmtNum(s.failed1h)}`], ['Failure rate (1 h)', fmtRate(s.failureRate1h)],
    ['Latency p50 / p99', `${fmtMs(s.latencyP50Ms)} / ${fmtMs(s.latencyP99Ms)}`],
  ];
}

function systemsTable(systems) {
  if (!systems.length) return empty('No systems configured.');
  const link = can('events:read');
  return table(null, ['System', ...systemFacts({}).map(([k]) => k)], systems.map((s) => h('tr', { data: { systemName: s.name, state: s.state } },
    h('th', { scope: 'row' }, link ? h('a', { href: `#/deliveries?system=${enc(s.name)}` }, s.name) : s.name),
    systemFacts(s).map(([k, v]) => h('td', { class: k === 'Backlog' ? 'num' : null }, v)))));
}

// Systems
function renderSystems(r, live) {
  refreshingPage('Systems', h('div', { class: 'grid-3' }), live, async () => {
    const systems = ((await api('GET', '/v1/dashboard')) || {}).systems || [];
    return systems.length ? systems.map(systemCard) : [empty('No systems configured.')];
  });
}

function systemCard(s) {
  const hid = nextId('sys');
  return h('article', { class: 'card sys-card', 'aria-labelledby': hid, data: { systemName: s.name, state: s.state } },
    h('h2', { id: hid }, h('span', s.name), badge(s.state, STATE_TONE[s.state])),
    h('dl', { class: 'facts' }, systemFacts(s).filter(([k]) => k !== 'State').map(([k, v]) => h('div', h('dt', k), h('dd', v)))),
    can('events:read') ? h('p', h('a', { href: `#/deliveries?system=${enc(s.name)}` }, `Dead deliveries to ${s.name}`)) : null);
}

// A paged list under a filter form: fetchPage(cursor) answers {items, next}.
function pagedList(name, label, fetchPage, render, noun) {
  const results = h('div', { id: `${name}-results` });
  const prev = button('Previous page', { id: `${name}-prev`, hidden: true });
  const next = button('Next page', { id: `${name}-next`, hidden: true });
  let cursors = [null]; let page = 0; let nextCursor = null; let seq = 0;
  async function load(announce) {
    const mine = ++seq;
    results.setAttribute('aria-busy', 'true');
    try {
      const data = await fetchPage(cursors[page]);
      if (mine !== seq) return;
      const items = (data && data.items) || [];
      nextCursor = data && data.next;
      results.replaceChildren(items.length ? render(items, page) : empty(`No ${noun} match these filters.`));
      prev.hidden = page === 0;
      next.hidden = !nextCursor;
      if (announce) showStatus(`${items.length} ${noun} shown${page ? ` on page ${page + 1}` : ''}.`);
    } catch (e) {
      if (mine === seq) { results.replaceChildren(empty(`Could not load the ${noun}.`)); report(e); }
    } finally { results.setAttribute('aria-busy', 'false'); }
  }
  const wire = (btn, other, go) => btn.addEventListener('click', async () => {
    if (go()) await load(true);
    if (btn.hidden && !other.hidden) other.focus();
  });
  wire(next, prev, () => { if (!nextCursor) return false; cursors = cursors.slice(0, page + 1); cursors.push(nextCursor); page++; return true; });
  wire(prev, next, () => { if (!page) return false; page--; return true; });
  const el = h('section', { class: 'card', 'aria-label': label }, results, h('div', { class: 'pager' }, prev, next));
  return { el, load, reset() { cursors = [null]; page = 0; } };
}

function filterForm(label, fields, onSubmit) {
  const form = h('form', { class: 'filters card', 'aria-label': label }, fields, button('Apply filters', { type: 'submit' }, ''));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); showAlert(''); onSubmit(); });
  return form;
}

// Exceptions queue
function renderExceptions(r) {
  const p = r.params;
  const typeSel = select('filter-type', [['', 'Any type'], ...EXCEPTION_TYPES], p.get('type') || '');
  const statusSel = select('filter-status', [['any', 'Any status'], ...EXCEPTION_STATUSES], p.get('status') || 'open');
  const owner = textInput('filter-owner', p.get('owner'));
  const overdue = h('input', { id: 'filter-overdue', type: 'checkbox', checked: p.get('overdue') === 'true' });
  const order = select('filter-order', [['newest', 'Newest first'], ['oldest', 'Oldest first']], p.get('order') === 'oldest' ? 'oldest' : 'newest');
  const mine = button('Mine', { id: 'filter-mine' });
  const current = () => ({ status: statusSel.value, type: typeSel.value, owner: owner.value.trim(), overdue: overdue.checked, order: order.value });
  const list = pagedList('exceptions', 'Exception queue', (cursor) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(current())) if (v && v !== 'any') q.set(k, v === true ? 'true' : v);
    q.set('limit', '50');
    if (cursor) q.set('cursor', cursor);
    return api('GET', `/v1/exceptions?${q}`);
  }, exceptionsTable, 'exceptions');
  const form = filterForm('Filter exceptions', [
    field('Type', typeSel), field('Status', statusSel),
    h('div', { class: 'field' }, h('label', { for: 'filter-owner' }, 'Owner'), h('div', { class: 'field-row' }, owner, mine)),
    h('div', { class: 'field check' }, overdue, h('label', { for: 'filter-overdue' }, 'Overdue only')),
    field('Order', order)], () => { setQuery('exceptions', current()); list.reset(); list.load(true); });
  form.id = 'exception-filters';
  mine.addEventListener('click', () => { owner.value = session.client; form.requestSubmit(); });
  mount(pageHead('Exceptions'), form, list.el);
  list.load(false);
}

function exceptionsTable(items, page) {
  return table(`Exceptions${page ? `, page ${page + 1}` : ''}`, ['ID', 'Type', 'Status', 'System', 'Age', 'Owner', 'Overdue', 'Summary'],
    items.map((x) => h('tr', { data: { exceptionId: x.id, status: x.status } },
      h('th', { scope: 'row' }, h('a', { href: `#/exceptions/${enc(x.id)}`, class: 'mono' }, x.id)),
      h('td', x.type),
      h('td', badge(x.status, STATUS_TONE[x.status])),
      h('td', x.system || '—'),
      h('td', fmtAge(x.ageSeconds != null ? x.ageSeconds : (Date.now() - Date.parse(x.createdAt)) / 1000)),
      h('td', x.owner || 'Unassigned'),
      h('td', x.overdue ? badge('Overdue', 'bad') : h('span', { class: 'muted' }, 'No')),
      h('td', { class: 'wrap' }, x.summary || ''))));
}

// Exception detail
async function renderException(r, live) {
  const id = r.arg;
  mount(pageHead('Exception'), h('p', { class: 'muted' }, 'Loading…'));
  let x;
  try {
    x = await api('GET', `/v1/exceptions/${enc(id)}`);
  } catch (e) {
    if (!live()) return;
    mount(pageHead('Exception'), empty(`Exception ${id} could not be loaded.`), h('p', h('a', { href: '#/exceptions' }, 'Back to the queue')));
    report(e);
    return;
  }
  if (live()) paintException(x, live, false);
}

function documentLink(doc) {
  const m = /^purchase-order:(.+)$/.exec(doc || '');
  if (m && can('events:read')) return h('a', { href: `#/transactions?q=${enc(m[1])}` }, doc);
  return doc || '—';
}

function slaText(x) {
  if (!x.slaDueAt) return '—';
  const due = Date.parse(x.slaDueAt);
  const open = x.status === 'open' || x.status === 'in-progress';
  const delta = (due - Date.now()) / 1000;
  const rel = !open ? '' : x.overdue || delta < 0 ? ` — overdue by ${fmtAge(-delta)}` : ` — due in ${fmtAge(delta)}`;
  return [timeEl(x.slaDueAt), rel];
}

function paintException(x, live, focusHeading) {
  const ctx = (x.context && typeof x.context === 'object') ? x.context : {};
  const open = x.status === 'open' || x.status === 'in-progress';
  const writable = open && can('exceptions:write');
  const head = h('div', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, `Exception: ${x.type} `),
    h('span', { id: 'exception-status', class: `badge ${STATUS_TONE[x.status] || ''}`, data: { status: x.status } }, x.status),
    x.overdue && open ? badge('Overdue', 'bad') : null);
  const facts = [
    ['ID', h('span', { class: 'mono' }, x.id)],
    ['System', x.system || '—'],
    ['Owner', x.owner || 'Unassigned'],
    ['Age', fmtAge(x.ageSeconds != null ? x.ageSeconds : (Date.now() - Date.parse(x.createdAt)) / 1000)],
    ['Opened', timeEl(x.createdAt)],
    ['SLA due', slaText(x)],
    ['Updated', timeEl(x.updatedAt)],
    ['Correlation id', x.correlationId ? (can('events:read') ? h('a', { href: `#/transactions/${enc(x.correlationId)}`, class: 'mono' }, x.correlationId) : x.correlationId) : '—'],
    ['Event', x.eventId ? (can('events:read') ? h('a', { href: `#/transactions?q=${enc(x.eventId)}`, class: 'mono' }, x.eventId) : x.eventId) : '—'],
    ['Delivery', (x.deliveryId || ctx.deliveryId) ? h('span', { class: 'mono' }, x.deliveryId || ctx.deliveryId) : '—'],
    ['Document', documentLink(x.document)],
  ];
  const overview = h('section', { class: 'card', 'aria-label': 'Summary' },
    h('p', { class: 'summary-text', id: 'exception-summary' }, x.summary || ''),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', h('dt', k), h('dd', v)))));

  const parts = [head, overview];

  // The context: the destination's answer first, then what was sent and where it came from.
  const ctxParts = [];
  if (ctx.response) {
    const resp = ctx.response;
    const rb = resp.body && typeof resp.body === 'object' ? resp.body : null;
    ctxParts.push(h('details', { open: true, id: 'destination-answer' }, h('summary', "Destination's answer"),
      h('p', { class: 'answer-line' }, `HTTP ${resp.status != null ? resp.status : '—'}`, rb && rb.code ? ` · ${rb.code}` : '', rb && rb.message ? `: ${rb.message}` : ''),
      json(resp.body !== undefined ? resp.body : resp)));
  }
  if (ctx.event !== undefined) ctxParts.push(jsonDetails('Original payload', ctx.event, !ctx.response));
  if (ctx.normalized !== undefined) ctxParts.push(jsonDetails('Normalized form', ctx.normalized));
  if (ctx.request) {
    const rq = ctx.request;
    ctxParts.push(h('details', h('summary', 'Request sent'),
      h('p', { class: 'mono' }, `${rq.method || ''} ${rq.path || ''}`, rq.idempotencyKey ? ` · Idempotency-Key ${rq.idempotencyKey}` : ''),
      json(rq.body !== undefined ? rq.body : rq)));
  }
  ctxParts.push(jsonDetails('Full context (JSON)', ctx, ctxParts.length === 0));
  parts.push(section('Context', ctxParts));
  if (writable) parts.push(actionsPanel(x, live));
  else if (open) parts.push(h('p', { class: 'muted', id: 'read-only-note' }, 'Acting on this exception needs the exceptions:write scope.'));

  const history = Array.isArray(x.history) ? x.history : [];
  parts.push(section('History', history.length
    ? table(null, ['Time', 'By', 'Action', 'Note', 'Outcome', 'Data'], history.map((e) => h('tr', null,
      h('td', timeEl(e.at)), h('td', e.by || '—'), h('td', e.action || '—'),
      h('td', { class: 'wrap' }, e.note || ''), h('td', { class: 'wrap' }, fmtValue(e.outcome)),
      h('td', e.data != null ? jsonDetails('Data', e.data) : '—'))))
    : empty('Nothing done yet.')));

  const timeline = h('div', { id: 'exception-timeline' }, h('p', { class: 'muted' }, 'Loading the timeline…'));
  parts.push(section('Timeline', timeline));
  mount(parts);
  if (focusHeading) head.querySelector('h1').focus();
  loadTimeline(x.correlationId, timeline, live);
}

async function loadTimeline(cid, box, live) {
  if (!cid) { box.replaceChildren(empty('No correlation id.')); return; }
  if (!can('events:read')) { box.replaceChildren(empty('Reading the timeline needs the events:read scope.')); return; }
  try {
    const entries = await api('GET', `/v1/transactions/${enc(cid)}`);
    if (live()) box.replaceChildren(timelineTable(entries || []));
  } catch (e) {
    if (live()) box.replaceChildren(empty(`The timeline could not be loaded: ${e.message}`));
  }
}

function timelineTable(entries, id) {
  if (!entries.length) return empty('No timeline entries.');
  return table(null, ['Time', 'Stage', 'System', 'Outcome', 'Detail'], entries.map((e) => h('tr', { data: { stage: e.stage } },
    h('td', timeEl(e.at)), h('td', e.stage), h('td', e.system || '—'),
    h('td', e.outcome || ''), h('td', { class: 'wrap' }, e.detail || ''))), { id });
}

function actionsPanel(x, live) {
  const panel = h('section', { class: 'card actions-panel', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, 'Work this exception'));
  // Runs a write, then shows the exception as the hub now has it.
  const act = async (buttons, path, body, message) => {
    buttons.forEach((b) => { b.disabled = true; });
    showAlert('');
    try {
      await api('POST', `/v1/exceptions/${enc(x.id)}/${path}`, body);
      const fresh = await api('GET', `/v1/exceptions/${enc(x.id)}`);
      if (!live()) return;
      paintException(fresh, live, true);
      showStatus(message);
    } catch (e) { buttons.forEach((b) => { b.disabled = false; }); report(e); }
  };

  // Assign
  if (x.owner !== session.client) {
    const assign = button('Assign to me', { id: 'assign-me' });
    assign.addEventListener('click', () => act([assign], 'assign', { owner: session.client }, `Assigned to ${session.client}.`));
    panel.append(h('div', { class: 'actions-row' }, assign));
  } else {
    panel.append(h('p', { class: 'muted' }, 'Assigned to you.'));
  }

  // Fix a mapping
  if (can('masterdata:write')) panel.append(fixForm(x));

  // Preview the retry
  const actions = Array.isArray(x.actions) ? x.actions : [];
  if (actions.includes('retry')) {
    const result = h('div', { id: 'preview-result', class: 'preview', 'aria-live': 'polite' });
    const btn = button('Preview retry', { id: 'preview-retry' });
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      showAlert('');
      result.replaceChildren(h('p', { class: 'muted' }, 'Working out what a retry would send…'));
      try {
        const pv = await api('GET', `/v1/exceptions/${enc(x.id)}/preview`);
        if (live()) result.replaceChildren(...previewContent(pv || {}));
      } catch (e) {
        result.replaceChildren(h('p', { class: 'error-text' }, e.message));
      } finally { btn.disabled = false; }
    });
    panel.append(h('h3', 'What a retry would send'), h('div', { class: 'actions-row' }, btn), result);
  }

  // Resolve
  if (actions.length) {
    const note = h('textarea', { id: 'resolve-note', required: true, rows: '3', 'aria-describedby': 'resolve-help' });
    const form = h('form', { id: 'resolve-form', class: 'stack', 'aria-labelledby': 'resolve-h' },
      h('h3', { id: 'resolve-h' }, 'Resolve'),
      h('label', { for: 'resolve-note' }, 'Note (required)'), note,
      h('p', { id: 'resolve-help', class: 'muted' }, 'Say what was done or why; it is kept in the history.'),
      h('div', { class: 'actions-row' }, actions.map((a) => h('button', {
        type: 'submit', class: 'button resolve-action' + (a === 'reject' ? ' danger' : ''), data: { action: a } }, ACTION_LABELS[a] || a,
     ))));
    let clicked = null;
    form.addEventListener('click', (ev) => { const b = ev.target.closest('button.resolve-action'); if (b) clicked = b.dataset.action; });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const action = (ev.submitter && ev.submitter.dataset.action) || clicked;
      if (!action) return;
      if (!note.value.trim()) { showAlert('Write a note before resolving.'); note.focus(); return; }
      act([...form.querySelectorAll('button')], 'resolve', { action, note: note.value.trim() }, `Done: ${ACTION_LABELS[action] || action}.`);
    });
    panel.append(form);
  }
  return panel;
}

function guessKind(type) {
  return { 'unmapped-item': 'items', 'unmapped-location': 'locations', 'unmapped-unit': 'units', 'uom-mismatch': 'items' }[type] || 'items';
}

function fixForm(x) {
  const sys = textInput('fix-system', x.system, { required: true });
  const kind = select('fix-kind', CROSSWALK_KINDS, guessKind(x.type), { required: true });
  const code = textInput('fix-code', '', { required: true });
  const cid = textInput('fix-id', '', { required: true });
  const unit = textInput('fix-unit', '', { 'aria-describedby': 'fix-unit-help' });
  const result = h('p', { id: 'fix-result', class: 'result', 'aria-live': 'polite' });
  const submit = button('Save mapping', { id: 'fix-submit', type: 'submit' }, '');
  const form = h('form', { id: 'fix-form', 'aria-labelledby': 'fix-h' },
    h('h3', { id: 'fix-h' }, 'Fix a mapping'),
    h('p', { class: 'muted' }, "Map the system's own code to a canonical id, then preview and retry."),
    h('div', { class: 'form-grid' },
      field('System', sys), field('Kind', kind), field("System's code", code), field('Canonical id', cid),
      field('Unit (optional)', unit), h('div', { class: 'field' }, submit)),
    h('p', { id: 'fix-unit-help', class: 'hint' }, 'Unit: for items, the unit this system keeps the item in.'),
    result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = { system: sys.value.trim(), kind: kind.value, code: code.value.trim(), id: cid.value.trim(), unit: unit.value.trim() };
    if (!v.system || !v.code || !v.id) {
      result.className = 'result bad';
      result.textContent = 'System, code and canonical id are required.';
      (!v.system ? sys : !v.code ? code : cid).focus();
      return;
    }
    submit.disabled = true;
    result.className = 'result';
    result.textContent = 'Saving…';
    try {
      const body = { id: v.id };
      if (v.unit) body.unit = v.unit;
      await api('PUT', `/v1/systems/${enc(v.system)}/crosswalk/${enc(v.kind)}/${enc(v.code)}`, body);
      result.className = 'result ok';
      result.textContent = `Mapping saved: ${v.system} ${v.kind} ${v.code} → ${v.id}${v.unit ? ` (${v.unit})` : ''}.`;
    } catch (e) {
      result.className = 'result bad';
      result.textContent = `Not saved: ${e.message}`;
    } finally { submit.disabled = false; }
  });
  return form;
}

function changesTable(changes, id) {
  if (!Array.isArray(changes) || !changes.length) return empty('No changes from the last attempt.');
  return table('Changes', ['Path', 'From', 'To'], changes.map((c) => h('tr', null,
    h('th', { scope: 'row', class: 'mono' }, c.path), h('td', { class: 'mono wrap' }, fmtValue(c.from)), h('td', { class: 'mono wrap' }, fmtValue(c.to)))), { id });
}

function previewContent(pv) {
  const out = [h('p', pv.summary || 'Preview ready.')];
  for (const d of pv.deliveries || []) {
    out.push(h('h4', { class: 'mono' }, `${d.system || ''} · ${d.method || ''} ${d.path || ''}`, d.idempotencyKey ? ` · key ${d.idempotencyKey}` : ''),
      changesTable(d.changes), jsonDetails('Body a retry would send', d.body));
  }
  if (!(pv.deliveries || []).length) out.push(empty('A retry sends no delivery.'));
  return out;
}

// Transactions
function renderTransactions(r, live) {
  const initial = r.arg || r.params.get('q') || '';
  const input = textInput('tx-search', initial, { type: 'search', 'aria-describedby': 'tx-help' });
  const form = h('form', { class: 'card', role: 'search', 'aria-label': 'Find a transaction' },
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'tx-search' }, 'Correlation id, event id or PO number'), input),
      button('Show timeline', { type: 'submit' }, '')),
    h('p', { id: 'tx-help', class: 'muted' }, 'Event ids start with evt_. A PO number also shows the order.'));
  const out = h('div', { id: 'tx-result' });
  mount(pageHead('Transactions'), form, out);
  let seq = 0;
  async function search(q, announce) {
    const mine = ++seq;
    const ok = () => mine === seq && live();
    out.replaceChildren(h('p', { class: 'muted' }, 'Searching…'));
    showAlert('');
    try {
      const found = await findTransaction(q.replace(/^purchase-order:/, ''));
      if (!ok()) return;
      const parts = [];
      if (found.po) parts.push(poSection(found.po));
      if (found.event) parts.push(h('p', `Event ${found.event.id}, status `, badge(found.event.status || '—')));
      parts.push(section(`Timeline of ${found.cid}`, h('p', { class: 'muted mono', text: `Correlation id ${found.cid}` }), timelineTable(found.entries, 'tx-timeline')));
      out.replaceChildren(...parts);
      if (announce) showStatus(`${found.entries.length} timeline entr${found.entries.length === 1 ? 'y' : 'ies'} for ${q}.`);
    } catch (e) {
      if (!ok()) return;
      out.replaceChildren(empty(e.status === 404 ? `Nothing found for “${q}”.` : 'The search failed.'));
      if (e.status !== 404) report(e); else if (announce) showStatus(`Nothing found for ${q}.`);
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) { input.focus(); return; }
    setQuery('transactions', { q });
    search(q, true);
  });
  if (initial) search(initial, false);
}

async function findTransaction(q) {
  const notFound = (e) => e && (e.status === 404 || e.status === 400);
  if (/^evt_/i.test(q)) {
    const event = await api('GET', `/v1/events/${enc(q)}`);
    return { cid: event.correlationId, event, entries: (await api('GET', `/v1/transactions/${enc(event.correlationId)}`)) || [] };
  }
  const viaPO = async () => {
    const po = await api('GET', `/v1/purchase-orders/${enc(q)}`);
    return { cid: po.correlationId, po, entries: (await api('GET', `/v1/transactions/${enc(po.correlationId)}`)) || [] };
  };
  const looksLikePO = /^PO[-_ ]?\w/i.test(q);
  if (looksLikePO && can('orders:read')) {
    try { return await viaPO(); } catch (e) { if (!notFound(e)) throw e; }
  }
  try {
    const entries = await api('GET', `/v1/transactions/${enc(q)}`);
    if (Array.isArray(entries) && entries.length) return { cid: q, entries };
  } catch (e) { if (!notFound(e)) throw e; }
  if (!looksLikePO && can('orders:read')) return viaPO();
  throw new ApiError(404, { detail: `Nothing found for ${q}.` });
}

function poSection(po) {
  const lines = Array.isArray(po.lines) ? po.lines : [];
  return section(`Purchase order ${po.number}`,
    h('p', `Supplier ${po.supplier || '—'}`, po.status ? ' · status ' : '', po.status ? badge(po.status) : ''),
    lines.length ? table(null, ['Line', 'Item', 'Unit', 'State', 'Ordered', 'Acknowledged', 'Shipped', 'Received', 'Invoiced'], lines.map((l) => h('tr', null,
      h('th', { scope: 'row', class: 'num' }, l.line), h('td', l.item), h('td', l.unit), h('td', l.state),
      ...['ordered', 'acknowledged', 'shipped', 'received', 'invoiced'].map((k) => h('td', { class: 'num' }, l[k] == null ? '—' : l[k]))))) : empty('No lines.'));
}

// Deliveries
function renderDeliveries(r) {
  const p = r.params;
  const statuses = ['dead', 'rejected', 'pending', 'delivered'];
  const status = select('filter-delivery-status', statuses, statuses.includes(p.get('status')) ? p.get('status') : 'dead');
  const system = textInput('filter-delivery-system', p.get('system'));
  const writer = can('exceptions:write');
  const current = () => ({ status: status.value, system: system.value.trim() });
  const list = pagedList('deliveries', 'Deliveries', (cursor) => {
    const q = new URLSearchParams(Object.entries(current()).filter(([, v]) => v));
    q.set('limit', '50');
    if (cursor) q.set('cursor', cursor);
    return api('GET', `/v1/deliveries?${q}`);
  }, (items) => deliveriesTable(items, writer, () => list.load(false)), 'deliveries');
  const bulk = writer ? bulkPanel(current, () => list.load(false)) : null;
  const form = filterForm('Filter deliveries', [field('Status', status), field('System (optional)', system)], () => {
    setQuery('deliveries', current()); list.reset(); if (bulk) bulk.reset(); list.load(true);
  });
  for (const c of [status, system]) c.addEventListener('change', () => { if (bulk) bulk.reset(); });
  mount(pageHead('Deliveries'), form, list.el, bulk && bulk.el);
  list.load(false);
}

// Audit: who changed what, newest first (scope admin). Each entry is sealed by its hash and
// linked to the one before; `suture audit verify` checks the whole chain.
// Master data: items with their status, one item's versions, and drift against a system.
function renderMasterData(r) {
  const p = r.params;
  const q = textInput('filter-item-q', p.get('q'));
  const status = select('filter-item-status', [['', 'Any status'], 'active', 'inactive', 'discontinued'], p.get('status') || '');
  const current = () => ({ q: q.value.trim(), status: status.value, system: driftSystem.value });
  const list = pagedList('items', 'Items', (cursor) => {
    const qs = new URLSearchParams();
    if (q.value.trim()) qs.set('q', q.value.trim());
    if (status.value) qs.set('status', status.value);
    qs.set('limit', '50');
    if (cursor) qs.set('cursor', cursor);
    return api('GET', `/v1/items?${qs}`);
  }, itemsTable, 'items');
  const form = filterForm('Find items', [field('Search (id, description, GTIN, part)', q), field('Status', status)], () => {
    setQuery('masterdata', current()); list.reset(); list.load(true);
  });
  form.id = 'item-filters';

  // Drift: the newest comparison of one system with the canonical records.
  const driftSystem = select('drift-system', [['', 'Choose a system']], '');
  const driftResult = h('div', { id: 'drift-result', 'aria-live': 'polite' });
  const showDrift = async () => {
    if (!driftSystem.value) { driftResult.replaceChildren(empty('Choose a system to see where it differs.')); return; }
    setQuery('masterdata', current());
    driftResult.setAttribute('aria-busy', 'true');
    try {
      const report = await api('GET', `/v1/drift?system=${enc(driftSystem.value)}`);
      driftResult.replaceChildren(...driftContent(report));
    } catch (e) {
      driftResult.replaceChildren(empty(e.status === 404 ? `${driftSystem.value} was never compared: post a snapshot of its items, or set drift.every on an ERP.` : e.message));
      if (e.status !== 404) report(e);
    } finally { driftResult.setAttribute('aria-busy', 'false'); }
  };
  const driftForm = h('form', { id: 'drift-form', class: 'filters', 'aria-label': 'Drift against a system' }, field('System', driftSystem),
    button('Show drift', { type: 'submit', id: 'show-drift' }, ''));
  driftForm.addEventListener('submit', (ev) => { ev.preventDefault(); showAlert(''); showDrift(); });
  api('GET', '/v1/dashboard').then((d) => {
    for (const sys of (d && d.systems) || []) driftSystem.append(h('option', { value: sys.name, selected: sys.name === p.get('system') }, sys.name));
    if (p.get('system')) showDrift();
  }).catch(report);

  mount(pageHead('Master data'),
    h('p', 'Items as Suture holds them, every change kept as a version with who made it; and where another system holds something else.'),
    form, list.el,
    section('Drift', h('p', { class: 'muted' }, 'Each drifted item opens one master-data-drift exception per system; push sends the canonical record, accept takes the system\'s value.'),
      driftForm, driftResult));
  list.load(false);
}

function itemsTable(items, page) {
  return table(`Items${page ? `, page ${page + 1}` : ''}`, ['ID', 'Description', 'Base unit', 'Packaging', 'GTIN', 'Status'],
    items.map((it) => h('tr', { data: { itemId: it.id, status: it.status } },
      h('th', { scope: 'row' }, h('a', { href: `#/masterdata/${enc(it.id)}`, class: 'mono' }, it.id)),
      h('td', { class: 'wrap' }, it.description),
      h('td', it.baseUnit),
      h('td', (it.packaging || []).map((l) => `1 ${l.unit} = ${l.quantity} ${it.baseUnit}`).join(', ') || '—'),
      h('td', { class: 'mono' }, it.gtin || '—'),
      h('td', badge(it.status, it.status === 'active' ? 'ok' : '')))));
}

function driftContent(report) {
  const diffs = report.differences || [];
  const intro = h('p', { id: 'drift-summary' }, `${report.system}: ${fmtNum(report.records)} record${report.records === 1 ? '' : 's'} compared `, timeEl(report.comparedAt),
    `; ${diffs.length} difference${diffs.length === 1 ? '' : 's'}.`);
  if (!diffs.length) return [intro];
  const link = can('exceptions:read') ? h('p', h('a', { id: 'drift-exceptions', href: '#/exceptions?type=master-data-drift&status=open' }, 'Work the open drift exceptions')) : null;
  return [intro, table(`Drift against ${report.system}`, [`Code in ${report.system}`, 'Item', 'Field', `In ${report.system}`, 'In Suture', 'Kind'],
    diffs.map((d) => h('tr', { data: { code: d.code, field: d.field || '' } },
      h('th', { scope: 'row', class: 'mono' }, d.code || '—'),
      h('td', d.item ? h('a', { href: `#/masterdata/${enc(d.item)}`, class: 'mono' }, d.item) : '—'),
      h('td', d.field || '—'),
      h('td', { class: 'wrap' }, fmtValue(d.system)),
      h('td', { class: 'wrap' }, fmtValue(d.canonical)),
      h('td', badge(d.kind, d.kind === 'mismatch' ? 'warn' : 'info')))), { id: 'drift-table' }), link];
}

// One item: the record, its versions, and retiring it.
async function renderItem(r, live) {
  const id = r.arg;
  mount(pageHead(`Item ${id}`), h('p', { class: 'muted' }, 'Loading…'));
  let item; let history;
  try {
    [item, history] = await Promise.all([api('GET', `/v1/items/${enc(id)}`), api('GET', `/v1/items/${enc(id)}/history`)]);
  } catch (e) {
    if (!live()) return;
    mount(pageHead(`Item ${id}`), empty(`Item ${id} could not be loaded.`), h('p', h('a', { href: '#/masterdata' }, 'Back to master data')));
    report(e);
    return;
  }
  if (!live()) return;
  const facts = [['Description', item.description], ['Base unit', item.baseUnit],
    ['Packaging', (item.packaging || []).map((l) => `1 ${l.unit} = ${l.quantity} ${item.baseUnit}${l.gtin ? ` (GTIN ${l.gtin})` : ''}`).join(', ') || '—'],
    ['GTIN', item.gtin || '—'], ['Manufacturer', [item.manufacturer, item.manufacturerPart].filter(Boolean).join(', ') || '—'],
    ['Status', h('span', { id: 'item-status', class: `badge ${item.status === 'active' ? 'ok' : ''}` }, item.status)]];
  const record = section('Record', h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', h('dt', k), h('dd', v)))));
  const versions = section('History',
    (history || []).length ? table(`Versions of ${id}, newest first`, ['Version', 'When', 'Who', 'What changed'], history.map((v) =>
      h('tr', { data: { version: String(v.version) } },
        h('th', { scope: 'row', class: 'num' }, String(v.version)),
        h('td', timeEl(v.at)),
        h('td', v.actor),
        h('td', { class: 'mono wrap', text: auditDetails({ changes: v.changes }) }))), { id: 'item-history' }) : empty('No versions recorded.'));
  const kids = [pageHead(`Item ${id}`), h('p', h('a', { href: '#/masterdata' }, 'Back to master data')), record, versions];
  if (can('masterdata:write') && item.status !== 'inactive') {
    const retire = button('Retire this item', { id: 'retire-item' }, 'danger');
    retire.addEventListener('click', async () => {
      if (!window.confirm(`Retire ${id}? It stays readable; it is refused while an open order line uses it.`)) return;
      retire.disabled = true;
      showAlert('');
      try {
        await api('DELETE', `/v1/items/${enc(id)}`);
        if (live()) { await renderItem(r, live); showStatus(`${id} is retired.`); }
      } catch (e) { retire.disabled = false; report(e); }
    });
    kids.push(section('Retire', h('p', { class: 'muted' }, 'A retired item is inactive: kept for history and old documents.'), h('div', { class: 'actions-row' }, retire)));
  }
  mount(...kids);
}

// Stock: the requisitions waiting for approval, critical-supply exposure with its suggested
// transfers, and what is on hand (docs/stock.md).
function renderStock(r, live) {
  const queue = h('div', { id: 'requisition-queue', 'aria-live': 'polite' });
  const recent = h('div', { id: 'requisitions-recent' });
  const exposure = h('div', { id: 'exposure', 'aria-live': 'polite' });
  const levels = h('div', { id: 'stock-levels' });
  const load = async () => {
    const jobs = [];
    if (can('orders:read')) {
      jobs.push(api('GET', '/v1/requisitions').then((all) => {
        const proposed = (all || []).filter((q) => q.status === 'proposed');
        queue.replaceChildren(...queueContent(proposed, load));
        const decided = (all || []).filter((q) => q.status !== 'proposed').slice(-20).reverse();
        recent.replaceChildren(decided.length ? requisitionsTable('Recent requisitions, newest first', decided, null, 'requisitions-table')
          : empty('No requisition has been decided yet.'));
      }));
    }
    if (can('events:read')) {
      jobs.push(api('GET', '/v1/stock/exposure?critical=true').then((report) => exposure.replaceChildren(...exposureContent(report || {}, load))));
      jobs.push(api('GET', '/v1/stock').then((positions) => levels.replaceChildren((positions || []).length
        ? table('On hand and on order, in base units', ['Location', 'Item', 'On hand', 'On order', 'Lots'], positions.map((p) =>
          h('tr', { data: { location: p.location, item: p.item } },
            h('th', { scope: 'row', class: 'mono' }, p.location), h('td', { class: 'mono' }, p.item),
            h('td', { class: 'num' }, `${fmtNum(p.onHand)} ${p.unit}`), h('td', { class: 'num' }, `${fmtNum(p.onOrder)} ${p.unit}`),
            h('td', { class: 'wrap' }, (p.lots || []).map((l) => `${l.lot || 'no lot'}${l.expiry ? ` (exp. ${l.expiry})` : ''}: ${fmtNum(l.quantity)}`).join(', ') || '—'))),
        { id: 'stock-table' }) : empty('No stock recorded yet: it is kept from the inventory events.'))));
    }
    try { await Promise.all(jobs); } catch (e) { if (live()) report(e); }
  };
  const kids = [pageHead('Stock'), h('p', 'Requisitions raised when stock falls to a reorder point, critical supplies across facilities, and what is on hand.')];
  if (can('orders:read')) kids.push(section('Waiting for approval', queue), section('Requisitions', recent));
  if (can('events:read')) kids.push(section('Critical-supply exposure', exposure), section('On hand', levels));
  mount(...kids);
  load();
}

function requisitionsTable(caption, items, selectable, id) {
  const headers = (selectable ? ['Select'] : []).concat(['Requisition', 'Location', 'Item', 'Quantity', 'Supplier', 'Amount', 'Status', 'Order']);
  return table(caption, headers, items.map((q) => h('tr', { data: { requisition: q.id, status: q.status } },
    selectable ? h('td', h('input', { type: 'checkbox', class: 'pick-requisition', value: q.id, 'aria-label': `Select ${q.id}` })) : null,
    h('th', { scope: 'row', class: 'mono' }, q.id),
    h('td', { class: 'mono' }, q.location), h('td', { class: 'mono' }, q.item),
    h('td', { class: 'num' }, `${fmtNum(q.quantity)} ${q.unit} (${fmtNum(q.baseQuantity)} ${q.baseUnit || ''})`),
    h('td', q.supplier || '—'),
    h('td', { class: 'num' }, q.amount ? `${q.amount} ${q.currency || ''}` : '—'),
    h('td', badge(q.status, q.status === 'ordered' ? 'ok' : q.status === 'rejected' ? '' : 'warn'), q.orderProblem ? h('p', { class: 'error-text' }, q.orderProblem) : null),
    h('td', q.purchaseOrder ? h('span', { class: 'mono' }, q.purchaseOrder) : '—'))), { id });
}

function queueContent(proposed, reload) {
  if (!proposed.length) return [empty('No requisition waits for approval.')];
  const kids = [requisitionsTable('Proposed requisitions, oldest first', proposed, can('orders:write'), 'approval-table')];
  if (!can('orders:write')) return kids;
  const reason = textInput('reject-reason', '', { placeholder: 'Why (for a rejection)' });
  const approve = button('Approve selected', { id: 'approve-selected' }, '');
  const reject = button('Reject selected', { id: 'reject-selected' }, 'danger');
  const picked = () => [...document.querySelectorAll('.pick-requisition:checked')].map((c) => c.value);
  approve.addEventListener('click', async () => {
    const ids = picked();
    if (!ids.length) { showAlert('Select the requisitions to approve.'); return; }
    approve.disabled = true; showAlert('');
    try {
      const done = await api('POST', '/v1/requisitions:approve', { ids });
      const orders = [...new Set((done || []).map((q) => q.purchaseOrder).filter(Boolean))];
      showStatus(`Approved ${ids.length}; ordered on ${orders.length ? orders.join(', ') : 'no purchase order yet'}.`);
      await reload();
    } catch (e) { approve.disabled = false; report(e); }
  });
  reject.addEventListener('click', async () => {
    const ids = picked();
    if (!ids.length) { showAlert('Select the requisitions to reject.'); return; }
    reject.disabled = true; showAlert('');
    try {
      for (const id of ids) await api('POST', `/v1/requisitions/${enc(id)}/reject`, reason.value.trim() ? { reason: reason.value.trim() } : undefined);
      showStatus(`Rejected ${ids.length}.`);
      await reload();
    } catch (e) { reject.disabled = false; report(e); }
  });
  kids.push(h('div', { class: 'actions-row' }, approve, field('Reason', reason), reject));
  return kids;
}

function exposureContent(report, reload) {
  const rows = report.positions || [];
  if (!rows.length) return [empty('No critical supply: mark a par level critical to watch it across facilities.')];
  const kids = [table(`Critical supplies by facility (usage over ${report.usageDays} days, target ${report.targetDays} days)`,
    ['Item', 'Facility', 'On hand', 'Daily usage', 'Days of supply', 'Short', 'Surplus'], rows.map((p) =>
      h('tr', { data: { item: p.item, facility: p.facility } },
        h('th', { scope: 'row', class: 'mono' }, p.item), h('td', { class: 'mono' }, p.facility),
        h('td', { class: 'num' }, `${fmtNum(p.onHand)} ${p.unit}`), h('td', { class: 'num' }, fmtNum(p.averageDailyUsage)),
        h('td', { class: 'num' }, p.daysOfSupply == null ? '—' : fmtNum(p.daysOfSupply)),
        h('td', { class: 'num' }, Number(p.need) > 0 ? badge(fmtNum(p.need), 'warn') : '0'),
        h('td', { class: 'num' }, fmtNum(p.surplus)))), { id: 'exposure-table' })];
  const transfers = report.transfers || [];
  if (!transfers.length) { kids.push(h('p', { class: 'muted', id: 'no-transfers' }, 'No transfer suggested: no facility is short while another holds more than it needs.')); return kids; }
  kids.push(table('Suggested transfers', ['Item', 'Quantity', 'From', 'To', 'Action'], transfers.map((t, i) => {
    const accept = can('events:write') ? button('Accept transfer', { id: `accept-transfer-${i}`, class: 'button accept-transfer' }, '') : null;
    if (accept) {
      accept.addEventListener('click', async () => {
        accept.disabled = true; showAlert('');
        try {
          const key = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : `console-${Date.now()}-${i}`;
          const done = await api('POST', '/v1/stock/transfers', { item: t.item, fromLocation: t.fromLocation, toLocation: t.toLocation, quantity: t.quantity },
            { 'Idempotency-Key': key });
          showStatus(`Transfer of ${t.quantity} ${t.unit} ${t.item} from ${t.fromLocation} to ${t.toLocation} accepted: ${(done.events || []).length} transfer event(s).`);
          setTimeout(() => { reload(); }, 1500);
        } catch (e) { accept.disabled = false; report(e); }
      });
    }
    return h('tr', { data: { item: t.item, from: t.fromLocation, to: t.toLocation } },
      h('th', { scope: 'row', class: 'mono' }, t.item), h('td', { class: 'num' }, `${fmtNum(t.quantity)} ${t.unit}`),
      h('td', { class: 'mono' }, `${t.fromLocation} (${t.fromFacility})`), h('td', { class: 'mono' }, `${t.toLocation} (${t.toFacility})`),
      h('td', accept));
  }), { id: 'transfers-table' }));
  return kids;
}

function renderAudit(r) {
  const p = r.params;
  const actor = textInput('filter-audit-actor', p.get('actor'));
  const action = textInput('filter-audit-action', p.get('action'));
  const target = textInput('filter-audit-target', p.get('target'));
  const current = () => ({ actor: actor.value.trim(), action: action.value.trim(), target: target.value.trim() });
  const list = pagedList('audit', 'Audit entries', (cursor) => {
    const q = new URLSearchParams(Object.entries(current()).filter(([, v]) => v));
    q.set('limit', '50');
    if (cursor) q.set('cursor', cursor);
    return api('GET', `/v1/audit?${q}`);
  }, auditTable, 'audit entries');
  const form = filterForm('Filter the audit log', [field('Actor (client)', actor), field('Action (item.put)', action),
    field('Target (item:GLOVE-M, or item: for all items)', target)], () => {
    setQuery('audit', current()); list.reset(); list.load(true);
  });
  mount(pageHead('Audit'), h('p', 'Every change made by a client or a person, written with the change itself. Each entry carries the hash of the one before it; run suture audit verify to check the whole chain.'),
    form, list.el);
  list.load(false);
}

function auditTable(items) {
  return table(null, ['#', 'When', 'Actor', 'Action', 'Target', 'Details', 'Hash'], items.map((e) =>
    h('tr', { data: { auditSeq: String(e.seq), action: e.action } },
      h('th', { scope: 'row', class: 'num' }, String(e.seq)),
      h('td', timeEl(e.at)),
      h('td', e.actor),
      h('td', { class: 'mono' }, e.action),
      h('td', { class: 'mono wrap' }, e.target),
      h('td', { class: 'mono wrap', text: auditDetails(e.details) }),
      h('td', { class: 'mono', title: e.hash, text: String(e.hash || '').slice(0, 12) + '…' }))));
}

/// The field changes of an edit as `field: from → to`, else the details as JSON.
function auditDetails(details) {
  if (details && Array.isArray(details.changes)) {
    const show = (v) => (v === null || v === undefined ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    return (details.created ? 'created; ' : '') + details.changes.filter((c) => c.from != null || c.to != null)
      .map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`).join('; ');
  }
  return JSON.stringify(details);
}

function deliveriesTable(items, writer, reload) {
  const headers = ['ID', 'System', 'Status', 'Request', 'Attempts', 'Last answer', 'Updated', 'Transaction'];
  if (writer) headers.push('Action');
  return table(null, headers, items.map((d) => {
    const row = h('tr', { data: { deliveryId: d.id, status: d.status } },
      h('th', { scope: 'row', class: 'mono' }, d.id),
      h('td', d.system),
      h('td', badge(d.status, d.status === 'rejected' ? 'bad' : STATUS_TONE[d.status])),
      h('td', { class: 'mono wrap', text: `${d.method || ''} ${d.path || ''}` }),
      h('td', { class: 'num' }, fmtNum(d.attempts)),
      h('td', { class: 'wrap', text: [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '', d.lastError || ''].filter(Boolean).join(' · ') || '—' }),
      h('td', timeEl(d.updatedAt || d.createdAt)),
      h('td', d.correlationId ? h('a', { href: `#/transactions/${enc(d.correlationId)}`, class: 'mono', text: 'Timeline', 'aria-label': `Timeline of ${d.correlationId}` }) : '—'));
    if (writer) {
      const replayable = ['dead', 'rejected', 'pending'].includes(d.status);
      const btn = replayable ? button('Replay', { data: { deliveryId: d.id }, 'aria-label': `Replay delivery ${d.id}` }, 'small secondary replay-one') : null;
      if (btn) {
        btn.addEventListener('click', async () => {
          btn.disabled = true;
          showAlert('');
          try {
            await api('POST', `/v1/deliveries/${enc(d.id)}/replay`);
            showStatus(`Delivery ${d.id} is queued again.`);
            reload();
          } catch (e) { btn.disabled = false; report(e); }
        });
      }
      row.append(h('td', btn || '—'));
    }
    return row;
  }));
}

function bulkPanel(getFilter, reload) {
  const preview = button('Preview replay', { id: 'replay-preview' });
  const out = h('div', { id: 'replay-preview-out' });
  const result = h('p', { id: 'replay-result', class: 'result', 'aria-live': 'polite' });
  const el = h('section', { class: 'card actions-panel', 'aria-labelledby': 'bulk-h' },
    h('h2', { id: 'bulk-h' }, 'Bulk replay'),
    h('p', { class: 'muted' }, 'Replays every dead or rejected delivery the filter above matches. The dry run first lists what each would now send.'),
    h('div', { class: 'actions-row' }, preview), out, result);
  let filter = null;
  const reset = () => { out.replaceChildren(); filter = null; };
  preview.addEventListener('click', async () => {
    const f = getFilter();
    if (f.status !== 'dead' && f.status !== 'rejected') {
      out.replaceChildren(h('p', { class: 'error-text' }, 'Bulk replay works on dead or rejected deliveries: choose one of those statuses.'));
      return;
    }
    filter = { status: f.status };
    if (f.system) filter.system = f.system;
    preview.disabled = true;
    result.textContent = '';
    showAlert('');
    out.replaceChildren(h('p', { class: 'muted' }, 'Running a dry run…'));
    try {
      const res = await api('POST', '/v1/deliveries:replay', { filter, dryRun: true });
      const list = (res && res.deliveries) || [];
      const matched = res && res.matched != null ? res.matched : list.length;
      if (!matched) { out.replaceChildren(empty('Nothing to replay for this filter.')); return; }
      const confirm = button(`Replay ${fmtNum(matched)} deliver${matched === 1 ? 'y' : 'ies'}`, { id: 'replay-confirm', data: { count: matched } }, '');
      const cancel = button('Cancel');
      cancel.addEventListener('click', () => { reset(); preview.focus(); });
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        showAlert('');
        try {
          const done = await api('POST', '/v1/deliveries:replay', { filter, dryRun: false });
          const n = done && done.replayed != null ? done.replayed : 0;
          reset();
          const failed = ((done && done.deliveries) || []).filter((d) => d.problem);
          result.className = failed.length ? 'result bad' : 'result ok';
          result.textContent = `Replayed ${fmtNum(n)} of ${fmtNum(done && done.matched != null ? done.matched : matched)} matched deliveries.`
            + failed.map((d) => ` ${d.id}: ${d.problem}.`).join('');
          preview.focus();
          reload();
        } catch (e) { confirm.disabled = false; result.className = 'result bad'; result.textContent = e.message; }
      });
      out.replaceChildren(
        table(`Dry run: ${fmtNum(matched)} matched${list.length < matched ? `, first ${fmtNum(list.length)} shown` : ''}`,
          ['ID', 'System', 'Status', 'Attempts', 'Last error', 'Changes'], list.map((d) => h('tr', { data: { deliveryId: d.id } },
            h('th', { scope: 'row', class: 'mono' }, d.id), h('td', d.system), h('td', d.status),
            h('td', { class: 'num' }, fmtNum(d.attempts)), h('td', { class: 'wrap' }, d.lastError || '—'),
            h('td', Array.isArray(d.changes) && d.changes.length
              ? h('ul', d.changes.map((c) => h('li', { class: 'mono' }, `${c.path}: ${fmtValue(c.from)} → ${fmtValue(c.to)}`)))
              : h('span', { class: 'muted' }, 'Sent as before')))), { id: 'replay-preview-table' }),
        h('div', { class: 'actions-row' }, confirm, cancel));
      confirm.focus();
    } catch (e) {
      out.replaceChildren();
      report(e);
    } finally { preview.disabled = false; }
  });
  return { el, reset };
}

// Start
async function boot() {
  $('login-form').addEventListener('submit', onLogin);
  $('logout').addEventListener('click', onLogout);
  $('skip-link').addEventListener('click', (ev) => { ev.preventDefault(); $('main').focus(); });
  window.addEventListener('hashchange', () => route(true));
  document.addEventListener('visibilitychange', () => { if (!document.hidden && currentTick) currentTick(); });
  try {
    const s = await api('GET', '/console/session');
    startSession(s, false);
  } catch (e) {
    showLogin(e.status === 401 ? '' : e.message);
  }
}
boot();
})();
