// The Baton console: the cluster view of `kubectl baton status`, live, with the transitions as a timeline, the
// scores of simulate --show-scores, a what-if simulate, crm_resource's actions (confirmed first) and the GitSources. The data comes as Server-Sent Events read with
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
let namespace = null;     // the namespace shown

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
  namespace = ns;
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

  timeline(event.timeline || []);
  gitSources(event.gitSources || []);
  choices(s);

  show('cluster', true);
  const c = window.batonConsole;
  c.renders++;
  if (c.firstRenderMs == null) { c.firstRenderMs = performance.now(); }
}

// The transitions, newest first: a heading with the cause and the revision, then one lane per node with each
// action as a bar placed by its start and end within the transition's span.
function timeline(transitions) {
  const list = $('timeline-list');
  list.replaceChildren();
  if (!transitions.length) { list.textContent = 'No transitions yet.'; return; }
  transitions.forEach((t) => {
    const fig = document.createElement('figure');
    fig.className = 'transition';
    fig.dataset.transition = t.name;
    const h = document.createElement('h3');
    h.textContent = t.name + ': ' + (t.phase || 'Pending') + ', ' + (t.reason || 'no reason given')
      + (t.revision ? ', revision ' + t.revision.slice(0, 12) : '')
      + (t.durationMs != null ? ', ' + (t.durationMs / 1000).toFixed(2) + ' s' : '')
      + ' (' + (t.startTime || t.created) + ')';
    h.className = 'heading';
    fig.append(h);
    const times = t.actions.flatMap((a) => [a.startTime, a.completionTime]).filter((x) => x).map(Date.parse);
    const start = Math.min(...times, Date.parse(t.startTime || t.created));
    const end = Math.max(...times, t.completionTime ? Date.parse(t.completionTime) : start + 1);
    const span = Math.max(end - start, 1);
    const byNode = new Map();
    t.actions.forEach((a) => { if (!byNode.has(a.node)) { byNode.set(a.node, []); } byNode.get(a.node).push(a); });
    if (!t.actions.length) {
      const p = document.createElement('p'); p.textContent = 'No actions on nodes.'; fig.append(p);
    }
    [...byNode.keys()].sort().forEach((node) => {
      const lane = document.createElement('div');
      lane.className = 'lane';
      lane.dataset.node = node;
      const label = document.createElement('span');
      label.textContent = node;
      const track = document.createElement('div');
      track.className = 'track';
      track.setAttribute('role', 'list');
      track.setAttribute('aria-label', 'actions on ' + node);
      byNode.get(node).forEach((a) => {
        const bar = document.createElement('span');
        bar.setAttribute('role', 'listitem');
        bar.className = 'bar ' + (a.phase || 'none');
        bar.dataset.resource = a.resource;
        bar.dataset.action = a.action;
        const from = a.startTime ? Date.parse(a.startTime) : start;
        const to = a.completionTime ? Date.parse(a.completionTime) : (a.startTime ? end : from);
        bar.style.left = (100 * (from - start) / span) + '%';
        bar.style.width = (100 * Math.max(to - from, 0) / span) + '%';
        const what = a.action + ' ' + a.resource + (a.interval && !/^0\D*$/.test(a.interval) ? ' (' + a.interval + ')' : '');
        const result = (a.phase || 'not started') + (a.rc != null ? ', rc ' + a.rc + (a.rcText ? ' ' + a.rcText : '') : '')
          + (a.durationMs != null ? ', ' + a.durationMs + ' ms' : '') + (a.exitReason ? ', ' + a.exitReason : '');
        bar.textContent = what;
        bar.title = what + ' on ' + node + ': ' + result;
        bar.setAttribute('aria-label', bar.title);
        track.append(bar);
      });
      lane.append(label, track);
      fig.append(lane);
    });
    list.append(fig);
  });
}

function gitSources(sources) {
  show('git-none', !sources.length);
  fill('git-table', sources, (row, g) => {
    row.dataset.gitsource = g.name;
    cell(row, g.name + (g.suspended ? ' (suspended)' : ''));
    cell(row, g.url + (g.path ? ' (' + g.path + ')' : ''));
    cell(row, g.ref || 'default branch');
    cell(row, g.lastAppliedRevision || 'none', 'applied');
    cell(row, g.lastAttemptedRevision || 'none');
    const td = cell(row, '', 'conditions');
    const ul = document.createElement('ul');
    g.conditions.forEach((k) => {
      const li = document.createElement('li');
      li.textContent = k.type + '=' + k.status + (k.reason ? ' ' + k.reason : '') + (k.message ? ': ' + k.message : '');
      ul.append(li);
    });
    td.append(ul);
  });
}

// The pickers of the score, what-if and action forms: rebuilt only when the cluster's names change, so an update
// (every lease renewal) does not take the user's choice or focus away.
function choices(s) {
  const primitives = [];
  const top = s.resources.map((r) => r.name);
  const walk = (r) => { if (r.kind === 'primitive') { primitives.push(r.name); } r.members.forEach(walk); };
  s.resources.forEach(walk);
  const nodeNames = s.nodes.map((n) => n.name);
  options('scores-resource', primitives);
  options('whatif-resource', primitives);
  options('whatif-node', nodeNames);
  options('whatif-op-node', nodeNames);
  options('action-resource', top);
  options('action-node', nodeNames);
}

function options(id, names) {
  const select = $(id);
  const now = [...select.options].map((o) => o.value);
  if (now.join('\n') === names.join('\n')) { return; }
  const was = select.value;
  select.replaceChildren(...names.map((n) => new Option(n, n)));
  if (names.includes(was)) { select.value = was; }
}

async function simulate(params) {
  const r = await fetch('api/namespaces/' + encodeURIComponent(namespace) + '/simulate?' + params,
    { headers: headers(), cache: 'no-store' });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { throw new Error(body.error || 'HTTP ' + r.status); }
  return body;
}

// simulate --show-scores for one resource: every node, its total and each contribution.
async function explain(resource) {
  const table = $('scores-table');
  try {
    const body = await simulate('');
    const scores = body.simulation.scores || {};
    const perNode = scores[resource] || {};
    $('scores-caption').textContent = 'Allocation scores of ' + resource + ' (runs on: '
      + ((body.simulation.placement[resource] || []).join(', ') || 'nowhere') + ')';
    fill('scores-table', Object.entries(perNode), (row, [node, e]) => {
      row.dataset.node = node;
      cell(row, node);
      cell(row, e.score, 'score');
      const td = row.insertCell();
      td.className = 'contributions';
      const ul = document.createElement('ul');
      e.contributions.forEach((c) => { const li = document.createElement('li'); li.textContent = c; ul.append(li); });
      td.append(ul);
    });
    table.hidden = false;
    problem('');
  } catch (e) {
    table.hidden = true;
    problem('Scores: ' + e.message);
  }
}

async function whatIf() {
  const kind = document.querySelector('input[name=whatif-kind]:checked').value;
  const params = new URLSearchParams();
  if (kind === 'node') {
    params.append('node-fail', $('whatif-node').value);
  } else {
    params.append('op-fail', [$('whatif-resource').value, $('whatif-op').value, $('whatif-op-node').value,
      $('whatif-rc').value].join(':'));
  }
  try {
    const body = await simulate(params.toString());
    $('whatif-modifications').replaceChildren(...body.modifications.map((m) => {
      const li = document.createElement('li'); li.textContent = m; return li;
    }));
    const after = body.simulation.placement;
    fill('whatif-placement', Object.keys(after), (row, rsc) => {
      const now = (body.current[rsc] || []).join(', ') || 'Stopped';
      const then = after[rsc].join(', ') || 'Stopped';
      row.dataset.resource = rsc;
      if (now !== then) { row.className = 'changed'; }
      cell(row, rsc); cell(row, now, 'now'); cell(row, then + (now !== then ? ' (changes)' : ''), 'after');
    });
    fill('whatif-actions', body.simulation.actions, (row, a) => {
      cell(row, a.action); cell(row, a.resource);
      cell(row, a.node ? a.node : a.from + ' -> ' + a.to); cell(row, (a.reason || '') + (a.blocked ? ' blocked' : ''));
    });
    show('whatif-result', true);
    problem('');
  } catch (e) {
    show('whatif-result', false);
    problem('What if: ' + e.message);
  }
}

// An action: said in the CLI's words, confirmed in a dialog, then sent; the page shows the effect when the
// operator acts on it (the stream).
function action() {
  const verb = $('action-verb').value;
  const onNode = verb === 'standby' || verb === 'online';
  const req = { verb, resource: onNode ? null : $('action-resource').value,
    node: verb === 'clear' || verb === 'cleanup' ? null : $('action-node').value };
  const cli = onNode ? 'kubectl patch hanode ' + req.node + ' --type merge -p \'{"spec":{"standby":' + (verb === 'standby') + '}}\''
    : 'kubectl baton resource ' + verb + ' ' + req.resource + (req.node ? ' --node ' + req.node : '');
  const what = verb === 'standby' ? 'Put node ' + req.node + ' in standby: '
    : verb === 'online' ? 'Bring node ' + req.node + ' online: ' : '';
  $('confirm-text').textContent = what + 'run ' + cli + ' in namespace ' + namespace + '?';
  const dialog = $('confirm');
  dialog.returnValue = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'ok') { result('Cancelled.', false); return; }
    const r = await fetch('api/namespaces/' + encodeURIComponent(namespace) + '/actions', {
      method: 'POST', headers: { ...headers(), 'Content-Type': 'application/json' }, body: JSON.stringify(req),
      cache: 'no-store' });
    const body = await r.json().catch(() => ({}));
    if (r.ok) { result(body.done.join('; '), false); }
    else { result((r.status === 403 ? 'Forbidden: ' : 'Failed: ') + (body.error || 'HTTP ' + r.status), true); }
  };
  dialog.showModal();
  $('confirm-cancel').focus();
}

function result(text, error) {
  const p = $('action-result');
  p.textContent = text;
  p.className = error ? 'error' : '';
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
  $('scores-form').addEventListener('submit', (e) => { e.preventDefault(); explain($('scores-resource').value); });
  $('whatif-form').addEventListener('submit', (e) => { e.preventDefault(); whatIf(); });
  $('actions-form').addEventListener('submit', (e) => { e.preventDefault(); action(); });
  setInterval(leaseAges, 1000);
  start().catch((e) => problem('The console could not start: ' + e.message));
});
