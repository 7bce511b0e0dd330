// Shared by the dashboard's pages. Every value from the server goes into the page as text
// (text nodes, textContent, attributes set one by one): nothing is ever parsed as HTML.
'use strict';

const Hymir = (() => {
  /** el('a', {href: '/x', className: 'c'}, 'text', child...) — strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const fmt = (n) => Number(n).toLocaleString('en-US');

  function percent(finished, total) {
    if (!total) return 100;
    return Math.floor((1000 * finished) / total) / 10;
  }

  function badge(status) {
    return el('span', {className: 'badge ' + status}, status);
  }

  /** A bar of success / failure / running segments over the pending grey. */
  function bar(s, big) {
    const total = Math.max(1, s.total);
    const node = el('div', {className: big ? 'bar big' : 'bar'});
    fillBar(node, s, total);
    return node;
  }

  // Widths through the CSSOM: the Content-Security-Policy refuses style attributes.
  function fillBar(node, s, total) {
    const parts = [['success', s.succeeded], ['failure', s.failed], ['running', s.running]].map(([cls, n]) => {
      const span = el('span', {className: cls});
      span.style.width = (100 * n / total) + '%';
      return span;
    });
    node.replaceChildren(...parts);
  }

  /** GET a JSON answer; a non-2xx answer throws an Error with the server's message. */
  async function getJson(url) {
    const response = await fetch(url, {headers: {Accept: 'application/json'}});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.error || (response.status + ' ' + response.statusText));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function showProblem(message) {
    const node = document.getElementById('problem');
    if (!node) return;
    node.hidden = !message;
    node.textContent = message || '';
  }

  /** state: 'on' (streaming), 'off' (lost), 'done' (nothing more will change). */
  function setLive(state, text) {
    const node = document.getElementById('live');
    if (!node) return;
    node.className = 'live ' + state;
    node.textContent = text;
  }

  /** Listens to a server-sent event stream; handlers by event name. Returns the EventSource. */
  function stream(url, handlers) {
    const source = new EventSource(url);
    source.addEventListener('open', () => setLive('on', 'live'));
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) setLive('off', 'reconnecting…');
    });
    for (const [name, handler] of Object.entries(handlers)) {
      source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
    }
    return source;
  }

  async function showSource() {
    try {
      const info = await getJson('/api/info');
      const node = document.getElementById('source');
      if (node) node.textContent = info.source;
      return info;
    } catch (e) {
      return {source: '', cancel: false};
    }
  }

  /** Records the first complete render once: tests and the README's figures read it. */
  function rendered() {
    if (window.hymirFirstRender === undefined) {
      window.hymirFirstRender = performance.now();
      document.documentElement.dataset.rendered = 'true';
    }
  }

  /** Prev / next buttons and "1–50 of 1,234", with a page-size choice. */
  function pager(node, offset, limit, total, go) {
    const from = total === 0 ? 0 : offset + 1;
    const to = Math.min(total, offset + limit);
    const size = el('select', {'aria-label': 'rows per page', onchange: (e) => go(0, Number(e.target.value))});
    for (const n of [10, 25, 50, 100, 200]) {
      size.append(el('option', {value: n, selected: n === limit}, n + ' per page'));
    }
    node.replaceChildren(
      el('button', {type: 'button', className: 'prev', disabled: offset === 0,
        onclick: () => go(Math.max(0, offset - limit), limit)}, '‹ Prev'),
      el('span', {className: 'range'}, fmt(from) + '–' + fmt(to) + ' of ' + fmt(total)),
      el('button', {type: 'button', className: 'next', disabled: to >= total,
        onclick: () => go(offset + limit, limit)}, 'Next ›'),
      size);
  }

  /** com.acme.Reports.start -> Reports.start (nested classes lose their outer class). */
  function shortName(name) {
    if (!name) return '';
    const dot = name.lastIndexOf('.');
    if (dot <= 0) return name;
    const owner = name.substring(0, dot);
    const cut = Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$'));
    return name.substring(cut + 1);
  }

  return {el, fmt, percent, badge, bar, fillBar, getJson, showProblem, setLive, stream, showSource, rendered, pager,
    shortName};
})();
