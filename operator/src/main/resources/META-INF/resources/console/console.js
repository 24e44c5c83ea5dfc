// The Baton console: the cluster view of `kubectl baton status`, live. The data comes as Server-Sent Events read with
// fetch (EventSource cannot send an Authorization header, and a token in the URL would end up in logs and history).
// Every path is relative to the page, so the console works behind a path prefix.
'use strict';

const TOKEN_KEY = 'baton.console.token';
const $ = (id) => document.getElementById(id);

// What the browser test and hack/bench-console.sh read: when the first status was rendered (ms since navigation),
// and when each resource was last shown on a new node (epoch ms).
window.batonConsole = { firstRenderMs: null, renders: 0, placements: {} };

let stream = null;        // AbortController of the open status stream
let skewMs = 0;           // server clock minus ours, for lease ages
let nodes = [];           // the last status' nodes, for the lease age ticker

function token() { return sessionStorage.getItem(TOKEN_KEY); }
function headers() { return { Authorization: 'Bearer ' + token() }; }

function show(id, visible) { $(id).hidden = !visible; }

function problem(text) {
  $('problem').textContent = text || '';
  show('problem', !!text);
}

function connection(text) { $('connection').textContent = text; }

function signedOut(reason) {
  if (stream) { stream.abort(); stream = null; }
  sessionStorage.removeItem(TOKEN_KEY);
  show('cluster', false); show('pick', false); show('sign-out', false);
  $('user').textContent = '';
  connection('');
  show('login', true);
  problem(reason);
  $('token').focus();
}

async function start() {
  if (!token()) { signedOut(''); return; }
  const r = await fetch('api/namespaces', { headers: headers(), cache: 'no-store' });
  const body = await r.json().catch(() => ({}));
  if (r.status === 401) { signedOut('Not signed in: ' + (body.error || 'the token was not accepted')); return; }
  if (!r.ok) { problem('The console could not list clusters: ' + (body.error || r.status)); return; }
  show('login', false); show('sign-out', true);
  $('user').textContent = body.user;
  const select = $('namespace');
  select.replaceChildren(...body.namespaces.map((ns) => new Option(ns, ns)));
  show('pick', body.namespaces.length > 0);
  const wanted = new URLSearchParams(location.hash.slice(1)).get('namespace');
  const ns = wanted || body.namespaces[0];
  if (!ns) { problem('There is no cluster you may see.'); return; }
  if (body.namespaces.includes(ns)) { select.value = ns; }
  watch(ns);
}

// Reads the namespace's status stream until it ends, then opens it again (the server ends it now and then, and each
// new stream is authorized again).
async function watch(ns) {
  if (stream) { stream.abort(); }
  const controller = new AbortController();
  stream = controller;
  let retryMs = 0;
  while (stream === controller) {
    connection('connecting…');
    try {
      const r = await fetch('api/namespaces/' + encodeURIComponent(ns) + '/status',
        { headers: { ...headers(), Accept: 'text/event-stream' }, cache: 'no-store', signal: controller.signal });
      if (r.status === 401) { signedOut('Signed out: the token is no longer accepted'); return; }
      if (r.status === 403) {
        const body = await r.json().catch(() => ({}));
        show('cluster', false);
        connection('');
        problem('Forbidden: ' + (body.error || 'you may not see namespace ' + ns));
        return;
      }
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      problem('');
      connection('live');
      retryMs = 0;
      await events(r.body, controller, (type, data) => { if (type === 'status') { render(JSON.parse(data)); } });
    } catch (e) {
      if (controller.signal.aborted) { return; }
      connection('reconnecting (' + e.message + ')');
      retryMs = Math.min(Math.max(retryMs * 2, 500), 10000);
    }
    if (stream === controller && retryMs) { await new Promise((res) => setTimeout(res, retryMs)); }
  }
}

// The event-stream format: "field: value" lines, an empty line ends an event; lines starting with ':' are comments.
async function events(body, controller, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let type = 'message';
  let data = [];
  while (!controller.signal.aborted) {
    const { value, done } = await reader.read();
    if (done) { return; }
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data.length) { onEvent(type, data.join('\n')); }
        type = 'message'; data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') { type = value; } else if (field === 'data') { data.push(value); }
      }
    }
  }
}

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text == null ? '' : String(text);
  if (cls) { td.className = cls; }
  return td;
}

function fill(tableId, items, each) {
  const tbody = $(tableId).tBodies[0];
  tbody.replaceChildren();
  items.forEach((item) => each(tbody.insertRow(), item));
  show(tableId, tableId === 'nodes' || tableId === 'resources' || items.length > 0);
}

function render(event) {
  const s = event.status;
  if (event.error || !s) { problem('The operator could not compute the status: ' + event.error); return; }
  skewMs = Date.parse(event.time) - Date.now();
  $('summary-cluster').textContent = (s.cluster || '(no HACluster object)') + ' (namespace ' + s.namespace + ')';
  $('summary-updated').textContent = event.time;
  const t = s.transition;
  $('summary-transition').textContent = !t ? 'none running' : t.name + ' ' + (t.phase || '')
    + (t.actionsTotal != null ? ' (' + (t.actionsSucceeded || 0) + '/' + t.actionsTotal + ' actions done'
      + (t.actionsFailed ? ', ' + t.actionsFailed + ' failed' : '') + ')' : '') + (t.reason ? ': ' + t.reason : '');

  nodes = s.nodes;
  fill('nodes', s.nodes, (row, n) => {
    row.dataset.node = n.name;
    cell(row, n.name);
    cell(row, n.state === 'offline' ? 'OFFLINE' : n.state, 'state ' + n.state);
    cell(row, '', 'lease');
  });
  leaseAges();

  const rows = [];
  const flatten = (r, depth) => { rows.push([r, depth]); r.members.forEach((m) => flatten(m, depth + 1)); };
  s.resources.forEach((r) => flatten(r, 0));
  fill('resources', rows, (row, [r, depth]) => {
    row.dataset.resource = r.name;
    cell(row, r.name, depth ? 'member' : '');
    cell(row, r.kind + (r.promotable ? ' (promotable)' : ''));
    cell(row, r.agent);
    const state = r.role && r.state === 'Started' ? r.role : r.state;
    cell(row, state + (r.managed ? '' : ' (unmanaged)'), 'state ' + state);
    cell(row, r.kind === 'primitive' ? r.node : r.activeOn.join(' '), 'node');
    placed(r);
  });

  fill('fail-counts', s.failCounts, (row, f) => {
    cell(row, f.node); cell(row, f.resource); cell(row, f.failCount); cell(row, f.migrationThreshold);
    cell(row, f.lastFailure);
  });
  fill('failed-actions', s.failedActions, (row, f) => {
    row.dataset.resource = f.resource;
    cell(row, f.resource + '_' + f.operation + '_' + f.interval);
    cell(row, f.node);
    cell(row, "'" + (f.rcText || 'unknown') + "' (" + (f.rc == null ? '?' : f.rc) + ')', 'FAILED');
    cell(row, f.status || 'done'); cell(row, f.exitReason); cell(row, f.lastRun);
  });
  fill('move-constraints', s.moveConstraints, (row, m) => {
    cell(row, m.name); cell(row, m.resource); cell(row, m.node); cell(row, m.score);
    cell(row, m.expires ? (m.expired ? 'expired ' : '') + m.expires : '');
  });

  show('cluster', true);
  const c = window.batonConsole;
  c.renders++;
  if (c.firstRenderMs == null) { c.firstRenderMs = performance.now(); }
}

// Remembers when a resource was first shown where it is now (what the update latency is measured on).
function placed(r) {
  const where = r.kind === 'primitive' ? r.node : r.activeOn.join(' ');
  const p = window.batonConsole.placements;
  if (!p[r.name] || p[r.name].node !== where) { p[r.name] = { node: where, at: Date.now() }; }
}

// Lease ages change by themselves: shown from the last renewal the server reported, counted by the page's clock.
function leaseAges() {
  const now = Date.now() + skewMs;
  nodes.forEach((n) => {
    const row = document.querySelector('#nodes tr[data-node="' + CSS.escape(n.name) + '"]');
    if (!row) { return; }
    const cellEl = row.querySelector('td.lease');
    if (!n.leaseRenewed) { cellEl.textContent = 'no lease'; return; }
    const age = Math.max(0, (now - Date.parse(n.leaseRenewed)) / 1000);
    cellEl.textContent = age.toFixed(1) + ' s ago (holds ' + n.leaseDurationSeconds + ' s)';
  });
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    problem('');
    start();
  });
  $('sign-out').addEventListener('click', () => signedOut(''));
  $('namespace').addEventListener('change', (e) => {
    location.hash = 'namespace=' + encodeURIComponent(e.target.value);
    watch(e.target.value);
  });
  setInterval(leaseAges, 1000);
  start().catch((e) => problem('The console could not start: ' + e.message));
});
