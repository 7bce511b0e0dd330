// One workflow's page: summary and graph first, then a server-sent event stream keeps them current;
// the failed-jobs list and the job table are re-read (one page each) when the numbers change.
'use strict';

(() => {
  const {el, fmt, percent, badge, fillBar, getJson, stream, showProblem, setLive, showSource, rendered, pager,
    shortName} = Hymir;
  const JOB_STATUSES = ['PENDING', 'STARTING', 'SUCCESS', 'FAILURE'];
  const id = decodeURIComponent(location.pathname.split('/')[2] || '');
  const base = '/api/workflows/' + encodeURIComponent(id);
  const jobsView = {status: null, box: null, offset: 0, limit: 25};
  const failuresView = {offset: 0, limit: 10};
  let graph = null;
  let boxes = [];
  let last = null;
  let info = {cancel: false};
  let source = null;
  let refreshTimer = null;
  let lastRefresh = 0;

  document.getElementById('wf-id').textContent = id;
  document.title = 'Workflow ' + id + ' · Hymir';

  function renderSummary(w) {
    last = w;
    const status = document.getElementById('wf-status');
    status.className = 'badge ' + w.status;
    status.textContent = w.status;
    document.documentElement.dataset.status = w.status;
    const progress = document.getElementById('progress');
    fillBar(progress, w, Math.max(1, w.total));
    progress.setAttribute('aria-valuenow', percent(w.finished, w.total));
    document.getElementById('progress-text').textContent = fmt(w.finished) + ' / ' + fmt(w.total)
      + ' jobs finished (' + percent(w.finished, w.total) + '%)';
    document.getElementById('counts').replaceChildren(
      el('span', {className: 'c pending'}, fmt(w.pending) + ' pending'),
      el('span', {className: 'c running'}, fmt(w.running) + ' running'),
      el('span', {className: 'c success'}, fmt(w.succeeded) + ' succeeded'),
      el('span', {className: 'c failure'}, fmt(w.failed) + ' failed'));
    document.getElementById('failed-count').textContent = '(' + fmt(w.failed) + ')';
    document.getElementById('cancel').hidden = !(info.cancel && w.cancellable);
    if (graph) graph.setCounts(w.boxCounts);
  }

  function renderGraph(g) {
    const note = document.getElementById('graph-note');
    if (!g.drawn) {
      document.getElementById('graph-wrap').hidden = true;
      note.hidden = false;
      note.textContent = 'Graph not drawn: ' + g.reason + '.';
      return;
    }
    boxes = g.boxes;
    const canvas = document.getElementById('graph');
    canvas.dataset.boxes = g.boxes.length;
    graph = new HymirGraph(canvas, document.getElementById('tip'), g, (i) => selectBox(i));
    window.hymirGraph = graph;
    if (last) graph.setCounts(last.boxCounts);
    graph.draw();
    document.getElementById('fit').addEventListener('click', () => graph.fit());
    document.getElementById('zoom-in').addEventListener('click', () => graph.zoom(1.25));
    document.getElementById('zoom-out').addEventListener('click', () => graph.zoom(0.8));
  }

  function selectBox(i) {
    jobsView.box = i;
    jobsView.offset = 0;
    if (graph) graph.select(i);
    loadJobs();
  }

  function renderBoxFilter() {
    const chip = document.getElementById('box-filter');
    if (jobsView.box === null) {
      chip.hidden = true;
      return;
    }
    const b = boxes[jobsView.box];
    chip.hidden = false;
    chip.replaceChildren('box: ' + (b ? b.lines[0] : jobsView.box), el('button', {
      type: 'button', title: 'show all jobs', 'aria-label': 'clear the box filter',
      onclick: () => { jobsView.box = null; jobsView.offset = 0; if (graph) graph.select(-1); loadJobs(); },
    }, '✕'));
  }

  function renderJobFilters() {
    const link = (status, label) => el('a', {
      href: '#', className: jobsView.status === status ? 'on' : null, dataset: {status: status || 'ALL'},
      onclick: (e) => { e.preventDefault(); jobsView.status = status; jobsView.offset = 0; loadJobs(); },
    }, label);
    document.getElementById('job-filters').replaceChildren(link(null, 'All'),
      ...JOB_STATUSES.map((s) => link(s, s.charAt(0) + s.slice(1).toLowerCase())));
  }

  function jobsUrl(view, status) {
    const q = new URLSearchParams({offset: view.offset, limit: view.limit});
    if (status) q.set('status', status);
    if (view.box !== null && view.box !== undefined) q.set('box', view.box);
    return base + '/jobs?' + q;
  }

  async function loadJobs() {
    renderJobFilters();
    renderBoxFilter();
    const data = await getJson(jobsUrl(jobsView, jobsView.status));
    const rows = data.jobs.map((j) => el('tr', {dataset: {job: j.id, status: j.status}},
      el('td', {className: 'num id'}, j.id),
      el('td', {title: j.name}, shortName(j.name), j.output ? el('span', {className: 'muted'}, ' → ' + j.output) : null),
      el('td', {className: 'args', title: j.args}, j.args),
      el('td', null, badge(j.status)),
      el('td', {className: 'num'}, j.retries),
      el('td', {className: 'exception', title: j.exception || ''}, j.exception || ''),
      el('td', null, el('button', {type: 'button', className: 'details', onclick: () => showJob(j.id)}, 'Details'))));
    document.querySelector('#jobs tbody').replaceChildren(...rows);
    const empty = document.getElementById('jobs-empty');
    empty.hidden = rows.length > 0;
    empty.textContent = 'No jobs match.';
    pager(document.getElementById('jobs-pager'), data.offset, data.limit, data.total, (offset, limit) => {
      jobsView.offset = offset;
      jobsView.limit = limit;
      loadJobs();
    });
  }

  async function loadFailures() {
    const data = await getJson(jobsUrl(failuresView, 'FAILURE'));
    const items = data.jobs.map((j) => {
      const trace = el('pre', {className: 'trace', hidden: true});
      const toggle = el('button', {type: 'button', className: 'trace-toggle', onclick: async () => {
        if (!trace.hidden) { trace.hidden = true; toggle.textContent = 'Show full trace'; return; }
        const job = await getJson(base + '/jobs/' + encodeURIComponent(j.id));
        trace.textContent = job.exception || '(no exception recorded)';
        trace.hidden = false;
        toggle.textContent = 'Hide trace';
      }}, 'Show full trace');
      return el('div', {className: 'failure-item', dataset: {job: j.id}},
        el('div', {className: 'what'}, el('strong', null, 'Job ' + j.id), ' ', el('span', {title: j.name}, j.name),
          j.retries > 0 ? el('span', {className: 'muted'}, ' (after ' + j.retries + ' retries)') : null),
        el('div', {className: 'line'}, j.exception || ''), toggle, trace);
    });
    const node = document.getElementById('failures');
    node.replaceChildren(...items);
    if (items.length === 0) node.replaceChildren(el('p', {className: 'empty'}, 'No job has failed.'));
    const pagerNode = document.getElementById('failures-pager');
    pagerNode.hidden = data.total <= failuresView.limit;
    pager(pagerNode, data.offset, data.limit, data.total, (offset, limit) => {
      failuresView.offset = offset;
      failuresView.limit = limit;
      loadFailures();
    });
  }

  async function showJob(jobId) {
    const job = await getJson(base + '/jobs/' + encodeURIComponent(jobId));
    document.getElementById('job-title').textContent = 'Job ' + job.id + ' · ' + job.name;
    const fields = [['status', job.status], ['retries', job.retries], ['args', job.args], ['kwargs', job.kwargs],
      ['output', job.output || '—'], ['inputs', job.inputs.length ? job.inputs.join(', ') : '—'], ['meta', job.meta],
      ['context', job.context]];
    document.getElementById('job-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
    document.getElementById('job-exception').textContent = job.exception || '(none)';
    document.getElementById('job-dialog').showModal();
  }

  /** Tables follow the numbers, at most once a second; at once when the workflow has finished. */
  function refreshTables(now) {
    const wait = now ? 0 : Math.max(0, 1000 - (Date.now() - lastRefresh));
    if (now && refreshTimer) {
      clearTimeout(refreshTimer);
      refreshTimer = null;
    }
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      lastRefresh = Date.now();
      try {
        await Promise.all([loadFailures(), loadJobs()]);
      } catch (e) {
        showProblem(e.message);
      }
    }, wait);
  }

  function onUpdate(w) {
    showProblem(null);
    const changed = !last || last.finished !== w.finished || last.failed !== w.failed || last.running !== w.running
      || last.status !== w.status;
    renderSummary(w);
    if (changed) refreshTables(['SUCCESS', 'FAILURE', 'CANCELLED'].includes(w.status));
  }

  function listen() {
    source = stream('/api/stream/workflows/' + encodeURIComponent(id), {
      workflow: onUpdate,
      problem: (data) => showProblem(data.error),
      gone: (data) => { source.close(); setLive('off', 'gone'); showProblem(data.error); },
      end: () => { source.close(); setLive('done', 'finished'); },
    });
  }

  function setUpCancel() {
    const dialog = document.getElementById('cancel-dialog');
    document.getElementById('cancel').addEventListener('click', () => dialog.showModal());
    document.getElementById('cancel-no').addEventListener('click', () => dialog.close());
    document.getElementById('cancel-yes').addEventListener('click', async () => {
      dialog.close();
      const response = await fetch(base + '/cancel', {method: 'POST', headers: {'X-Hymir-Dashboard': 'cancel'}});
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        showProblem('Cancel refused: ' + (body.error || response.status));
      }
    });
    document.getElementById('job-close').addEventListener('click', () => document.getElementById('job-dialog').close());
  }

  async function start() {
    setUpCancel();
    try {
      const [i, w, g] = await Promise.all([showSource(), getJson(base), getJson(base + '/graph')]);
      info = i;
      renderSummary(w);
      renderGraph(g);
      await Promise.all([loadFailures(), loadJobs()]);
      lastRefresh = Date.now();
      rendered();
      if (w.status === 'SUCCESS' || w.status === 'FAILURE' || w.status === 'CANCELLED') {
        setLive('done', 'finished');
      } else {
        listen();
      }
    } catch (e) {
      showProblem(e.status === 404 ? 'No workflow \u2018' + id + '\u2019 here: ' + e.message : e.message);
      setLive('off', 'not live');
      document.getElementById('overview').hidden = true;
    }
  }

  start();
})();
