// synthstream dashboard, tabular versions (those whose version JSON has `rows`): their figures in the versions table,
// per-column charts of real vs synthetic rows (plain SVG), a preview of rows through the gateway's generations API, the
// sample explorer's class choices for a tabular model, and the training form's table jobs.
// Loaded before app.js; it calls api(), status() and $() from app.js only once the page runs.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const REAL_COLOUR = '#2563eb', SYNTHETIC_COLOUR = '#d97706'; // the loss chart's D and G colours
const tabularOpen = new Map(); // "model/version" → whether its details are open, kept across re-renders of the models view

/** Text for HTML: names and categories come from data files and may hold '<' or '&'. */
function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const fixed = (v, digits = 3) => (v != null ? v.toFixed(digits) : '–');
const signedPoints = (v) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;
const initials = (name) => name.split(/[_\s-]+/).map((w) => w.charAt(0)).join('').toUpperCase();

/** The versions table's head for a model of tabular versions. */
function tabularHead() {
  return '<thead><tr><th>Version</th>' +
    '<th title="mean over columns of 1 − KS (numeric) or 1 − total variation (categorical), generated vs held-out real rows">Column similarity</th>' +
    '<th title="1 − mean |difference| of the pairwise associations, generated vs held-out real rows">Correlation</th>' +
    '<th title="minority-class F1 on held-out real rows of a classifier trained on generated rows only (in brackets: trained on real rows)">ML efficacy</th>' +
    '<th title="minority-class F1 points gained by adding generated rare-class rows to real rows, and by adding SMOTE’s instead">Rare-class gain vs SMOTE</th>' +
    '<th>Parity</th><th>Steps</th><th>Published</th><th></th></tr></thead>';
}

/** The cells after the version cell, as many as tabularHead's (the last one, td.actions, for the version's buttons). */
function tabularCells(v) {
  const r = v.rows, metrics = v.metrics || {};
  const efficacy = (r.mlEfficacy || []).map((c) => `<div title="${esc(c.classifier)}: balanced accuracy ${pct(c.syntheticBalancedAccuracy)}` +
    ` trained on generated rows, ${pct(c.realBalancedAccuracy)} on real rows">${esc(initials(c.classifier))} ${fixed(c.syntheticMinorityF1, 2)}` +
    ` <span class="muted">(real ${fixed(c.realMinorityF1, 2)})</span></div>`).join('') || '–';
  const g = r.rareClassGain;
  const gain = g ? `<span class="${g.minorityF1Gain < 0 ? 'negative' : ''}" title="class ‘${esc(g.rareClass)}’, ${g.folds} folds of the` +
    ` validation rows; balanced accuracy ${signedPoints(g.balancedAccuracyGain)} pts (SMOTE ${signedPoints(g.smoteBalancedAccuracyGain)})">` +
    `${signedPoints(g.minorityF1Gain)} pts F1</span> <span class="muted">(SMOTE ${signedPoints(g.smoteMinorityF1Gain)})</span>` : '–';
  return `<td class="similarity">${fixed(r.columnSimilarity)}</td><td class="correlation">${fixed(r.correlationScore)}</td>` +
    `<td class="efficacy">${efficacy}</td><td class="gain">${gain}</td>` +
    `<td>${metrics.onnxParityMaxAbsDiff != null ? metrics.onnxParityMaxAbsDiff.toExponential(1) : '–'}</td>` +
    `<td>${metrics.trainingSteps ?? '–'}</td><td>${new Date(v.createdAt).toLocaleString()}</td><td class="actions"></td>`;
}

/** The row under a tabular version's: its columns' charts and a preview of its rows, folded (the newest open at first). */
function tabularDetailsRow(m, v, columns, openAtFirst) {
  const key = `${m.name}/${v.version}`;
  const tr = document.createElement('tr');
  tr.className = 'tabular-details';
  tr.dataset.detailsOf = v.version;
  const td = document.createElement('td');
  td.colSpan = columns;
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = `v${v.version}: columns, real vs synthetic (${v.rows.validationRows} held-out real rows) · preview rows`;
  details.appendChild(summary);
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    details.append(distributionCharts(v.rows), rowsPreview(m, v));
  };
  details.addEventListener('toggle', () => {
    tabularOpen.set(key, details.open);
    if (details.open) build();
  });
  if (tabularOpen.get(key) ?? openAtFirst) { details.open = true; build(); }
  td.appendChild(details);
  tr.appendChild(td);
  return tr;
}

// ---- per-column charts ----------------------------------------------------------
function distributionCharts(rows) {
  const wrap = document.createElement('div');
  const distributions = rows.columnDistributions || [];
  if (distributions.length === 0) {
    wrap.innerHTML = '<p class="muted">This version’s event has no column distributions (published before they were measured).</p>';
    return wrap;
  }
  wrap.innerHTML = `<p class="legend"><span class="swatch" style="background:${REAL_COLOUR}"></span>real (held-out rows)` +
    `<span class="swatch" style="background:${SYNTHETIC_COLOUR}"></span>synthetic</p>`;
  const grid = document.createElement('div');
  grid.className = 'dist-grid';
  const kinds = new Map((rows.schema.columns || []).map((c) => [c.name, c]));
  for (const d of distributions) grid.appendChild(distributionChart(d, kinds.get(d.column)));
  wrap.appendChild(grid);
  return wrap;
}

/** One column: a pair of bars per bin or category, real (blue) left of synthetic (amber), scaled to the tallest. */
function distributionChart(d, column) {
  const numeric = d.binEdges && d.binEdges.length > 1;
  const labels = numeric ? d.binEdges.slice(0, -1).map((lo, i) => `[${number(lo)}, ${number(d.binEdges[i + 1])}${i === d.binEdges.length - 2 ? ']' : ')'}`)
    : d.categories;
  const n = Math.min(labels.length, d.real.length, d.synthetic.length);
  const w = 240, h = 112, left = 4, right = 4, top = 6, bottom = 18;
  const plotW = w - left - right, plotH = h - top - bottom, slot = plotW / Math.max(n, 1);
  const max = Math.max(...d.real.slice(0, n), ...d.synthetic.slice(0, n), 1e-9);
  const figure = document.createElement('figure');
  figure.className = 'dist';
  figure.dataset.column = d.column;
  const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img' });
  svg.appendChild(el('line', { x1: left, x2: w - right, y1: top + plotH + 0.5, y2: top + plotH + 0.5, stroke: '#e5e7eb' }));
  for (let i = 0; i < n; i++) {
    const g = el('g', {});
    const title = el('title', {});
    title.textContent = `${labels[i]}: real ${pct(d.real[i])}, synthetic ${pct(d.synthetic[i])}`;
    g.appendChild(title);
    g.appendChild(el('rect', { x: left + i * slot, y: top, width: slot, height: plotH, fill: 'transparent' })); // the hover target
    const bar = (value, offset, cls, colour) => {
      const bh = (value / max) * plotH;
      g.appendChild(el('rect', { class: cls, x: left + i * slot + offset * slot, y: top + plotH - bh, width: slot * 0.4, height: bh, fill: colour }));
    };
    bar(d.real[i], 0.1, 'real', REAL_COLOUR);
    bar(d.synthetic[i], 0.5, 'synthetic', SYNTHETIC_COLOUR);
    svg.appendChild(g);
  }
  const axis = (x, anchor, text) => {
    const t = el('text', { x, y: h - 5, 'text-anchor': anchor, 'font-size': 10, fill: '#6b7280' });
    t.textContent = text;
    svg.appendChild(t);
  };
  if (numeric) {
    axis(left, 'start', number(d.binEdges[0]));
    axis(w - right, 'end', number(d.binEdges[d.binEdges.length - 1]));
  } else if (n <= 6) {
    const chars = Math.max(2, Math.floor(slot / 6));
    labels.slice(0, n).forEach((c, i) => axis(left + (i + 0.5) * slot, 'middle', c.length > chars ? c.slice(0, chars - 1) + '…' : c));
  } else {
    axis(w / 2, 'middle', `${n} categories`);
  }
  const caption = document.createElement('figcaption');
  const kind = numeric ? 'KS' : 'TV';
  caption.innerHTML = `<strong>${esc(d.column)}</strong> <span class="muted" title="1 − ${kind === 'KS' ? 'Kolmogorov–Smirnov statistic'
    : 'total variation distance'}">${column && column.integral ? 'whole numbers · ' : ''}similarity ${fixed(d.similarity)}</span>`;
  figure.append(svg, caption);
  return figure;
}

function el(name, attributes) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  return e;
}

/** A bin edge or a value: whole numbers as they are, others to 4 significant digits, large ones grouped (12 500). */
function number(v) {
  if (v == null) return '';
  const rounded = Math.abs(v) >= 1000 || Number.isInteger(v) ? Math.round(v * 100) / 100 : Number(v.toPrecision(4));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 4 }).replace(/,/g, ' ');
}

// ---- a preview of rows --------------------------------------------------------------
/** "Preview rows": a few rows of each class from this version (rows-json through the gateway), as a table, and its CSV. */
function rowsPreview(m, v) {
  const wrap = document.createElement('div');
  wrap.className = 'rows-preview';
  const classes = v.rows.schema.classes || [];
  const perClass = classes.length <= 4 ? 3 : 1;
  const go = document.createElement('button');
  go.type = 'button'; go.className = 'secondary preview-rows';
  go.textContent = 'Preview rows';
  go.title = `${perClass} generated row${perClass > 1 ? 's' : ''} of each class`;
  const info = document.createElement('span');
  info.className = 'muted info';
  const out = document.createElement('div');
  out.className = 'rows-table';
  go.addEventListener('click', async () => {
    go.disabled = true;
    info.className = 'muted info'; info.textContent = 'Generating…';
    const shown = classes.slice(0, 20);
    const classCounts = Object.fromEntries(shown.map((c, i) => [String(i), perClass]));
    try {
      // no format: the gateway answers a tabular version in rows-json
      const g = await (await api('/api/v1/generations?wait=10', { method: 'POST',
        body: JSON.stringify({ model: m.name, version: v.version, count: shown.length * perClass, classCounts }) })).json();
      if (g.status !== 'done') throw new Error(`generation ${g.id} is ${g.status}${g.reason ? ': ' + g.reason : ''}`);
      out.replaceChildren(rowsTable(g, v.rows.schema.labelColumn));
      info.textContent = `${g.rows.length} rows from ${g.model} v${g.version} (request ${g.id}) `;
      if (g.links && g.links.rows) info.appendChild(csvLink(g.links.rows, `${g.model}-v${g.version}-${g.id}.csv`));
    } catch (e) {
      info.textContent = e.message;
      info.className = 'error info';
    }
    go.disabled = false;
  });
  wrap.append(go, info, out);
  return wrap;
}

function rowsTable(g, labelColumn) {
  const table = document.createElement('table');
  table.className = 'rows';
  const head = document.createElement('tr');
  for (const name of [labelColumn || 'class', ...g.columns]) {
    const th = document.createElement('th');
    th.textContent = name;
    head.appendChild(th);
  }
  table.createTHead().appendChild(head);
  const body = table.createTBody();
  for (const r of g.rows) {
    const tr = body.insertRow();
    tr.dataset.label = r.label;
    tr.insertCell().textContent = r.className ?? (g.classes ? g.classes[r.label] : r.label);
    for (const value of r.values) {
      const td = tr.insertCell();
      if (value == null) { td.textContent = '–'; td.className = 'missing'; td.title = 'missing'; } else if (typeof value === 'number') {
        td.textContent = number(value); td.className = 'num';
      } else td.textContent = value;
    }
  }
  return table;
}

/** The CSV needs the API key, which a plain link cannot send: fetched with it, then saved from memory. */
function csvLink(path, fileName) {
  const a = document.createElement('a');
  a.href = path; a.className = 'csv'; a.textContent = 'Download CSV';
  a.addEventListener('click', async (ev) => {
    ev.preventDefault();
    try {
      const url = URL.createObjectURL(await (await api(path)).blob());
      const save = document.createElement('a');
      save.href = url; save.download = fileName;
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) { status(`Download CSV: ${e.message}`, true); }
  });
  return a;
}

// ---- the sample explorer's classes for a tabular model -----------------------------
/** A tabular model's row schema: the given version's, else the live one's, else the newest's; null for an image model. */
function tabularSchema(m, version) {
  const tabular = m.versions.filter((v) => v.rows);
  if (tabular.length === 0) return null;
  const v = tabular.find((x) => x.version === version) || tabular.find((x) => x.version === m.liveVersion) || tabular[tabular.length - 1];
  return v.rows.schema;
}

const IMAGE_CLASSES_PLACEHOLDER = 'all, or e.g. 3,7';

/** The class input's choices: a tabular model's class names (a datalist and the input's hint), none for an image model. */
function classChoices(input, list, schema) {
  const classes = (schema && schema.classes) || [];
  list.replaceChildren(...classes.map((c, i) => new Option(`class ${i}`, c)));
  if (schema) {
    input.setAttribute('list', list.id);
    input.placeholder = `all, or e.g. ${classes[classes.length - 1]}`;
    input.title = `${schema.labelColumn || 'class'}: ${classes.join(', ')} (names or indices, comma-separated)`;
  } else {
    input.removeAttribute('list');
    input.placeholder = IMAGE_CLASSES_PLACEHOLDER;
    input.title = '';
  }
}

/** "bad" or "good, 1" → class indices of the schema; an unknown name is an error that lists the classes. */
function classIndices(text, schema) {
  const classes = schema.classes || [];
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => {
    const i = classes.indexOf(s);
    if (i >= 0) return i;
    if (/^\d+$/.test(s) && Number(s) < classes.length) return Number(s);
    throw new Error(`unknown class '${s}': ${schema.labelColumn || 'the label'} is one of ${classes.join(', ')}`);
  });
}

// ---- the training form's table jobs --------------------------------------------------
/** A table file under the trainer's data folder (TrainingJobRequested.tableDataset): trained by the tabular GAN. */
const isTableDataset = (dataset) => /\.(csv|arff)$/i.test(dataset.trim());

/**
 * The training form's fields for the data set typed: a table's (label column, column kinds) or an image set's
 * (architecture, precision, image size). The others are hidden and disabled: what they hold is not sent.
 */
function trainingFields(dataset) {
  const kind = isTableDataset(dataset) ? 'table' : 'image';
  for (const label of document.querySelectorAll('#train label[data-for]')) {
    label.hidden = label.dataset.for !== kind;
    for (const field of label.querySelectorAll('input, select')) field.disabled = label.hidden;
  }
}

/** "num_dependents=categorical, age=numeric" → {num_dependents: 'categorical', age: 'numeric'}; null when empty. */
function columnKinds(text) {
  const pairs = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (pairs.length === 0) return null;
  return Object.fromEntries(pairs.map((pair) => {
    const m = pair.match(/^([^=\s][^=]*?)\s*=\s*(\S+)$/);
    if (!m) throw new Error(`column kinds: '${pair}' is not NAME=KIND (e.g. num_dependents=categorical, age=numeric)`);
    return [m[1], m[2]];
  }));
}

/**
 * A table job's body: the data set, the tabular architecture, its label column and column kinds, and the form's steps;
 * none of an image job's fields. A missing label column is left for the gateway to refuse (its 400 says why).
 */
function tableJobBody(dataset, steps, publishEverySteps) {
  const body = { dataset, architecture: 'conditional-tabular', steps, publishEverySteps };
  const label = $('tr-label').value.trim();
  if (label) body.labelColumn = label;
  const kinds = columnKinds($('tr-kinds').value);
  if (kinds) body.columnKinds = kinds;
  return body;
}
