// Draws a workflow's graph on a canvas. The server has laid it out (boxes with x, y, w, h; arrows
// between box indexes); this only paints what is in view, so thousands of boxes pan and zoom
// smoothly. Labels are drawn with fillText: a job name is never HTML.
'use strict';

class HymirGraph {
  static COLORS = {pending: '#c5ccd6', running: '#3b82f6', success: '#22a55b', failure: '#dc3545'};
  static FILL = {pending: '#ffffff', running: '#eef4ff', success: '#eefaf2', failure: '#fdeef0', none: '#ffffff'};
  static STRIP = 6;
  static PAD = 7;
  static LINE = 15;

  /** graph: the /graph answer; onSelect(boxIndex) when a box is clicked. */
  constructor(canvas, tip, graph, onSelect) {
    this.canvas = canvas;
    this.tip = tip;
    this.graph = graph;
    this.boxes = graph.boxes;
    this.arrows = graph.arrows;
    this.onSelect = onSelect;
    this.counts = new Int32Array(this.boxes.length * 4);
    this.labels = new Array(this.boxes.length); // lines cut to fit, computed when first drawn
    this.selected = -1;
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
    this.pending = false;
    this.ctx = canvas.getContext('2d');
    this.listen();
    this.resize();
    this.fit();
    new ResizeObserver(() => { this.resize(); this.redraw(); }).observe(canvas.parentElement);
  }

  /** Per box: pending, starting, success, failure (flat, 4 numbers a box). */
  setCounts(flat) {
    if (flat && flat.length === this.counts.length) {
      this.counts.set(flat);
      this.redraw();
    }
  }

  select(index) {
    this.selected = index;
    this.redraw();
  }

  resize() {
    const wrap = this.canvas.parentElement;
    const dpr = window.devicePixelRatio || 1;
    const width = wrap.clientWidth;
    const fitHeight = this.graph.height * Math.min(1, (width - 24) / Math.max(1, this.graph.width)) + 32;
    const height = Math.round(Math.max(140, Math.min(window.innerHeight * 0.62, fitHeight)));
    this.canvas.style.height = height + 'px';
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.cssWidth = width;
    this.cssHeight = height;
  }

  /** Whole width in view (never above 100%), top of the graph at the top. */
  fit() {
    const s = Math.min(1, (this.cssWidth - 24) / Math.max(1, this.graph.width),
      this.graph.height < 2000 ? (this.cssHeight - 24) / Math.max(1, this.graph.height) : 1);
    this.scale = Math.max(0.02, s);
    this.tx = (this.cssWidth - this.graph.width * this.scale) / 2;
    this.ty = 12;
    this.redraw();
  }

  zoom(factor, cx, cy) {
    const x = cx === undefined ? this.cssWidth / 2 : cx;
    const y = cy === undefined ? this.cssHeight / 2 : cy;
    const next = Math.min(3, Math.max(0.02, this.scale * factor));
    this.tx = x - (x - this.tx) * (next / this.scale);
    this.ty = y - (y - this.ty) * (next / this.scale);
    this.scale = next;
    this.redraw();
  }

  redraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  /** Paints now (the first paint is synchronous so that time to first render includes it). */
  draw() {
    const {ctx, scale} = this;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * this.tx, dpr * this.ty);
    const view = {
      x0: -this.tx / scale, y0: -this.ty / scale,
      x1: (this.cssWidth - this.tx) / scale, y1: (this.cssHeight - this.ty) / scale,
    };
    this.drawArrows(view);
    const detailed = scale >= 0.45;
    for (let i = 0; i < this.boxes.length; i++) {
      const b = this.boxes[i];
      if (b.x > view.x1 || b.x + b.w < view.x0 || b.y > view.y1 || b.y + b.h < view.y0) continue;
      this.drawBox(i, b, detailed);
    }
  }

  drawArrows(view) {
    const {ctx} = this;
    ctx.lineWidth = 1 / this.scale;
    for (const dashed of [0, 1]) {
      ctx.beginPath();
      let drawn = 0;
      for (const [from, to, d] of this.arrows) {
        if (d !== dashed) continue;
        const a = this.boxes[from];
        const b = this.boxes[to];
        const x1 = a.x + a.w / 2; const y1 = a.y + a.h;
        const x2 = b.x + b.w / 2; const y2 = b.y;
        if (Math.max(x1, x2) < view.x0 || Math.min(x1, x2) > view.x1
          || Math.max(y1, y2) < view.y0 || Math.min(y1, y2) > view.y1) continue;
        const bend = Math.max(18, (y2 - y1) / 2);
        ctx.moveTo(x1, y1);
        ctx.bezierCurveTo(x1, y1 + bend, x2, y2 - bend, x2, y2);
        drawn++;
      }
      ctx.setLineDash(dashed ? [5 / this.scale, 4 / this.scale] : []);
      ctx.strokeStyle = dashed ? '#a8b1bd' : '#8e99a8';
      // Thousands of arrows in view would be a grey wall over the boxes: fade them as they get denser.
      ctx.globalAlpha = Math.max(0.12, Math.min(1, 800 / Math.max(1, drawn)));
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    ctx.setLineDash([]);
  }

  /** The state a box shows: failure if any job failed, else running, else success when all did. */
  stateOf(i) {
    const c = this.counts;
    const pending = c[4 * i]; const running = c[4 * i + 1]; const success = c[4 * i + 2]; const failure = c[4 * i + 3];
    if (failure > 0) return 'failure';
    if (running > 0) return 'running';
    if (success > 0 && pending === 0) return 'success';
    if (pending + running + success + failure === 0) return 'none';
    return 'pending';
  }

  drawBox(i, b, detailed) {
    const {ctx} = this;
    const state = this.stateOf(i);
    const color = state === 'none' ? '#9aa5b1' : HymirGraph.COLORS[state];
    if (b.kind === 'JOIN') {
      ctx.fillStyle = '#6b7280';
      ctx.beginPath();
      ctx.arc(b.x + b.w / 2, b.y + b.h / 2, b.w / 2, 0, 2 * Math.PI);
      ctx.fill();
      return;
    }
    if (!detailed) {
      ctx.fillStyle = state === 'none' || state === 'pending' ? '#d5dbe3' : color;
      ctx.fillRect(b.x, b.y, b.w, b.h);
      if (i === this.selected) {
        ctx.lineWidth = 3 / this.scale;
        ctx.strokeStyle = '#111827';
        ctx.strokeRect(b.x, b.y, b.w, b.h);
      }
      return;
    }
    ctx.fillStyle = HymirGraph.FILL[state];
    ctx.beginPath();
    ctx.roundRect(b.x, b.y, b.w, b.h, 5);
    ctx.fill();
    this.drawStrip(i, b);
    ctx.lineWidth = i === this.selected ? 3 : (b.kind === 'COLLAPSED' ? 2 : 1.5);
    ctx.strokeStyle = i === this.selected ? '#111827' : color;
    if (b.kind === 'CALLBACK') ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.roundRect(b.x, b.y, b.w, b.h, 5);
    ctx.stroke();
    ctx.setLineDash([]);
    if (b.kind === 'COLLAPSED') { // a second edge: a stack of boxes
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(b.x + 4, b.y - 3);
      ctx.lineTo(b.x + b.w - 4, b.y - 3);
      ctx.stroke();
    }
    ctx.fillStyle = '#1f2937';
    ctx.textBaseline = 'top';
    const lines = this.label(i, b);
    for (let l = 0; l < lines.length; l++) {
      ctx.font = (l === 0 ? '600 ' : '') + '12px system-ui, sans-serif';
      ctx.fillText(lines[l], b.x + HymirGraph.PAD, b.y + HymirGraph.PAD + l * HymirGraph.LINE);
    }
  }

  /** The bottom strip: how the box's jobs split between the states. */
  drawStrip(i, b) {
    if (b.jobs === 0) return;
    const {ctx} = this;
    const c = this.counts;
    const total = c[4 * i] + c[4 * i + 1] + c[4 * i + 2] + c[4 * i + 3];
    if (total === 0) return;
    const y = b.y + b.h - HymirGraph.STRIP - 2;
    const width = b.w - 8;
    let x = b.x + 4;
    ctx.fillStyle = HymirGraph.COLORS.pending;
    ctx.fillRect(x, y, width, HymirGraph.STRIP);
    for (const [k, name] of [[2, 'success'], [3, 'failure'], [1, 'running']]) {
      const w = width * c[4 * i + k] / total;
      if (w <= 0) continue;
      ctx.fillStyle = HymirGraph.COLORS[name];
      ctx.fillRect(x, y, w, HymirGraph.STRIP);
      x += w;
    }
  }

  label(i, b) {
    if (!this.labels[i]) {
      const {ctx} = this;
      const room = b.w - 2 * HymirGraph.PAD;
      this.labels[i] = b.lines.map((line, l) => {
        ctx.font = (l === 0 ? '600 ' : '') + '12px system-ui, sans-serif';
        if (ctx.measureText(line).width <= room) return line;
        let lo = 0; let hi = line.length;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (ctx.measureText(line.slice(0, mid) + '…').width <= room) lo = mid; else hi = mid - 1;
        }
        return line.slice(0, lo) + '…';
      });
    }
    return this.labels[i];
  }

  /** The box under a point of the canvas (CSS pixels), or -1. Joins are too small to aim at. */
  boxAt(px, py) {
    const x = (px - this.tx) / this.scale;
    const y = (py - this.ty) / this.scale;
    for (let i = 0; i < this.boxes.length; i++) {
      const b = this.boxes[i];
      if (b.kind !== 'JOIN' && x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) return i;
    }
    return -1;
  }

  tooltip(i) {
    const b = this.boxes[i];
    const c = this.counts;
    const lines = [...b.lines];
    if (b.name) lines.push(b.name);
    if (b.jobs > 0) {
      lines.push(b.jobs.toLocaleString('en-US') + (b.jobs === 1 ? ' job: ' : ' jobs: ')
        + [['pending', 0], ['running', 1], ['success', 2], ['failure', 3]]
          .map(([n, k]) => c[4 * i + k].toLocaleString('en-US') + ' ' + n).join(', '));
    } else if (b.kind === 'CALLBACK') {
      lines.push('callback: runs once when the workflow ends');
    }
    return lines.join('\n');
  }

  listen() {
    const canvas = this.canvas;
    let drag = null;
    const point = (e) => {
      const r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    canvas.addEventListener('pointerdown', (e) => {
      drag = {x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false};
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (drag) {
        const dx = e.clientX - drag.x; const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          canvas.classList.add('dragging');
          this.tx = drag.tx + dx;
          this.ty = drag.ty + dy;
          this.tip.hidden = true;
          this.redraw();
        }
        return;
      }
      const [x, y] = point(e);
      const i = this.boxAt(x, y);
      if (i < 0) { this.tip.hidden = true; return; }
      this.tip.textContent = this.tooltip(i);
      this.tip.hidden = false;
      this.tip.style.left = Math.min(x + 14, this.cssWidth - 300) + 'px';
      this.tip.style.top = (y + 14) + 'px';
    });
    canvas.addEventListener('pointerup', (e) => {
      if (drag && !drag.moved) {
        const [x, y] = point(e);
        const i = this.boxAt(x, y);
        if (i >= 0 && this.boxes[i].jobs > 0) this.onSelect(i);
      }
      drag = null;
      canvas.classList.remove('dragging');
    });
    canvas.addEventListener('pointerleave', () => { this.tip.hidden = true; });
    canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      const [x, y] = point(e);
      this.zoom(Math.exp(-e.deltaY * 0.0015), x, y);
    }, {passive: false});
  }
}
