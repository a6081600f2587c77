// synthstream dashboard: plain browser JavaScript against the gateway's /api/v1 (no build step).
'use strict';

const $ = (id) => document.getElementById(id);
const keyInput = $('api-key');
keyInput.value = localStorage.getItem('synthstream.key') || 'dev-admin-key';
keyInput.addEventListener('change', () => { localStorage.setItem('synthstream.key', keyInput.value); refresh(); });

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

async function api(path, options = {}) {
  const key = keyInput.value;
  const res = await fetch(path, { ...options, headers: { 'X-API-Key': key, 'Content-Type': 'application/json', ...(options.headers || {}) } });
  // an answer to the key typed before: what it holds is not for this key, and its error is not this key's either
  if (key !== keyInput.value) throw new Error('superseded: the API key changed');
  if (!res.ok) {
    let detail = res.statusText;
    try { const p = await res.json(); detail = p.detail || p.title || detail; } catch (e) { /* not JSON */ }
    if (res.status === 401) keyRefused(`${res.status}: ${detail}`);
    throw new Error(`${res.status}: ${detail}`);
  }
  return res;
}

/**
 * The key is refused: nothing read with an earlier key stays on the page (it would pass for what this key may see),
 * and the page says why it is empty. A 403 is not this: the key is valid, only the call needs an admin key.
 */
function keyRefused(reason) {
  models = [];
  $('models').replaceChildren();
  $('ex-model').replaceChildren();
  fillVersions();
  const grid = $('ex-grid');
  grid.hidden = true; grid.removeAttribute('src');
  $('ex-rows').hidden = true; $('ex-rows').replaceChildren();
  $('ex-info').textContent = ''; $('ex-info').className = 'muted';
  if (following) { following.source.close(); following = null; }
  $('jobs').replaceChildren();
  curve.d = []; curve.g = []; curve.total = 0;
  draw();
  $('loss-caption').textContent = 'Pick a job to follow its losses.';
  if ($('preview-dialog').open) $('preview-dialog').close();
  const banner = $('key-refused');
  banner.textContent = `The API key was refused (${reason}). Enter a valid key above: models, samples and jobs show once it is accepted.`;
  banner.hidden = false;
  status(`API key refused (${reason.split(':')[0]})`, true);
}

async function imageUrl(path) {
  const blob = await (await api(path)).blob();
  return URL.createObjectURL(blob);
}

// ---- models ----------------------------------------------------------------
let models = [];

async function loadModels() {
  models = await (await api('/api/v1/models')).json();
  const root = $('models');
  root.replaceChildren();
  if (models.length === 0) { root.innerHTML = '<p class="muted">No model published yet — launch a training job below.</p>'; }
  for (const m of models) root.appendChild(await modelBlock(m));
  const select = $('ex-model');
  const chosen = select.value;
  select.replaceChildren(...models.map((m) => new Option(m.name, m.name)));
  if (chosen && models.some((m) => m.name === chosen)) select.value = chosen;
  fillVersions();
}

async function modelBlock(m) {
  const div = document.createElement('div');
  div.dataset.model = m.name;
  const head = document.createElement('div');
  head.className = 'model-head';
  head.innerHTML = `<h3>${m.name}</h3><span class="muted">live v${m.liveVersion}</span>` +
    (m.canaryVersion ? `<span class="muted">canary v${m.canaryVersion} (${Math.round(m.canaryShare * 100)} %)</span>` : '');
  const promote = button('Promote newest', async () => { await api(`/api/v1/models/${m.name}/promote`, { method: 'POST', body: '{}' }); }, true);
  const rollback = button('Roll back', async () => { await api(`/api/v1/models/${m.name}/rollback`, { method: 'POST' }); }, true);
  const canary = button('Canary 10 %', async () => { await api(`/api/v1/models/${m.name}/canary`, { method: 'POST', body: JSON.stringify({ share: 0.1 }) }); }, true);
  head.append(promote, rollback, canary);
  const table = document.createElement('table');
  const tabular = m.versions.some((v) => v.rows); // a table's versions: their own figures (tables.js)
  table.innerHTML = tabular ? tabularHead() : '<thead><tr><th>Version</th><th>Preview</th><th>Label fidelity</th><th>TSTR</th><th title="accuracy points a classifier trained on the job’s labelled data gains with this version’s samples (validation split; mean ± sd over seeds)">Augmentation gain</th><th>FD (real-vs-real)</th><th>Parity</th><th>Steps</th><th>Published</th><th></th></tr></thead>';
  const body = document.createElement('tbody');
  const newest = Math.max(...m.versions.map((v) => v.version));
  for (const v of [...m.versions].reverse()) {
    const tr = document.createElement('tr');
    const badges = (v.version === m.liveVersion ? '<span class="badge live">live</span>' : '') +
      (v.version === m.canaryVersion ? '<span class="badge canary">canary</span>' : '') +
      (v.precision === 'int8' ? `<span class="badge" title="int8 fully connected layers; mean |diff| to float32 ${
        v.metrics && v.metrics.quantizationMeanAbsDiff != null ? v.metrics.quantizationMeanAbsDiff.toFixed(4) : 'n/a'}">int8</span>` : '');
    const metrics = v.metrics || {};
    tr.innerHTML = tabular ? `<td>v${v.version}${badges}</td>${v.rows ? tabularCells(v) : '<td colspan="7"></td><td class="actions"></td>'}` :
      `<td>v${v.version}${badges}</td><td></td>` +
      `<td>${metrics.labelFidelity != null ? (metrics.labelFidelity * 100).toFixed(1) + ' %' : '–'}</td>` +
      `<td>${metrics.tstrAccuracy != null ? (metrics.tstrAccuracy * 100).toFixed(1) + ' %' : '–'}</td>` +
      `<td class="gain">${gain(metrics.augmentationGain)}</td>` +
      `<td>${metrics.frechetDistance != null ? metrics.frechetDistance.toFixed(2) +
        (metrics.frechetDistanceRealVsReal != null ? ` (${metrics.frechetDistanceRealVsReal.toFixed(2)})` : '') : '–'}</td>` +
      `<td>${metrics.onnxParityMaxAbsDiff != null ? metrics.onnxParityMaxAbsDiff.toExponential(1) : '–'}</td>` +
      `<td>${metrics.trainingSteps ?? '–'}</td><td>${new Date(v.createdAt).toLocaleString()}</td><td class="actions"></td>`;
    tr.dataset.version = v.version;
    const actions = tr.querySelector('td.actions');
    if (v.version !== m.liveVersion) {
      actions.appendChild(button('Make live', async () => {
        await api(`/api/v1/models/${m.name}/promote`, { method: 'POST', body: JSON.stringify({ version: v.version }) });
      }, true));
    }
    // the gateway refuses to retire the newest version and the one pinned live: not offered
    if (v.version !== newest && v.version !== m.liveVersion) {
      actions.appendChild(button('Retire', async () => {
        if (!confirm(`Retire ${m.name} v${v.version}? Generators stop serving it and it is removed from the model topics.`)) throw new Error('cancelled');
        await api(`/api/v1/models/${m.name}/retire`, { method: 'POST', body: JSON.stringify({ versions: [v.version] }) });
      }, true));
    }
    if (v.preview) {
      const img = document.createElement('img');
      img.className = 'thumb'; img.alt = `preview of v${v.version}`;
      imageUrl(v.preview).then((u) => { img.src = u; }).catch(() => {});
      // a thumbnail of a 10×10 grid shows each digit ~6 px high: it opens full size
      const enlarge = document.createElement('button');
      enlarge.type = 'button'; enlarge.className = 'thumb-button'; enlarge.title = 'Enlarge';
      enlarge.addEventListener('click', () => showPreview(`${m.name} v${v.version}`, img.src));
      enlarge.appendChild(img);
      tr.children[1].appendChild(enlarge);
    }
    body.appendChild(tr);
    if (v.rows) body.appendChild(tabularDetailsRow(m, v, tr.children.length, v.version === newest));
  }
  table.appendChild(body);
  div.append(head, table);
  if (m.refused && m.refused.length) div.appendChild(refusedTable(m.refused));
  return div;
}

/** The preview grid in a dialog, as large as the window allows in whole multiples of its pixels (sharp, never blurred). */
function showPreview(title, src) {
  if (!src) return;
  const img = $('preview-full');
  img.onload = () => {
    const fit = Math.min(0.92 * innerWidth / img.naturalWidth, 0.8 * innerHeight / img.naturalHeight);
    img.style.width = `${Math.floor(img.naturalWidth * (fit >= 1 ? Math.floor(fit) : fit))}px`;
  };
  img.alt = `preview of ${title}`;
  img.src = src;
  $('preview-title').textContent = `${title}: preview`;
  $('preview-dialog').showModal();
}

/** "+1.8 ± 0.4 pts" with the figures behind it as a tooltip; "–" when not measured. */
function gain(g) {
  if (!g) return '–';
  const sign = g.gainPoints >= 0 ? '+' : '−';
  const title = `real only ${(g.realOnlyAccuracy * 100).toFixed(1)} %, with ${g.syntheticSamples} samples ${(g.augmentedAccuracy * 100).toFixed(1)} %` +
    ` on ${g.validationImages} validation images; ${g.realImages} labelled images; ${g.seeds} seeds`;
  return `<span class="${g.gainPoints < 0 ? 'negative' : ''}" title="${title}">${sign}${Math.abs(g.gainPoints).toFixed(1)} ± ${g.spreadPoints.toFixed(1)} pts</span>`;
}

const pct = (v) => (v != null ? (v * 100).toFixed(1) + ' %' : '–');

// candidates the quality gate kept from going live: their figures and why (text nodes: a reason holds '<')
function refusedTable(refused) {
  const table = document.createElement('table');
  table.className = 'refused';
  table.innerHTML = '<caption>Refused by the quality gate (never published)</caption><thead><tr><th>Candidate</th><th>Label fidelity</th>' +
    '<th>TSTR</th><th>FD</th><th>Augmentation gain</th><th>Reason</th><th>When</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const r of [...refused].reverse()) {
    const m = r.metrics || {}, gain = m.augmentationGain;
    const tr = document.createElement('tr');
    tr.dataset.refusedJob = r.trainingJobId; tr.dataset.step = r.step;
    const cells = [`${r.trainingJobId} @ step ${r.step}`, pct(m.labelFidelity), pct(m.tstrAccuracy),
      m.frechetDistance != null ? m.frechetDistance.toFixed(2) : '–',
      gain ? `${gain.gainPoints >= 0 ? '+' : ''}${gain.gainPoints.toFixed(2)} pts` : '–',
      r.failures.join('; ') + (r.comparedWithVersion != null ? ` (live: v${r.comparedWithVersion})` : ''),
      r.at ? new Date(r.at).toLocaleString() : '–'];
    for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); }
    tr.children[0].insertAdjacentHTML('beforeend', '<span class="badge refused">refused</span>');
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}

function button(label, action, secondary) {
  const b = document.createElement('button');
  b.type = 'button'; b.textContent = label;
  if (secondary) b.className = 'secondary';
  b.addEventListener('click', async () => {
    b.disabled = true;
    try { await action(); status(`${label}: done`); await loadModels(); } catch (e) { status(`${label}: ${e.message}`, true); }
    b.disabled = false;
  });
  return b;
}

function fillVersions() {
  const m = models.find((x) => x.name === $('ex-model').value);
  const select = $('ex-version');
  select.replaceChildren(new Option('live', ''), ...(m ? m.versions.map((v) => new Option(`v${v.version}`, v.version)) : []));
  fillClassChoices();
}
$('ex-model').addEventListener('change', fillVersions);
$('ex-version').addEventListener('change', fillClassChoices);

/** The row schema of the explorer's model (the chosen version's, else the live one's), null for an image model. */
function explorerSchema() {
  const m = models.find((x) => x.name === $('ex-model').value);
  return m ? tabularSchema(m, $('ex-version').value ? Number($('ex-version').value) : null) : null;
}

/** The class input offers a tabular model's class names (tables.js); an image model's stays as it was. */
function fillClassChoices() {
  classChoices($('ex-classes'), $('ex-class-names'), explorerSchema());
}

// ---- sample explorer ---------------------------------------------------------
$('explorer').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const count = Number($('ex-count').value);
  const schema = explorerSchema();
  // no format for a tabular model: the gateway answers it in rows-json
  const body = schema ? { model: $('ex-model').value, count } : { model: $('ex-model').value, count, format: 'png' };
  if ($('ex-version').value) body.version = Number($('ex-version').value);
  if ($('ex-seed').value) body.seed = Number($('ex-seed').value);
  const info = $('ex-info'), img = $('ex-grid'), rows = $('ex-rows');
  $('ex-generate').disabled = true;
  info.className = 'muted';
  info.textContent = 'Generating…';
  try {
    const classes = schema ? classIndices($('ex-classes').value, schema)
      : $('ex-classes').value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
    if (classes.length) body.labels = Array.from({ length: count }, (_, i) => classes[i % classes.length]);
    const g = await (await api('/api/v1/generations?wait=30', { method: 'POST', body: JSON.stringify(body) })).json();
    if (g.status !== 'done') throw new Error(`generation ${g.id} is ${g.status}${g.reason ? ': ' + g.reason : ''}`);
    if (g.rows) { // a tabular version's rows: the table and CSV link of "Preview rows" (tables.js)
      img.hidden = true; img.removeAttribute('src');
      rows.replaceChildren(rowsTable(g, g.labelColumn || (schema && schema.labelColumn)));
      rows.hidden = false;
      info.textContent = `${g.rows.length} rows from ${g.model} v${g.version} (request ${g.id}) `;
      if (g.links && g.links.rows) info.appendChild(csvLink(g.links.rows, `${g.model}-v${g.version}-${g.id}.csv`));
    } else {
      rows.hidden = true; rows.replaceChildren();
      img.src = await imageUrl(g.links.grid);
      img.hidden = false;
      info.textContent = `${g.count} samples from ${g.model} v${g.version} (request ${g.id})`;
    }
  } catch (e) {
    info.textContent = e.message;
    info.className = 'error';
  }
  $('ex-generate').disabled = false;
});

// ---- training ------------------------------------------------------------------
let following = null;
const curve = { d: [], g: [], total: 0 };

async function loadJobs() {
  const jobs = await (await api('/api/v1/training-jobs')).json();
  const list = $('jobs');
  list.replaceChildren(...jobs.reverse().map((j) => {
    const li = document.createElement('li');
    li.textContent = `${j.jobId} — ${j.state}${j.latest ? ` (${j.latest.step}/${j.latest.totalSteps})` : ''}`;
    li.dataset.job = j.jobId;
    if (j.request) { // what it trains on: the data set (a table's label column with it)
      const what = document.createElement('div');
      what.className = 'dataset muted';
      what.textContent = j.request.dataset + (j.request.labelColumn ? ` · label ${j.request.labelColumn}` : '');
      li.appendChild(what);
    }
    for (const r of j.refused || []) {
      const note = document.createElement('div');
      note.className = 'refusal';
      note.textContent = `refused at step ${r.step}: ${r.failures.join('; ')} — label fidelity ${pct(r.metrics && r.metrics.labelFidelity)}, ` +
        `TSTR ${pct(r.metrics && r.metrics.tstrAccuracy)}`;
      li.appendChild(note);
    }
    if (following && following.id === j.jobId) li.className = 'selected';
    li.addEventListener('click', () => follow(j.jobId));
    return li;
  }));
}

function follow(jobId) {
  if (following) following.source.close();
  curve.d = []; curve.g = [];
  const source = new EventSource(`/api/v1/training-jobs/${encodeURIComponent(jobId)}/events?key=${encodeURIComponent(keyInput.value)}`);
  following = { id: jobId, source };
  $('loss-caption').textContent = `${jobId}: waiting for its progress…`;
  draw();
  source.onmessage = (msg) => {
    const p = JSON.parse(msg.data);
    curve.total = p.totalSteps;
    if (p.discriminatorLoss != null) { curve.d.push([p.step, p.discriminatorLoss]); curve.g.push([p.step, p.generatorLoss]); }
    $('loss-caption').textContent = `${jobId}: ${p.state} at step ${p.step}/${p.totalSteps}` +
      (p.publishedVersion ? `, published v${p.publishedVersion}` : '') + (p.reason ? ` — ${p.reason}` : '');
    draw();
    if (p.state === 'DONE' || p.state === 'FAILED') { source.close(); loadJobs(); loadModels(); }
  };
  source.onerror = () => source.close();
  for (const li of $('jobs').children) li.className = li.dataset.job === jobId ? 'selected' : '';
}

function draw() {
  const c = $('loss-chart'), ctx = c.getContext('2d');
  const w = c.width, h = c.height, pad = 34;
  ctx.clearRect(0, 0, w, h);
  const all = curve.d.concat(curve.g);
  if (all.length === 0) return;
  const maxX = Math.max(curve.total, ...all.map((p) => p[0])) || 1;
  const maxY = Math.max(...all.map((p) => p[1])) * 1.1 || 1;
  ctx.strokeStyle = '#e5e7eb'; ctx.fillStyle = '#6b7280'; ctx.font = '11px system-ui';
  for (let i = 0; i <= 4; i++) {
    const y = h - pad - (i / 4) * (h - 2 * pad);
    ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w - 10, y); ctx.stroke();
    ctx.fillText((maxY * i / 4).toFixed(2), 2, y + 4);
  }
  const line = (pts, color) => {
    ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
    pts.forEach(([x, y], i) => {
      const px = pad + (x / maxX) * (w - pad - 10), py = h - pad - (y / maxY) * (h - 2 * pad);
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    ctx.stroke();
  };
  line(curve.d, '#2563eb'); line(curve.g, '#d97706');
  ctx.fillStyle = '#2563eb'; ctx.fillText('D loss', w - 120, 14);
  ctx.fillStyle = '#d97706'; ctx.fillText('G loss', w - 60, 14);
}

/** A launched job reaches the jobs view through Kafka: followed once listed (its events are not served before). */
async function followOnceListed(jobId) {
  const listed = () => [...$('jobs').children].some((li) => li.dataset.job === jobId);
  for (let i = 0; i < 20 && !listed(); i++) {
    await loadJobs();
    if (!listed()) await new Promise((r) => setTimeout(r, 250));
  }
  if (listed()) follow(jobId);
}

$('tr-dataset').addEventListener('input', () => trainingFields($('tr-dataset').value));
trainingFields($('tr-dataset').value);

$('train').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const dataset = $('tr-dataset').value.trim(), steps = Number($('tr-steps').value), publishEverySteps = Number($('tr-publish').value);
  const info = $('tr-info');
  info.className = 'muted'; info.textContent = 'Launching…';
  $('tr-launch').disabled = true;
  try {
    let body;
    if (isTableDataset(dataset)) body = tableJobBody(dataset, steps, publishEverySteps); // tables.js: label column, column kinds
    else {
      body = { dataset, architecture: $('tr-arch').value, steps, publishEverySteps, precision: $('tr-precision').value };
      const size = $('tr-size').value.trim().match(/^(\d+)x(\d+)$/);
      if (size) { body.imageHeight = Number(size[1]); body.imageWidth = Number(size[2]); }
    }
    const job = await (await api('/api/v1/training-jobs', { method: 'POST', body: JSON.stringify(body) })).json();
    info.textContent = `launched ${job.jobId} (${dataset})`;
    status(`launched ${job.jobId}`);
    followOnceListed(job.jobId).catch(() => {}); // the 5 s poll lists it if this gives up
  } catch (e) {
    info.textContent = `Not launched: ${e.message}`;
    info.className = 'error';
    status(`launch: ${e.message}`, true);
  }
  $('tr-launch').disabled = false;
});

async function refresh() {
  try {
    await loadModels();
    $('key-refused').hidden = true;
    await loadJobs();
    status('connected');
  } catch (e) {
    if (!$('key-refused').hidden || e.message.startsWith('superseded')) return; // keyRefused said it; a newer refresh runs
    status(e.message, true);
  }
}
refresh();
setInterval(() => loadJobs().catch(() => {}), 5000);
