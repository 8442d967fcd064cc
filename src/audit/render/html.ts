/**
 * HTML: one self-contained file (no CDN, no fetch; a Content-Security-Policy forbids any external
 * load) with inline SVG charts, sortable and filterable tables (a few lines of inline JS), and a
 * per-Ingress view with the source YAML beside the generated Istio YAML. Every string from the
 * input goes through esc(): annotation values (snippets) are hostile content.
 */
import type { ActionItem, AuditReport, IngressTexts, Location, Verdict } from '../model.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const VERDICT_COLORS: Record<Verdict, string> = { blocked: '#c62828', review: '#ef8f00', ready: '#2e7d32' };
const SUPPORT_COLORS: Record<string, string> = {
  full: '#2e7d32',
  partial: '#ef8f00',
  none: '#c62828',
  'not-applicable': '#78909c',
  unknown: '#6a1b9a',
  other: '#b0bec5',
};

interface Bar {
  label: string;
  value: number;
  color: string;
}

/** Horizontal bar chart. */
export function barChart(id: string, title: string, bars: Bar[]): string {
  const rowH = 26;
  const labelW = 130;
  const barW = 260;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * rowH + 34;
  const rows = bars
    .map((b, i) => {
      const y = 30 + i * rowH;
      const w = Math.round((b.value / max) * barW);
      return (
        `<g class="bar" data-label="${esc(b.label)}" data-value="${b.value}">` +
        `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y}" width="${w}" height="${rowH - 8}" fill="${b.color}"><title>${esc(b.label)}: ${b.value}</title></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 14}">${b.value}</text></g>`
      );
    })
    .join('');
  return (
    `<figure class="chart" id="${id}"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${labelW + barW + 60}" height="${h}" viewBox="0 0 ${labelW + barW + 60} ${h}">` +
    `<text class="title" x="0" y="16">${esc(title)}</text>${rows}</svg></figure>`
  );
}

/** Stacked horizontal bars: one per namespace, segments per verdict. */
export function namespaceChart(report: AuditReport): string {
  const rowH = 24;
  const labelW = 150;
  const barW = 240;
  const ns = report.inventory.namespaces;
  const max = Math.max(1, ...ns.map((n) => n.ingresses));
  const h = ns.length * rowH + 56;
  const order: Verdict[] = ['blocked', 'review', 'ready'];
  const rows = ns
    .map((n, i) => {
      const y = 30 + i * rowH;
      let x = labelW;
      const segs = order
        .map((v) => {
          const w = Math.round((n[v] / max) * barW);
          const s = n[v] ? `<rect class="seg-${v}" x="${x}" y="${y}" width="${w}" height="${rowH - 8}" fill="${VERDICT_COLORS[v]}"><title>${esc(n.name)} ${v}: ${n[v]}</title></rect>` : '';
          x += w;
          return s;
        })
        .join('');
      return `<g class="bar" data-label="${esc(n.name)}" data-value="${n.ingresses}"><text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(truncate(n.name, 22))}</text>${segs}<text x="${x + 6}" y="${y + 13}">${n.ingresses}</text></g>`;
    })
    .join('');
  const ly = 30 + ns.length * rowH + 10;
  const legend = order.map((v, i) => `<rect x="${labelW + i * 80}" y="${ly}" width="10" height="10" fill="${VERDICT_COLORS[v]}"/><text x="${labelW + i * 80 + 14}" y="${ly + 9}">${v}</text>`).join('');
  return (
    `<figure class="chart" id="chart-namespaces"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Ingresses per namespace" width="${labelW + barW + 60}" height="${h}" viewBox="0 0 ${labelW + barW + 60} ${h}">` +
    `<text class="title" x="0" y="16">Ingresses per namespace</text>${rows}${legend}</svg></figure>`
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function at(l: Location): string {
  if (!l.file) return '-';
  return esc(l.line ? `${l.file}:${l.line}` : l.file);
}

interface Column {
  title: string;
  numeric?: boolean;
}

/** A sortable, filterable table. Cells are pre-escaped HTML; `sort` values are plain text. */
function table(id: string, cols: Column[], rows: Array<{ cells: string[]; sort?: (string | number | undefined)[]; attrs?: string }>): string {
  const head = cols.map((c, i) => `<th data-col="${i}" data-type="${c.numeric ? 'num' : 'text'}" aria-sort="none" tabindex="0">${esc(c.title)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr${r.attrs ? ` ${r.attrs}` : ''}>${r.cells
          .map((c, i) => {
            const s = r.sort?.[i];
            return `<td${s !== undefined ? ` data-sort="${esc(String(s))}"` : ''}>${c}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return (
    `<div class="table-wrap"><input type="search" class="filter" data-table="${id}" placeholder="Filter…" aria-label="Filter table">` +
    `<table id="${id}" class="sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
  );
}

function verdictBadge(v: Verdict): string {
  return `<span class="badge ${v}">${v}</span>`;
}

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2730;background:#fff}
body{margin:0 auto;max-width:1280px;padding:16px 24px}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:1px solid #d5dde3;padding-bottom:4px;margin-top:1.6em}
nav{margin:12px 0}nav a{margin-right:12px}
.kpis{display:flex;gap:12px;flex-wrap:wrap}.kpi{border:1px solid #d5dde3;border-radius:6px;padding:8px 14px;min-width:90px}
.kpi b{display:block;font-size:1.5em}
.charts{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}.chart{margin:0}.chart text{font-size:12px;fill:#1d2730}.chart .title{font-weight:600;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e3e8ec;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f6f8;cursor:pointer;user-select:none;white-space:nowrap}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.filter{margin:6px 0;padding:4px 8px;width:280px}
.badge{border-radius:3px;padding:1px 6px;color:#fff;font-size:12px}.badge.blocked{background:${VERDICT_COLORS.blocked}}.badge.review{background:${VERDICT_COLORS.review}}.badge.ready{background:${VERDICT_COLORS.ready}}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
pre{background:#f6f8fa;border:1px solid #e3e8ec;padding:8px;overflow:auto;max-height:520px;white-space:pre}
.side{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}.side h4{margin:6px 0}
details{border:1px solid #e3e8ec;border-radius:6px;padding:6px 10px;margin:6px 0}summary{cursor:pointer}
.muted{color:#5f6b75}
`;

// Sorting: click a header (numbers numerically, text in code-unit order; ties keep their order);
// a link to an Ingress opens its view; filtering: rows whose text contains the query.
const SCRIPT = `
(function(){
  function key(td,num){var v=td.hasAttribute('data-sort')?td.getAttribute('data-sort'):td.textContent;return num?parseFloat(v)||0:v.toLowerCase();}
  document.querySelectorAll('table.sortable th').forEach(function(th){
    function sort(){
      var table=th.closest('table'),body=table.tBodies[0],col=+th.getAttribute('data-col'),num=th.getAttribute('data-type')==='num';
      var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
      table.querySelectorAll('th').forEach(function(o){o.setAttribute('aria-sort','none');});
      th.setAttribute('aria-sort',dir);
      var rows=Array.prototype.slice.call(body.rows).map(function(r,i){return {r:r,i:i,k:key(r.cells[col],num)};});
      rows.sort(function(a,b){var c=a.k<b.k?-1:a.k>b.k?1:0;if(dir==='descending')c=-c;return c||a.i-b.i;});
      rows.forEach(function(x){body.appendChild(x.r);});
    }
    th.addEventListener('click',sort);
    th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});
  });
  function openTarget(){var el=location.hash&&document.getElementById(decodeURIComponent(location.hash.slice(1)));if(el&&el.tagName==='DETAILS')el.open=true;}
  window.addEventListener('hashchange',openTarget);openTarget();
  document.querySelectorAll('input.filter').forEach(function(input){
    input.addEventListener('input',function(){
      var q=input.value.toLowerCase(),table=document.getElementById(input.getAttribute('data-table'));
      Array.prototype.forEach.call(table.tBodies[0].rows,function(r){r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});
    });
  });
})();
`;

export interface HtmlOptions {
  /** Source and Istio YAML per Ingress id, for the side-by-side view. */
  texts?: ReadonlyMap<string, IngressTexts>;
}

export function renderHtml(report: AuditReport, opts: HtmlOptions = {}): string {
  const s = report.summary;
  const inv = report.inventory;
  const act = report.actions;
  const anchor = new Map(report.ingresses.map((a, i) => [a.id, `ing-${i + 1}`]));
  const parts: string[] = [];

  parts.push(
    `<header><h1>ingress2istio audit</h1><p class="muted">${s.ingresses} Ingresses in ${s.namespaces} namespaces · gateway namespace <code>${esc(report.gatewayNamespace)}</code> · ${esc(report.tool.name)} ${esc(report.tool.version)} · report schema ${esc(report.schemaVersion)}</p>`,
    `<div class="kpis" id="kpis">${(['blocked', 'review', 'ready'] as Verdict[]).map((v) => `<div class="kpi ${v}"><b>${s.verdicts[v]}</b>${verdictBadge(v)}</div>`).join('')}` +
      `<div class="kpi"><b>${s.annotationKeys}</b>annotation keys</div><div class="kpi"><b>${s.unknownKeys}</b>unknown keys</div><div class="kpi"><b>${s.errors}</b>input errors</div></div></header>`,
    `<nav><a href="#ingresses">Ingresses</a><a href="#annotations">Annotations</a><a href="#actions">Actions</a><a href="#details">Per-Ingress view</a><a href="#findings">All findings</a>${report.errors.length ? '<a href="#errors">Input errors</a>' : ''}</nav>`,
  );

  parts.push(
    '<section id="charts" class="charts">',
    barChart(
      'chart-verdicts',
      'Verdicts',
      (['blocked', 'review', 'ready'] as Verdict[]).map((v) => ({ label: v, value: s.verdicts[v], color: VERDICT_COLORS[v] })),
    ),
    barChart(
      'chart-support',
      'Annotation keys by support level',
      (['full', 'partial', 'none', 'not-applicable', 'unknown', 'other'] as const).map((k) => ({ label: k, value: s.support[k], color: SUPPORT_COLORS[k]! })),
    ),
    namespaceChart(report),
    '</section>',
  );

  parts.push(
    '<section id="ingresses"><h2>Ingresses</h2>',
    table(
      'tbl-ingresses',
      [{ title: 'Verdict' }, { title: 'Namespace' }, { title: 'Name' }, { title: 'Class' }, { title: 'Controller' }, { title: 'Hosts' }, { title: 'Reasons', numeric: true }, { title: 'Source' }],
      report.ingresses.map((a) => ({
        attrs: `data-verdict="${a.verdict}" data-id="${esc(a.id)}"`,
        cells: [
          verdictBadge(a.verdict),
          esc(a.namespace),
          `<a href="#${anchor.get(a.id)}">${esc(a.name)}</a>`,
          a.className !== undefined ? esc(a.className) : '-',
          esc(a.controller),
          a.hosts.map(esc).join('<br>'),
          String(a.reasons.length),
          at(a.location),
        ],
        sort: [String(['blocked', 'review', 'ready'].indexOf(a.verdict)) + a.verdict, undefined, undefined, undefined, undefined, undefined, a.reasons.length, undefined],
      })),
    ),
    '</section>',
  );

  parts.push(
    '<section id="annotations"><h2>Annotations</h2>',
    table(
      'tbl-annotations',
      [{ title: 'Key' }, { title: 'Count', numeric: true }, { title: 'Status' }, { title: 'Support' }, { title: 'Controllers' }, { title: 'Ingresses' }],
      inv.annotations.map((u) => ({
        attrs: `data-key="${esc(u.key)}"`,
        cells: [
          `<code>${esc(u.key)}</code>`,
          String(u.count),
          esc(u.status) + (u.suggestion ? ` <span class="muted">(did you mean <code>${esc(u.suggestion)}</code>?)</span>` : ''),
          esc(u.support ?? '-'),
          u.controllers.map(esc).join(', '),
          u.ingresses.map((id) => `<a href="#${anchor.get(id) ?? ''}">${esc(id)}</a>`).join(', '),
        ],
      })),
    ),
  );
  if (inv.unknownKeys.length) {
    parts.push(
      '<h3>Unknown annotation keys</h3>',
      table(
        'tbl-unknown',
        [{ title: 'Key' }, { title: 'Closest known key' }, { title: 'Where' }],
        inv.unknownKeys.map((k) => ({
          cells: [`<code>${esc(k.key)}</code>`, k.suggestion ? `<code>${esc(k.suggestion)}</code>` : '-', k.locations.map((l) => `${esc(l.ingress)} at ${at(l)}`).join('<br>')],
        })),
      ),
    );
  }
  if (inv.foreignAnnotations.length) {
    parts.push(
      '<h3>Annotations for a controller that does not own the Ingress</h3>',
      table(
        'tbl-foreign',
        [{ title: 'Key' }, { title: 'Key of' }, { title: 'Ingress' }, { title: 'Owner' }, { title: 'Where' }],
        inv.foreignAnnotations.map((f) => ({ cells: [`<code>${esc(f.key)}</code>`, f.keyControllers.map(esc).join(', '), esc(f.ingress), esc(f.owner), at(f.location)] })),
      ),
    );
  }
  parts.push(
    '<h3>Per class</h3>',
    table('tbl-classes', [{ title: 'Class' }, { title: 'Ingresses', numeric: true }], inv.classes.map((c) => ({ cells: [esc(c.name), String(c.ingresses)] }))),
    '<h3>Per controller</h3>',
    table('tbl-controllers', [{ title: 'Controller' }, { title: 'Ingresses', numeric: true }], inv.controllers.map((c) => ({ cells: [esc(c.name), String(c.ingresses)] }))),
    '</section>',
  );

  parts.push('<section id="actions"><h2>Actions</h2>');
  let any = false;
  if (act.secretCopies.length) {
    any = true;
    parts.push(`<h3>Copy TLS secrets to namespace <code>${esc(report.gatewayNamespace)}</code></h3><ul class="secret-copies">`);
    for (const c of act.secretCopies) {
      parts.push(`<li><code>${esc(`${c.namespace}/${c.secretName}`)}</code> → <code>${esc(`${c.targetNamespace}/${c.targetName}`)}</code> (${c.ingresses.map(esc).join(', ')})<pre>${esc(c.command)}</pre></li>`);
    }
    parts.push('</ul>');
  }
  if (act.meshConfig.length) {
    any = true;
    parts.push('<h3>Mesh config changes</h3><ul>');
    for (const m of act.meshConfig) parts.push(`<li>${m.keys.map((k) => `<code>${esc(k)}</code>`).join(', ')} (${m.ingresses.map(esc).join(', ')}): ${esc(m.message)}<pre>${esc(m.snippet)}</pre></li>`);
    parts.push('</ul>');
  }
  const section = (id: string, title: string, items: ActionItem[], showValue = false) => {
    if (!items.length) return;
    any = true;
    parts.push(`<h3>${esc(title)}</h3><ul id="${id}">`);
    for (const i of items) {
      const value = showValue && i.data?.value !== undefined ? `<pre>${esc(i.data.value)}</pre>` : '';
      parts.push(`<li><code>${esc(i.ingress)}</code> <code>${esc(i.key)}</code> at ${at(i.location)}: ${esc(i.message)}${i.advice ? `<br><span class="muted">${esc(i.advice)}</span>` : ''}${value}</li>`);
    }
    parts.push('</ul>');
  };
  section('act-envoyfilters', 'EnvoyFilters to review', act.envoyFilters);
  section('act-snippets', 'Snippets to rewrite by hand', act.snippets, true);
  section('act-conflicts', 'Conflicts', act.conflicts);
  section('act-wildcards', 'Hosts whose wildcard semantics widen', act.wildcardWidening);
  section('act-behaviour', 'Behaviour changes', act.behaviourChanges);
  section('act-unsupported', 'Not ported (unsupported)', act.unsupported);
  if (!any) parts.push('<p>Nothing to do by hand.</p>');
  parts.push('</section>');

  parts.push('<section id="details"><h2>Per-Ingress view</h2>');
  for (const a of report.ingresses) {
    const t = opts.texts?.get(a.id);
    const reasons = a.reasons.length
      ? `<ul>${a.reasons
          .map((r) => `<li>${verdictBadge(r.verdict)} <code>${esc(r.key)}</code> at ${at(r.location)}${r.tags.length ? ` <span class="muted">[${r.tags.map(esc).join(', ')}]</span>` : ''}: ${esc(r.message)}${r.advice ? `<br><span class="muted">${esc(r.advice)}</span>` : ''}</li>`)
          .join('')}</ul>`
      : '<p>Converted exactly.</p>';
    const side = t
      ? `<div class="side"><div><h4>Source${t.original ? '' : ' <span class="muted">(re-serialized)</span>'}</h4><pre class="source">${esc(t.source)}</pre></div><div><h4>Istio</h4><pre class="istio">${esc(t.istio || '# no Istio object carries this Ingress')}</pre></div></div>`
      : '';
    parts.push(
      `<details id="${anchor.get(a.id)}" data-verdict="${a.verdict}"><summary>${verdictBadge(a.verdict)} <b>${esc(a.id)}</b> <span class="muted">${at(a.location)} · ${esc(a.controller)} · ${esc(a.ownerReason)}</span></summary>${reasons}${side}</details>`,
    );
  }
  parts.push('</section>');

  parts.push(
    '<section id="findings"><h2>All findings</h2>',
    table(
      'tbl-findings',
      [{ title: 'Ingress' }, { title: 'Key' }, { title: 'Level' }, { title: 'Tags' }, { title: 'Message' }, { title: 'Source' }],
      report.findings.map((f) => ({
        cells: [esc(f.ingress), `<code>${esc(f.key)}</code>`, esc(f.level), f.tags.map(esc).join(', '), esc(f.message) + (f.advice ? `<br><span class="muted">${esc(f.advice)}</span>` : ''), at(f.location)],
      })),
    ),
    '</section>',
  );

  if (report.errors.length) {
    parts.push('<section id="errors"><h2>Input errors</h2><ul>');
    for (const e of report.errors) parts.push(`<li>${at(e.location)}${e.object ? ` ${esc(e.object)}` : ''}${e.field ? ` (<code>${esc(e.field)}</code>)` : ''}: ${esc(e.message)}</li>`);
    parts.push('</ul></section>');
  }

  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>ingress2istio audit</title>' +
    `<style>${STYLE}</style></head><body>\n${parts.join('\n')}\n<script>${SCRIPT}</script></body></html>\n`
  );
}
