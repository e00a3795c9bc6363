// The dashboard's pages: hand-written, no framework, no CDN. Each page asks the read-only JSON APIs every POLL_MS and
// redraws what changed; charts are drawn on canvas here.
'use strict';

const POLL_MS = 2000;
const main = document.getElementById('main');
const page = ({ '/': 'overview', '/markets': 'markets', '/positions': 'positions', '/signals': 'signals', '/equity': 'equity' })[location.pathname] || 'overview';
const params = new URLSearchParams(location.search);
const state = { last: {}, symbols: [], symbol: params.get('symbol'), end: params.get('end'), range: params.get('range') || 'all',
  filterSymbol: params.get('symbol') || '', filterKind: params.get('kind') || '' };

document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));

// ---- helpers ----
function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
function num(x, digits) { return x === null || x === undefined || !isFinite(x) ? '–' : Number(x).toFixed(digits); }
function price(x) {
  if (x === null || x === undefined || !isFinite(x)) return '–';
  const a = Math.abs(x);
  return Number(x).toFixed(a >= 1000 ? 2 : a >= 1 ? 4 : 6);
}
function signed(x, digits) { return x === null || x === undefined || !isFinite(x) ? '–' : (x > 0 ? '+' : '') + Number(x).toFixed(digits); }
function cls(x) { return x > 0 ? 'pos' : x < 0 ? 'neg' : ''; }
function time(ms) { return ms === null || ms === undefined ? '–' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '); }
function hhmm(ms) { return new Date(ms).toISOString().slice(11, 16); }
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const m = Math.floor(seconds / 60), h = Math.floor(m / 60), d = Math.floor(h / 24);
  return d > 0 ? `${d}d ${h % 24}h` : h > 0 ? `${h}h ${m % 60}m` : `${m}m`;
}
function pct(x) { return x === null || x === undefined || !isFinite(x) ? '–' : (x * 100).toFixed(2) + ' %'; }
function banner(text, kind) {
  const b = document.getElementById('banner');
  b.hidden = !text;
  b.className = 'banner' + (kind ? ' ' + kind : '');
  b.textContent = text || '';
}

async function api(path) {
  const response = await fetch(path, { cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 401) throw new Error('not signed in: open the dashboard with the link cst printed (…/?token=…)');
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `${path}: HTTP ${response.status}`);
  return body;
}

// Calls draw(data) only when the answer changed since the last poll (keeps selections and avoids flicker).
async function load(key, path, draw) {
  const data = await api(path);
  const text = JSON.stringify(data);
  if (state.last[key] !== text) {
    state.last[key] = text;
    draw(data);
  }
  return data;
}

function table(headers, rows, empty) {
  if (rows.length === 0) return `<div class="table-wrap"><div class="empty">${esc(empty)}</div></div>`;
  return `<div class="table-wrap"><table><thead><tr>${headers.map(h => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function biasText(bias) {
  if (!bias) return '<span class="dim">none</span>';
  const side = `<span class="${bias.side === 'LONG' ? 'pos' : 'neg'}">${esc(bias.side)}</span>`;
  return `${side} ${num(bias.confidence, 0)} %${bias.valid ? ` until ${esc(time(bias.expiresAt))}` : ' <span class="dim">(expired)</span>'}`;
}

// ---- the header light (every page) ----
function drawStatusHeader(status) {
  const light = document.getElementById('light');
  // The worst of the candle light and the stages' (both reasons in its title).
  const order = ['green', 'amber', 'red'];
  const worst = order[Math.max(order.indexOf(status.health), order.indexOf(status.stagesHealth ?? 'green'))];
  light.className = 'light ' + worst;
  light.title = status.stagesReason ? `${status.reason}; pipeline: ${status.stagesReason}` : status.reason;
  if (status.mode === 'stopped') banner(`Stopped run, read-only: shown as of its last decided minute, ${time(status.now)}.`, 'stopped');
  if (status.mode === 'replay') banner(`Replay: shown as of its newest decided minute, ${time(status.now)}.`, 'stopped');
  state.symbols = status.symbols.map(s => s.symbol);
}

// ---- Overview ----
function drawOverview(status, signals) {
  const rows = status.symbols.map(s => `<tr data-symbol="${esc(s.symbol)}"><td><a href="/markets?symbol=${encodeURIComponent(s.symbol)}">${esc(s.symbol)}</a></td>` +
    `<td>${esc(time(s.lastOpen))}</td><td>${price(s.close)}</td><td>${s.trades === null || s.trades < 0 ? '–' : s.trades}</td><td>${s.lagSeconds === null ? '–' : duration(s.lagSeconds)}</td><td>${biasText(s.bias)}</td></tr>`);
  const recent = signals.slice(0, 5).map(signalRow);
  main.innerHTML = `
    <div class="health" id="health"><span class="light ${esc(status.health)}"></span><span><strong>${esc(status.health.toUpperCase())}</strong> · <span id="health-reason">${esc(status.reason)}</span></span></div>
    <div class="cards">
      <div class="card"><div class="label">Equity</div><div class="value" data-testid="equity">${num(status.equity, 2)}</div></div>
      <div class="card"><div class="label">Net PnL</div><div class="value ${cls(status.equity - status.initialEquity)}" data-testid="net-pnl">${signed(status.equity - status.initialEquity, 2)}</div></div>
      <div class="card"><div class="label">Unrealised</div><div class="value ${cls(status.unrealisedPnl)}" data-testid="unrealised">${signed(status.unrealisedPnl, 2)}</div></div>
      <div class="card"><div class="label">Open positions</div><div class="value" data-testid="open-positions">${status.openPositions}</div></div>
      <div class="card"><div class="label">Signals</div><div class="value" data-testid="signal-count">${status.signals}</div></div>
      <div class="card"><div class="label">Closed trades</div><div class="value" data-testid="closed-trades">${status.closedTrades}</div></div>
    </div>
    <h2>Pipeline</h2>
    ${drawStages(status)}
    <h2>Markets</h2>
    ${table(['Symbol', 'Last minute', 'Close', 'Trades', 'Lag', 'Macro bias'], rows, 'No symbols.')}
    <h2>Latest signals</h2>
    ${table(signalHeaders, recent, 'No signal yet.')}`;
}

// The health view: each stage's colour and reason, last event, lag behind the exchange, dead letters, corrections.
function seconds(x) { return x === null || x === undefined ? '–' : x < 60 ? `${Math.floor(x)} s` : duration(x); }
function drawStages(status) {
  const stages = status.stages ?? [];
  const cards = stages.map(s => `<div class="stage" data-stage="${esc(s.stage)}" data-health="${esc(s.health)}">
      <div class="stage-head"><span class="light ${esc(s.health)}"></span><strong>${esc(s.stage)}</strong><span class="dim">${esc(s.health.toUpperCase())}</span></div>
      <div class="stage-reason">${esc(s.reason)}</div>
      <div class="stage-facts">
        <span>last event <b data-testid="last-event">${esc(time(s.lastEvent))}</b></span>
        <span>newest data <b>${esc(time(s.exchangeTime))}</b></span>
        <span>behind <b>${seconds(s.lagSeconds)}</b></span>
        <span>dead letters <b class="${s.deadLetters > 0 ? 'neg' : ''}" data-testid="dead-letters">${s.deadLetters}</b></span>
        <span>rejected <b>${s.rejected}</b></span>
        <span>corrections <b>${s.corrections}</b></span>
      </div></div>`);
  return `<section id="pipeline"><div class="health" id="stages-health"><span class="light ${esc(status.stagesHealth)}"></span><span><strong>${esc((status.stagesHealth ?? '').toUpperCase())}</strong> · <span id="stages-reason">${esc(status.stagesReason)}</span></span></div>
    <div class="stages">${cards.length ? cards.join('') : '<div class="empty">No stage health yet.</div>'}</div></section>`;
}

// ---- Positions ----
function drawPositions(positions) {
  const rows = positions.map(p => `<tr data-signal-id="${esc(p.signalId)}"><td><a href="/markets?symbol=${encodeURIComponent(p.symbol)}">${esc(p.symbol)}</a></td>` +
    `<td class="${p.side === 'LONG' ? 'pos' : 'neg'}">${esc(p.side)}</td><td>${esc(p.kind)}</td><td>${esc(time(p.entryTime))}</td><td>${price(p.entry)}</td>` +
    `<td>${price(p.stop)}</td><td>${price(p.target)}</td><td>${price(p.lastClose)}</td><td class="${cls(p.unrealisedPnl)}">${signed(p.unrealisedPnl, 2)}</td><td>${duration(p.heldSeconds)}</td></tr>`);
  main.innerHTML = `<h2>Open positions <span class="dim" data-testid="position-count">${positions.length}</span></h2>
    ${table(['Symbol', 'Side', 'Kind', 'Entry time', 'Entry', 'Stop', 'Target', 'Last close', 'Unrealised', 'Held'], rows, 'No open position.')}`;
}

// ---- Signals ----
const signalHeaders = ['Symbol', 'Side', 'Kind', 'Entry time', 'Entry', 'Status', 'Exit time', 'Exit', 'Reason', 'R', 'PnL', 'Chart'];
function signalRow(s) {
  const end = (s.exitTime ?? s.entryTime) + 30 * 60000;
  return `<tr data-signal-id="${esc(s.signalId)}"><td>${esc(s.symbol)}</td><td class="${s.side === 'LONG' ? 'pos' : 'neg'}">${esc(s.side)}</td><td>${esc(s.kind)}</td>` +
    `<td>${esc(time(s.entryTime))}</td><td>${price(s.entry)}</td><td>${esc(s.status)}</td><td>${esc(time(s.exitTime))}</td><td>${price(s.exit)}</td>` +
    `<td>${esc(s.reason ?? '')}</td><td class="${cls(s.r)}">${signed(s.r, 2)}</td><td class="${cls(s.pnl)}">${signed(s.pnl, 2)}</td>` +
    `<td><a href="/markets?symbol=${encodeURIComponent(s.symbol)}&end=${end}&minutes=180">chart</a></td></tr>`;
}
function signalsPath() {
  const q = new URLSearchParams();
  if (state.filterSymbol) q.set('symbol', state.filterSymbol);
  if (state.filterKind) q.set('kind', state.filterKind);
  return '/api/signals' + (q.toString() ? '?' + q : '');
}
function drawSignals(signals) {
  const symbolOptions = ['', ...state.symbols].map(s => `<option value="${esc(s)}"${s === state.filterSymbol ? ' selected' : ''}>${s ? esc(s) : 'All symbols'}</option>`).join('');
  const kindOptions = ['', 'MICRO', 'SWING'].map(k => `<option value="${k}"${k === state.filterKind ? ' selected' : ''}>${k || 'All kinds'}</option>`).join('');
  main.innerHTML = `<h2>Signals <span class="dim" data-testid="signals-shown">${signals.length}</span></h2>
    <div class="filters"><select id="f-symbol" aria-label="symbol">${symbolOptions}</select><select id="f-kind" aria-label="kind">${kindOptions}</select></div>
    ${table(signalHeaders, signals.map(signalRow), 'No signal matches.')}`;
  const change = () => {
    state.filterSymbol = document.getElementById('f-symbol').value;
    state.filterKind = document.getElementById('f-kind').value;
    const q = new URLSearchParams();
    if (state.filterSymbol) q.set('symbol', state.filterSymbol);
    if (state.filterKind) q.set('kind', state.filterKind);
    history.replaceState(null, '', '/signals' + (q.toString() ? '?' + q : ''));
    delete state.last.signals;
    refresh();
  };
  document.getElementById('f-symbol').addEventListener('change', change);
  document.getElementById('f-kind').addEventListener('change', change);
}

// ---- canvas ----
function canvasIn(holder, cssHeight) {
  let canvas = holder.querySelector('canvas');
  if (!canvas) { canvas = document.createElement('canvas'); holder.appendChild(canvas); }
  const width = holder.clientWidth, ratio = window.devicePixelRatio || 1;
  canvas.style.height = cssHeight + 'px';
  canvas.width = Math.max(1, Math.floor(width * ratio));
  canvas.height = Math.floor(cssHeight * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, cssHeight);
  g.font = '11px system-ui, sans-serif';
  return { g, width, height: cssHeight };
}
function scale(min, max, top, bottom) {
  const span = max - min || Math.abs(max) || 1;
  return v => bottom - ((v - min) / span) * (bottom - top);
}
const colors = { up: '#26a269', down: '#e5484d', grid: '#2a3440', dim: '#8b96a3', rsi: '#b48cff', blue: '#4aa3ff', text: '#e6e9ed' };

function drawCandles(holder, data) {
  const { g, width, height } = canvasIn(holder, Math.min(460, Math.max(300, Math.round(holder.clientWidth * 0.55))));
  const candles = data.candles;
  if (candles.length === 0) {
    g.fillStyle = colors.dim;
    g.fillText('No candle stored in this window.', 12, 24);
    return;
  }
  const right = 64, left = 6, priceTop = 8, priceBottom = Math.round(height * 0.58), volTop = priceBottom + 6, volBottom = Math.round(height * 0.70);
  const rsiTop = volBottom + 14, rsiBottom = height - 18;
  const plotW = width - left - right, step = plotW / candles.length, body = Math.max(1, step * 0.7);
  const lows = candles.map(c => c.l), highs = candles.map(c => c.h);
  data.markers.forEach(m => { lows.push(m.price); highs.push(m.price); });
  const y = scale(Math.min(...lows), Math.max(...highs), priceTop, priceBottom);
  const yv = scale(0, Math.max(...candles.map(c => c.v)) || 1, volTop, volBottom);
  const yr = scale(0, 100, rsiTop, rsiBottom);
  const x = i => left + step * i + step / 2;
  const xOf = t => x((t - candles[0].t) / 60000);

  g.strokeStyle = colors.grid; g.fillStyle = colors.dim; g.lineWidth = 1;
  for (let k = 0; k <= 4; k++) {
    const v = Math.min(...lows) + (Math.max(...highs) - Math.min(...lows)) * k / 4, yy = Math.round(y(v)) + 0.5;
    g.beginPath(); g.moveTo(left, yy); g.lineTo(left + plotW, yy); g.stroke();
    g.fillText(price(v), left + plotW + 4, yy + 4);
  }
  const labelEvery = Math.max(1, Math.ceil(candles.length / Math.max(2, Math.floor(plotW / 70))));
  candles.forEach((c, i) => {
    const up = c.c >= c.o, xx = x(i);
    g.strokeStyle = g.fillStyle = up ? colors.up : colors.down;
    g.beginPath(); g.moveTo(xx, y(c.h)); g.lineTo(xx, y(c.l)); g.stroke();
    const top = y(Math.max(c.o, c.c)), h = Math.max(1, Math.abs(y(c.o) - y(c.c)));
    g.fillRect(xx - body / 2, top, body, h);
    g.globalAlpha = 0.5; g.fillRect(xx - body / 2, yv(c.v), body, volBottom - yv(c.v)); g.globalAlpha = 1;
    if (i % labelEvery === 0) { g.fillStyle = colors.dim; g.fillText(hhmm(c.t), Math.max(left, Math.min(xx - 14, left + plotW - 28)), height - 4); }
  });
  // RSI with the strategy's thresholds
  g.fillStyle = 'rgba(180,140,255,0.08)';
  g.fillRect(left, yr(data.overbought), plotW, yr(data.oversold) - yr(data.overbought));
  g.strokeStyle = colors.grid; g.setLineDash([4, 3]);
  [data.oversold, data.overbought].forEach(v => { const yy = yr(v); g.beginPath(); g.moveTo(left, yy); g.lineTo(left + plotW, yy); g.stroke(); g.fillStyle = colors.dim; g.fillText(num(v, 0), left + plotW + 4, yy + 4); });
  g.setLineDash([]);
  g.strokeStyle = colors.rsi; g.lineWidth = 1.5; g.beginPath();
  let started = false;
  data.rsi.forEach((v, i) => { if (v === null) return; if (started) g.lineTo(x(i), yr(v)); else { g.moveTo(x(i), yr(v)); started = true; } });
  g.stroke(); g.lineWidth = 1;
  const lastRsi = data.rsi.filter(v => v !== null).pop();
  g.fillStyle = colors.rsi; g.fillText(`RSI(${data.rsiPeriod}) ${lastRsi === undefined ? '' : num(lastRsi, 1)}`, left + 4, rsiTop + 10);
  // entries and exits
  data.markers.forEach(m => {
    const xx = xOf(m.t), yy = y(m.price);
    g.fillStyle = m.type === 'exit' ? colors.text : m.side === 'LONG' ? colors.up : colors.down;
    g.beginPath();
    if (m.type === 'exit') { g.arc(xx, yy, 4, 0, Math.PI * 2); }
    else if (m.side === 'LONG') { g.moveTo(xx, yy); g.lineTo(xx - 6, yy + 10); g.lineTo(xx + 6, yy + 10); }
    else { g.moveTo(xx, yy); g.lineTo(xx - 6, yy - 10); g.lineTo(xx + 6, yy - 10); }
    g.fill();
  });
}

function drawLine(holder, points, value, color, format, fill) {
  const { g, width, height } = canvasIn(holder, 200);
  if (points.length < 2) { g.fillStyle = colors.dim; g.fillText('Not enough closed trades in this range.', 12, 24); return; }
  const left = 6, right = 70, top = 8, bottom = height - 18, plotW = width - left - right;
  const t0 = points[0].t, t1 = points[points.length - 1].t, values = points.map(value);
  const min = Math.min(...values), max = Math.max(...values), y = scale(min, max, top, bottom);
  const x = t => left + (t1 === t0 ? 0 : (t - t0) / (t1 - t0) * plotW);
  g.strokeStyle = colors.grid; g.fillStyle = colors.dim;
  for (let k = 0; k <= 3; k++) { const v = min + (max - min) * k / 3, yy = Math.round(y(v)) + 0.5; g.beginPath(); g.moveTo(left, yy); g.lineTo(left + plotW, yy); g.stroke(); g.fillText(format(v), left + plotW + 4, yy + 4); }
  g.fillText(time(t0), left, height - 4);
  const lastLabel = time(t1); g.fillText(lastLabel, left + plotW - g.measureText(lastLabel).width, height - 4);
  g.beginPath();
  points.forEach((p, i) => { const xx = x(p.t), yy = y(value(p)); if (i === 0) g.moveTo(xx, yy); else g.lineTo(xx, yy); });
  g.strokeStyle = color; g.lineWidth = 1.5; g.stroke(); g.lineWidth = 1;
  if (fill) { g.lineTo(x(t1), y(max)); g.lineTo(x(t0), y(max)); g.closePath(); g.fillStyle = fill; g.fill(); }
}

// ---- Markets ----
function candlesPath() {
  const q = new URLSearchParams({ symbol: state.symbol || state.symbols[0] || '' });
  if (state.end) q.set('end', state.end);
  q.set('minutes', params.get('minutes') || '120');
  return '/api/candles?' + q;
}
function drawMarketsFrame() {
  const tabs = state.symbols.map(s => `<button data-symbol="${esc(s)}" class="${s === state.symbol ? 'active' : ''}">${esc(s)}</button>`).join('');
  main.innerHTML = `<div class="tabs" id="symbols">${tabs}</div><div class="chart" id="chart"></div><div class="caption" id="chart-caption"></div>`;
  document.querySelectorAll('#symbols button').forEach(b => b.addEventListener('click', () => {
    state.symbol = b.dataset.symbol; state.end = null;
    history.replaceState(null, '', '/markets?symbol=' + encodeURIComponent(state.symbol));
    delete state.last.candles; drawMarketsFrame(); refresh();
  }));
}
function drawMarket(data) {
  state.market = data;
  drawCandles(document.getElementById('chart'), data);
  const last = data.candles[data.candles.length - 1];
  document.getElementById('chart-caption').innerHTML =
    `${esc(data.symbol)} · ${esc(data.interval)} · ${data.candles.length} candles${last ? ` to ${esc(time(last.t))} · close <span data-testid="last-close">${price(last.c)}</span>` : ''}` +
    ` · RSI(${data.rsiPeriod}) thresholds ${num(data.oversold, 0)}/${num(data.overbought, 0)} · macro bias ${biasText(data.bias)}` +
    ` · ▲▼ entries, ● exits${state.end ? ' · <a href="/markets?symbol=' + encodeURIComponent(data.symbol) + '">live</a>' : ''}`;
}

// ---- Equity ----
function drawEquityFrame() {
  const tabs = ['24h', '7d', '30d', 'all'].map(r => `<button data-range="${r}" class="${r === state.range ? 'active' : ''}">${r}</button>`).join('');
  main.innerHTML = `<div class="tabs" id="ranges">${tabs}</div><h2>Equity</h2><div class="chart" id="equity-chart"></div>
    <h2>Drawdown</h2><div class="chart" id="drawdown-chart"></div><h2>Metrics</h2><div id="metrics"></div>`;
  document.querySelectorAll('#ranges button').forEach(b => b.addEventListener('click', () => {
    state.range = b.dataset.range;
    history.replaceState(null, '', '/equity?range=' + state.range);
    delete state.last.equity; drawEquityFrame(); refresh();
  }));
}
function drawEquity(data) {
  state.equity = data;
  drawLine(document.getElementById('equity-chart'), data.points, p => p.equity, colors.blue, v => num(v, 0));
  drawLine(document.getElementById('drawdown-chart'), data.points, p => -p.drawdown, colors.down, v => pct(-v), 'rgba(229,72,77,0.12)');
  const m = data.metrics;
  const rows = [
    ['Trades', m.trades], ['Win rate', pct(m.winRate)], ['Average R', signed(m.averageR, 2)], ['Profit factor', num(m.profitFactor, 2)],
    ['Expectancy', signed(m.expectancy, 2)], ['Net PnL', signed(m.netPnl, 2)], ['Fees', num(m.fees, 2)], ['Max drawdown', pct(m.maxDrawdown)],
    ['Max drawdown amount', num(m.maxDrawdownAmount, 2)], ['Sharpe', num(m.sharpe, 2)], ['Sortino', num(m.sortino, 2)],
    ['Start equity', num(data.start, 2)], ['Final equity', num(m.finalEquity, 2)],
  ].map(([k, v]) => `<tr><td>${esc(k)}</td><td data-metric="${esc(k)}">${esc(v)}</td></tr>`);
  document.getElementById('metrics').innerHTML = table(['Metric', `${data.range} · ${time(data.from)} – ${time(data.to)}`], rows, '');
}

// ---- the poll loop ----
let framed = false;
async function refresh() {
  try {
    const status = await api('/api/status');
    drawStatusHeader(status);
    if (status.mode === 'live') banner('');
    if (page === 'overview') {
      const signals = await api('/api/signals');
      const text = JSON.stringify([status, signals.slice(0, 5)]);
      if (state.last.overview !== text) { state.last.overview = text; drawOverview(status, signals); }
    } else if (page === 'positions') {
      await load('positions', '/api/positions', drawPositions);
    } else if (page === 'signals') {
      await load('signals', signalsPath(), drawSignals);
    } else if (page === 'markets') {
      if (!state.symbol) state.symbol = state.symbols[0];
      if (!framed) { drawMarketsFrame(); framed = true; }
      await load('candles', candlesPath(), drawMarket);
    } else if (page === 'equity') {
      if (!framed) { drawEquityFrame(); framed = true; }
      await load('equity', '/api/equity?range=' + encodeURIComponent(state.range), drawEquity);
    }
    document.getElementById('updated').textContent = 'updated ' + new Date().toISOString().slice(11, 19);
  } catch (e) {
    banner(e.message);
  }
}

window.addEventListener('resize', () => {
  if (page === 'markets' && state.market) drawMarket(state.market);
  if (page === 'equity' && state.equity) drawEquity(state.equity);
});
refresh();
setInterval(refresh, POLL_MS);
