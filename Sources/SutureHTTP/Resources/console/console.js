// Suture console: vanilla ES2020, no dependencies, no inline code, no innerHTML with data.
'use strict';

(() => {
  const EXCEPTION_TYPES = [
    'unmapped-item', 'unmapped-location', 'unmapped-unit', 'uom-mismatch', 'quantity-mismatch',
    'price-variance', 'master-data-conflict', 'supplier-substitution', 'backorder', 'missing-lot',
    'expired-lot', 'missing-serial', 'missing-expiry', 'unknown-gtin', 'rejected-by-destination',
    'invalid-document', 'delivery-exhausted', 'master-data-drift', 'lot-mismatch', 'unmatched-receipt',
  ];
  const EXCEPTION_STATUSES = ['open', 'in-progress', 'resolved', 'rejected'];
  const CROSSWALK_KINDS = ['items', 'locations', 'suppliers', 'units'];
  const ACTION_LABELS = { retry: 'Retry', approve: 'Approve', reject: 'Reject', substitute: 'Accept substitute' };
  const REFRESH_MS = 10000;

  const $ = (id) => document.getElementById(id);
  let session = null; // {client, scopes, csrfToken}
  let generation = 0; // bumps on every route change; stale async work checks it
  let refreshTimer = null;

  // ---------- DOM helpers (text only, never HTML) ----------
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
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

  function field(labelText, control, extraClass) {
    if (!control.id) control.id = nextId('f');
    return h('div', { class: 'field' + (extraClass ? ' ' + extraClass : '') }, h('label', { for: control.id, text: labelText }), control);
  }
  function select(id, options, value, extra) {
    const s = h('select', Object.assign({ id }, extra || {}));
    for (const o of options) {
      const [v, label] = Array.isArray(o) ? o : [o, o];
      s.append(h('option', { value: v, selected: v === value, text: label }));
    }
    return s;
  }
  function table(caption, headers, rows, opts) {
    const o = opts || {};
    const t = h('table', { id: o.id },
      caption ? h('caption', { text: caption }) : null,
      h('thead', null, h('tr', null, headers.map((c) => h('th', { scope: 'col', class: /^(Backlog|Attempts|Open|Count|Value|Threshold|Ordered|Shipped|Received|Invoiced|Acknowledged|Line)$/.test(c) ? 'num' : null, text: c })))),
      h('tbody', null, rows));
    return h('div', { class: 'table-wrap' }, t);
  }
  function badge(text, tone) { return h('span', { class: 'badge ' + (tone || ''), text }); }
  function json(value) { return h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(value, null, 2)); }
  function section(title, ...kids) {
    const hid = nextId('h');
    return h('section', { class: 'card', 'aria-labelledby': hid }, h('h2', { id: hid, text: title }), kids);
  }
  function jsonDetails(title, value, open) { return h('details', { open: !!open }, h('summary', { text: title }), json(value)); }
  const empty = (text) => h('p', { class: 'empty', text });

  // ---------- Formatting ----------
  const numberFmt = new Intl.NumberFormat();
  const fmtNum = (n) => (n == null || n === '' || Number.isNaN(Number(n)) ? '—' : numberFmt.format(Number(n)));
  const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const clockFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  function fmtTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : dateFmt.format(d);
  }
  function timeEl(iso) { return iso ? h('time', { datetime: iso, text: fmtTime(iso) }) : '—'; }
  function fmtAge(seconds) {
    if (seconds == null || Number.isNaN(Number(seconds))) return '—';
    const s = Math.max(0, Math.round(Number(seconds)));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min`;
    if (s < 86400) return `${Math.floor(s / 3600)} h`;
    return `${fmtNum(Math.floor(s / 86400))} d`;
  }
  const fmtMs = (ms) => (ms == null ? '—' : `${fmtNum(Math.round(ms))} ms`);
  const fmtRate = (r) => (r == null ? '—' : `${(Number(r) * 100).toFixed(1)} %`);
  const fmtValue = (v) => (v == null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
  const enc = encodeURIComponent;

  const STATE_TONE = { up: 'ok', degraded: 'warn', down: 'bad', closed: 'ok', 'half-open': 'warn', open: 'bad', ok: 'ok', pending: 'warn', firing: 'bad' };
  const STATUS_TONE = { open: 'bad', 'in-progress': 'warn', resolved: 'ok', rejected: '', dead: 'bad', pending: 'info', 'in-flight': 'info', delivered: 'ok', superseded: '' };

  // ---------- Session and API ----------
  const can = (scope) => !!session && (session.scopes.includes('admin') || session.scopes.includes(scope));
  const canReadAny = () => !!session && (session.scopes.includes('admin') || session.scopes.some((s) => s.endsWith(':read')));

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || (status ? `The hub answered HTTP ${status}.` : 'Request failed.'));
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
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
    session = { client: String(s.client || ''), scopes: Array.isArray(s.scopes) ? s.scopes.map(String) : [], csrfToken: String(s.csrfToken || '') };
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

  // ---------- Routing ----------
  const PAGES = {
    overview: { title: 'Overview', allowed: canReadAny, render: renderOverview },
    exceptions: { title: 'Exceptions', allowed: () => can('exceptions:read'), render: (r, live) => (r.arg ? renderException(r, live) : renderExceptions(r, live)) },
    transactions: { title: 'Transactions', allowed: () => can('events:read'), render: renderTransactions },
    deliveries: { title: 'Deliveries', allowed: () => can('events:read'), render: renderDeliveries },
    systems: { title: 'Systems', allowed: canReadAny, render: renderSystems },
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
        mount(h('h1', { tabindex: '-1', text: 'Nothing to show' }), h('p', { text: 'This client has no scope that lets it read any console page.' }));
        return;
      }
      if (r.page !== first) { location.replace(`#/${first}`); return; }
    }
    generation++;
    clearTimeout(refreshTimer);
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
    return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1', text: title }), extra);
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
  function refreshEvery(live, fn) {
    const tick = async () => {
      if (!live()) return;
      if (!document.hidden) await fn();
      if (live()) refreshTimer = setTimeout(tick, REFRESH_MS);
    };
    tick();
  }
  // Previous/next buttons; a button that hides itself hands focus to the other one.
  function pager(prev, next, goNext, goPrev) {
    const wire = (btn, other, go) => btn.addEventListener('click', async () => {
      await go();
      if (btn.hidden && !other.hidden) other.focus();
    });
    wire(next, prev, goNext);
    wire(prev, next, goPrev);
  }
  function setQuery(page, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v != null && v !== '' && v !== false) q.set(k, v === true ? 'true' : v);
    const s = q.toString();
    history.replaceState(null, '', `#/${page}${s ? '?' + s : ''}`);
  }

  // ---------- Overview ----------
  async function loadDashboard() {
    const [dash, alerts] = await Promise.all([
      api('GET', '/v1/dashboard'),
      can('metrics:read') ? api('GET', '/v1/alerts').catch((e) => { if (e.status === 403 || e.status === 404) return null; throw e; }) : Promise.resolve(null),
    ]);
    return { dash, alerts };
  }

  function renderOverview(r, live) {
    const updated = h('p', { class: 'muted', id: 'overview-updated', text: 'Loading…' });
    const body = h('div', { class: 'stack-lg' });
    mount(pageHead('Overview', updated), body);
    let failed = false;
    refreshEvery(live, async () => {
      try {
        const { dash, alerts } = await loadDashboard();
        if (!live()) return;
        keepFocus(body, () => body.replaceChildren(...overviewContent(dash || {}, alerts)));
        updated.textContent = `Updated ${clockFmt.format(new Date())} · refreshes every 10 s`;
        if (failed) { showAlert(''); failed = false; }
      } catch (e) {
        if (!live()) return;
        failed = true;
        report(e);
      }
    });
  }

  function figure(label, id, value, link, attention) {
    return h('div', { class: 'figure' + (attention ? ' attention' : '') },
      h('dt', { text: label }),
      h('dd', { id, data: { value: value == null ? '' : Number(value) }, text: fmtNum(value) }),
      link ? h('dd', null, h('a', { href: link[0], text: link[1] })) : null);
  }

  function overviewContent(d, alertList) {
    const b = d.business || {};
    const ex = b.openExceptions || {};
    const p = d.pipeline || {};
    const figures = h('section', { 'aria-labelledby': 'fig-h' },
      h('h2', { id: 'fig-h', class: 'visually-hidden', text: 'Key figures' }),
      h('dl', { class: 'figures' },
        figure('Open exceptions', 'open-exceptions-total', ex.total, can('exceptions:read') ? ['#/exceptions?status=open', 'Open the queue'] : null),
        figure('Overdue exceptions', 'open-exceptions-overdue', ex.overdue, can('exceptions:read') ? ['#/exceptions?status=open&overdue=true', 'Overdue first'] : null, ex.overdue > 0),
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
          h('div', null, h('dt', { text: 'Last minute' }), h('dd', { id: 'delivered-last-minute', text: fmtNum(perMin.length ? perMin[perMin.length - 1] : null) })),
          h('div', null, h('dt', { text: 'Peak' }), h('dd', { text: fmtNum(perMin.length ? Math.max(...perMin) : null) })),
          h('div', null, h('dt', { text: 'Hour total' }), h('dd', { text: fmtNum(total) })))));

    const byType = Object.entries(ex.byType || {}).sort((a, b2) => b2[1] - a[1]);
    const linkType = can('exceptions:read');
    const typeTable = byType.length
      ? table('By type', ['Type', 'Open'], byType.map(([t, n]) => h('tr', null,
        h('th', { scope: 'row' }, linkType ? h('a', { href: `#/exceptions?type=${enc(t)}&status=open`, text: t }) : t),
        h('td', { class: 'num', text: fmtNum(n) }))))
      : empty('No open exceptions.');
    const age = ex.byAge || {};
    const ageTable = table('By age', ['Age', 'Open'], [['Under 1 hour', age.under1h], ['1 to 24 hours', age.under24h], ['Over 24 hours', age.over24h]]
      .map(([l, n]) => h('tr', null, h('th', { scope: 'row', text: l }), h('td', { class: 'num', text: fmtNum(n) }))));

    const systems = section('Systems', systemsTable(d.systems || []));
    const alertsRows = alertList || d.alerts || [];
    const alertsBox = section('Alerts', alertsRows.length
      ? table(null, ['Alert', 'State', 'Since', 'Value', 'Threshold'], alertsRows.map((a) => h('tr', { data: { alertName: a.name, state: a.state } },
        h('th', { scope: 'row', text: a.name }), h('td', null, badge(a.state, STATE_TONE[a.state])),
        h('td', null, timeEl(a.since)), h('td', { class: 'num', text: fmtValue(a.value) }), h('td', { class: 'num', text: fmtValue(a.threshold) }))))
      : empty('No alerts defined.'));

    return [figures, systems, pipeline, h('div', { class: 'grid-2' }, section('Open exceptions', typeTable, ageTable), alertsBox)];
  }

  function sparkline(values) {
    const W = 600; const H = 64; const P = 4;
    const el = svg('svg', { class: 'sparkline', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', focusable: 'false' });
    const max = Math.max(1, ...values);
    const label = values.length
      ? `Deliveries per minute over the last ${values.length} minutes: lowest ${fmtNum(Math.min(...values))}, highest ${fmtNum(Math.max(...values))}, latest ${fmtNum(values[values.length - 1])}.`
      : 'No delivery figures yet.';
    el.setAttribute('aria-label', label);
    const title = svg('title');
    title.textContent = label;
    el.append(title);
    if (values.length) {
      const step = values.length > 1 ? (W - 2 * P) / (values.length - 1) : 0;
      const pts = values.map((v, i) => [P + i * step, H - P - (v / max) * (H - 2 * P)]);
      const line = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
      el.append(svg('polygon', { class: 'area', points: `${P},${H - P} ${line} ${pts[pts.length - 1][0].toFixed(1)},${H - P}` }));
      el.append(svg('polyline', { class: 'line', points: line, 'vector-effect': 'non-scaling-stroke' }));
    }
    return el;
  }

  function systemsTable(systems) {
    if (!systems.length) return empty('No systems configured.');
    const link = can('events:read');
    return table(null, ['System', 'Kind', 'State', 'Circuit', 'Backlog', 'Oldest pending', 'Failure rate (1 h)', 'Latency p50 / p99'],
      systems.map((s) => h('tr', { data: { systemName: s.name, state: s.state } },
        h('th', { scope: 'row' }, link ? h('a', { href: `#/deliveries?system=${enc(s.name)}`, text: s.name }) : s.name),
        h('td', { text: s.kind || '—' }),
        h('td', null, badge(s.state, STATE_TONE[s.state])),
        h('td', null, badge(s.circuit, STATE_TONE[s.circuit])),
        h('td', { class: 'num', text: fmtNum(s.backlog) }),
        h('td', { text: s.oldestPendingSeconds ? fmtAge(s.oldestPendingSeconds) : '—' }),
        h('td', { text: `${fmtRate(s.failureRate1h)} (${fmtNum(s.failed1h)} of ${fmtNum((Number(s.delivered1h) || 0) + (Number(s.failed1h) || 0))})` }),
        h('td', { text: `${fmtMs(s.latencyP50Ms)} / ${fmtMs(s.latencyP99Ms)}` }))));
  }

  // ---------- Systems ----------
  function renderSystems(r, live) {
    const updated = h('p', { class: 'muted', text: 'Loading…' });
    const body = h('div', { class: 'grid-3' });
    mount(pageHead('Systems', updated), body);
    refreshEvery(live, async () => {
      try {
        const d = await api('GET', '/v1/dashboard');
        if (!live()) return;
        const systems = (d && d.systems) || [];
        keepFocus(body, () => body.replaceChildren(...(systems.length ? systems.map(systemCard) : [empty('No systems configured.')])));
        updated.textContent = `Updated ${clockFmt.format(new Date())} · refreshes every 10 s`;
      } catch (e) { if (live()) report(e); }
    });
  }

  function systemCard(s) {
    const hid = nextId('sys');
    const facts = [
      ['Kind', s.kind || '—'], ['Circuit', badge(s.circuit, STATE_TONE[s.circuit])], ['Backlog', fmtNum(s.backlog)],
      ['Oldest pending', s.oldestPendingSeconds ? fmtAge(s.oldestPendingSeconds) : '—'],
      ['Delivered (1 h)', fmtNum(s.delivered1h)], ['Failed (1 h)', fmtNum(s.failed1h)],
      ['Failure rate (1 h)', fmtRate(s.failureRate1h)], ['Latency p50 / p99', `${fmtMs(s.latencyP50Ms)} / ${fmtMs(s.latencyP99Ms)}`],
    ];
    return h('article', { class: 'card sys-card', 'aria-labelledby': hid, data: { systemName: s.name, state: s.state } },
      h('h2', { id: hid }, h('span', { text: s.name }), badge(s.state, STATE_TONE[s.state])),
      h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', null, h('dt', { text: k }), h('dd', null, v)))),
      can('events:read') ? h('p', { class: 'actions-row' },
        h('a', { href: `#/deliveries?status=dead&system=${enc(s.name)}`, text: 'Dead deliveries' }),
        h('a', { href: `#/deliveries?status=rejected&system=${enc(s.name)}`, text: 'Rejected deliveries' })) : null);
  }

  // ---------- Exceptions queue ----------
  function renderExceptions(r) {
    const p = r.params;
    const f = {
      type: p.get('type') || '', status: p.has('status') ? p.get('status') : 'open', owner: p.get('owner') || '',
      overdue: p.get('overdue') === 'true', order: p.get('order') === 'oldest' ? 'oldest' : 'newest',
    };
    const typeSel = select('filter-type', [['', 'Any type'], ...EXCEPTION_TYPES], f.type);
    const statusSel = select('filter-status', [['', 'Any status'], ...EXCEPTION_STATUSES], f.status);
    const owner = h('input', { id: 'filter-owner', type: 'text', value: f.owner, autocomplete: 'off' });
    const overdue = h('input', { id: 'filter-overdue', type: 'checkbox', checked: f.overdue });
    const order = select('filter-order', [['newest', 'Newest first'], ['oldest', 'Oldest first']], f.order);
    const mine = h('button', { type: 'button', id: 'filter-mine', class: 'button secondary', text: 'Mine' });
    const form = h('form', { class: 'filters card', id: 'exception-filters', 'aria-label': 'Filter exceptions' },
      field('Type', typeSel), field('Status', statusSel),
      h('div', { class: 'field' }, h('label', { for: 'filter-owner', text: 'Owner' }), h('div', { class: 'field-row' }, owner, mine)),
      h('div', { class: 'field check' }, overdue, h('label', { for: 'filter-overdue', text: 'Overdue only' })),
      field('Order', order),
      h('button', { type: 'submit', class: 'button', text: 'Apply filters' }));
    const results = h('div', { id: 'exception-results', 'aria-busy': 'true' });
    const prev = h('button', { type: 'button', class: 'button secondary', id: 'exceptions-prev', text: 'Previous page', hidden: true });
    const next = h('button', { type: 'button', class: 'button secondary', id: 'exceptions-next', text: 'Next page', hidden: true });
    mount(pageHead('Exceptions'), form, h('section', { class: 'card', 'aria-label': 'Exception queue' }, results, h('div', { class: 'pager' }, prev, next)));

    let cursors = [null]; let page = 0; let nextCursor = null; let loadSeq = 0;
    const current = () => ({ type: typeSel.value, status: statusSel.value, owner: owner.value.trim(), overdue: overdue.checked, order: order.value });
    async function load(announce) {
      const seq = ++loadSeq;
      const q = current();
      const params = new URLSearchParams();
      for (const k of ['status', 'type', 'owner']) if (q[k]) params.set(k, q[k]);
      if (q.overdue) params.set('overdue', 'true');
      params.set('order', q.order);
      params.set('limit', '50');
      if (cursors[page]) params.set('cursor', cursors[page]);
      results.setAttribute('aria-busy', 'true');
      try {
        const data = await api('GET', `/v1/exceptions?${params}`);
        if (seq !== loadSeq) return;
        const items = (data && data.items) || [];
        nextCursor = data && data.next;
        results.replaceChildren(items.length ? exceptionsTable(items, page) : empty('No exceptions match these filters.'));
        prev.hidden = page === 0;
        next.hidden = !nextCursor;
        if (announce) showStatus(`${items.length} exception${items.length === 1 ? '' : 's'} shown${page ? ` on page ${page + 1}` : ''}.`);
      } catch (e) {
        if (seq === loadSeq) { results.replaceChildren(empty('Could not load the queue.')); report(e); }
      } finally {
        results.setAttribute('aria-busy', 'false');
      }
    }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      showAlert('');
      setQuery('exceptions', current());
      cursors = [null]; page = 0;
      load(true);
    });
    mine.addEventListener('click', () => { owner.value = session.client; form.requestSubmit(); });
    pager(prev, next, () => { if (!nextCursor) return null; cursors = cursors.slice(0, page + 1); cursors.push(nextCursor); page++; return load(true); },
      () => { if (page === 0) return null; page--; return load(true); });
    load(false);
  }

  function exceptionsTable(items, page) {
    return table(`Exceptions${page ? `, page ${page + 1}` : ''}`, ['ID', 'Type', 'Status', 'System', 'Age', 'Owner', 'Overdue', 'Summary'],
      items.map((x) => h('tr', { data: { exceptionId: x.id, status: x.status } },
        h('th', { scope: 'row' }, h('a', { href: `#/exceptions/${enc(x.id)}`, class: 'mono', text: x.id })),
        h('td', { text: x.type }),
        h('td', null, badge(x.status, STATUS_TONE[x.status])),
        h('td', { text: x.system || '—' }),
        h('td', { text: fmtAge(x.ageSeconds != null ? x.ageSeconds : (Date.now() - Date.parse(x.createdAt)) / 1000) }),
        h('td', { text: x.owner || 'Unassigned' }),
        h('td', null, x.overdue ? badge('Overdue', 'bad') : h('span', { class: 'muted', text: 'No' })),
        h('td', { class: 'wrap', text: x.summary || '' }))));
  }

  // ---------- Exception detail ----------
  async function renderException(r, live) {
    const id = r.arg;
    mount(pageHead('Exception'), h('p', { class: 'muted', text: 'Loading…' }));
    let x;
    try {
      x = await api('GET', `/v1/exceptions/${enc(id)}`);
    } catch (e) {
      if (!live()) return;
      mount(pageHead('Exception'), empty(`Exception ${id} could not be loaded.`), h('p', null, h('a', { href: '#/exceptions', text: 'Back to the queue' })));
      report(e);
      return;
    }
    if (live()) paintException(x, live, false);
  }

  function documentLink(doc) {
    const m = /^purchase-order:(.+)$/.exec(doc || '');
    if (m && can('events:read')) return h('a', { href: `#/transactions?q=${enc(m[1])}`, text: doc });
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
      h('span', { id: 'exception-status', class: `badge ${STATUS_TONE[x.status] || ''}`, data: { status: x.status }, text: x.status }),
      x.overdue && open ? badge('Overdue', 'bad') : null);
    const facts = [
      ['ID', h('span', { class: 'mono', text: x.id })],
      ['System', x.system || '—'],
      ['Owner', x.owner || 'Unassigned'],
      ['Age', fmtAge(x.ageSeconds != null ? x.ageSeconds : (Date.now() - Date.parse(x.createdAt)) / 1000)],
      ['Opened', timeEl(x.createdAt)],
      ['SLA due', slaText(x)],
      ['Updated', timeEl(x.updatedAt)],
      ['Correlation id', x.correlationId ? (can('events:read') ? h('a', { href: `#/transactions/${enc(x.correlationId)}`, class: 'mono', text: x.correlationId }) : x.correlationId) : '—'],
      ['Event', x.eventId ? (can('events:read') ? h('a', { href: `#/transactions?q=${enc(x.eventId)}`, class: 'mono', text: x.eventId }) : x.eventId) : '—'],
      ['Delivery', (x.deliveryId || ctx.deliveryId) ? h('span', { class: 'mono', text: x.deliveryId || ctx.deliveryId }) : '—'],
      ['Document', documentLink(x.document)],
    ];
    const overview = h('section', { class: 'card', 'aria-label': 'Summary' },
      h('p', { class: 'summary-text', id: 'exception-summary', text: x.summary || '' }),
      h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', null, h('dt', { text: k }), h('dd', null, v)))));

    const parts = [head, overview];

    // The context: the destination's answer first, then what was sent and where it came from.
    const ctxParts = [];
    if (ctx.response) {
      const resp = ctx.response;
      const rb = resp.body && typeof resp.body === 'object' ? resp.body : null;
      ctxParts.push(h('details', { open: true, id: 'destination-answer' }, h('summary', { text: "Destination's answer" }),
        h('p', { class: 'answer-line' }, `HTTP ${resp.status != null ? resp.status : '—'}`, rb && rb.code ? ` · ${rb.code}` : '', rb && rb.message ? `: ${rb.message}` : ''),
        json(resp.body !== undefined ? resp.body : resp)));
    }
    if (ctx.event !== undefined) ctxParts.push(jsonDetails('Original payload', ctx.event, !ctx.response));
    if (ctx.normalized !== undefined) ctxParts.push(jsonDetails('Normalized form', ctx.normalized));
    if (ctx.request) {
      const rq = ctx.request;
      ctxParts.push(h('details', null, h('summary', { text: 'Request sent' }),
        h('p', { class: 'mono' }, `${rq.method || ''} ${rq.path || ''}`, rq.idempotencyKey ? ` · Idempotency-Key ${rq.idempotencyKey}` : ''),
        json(rq.body !== undefined ? rq.body : rq)));
    }
    ctxParts.push(jsonDetails('Full context (JSON)', ctx, ctxParts.length === 0));
    parts.push(section('Context', ctxParts));
    if (writable) parts.push(actionsPanel(x, live));
    else if (open) parts.push(h('p', { class: 'muted', id: 'read-only-note', text: 'Acting on this exception needs the exceptions:write scope.' }));

    const history = Array.isArray(x.history) ? x.history : [];
    parts.push(section('History', history.length
      ? table(null, ['Time', 'By', 'Action', 'Note', 'Outcome', 'Data'], history.map((e) => h('tr', null,
        h('td', null, timeEl(e.at)), h('td', { text: e.by || '—' }), h('td', { text: e.action || '—' }),
        h('td', { class: 'wrap', text: e.note || '' }), h('td', { class: 'wrap', text: fmtValue(e.outcome) }),
        h('td', null, e.data != null ? jsonDetails('Data', e.data) : '—'))))
      : empty('Nothing done yet.')));

    const timeline = h('div', { id: 'exception-timeline' }, h('p', { class: 'muted', text: 'Loading the timeline…' }));
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
      h('td', null, timeEl(e.at)), h('td', { text: e.stage }), h('td', { text: e.system || '—' }),
      h('td', { text: e.outcome || '' }), h('td', { class: 'wrap', text: e.detail || '' }))), { id });
  }

  function actionsPanel(x, live) {
    const panel = h('section', { class: 'card actions-panel', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h', text: 'Work this exception' }));
    const reload = async (message) => {
      try {
        const fresh = await api('GET', `/v1/exceptions/${enc(x.id)}`);
        if (!live()) return;
        paintException(fresh, live, true);
        if (message) showStatus(message);
      } catch (e) { if (live()) report(e); }
    };

    // Assign
    if (x.owner !== session.client) {
      const assign = h('button', { type: 'button', id: 'assign-me', class: 'button secondary', text: 'Assign to me' });
      assign.addEventListener('click', async () => {
        assign.disabled = true;
        showAlert('');
        try {
          const updated = await api('POST', `/v1/exceptions/${enc(x.id)}/assign`, { owner: session.client });
          if (!live()) return;
          paintException(updated, live, true);
          showStatus(`Assigned to ${session.client}.`);
        } catch (e) { assign.disabled = false; report(e); }
      });
      panel.append(h('div', { class: 'actions-row' }, assign));
    } else {
      panel.append(h('p', { class: 'muted', text: 'Assigned to you.' }));
    }

    // Fix a mapping
    if (can('masterdata:write')) panel.append(fixForm(x));

    // Preview the retry
    const actions = Array.isArray(x.actions) ? x.actions : [];
    if (actions.includes('retry')) {
      const result = h('div', { id: 'preview-result', class: 'preview', 'aria-live': 'polite' });
      const btn = h('button', { type: 'button', id: 'preview-retry', class: 'button secondary', text: 'Preview retry' });
      btn.addEventListener('click', async () => {
        btn.disabled = true;
        showAlert('');
        result.replaceChildren(h('p', { class: 'muted', text: 'Working out what a retry would send…' }));
        try {
          const pv = await api('GET', `/v1/exceptions/${enc(x.id)}/preview`);
          if (live()) result.replaceChildren(...previewContent(pv || {}));
        } catch (e) {
          result.replaceChildren(h('p', { class: 'error-text', text: e.message }));
        } finally { btn.disabled = false; }
      });
      panel.append(h('h3', { text: 'What a retry would send' }), h('div', { class: 'actions-row' }, btn), result);
    }

    // Resolve
    if (actions.length) {
      const note = h('textarea', { id: 'resolve-note', required: true, rows: '3', 'aria-describedby': 'resolve-help' });
      const form = h('form', { id: 'resolve-form', class: 'stack', 'aria-labelledby': 'resolve-h' },
        h('h3', { id: 'resolve-h', text: 'Resolve' }),
        h('label', { for: 'resolve-note', text: 'Note (required)' }), note,
        h('p', { id: 'resolve-help', class: 'muted', text: 'Say what was done or why; it is kept in the history.' }),
        h('div', { class: 'actions-row' }, actions.map((a) => h('button', {
          type: 'submit', class: 'button resolve-action' + (a === 'reject' ? ' danger' : ''), data: { action: a }, text: ACTION_LABELS[a] || a,
        }))));
      let clicked = null;
      form.addEventListener('click', (ev) => { const b = ev.target.closest('button.resolve-action'); if (b) clicked = b.dataset.action; });
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const action = (ev.submitter && ev.submitter.dataset.action) || clicked;
        if (!action) return;
        if (!note.value.trim()) { showAlert('Write a note before resolving.'); note.focus(); return; }
        const buttons = form.querySelectorAll('button');
        buttons.forEach((b) => { b.disabled = true; });
        showAlert('');
        try {
          await api('POST', `/v1/exceptions/${enc(x.id)}/resolve`, { action, note: note.value.trim() });
          if (!live()) return;
          await reload(`Resolved with “${ACTION_LABELS[action] || action}”.`);
        } catch (e) {
          buttons.forEach((b) => { b.disabled = false; });
          report(e);
        }
      });
      panel.append(form);
    }
    return panel;
  }

  function guessKind(type) {
    return { 'unmapped-item': 'items', 'unmapped-location': 'locations', 'unmapped-unit': 'units', 'uom-mismatch': 'items' }[type] || 'items';
  }

  function fixForm(x) {
    const sys = h('input', { id: 'fix-system', type: 'text', value: x.system || '', required: true, autocomplete: 'off' });
    const kind = select('fix-kind', CROSSWALK_KINDS, guessKind(x.type), { required: true });
    const code = h('input', { id: 'fix-code', type: 'text', required: true, autocomplete: 'off' });
    const cid = h('input', { id: 'fix-id', type: 'text', required: true, autocomplete: 'off' });
    const unit = h('input', { id: 'fix-unit', type: 'text', autocomplete: 'off', 'aria-describedby': 'fix-unit-help' });
    const result = h('p', { id: 'fix-result', class: 'result', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', id: 'fix-submit', class: 'button', text: 'Save mapping' });
    const form = h('form', { id: 'fix-form', 'aria-labelledby': 'fix-h' },
      h('h3', { id: 'fix-h', text: 'Fix a mapping' }),
      h('p', { class: 'muted', text: "Map the system's own code to a canonical id, then preview and retry." }),
      h('div', { class: 'form-grid' },
        field('System', sys), field('Kind', kind), field("System's code", code), field('Canonical id', cid),
        field('Unit (optional)', unit), h('div', { class: 'field' }, submit)),
      h('p', { id: 'fix-unit-help', class: 'hint', text: 'Unit: for items, the unit this system keeps the item in.' }),
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
      h('th', { scope: 'row', class: 'mono', text: c.path }), h('td', { class: 'mono wrap', text: fmtValue(c.from) }), h('td', { class: 'mono wrap', text: fmtValue(c.to) }))), { id });
  }

  function previewContent(pv) {
    const out = [h('p', { text: pv.summary || 'Preview ready.' })];
    for (const d of pv.deliveries || []) {
      out.push(h('h4', { class: 'mono' }, `${d.system || ''} · ${d.method || ''} ${d.path || ''}`),
        changesTable(d.changes), jsonDetails('Body a retry would send', d.body));
    }
    if (!(pv.deliveries || []).length) out.push(empty('A retry sends no delivery.'));
    return out;
  }

  // ---------- Transactions ----------
  function renderTransactions(r, live) {
    const initial = r.arg || r.params.get('q') || '';
    const input = h('input', { id: 'tx-search', type: 'search', value: initial, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'tx-help' });
    const form = h('form', { class: 'card', role: 'search', 'aria-label': 'Find a transaction' },
      h('div', { class: 'filters' },
        h('div', { class: 'field' }, h('label', { for: 'tx-search', text: 'Correlation id, event id or PO number' }), input),
        h('button', { type: 'submit', class: 'button', text: 'Show timeline' })),
      h('p', { id: 'tx-help', class: 'muted', text: 'Event ids start with evt_. A purchase order number shows the order and its timeline.' }));
    const out = h('div', { id: 'tx-result' });
    mount(pageHead('Transactions'), form, out);
    let seq = 0;
    async function search(q, announce) {
      const mine = ++seq;
      const ok = () => mine === seq && live();
      out.replaceChildren(h('p', { class: 'muted', text: 'Searching…' }));
      showAlert('');
      try {
        const found = await findTransaction(q.replace(/^purchase-order:/, ''));
        if (!ok()) return;
        const parts = [];
        if (found.po) parts.push(poSection(found.po));
        if (found.event) parts.push(h('p', null, `Event ${found.event.id}, status `, badge(found.event.status || '—')));
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
      h('p', null, `Supplier ${po.supplier || '—'}`, po.status ? ' · status ' : '', po.status ? badge(po.status) : ''),
      lines.length ? table(null, ['Line', 'Item', 'Unit', 'State', 'Ordered', 'Acknowledged', 'Shipped', 'Received', 'Invoiced'], lines.map((l) => h('tr', null,
        h('th', { scope: 'row', class: 'num', text: l.line }), h('td', { text: l.item }), h('td', { text: l.unit }), h('td', { text: l.state }),
        ...['ordered', 'acknowledged', 'shipped', 'received', 'invoiced'].map((k) => h('td', { class: 'num', text: l[k] == null ? '—' : l[k] }))))) : empty('No lines.'));
  }

  // ---------- Deliveries ----------
  function renderDeliveries(r) {
    const p = r.params;
    const status = select('filter-delivery-status', ['dead', 'rejected', 'pending', 'delivered'], ['dead', 'rejected', 'pending', 'delivered'].includes(p.get('status')) ? p.get('status') : 'dead');
    const system = h('input', { id: 'filter-delivery-system', type: 'text', value: p.get('system') || '', autocomplete: 'off' });
    const highlight = p.get('id');
    const form = h('form', { class: 'filters card', 'aria-label': 'Filter deliveries' },
      field('Status', status), field('System (optional)', system), h('button', { type: 'submit', class: 'button', text: 'Apply filters' }));
    const results = h('div', { id: 'delivery-results' });
    const next = h('button', { type: 'button', class: 'button secondary', id: 'deliveries-next', text: 'Next page', hidden: true });
    const prev = h('button', { type: 'button', class: 'button secondary', id: 'deliveries-prev', text: 'Previous page', hidden: true });
    const writer = can('exceptions:write');
    const parts = [pageHead('Deliveries'), form, h('section', { class: 'card', 'aria-label': 'Deliveries' }, results, h('div', { class: 'pager' }, prev, next))];
    let bulk = null;
    if (writer) { bulk = bulkPanel(() => ({ status: status.value, system: system.value.trim() }), () => load(false)); parts.push(bulk.el); }
    mount(parts);

    let cursors = [null]; let page = 0; let nextCursor = null; let seq = 0;
    async function load(announce) {
      const mine = ++seq;
      const params = new URLSearchParams({ status: status.value, limit: '50' });
      if (system.value.trim()) params.set('system', system.value.trim());
      if (cursors[page]) params.set('cursor', cursors[page]);
      try {
        const data = await api('GET', `/v1/deliveries?${params}`);
        if (mine !== seq) return;
        const items = (data && data.items) || [];
        nextCursor = data && data.next;
        results.replaceChildren(items.length ? deliveriesTable(items, writer, highlight, () => load(false)) : empty('No deliveries match these filters.'));
        prev.hidden = page === 0;
        next.hidden = !nextCursor;
        if (announce) showStatus(`${items.length} deliver${items.length === 1 ? 'y' : 'ies'} shown.`);
      } catch (e) { if (mine === seq) { results.replaceChildren(empty('Could not load deliveries.')); report(e); } }
    }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      showAlert('');
      setQuery('deliveries', { status: status.value, system: system.value.trim() });
      cursors = [null]; page = 0;
      if (bulk) bulk.reset();
      load(true);
    });
    for (const c of [status, system]) c.addEventListener('change', () => { if (bulk) bulk.reset(); });
    pager(prev, next, () => { if (!nextCursor) return null; cursors = cursors.slice(0, page + 1); cursors.push(nextCursor); page++; return load(true); },
      () => { if (page === 0) return null; page--; return load(true); });
    load(false);
  }

  function deliveriesTable(items, writer, highlight, reload) {
    const headers = ['ID', 'System', 'Status', 'Request', 'Attempts', 'Last answer', 'Updated', 'Transaction'];
    if (writer) headers.push('Action');
    return table(null, headers, items.map((d) => {
      const row = h('tr', { data: { deliveryId: d.id, status: d.status }, class: d.id === highlight ? 'row-highlight' : null },
        h('th', { scope: 'row', class: 'mono', text: d.id }),
        h('td', { text: d.system }),
        h('td', null, badge(d.status, d.status === 'rejected' ? 'bad' : STATUS_TONE[d.status])),
        h('td', { class: 'mono wrap', text: `${d.method || ''} ${d.path || ''}` }),
        h('td', { class: 'num', text: fmtNum(d.attempts) }),
        h('td', { class: 'wrap', text: [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '', d.lastError || ''].filter(Boolean).join(' · ') || '—' }),
        h('td', null, timeEl(d.updatedAt || d.createdAt)),
        h('td', null, d.correlationId ? h('a', { href: `#/transactions/${enc(d.correlationId)}`, class: 'mono', text: 'Timeline', 'aria-label': `Timeline of ${d.correlationId}` }) : '—'));
      if (writer) {
        const replayable = ['dead', 'rejected', 'pending'].includes(d.status);
        const btn = replayable ? h('button', { type: 'button', class: 'button small secondary replay-one', data: { deliveryId: d.id }, text: 'Replay', 'aria-label': `Replay delivery ${d.id}` }) : null;
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
        row.append(h('td', null, btn || '—'));
      }
      return row;
    }));
  }

  function bulkPanel(getFilter, reload) {
    const preview = h('button', { type: 'button', id: 'replay-preview', class: 'button secondary', text: 'Preview replay' });
    const out = h('div', { id: 'replay-preview-out' });
    const result = h('p', { id: 'replay-result', class: 'result', 'aria-live': 'polite' });
    const el = h('section', { class: 'card actions-panel', 'aria-labelledby': 'bulk-h' },
      h('h2', { id: 'bulk-h', text: 'Bulk replay' }),
      h('p', { class: 'muted', text: 'Replays every dead or rejected delivery the filter above matches. Preview first: the list shows what each would now send differently.' }),
      h('div', { class: 'actions-row' }, preview), out, result);
    let filter = null;
    const reset = () => { out.replaceChildren(); filter = null; };
    preview.addEventListener('click', async () => {
      const f = getFilter();
      if (f.status !== 'dead' && f.status !== 'rejected') {
        out.replaceChildren(h('p', { class: 'error-text', text: 'Bulk replay works on dead or rejected deliveries: choose one of those statuses.' }));
        return;
      }
      filter = { status: f.status };
      if (f.system) filter.system = f.system;
      preview.disabled = true;
      result.textContent = '';
      showAlert('');
      out.replaceChildren(h('p', { class: 'muted', text: 'Running a dry run…' }));
      try {
        const res = await api('POST', '/v1/deliveries:replay', { filter, dryRun: true });
        const list = (res && res.deliveries) || [];
        const matched = res && res.matched != null ? res.matched : list.length;
        if (!matched) { out.replaceChildren(empty('Nothing to replay for this filter.')); return; }
        const confirm = h('button', { type: 'button', id: 'replay-confirm', class: 'button', data: { count: matched }, text: `Replay ${fmtNum(matched)} deliver${matched === 1 ? 'y' : 'ies'}` });
        const cancel = h('button', { type: 'button', class: 'button secondary', text: 'Cancel' });
        cancel.addEventListener('click', () => { reset(); preview.focus(); });
        confirm.addEventListener('click', async () => {
          confirm.disabled = true;
          showAlert('');
          try {
            const done = await api('POST', '/v1/deliveries:replay', { filter, dryRun: false });
            const n = done && done.replayed != null ? done.replayed : 0;
            reset();
            result.className = 'result ok';
            result.textContent = `Replayed ${fmtNum(n)} of ${fmtNum(done && done.matched != null ? done.matched : matched)} matched deliveries.`;
            preview.focus();
            reload();
          } catch (e) { confirm.disabled = false; result.className = 'result bad'; result.textContent = e.message; }
        });
        out.replaceChildren(
          h('div', { class: 'table-wrap' }, h('table', { id: 'replay-preview-table' },
            h('caption', { text: `Dry run: ${fmtNum(matched)} matched${list.length < matched ? `, first ${fmtNum(list.length)} shown` : ''}` }),
            h('thead', null, h('tr', null, ['ID', 'System', 'Status', 'Attempts', 'Last error', 'Changes'].map((c) => h('th', { scope: 'col', text: c })))),
            h('tbody', null, list.map((d) => h('tr', { data: { deliveryId: d.id } },
              h('th', { scope: 'row', class: 'mono', text: d.id }), h('td', { text: d.system }), h('td', { text: d.status }),
              h('td', { class: 'num', text: fmtNum(d.attempts) }), h('td', { class: 'wrap', text: d.lastError || '—' }),
              h('td', null, Array.isArray(d.changes) && d.changes.length
                ? h('ul', null, d.changes.map((c) => h('li', { class: 'mono' }, `${c.path}: ${fmtValue(c.from)} → ${fmtValue(c.to)}`)))
                : h('span', { class: 'muted', text: 'Sent as before' }))))))),
          h('div', { class: 'actions-row' }, confirm, cancel));
        confirm.focus();
      } catch (e) {
        out.replaceChildren();
        report(e);
      } finally { preview.disabled = false; }
    });
    return { el, reset };
  }

  // ---------- Start ----------
  async function boot() {
    $('login-form').addEventListener('submit', onLogin);
    $('logout').addEventListener('click', onLogout);
    $('skip-link').addEventListener('click', (ev) => { ev.preventDefault(); $('main').focus(); });
    window.addEventListener('hashchange', () => route(true));
    try {
      const s = await api('GET', '/console/session');
      startSession(s, false);
    } catch (e) {
      showLogin(e.status === 401 ? '' : e.message);
    }
  }
  boot();
})();
