// The workflows page: one server-sent event stream of the current page of the list.
'use strict';

(() => {
  const {el, fmt, percent, badge, bar, stream, showProblem, showSource, rendered, pager} = Hymir;
  const STATUSES = ['RUNNING', 'PENDING', 'SUCCESS', 'FAILURE', 'CANCELLED'];
  const params = new URLSearchParams(location.search);
  const view = {
    status: STATUSES.includes(params.get('status')) ? params.get('status') : null,
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
    limit: [10, 25, 50, 100, 200].includes(Number(params.get('limit'))) ? Number(params.get('limit')) : 50,
  };
  let source = null;

  function query() {
    const q = new URLSearchParams();
    if (view.status) q.set('status', view.status);
    if (view.offset) q.set('offset', view.offset);
    if (view.limit !== 50) q.set('limit', view.limit);
    return q.toString();
  }

  function connect() {
    if (source) source.close();
    const q = query();
    history.replaceState(null, '', q ? '?' + q : location.pathname);
    source = stream('/api/stream/workflows' + (q ? '?' + q : ''), {
      list: (data) => { showProblem(unreadable(data)); render(data); },
      problem: (data) => showProblem(data.error),
    });
  }

  function go(offset, limit) {
    view.offset = offset;
    view.limit = limit;
    connect();
  }

  /** Workflows whose state could not be read are not listed; the page says how many and why. */
  function unreadable(data) {
    if (!data.unreadable) return null;
    const first = data.problems[0];
    return data.unreadable + (data.unreadable === 1 ? ' workflow' : ' workflows') + ' could not be read'
      + (first ? ', e.g. ' + first.id + ': ' + first.error : '');
  }

  function render(data) {
    // The list shrank under the current page (workflows cleared): go back to its last page.
    if (data.total > 0 && data.offset >= data.total) {
      go(Math.floor((data.total - 1) / view.limit) * view.limit, view.limit);
      return;
    }
    renderFilters(data.counts);
    const rows = data.workflows.map((w) => el('tr', {dataset: {id: w.id, status: w.status}},
      el('td', {className: 'id'}, el('a', {href: '/workflows/' + encodeURIComponent(w.id)}, w.id)),
      el('td', null, badge(w.status)),
      w.error
        ? el('td', {className: 'exception', colspan: 3, title: w.error}, w.error)
        : el('td', null, el('div', {className: 'progress-cell'}, bar(w),
          el('span', {className: 'label'}, fmt(w.finished) + ' / ' + fmt(w.total) + ' (' + percent(w.finished, w.total) + '%)'))),
      w.error ? null : el('td', {className: 'num' + (w.failed > 0 ? ' failed-some' : '')}, fmt(w.failed)),
      w.error ? null : el('td', {className: 'num'}, fmt(w.running))));
    document.querySelector('#workflows tbody').replaceChildren(...rows);
    const empty = document.getElementById('empty');
    empty.hidden = rows.length > 0;
    empty.textContent = view.status ? 'No ' + view.status + ' workflows.' : 'No workflows yet.';
    pager(document.getElementById('pager'), data.offset, data.limit, data.total, go);
    rendered();
  }

  function renderFilters(counts) {
    const link = (status, label) => el('a', {
      href: status ? '?status=' + status : '?', className: view.status === status ? 'on' : null,
      dataset: {status: status || 'ALL'},
      onclick: (e) => { e.preventDefault(); view.status = status; view.offset = 0; connect(); },
    }, label + ' (' + fmt(status ? counts[status] : counts.ALL) + ')');
    document.getElementById('filters').replaceChildren(link(null, 'All'),
      ...STATUSES.map((s) => link(s, s.charAt(0) + s.slice(1).toLowerCase())));
  }

  showSource();
  connect();
})();
