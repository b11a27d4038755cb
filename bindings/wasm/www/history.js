// renxing page: the full cycle (issue 13). What to do in the phase ahead and who acts (from a
// diagnosis' or a timeline's `plan_ahead`), and a community's saved assessments kept as a history
// whose timeline (the `timelines` operation, the `timeline_chart` chart) is shown. Every rule runs
// in the core; this module only lays out what the operations return. Words come from the core's
// vocabulary (`L.ui`) or from the page's words passed in.

const ACTORS = ['community', 'social_workers', 'social_organisations'];

/**
 * The plan of the phase ahead: per actor, what each stage (seed 001's mechanism, seed 004's
 * phase) asks of them, then the sources as citations.
 * @param {object} plan a PhasePlan ({phase, stages: [{name, reference, actions: [{actors, text}]}]})
 * @param {{L: object, lang: string, el: Function, id?: string}} ctx
 */
export function planView(plan, { L, lang, el, id = 'plan-ahead' }) {
  const colon = lang === 'zh' ? ':' : ': ';
  const parts = [el('h4', { text: `${L.ui.plan_ahead}${colon}${L.phases[plan.phase] ?? plan.phase}` })];
  const list = el('ul', { class: 'plan' });
  for (const actor of ACTORS) {
    const items = [];
    for (const s of plan.stages) {
      for (const a of s.actions) if (a.actors.includes(actor)) items.push(el('li', { text: `[${s.name[lang]}] ${a.text[lang]}` }));
    }
    if (items.length) list.append(el('li', { 'data-actor': actor }, el('strong', { text: L.ui[`actor_${actor}`] }), el('ul', {}, ...items)));
  }
  parts.push(list);
  const refs = [...new Set(plan.stages.map((s) => s.reference[lang]))];
  parts.push(el('p', { class: 'meta' }, `${L.ui.source}${colon}`, ...refs.map((r, i) => el('cite', { text: i ? ` ${r}` : r }))));
  return el('div', { id, 'data-phase': plan.phase }, ...parts);
}

/** A remedy's source as shown: its citation in the page's language (the file name stays in `source`). */
export const citeOf = (remedy, lang) => remedy.reference?.[lang] ?? remedy.source;

// ---------------------------------------------------------------------------------------------
// The history: a community's saved assessments, shown as a timeline
// ---------------------------------------------------------------------------------------------

const HISTORY_KEY = 'renxing.history.v1';

const W = {
  zh: {
    heading: '历史与时间线',
    intro: '把同一社区在事件前、事件中、事件后的评估保存到本浏览器,查看变化、下一步做什么以及由谁做。请为每次评估填写阶段或日期。',
    save: '保存当前评估到历史',
    clear: '清空本社区历史',
    saved: (n) => `已保存。本社区历史中共有 ${n} 次评估。`,
    replaced: (n) => `已更新同一阶段与日期的评估。本社区历史中共有 ${n} 次评估。`,
    empty: '本社区尚无保存的评估。',
    one: '再保存一次不同阶段或日期的评估,即可看到变化。',
    points: '已保存的评估',
    remove: '删除',
    changes: '首末变化',
    fix_first: '请先修正标出的字段再保存。',
    no_storage: '本浏览器不允许保存历史。',
    undated: '未注明日期',
  },
  en: {
    heading: 'History and timeline',
    intro: "Save one community's assessments from before, during and after an event in this browser, and see what changed, what to do next and who acts. Give each assessment a phase or a date.",
    save: 'Save this assessment to the history',
    clear: "Clear this community's history",
    saved: (n) => `Saved. This community's history holds ${n} assessment(s).`,
    replaced: (n) => `Updated the assessment of the same phase and date. This community's history holds ${n} assessment(s).`,
    empty: 'No saved assessment for this community yet.',
    one: 'Save another assessment of a different phase or date to see what changed.',
    points: 'Saved assessments',
    remove: 'Remove',
    changes: 'First to last',
    fix_first: 'Fix the marked fields before saving.',
    no_storage: 'This browser does not allow saving the history.',
    undated: 'undated',
  },
};

function readAll() {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function writeAll(all) {
  localStorage.setItem(HISTORY_KEY, JSON.stringify(all));
}

/**
 * The history section. `ctx` gives the page's state: rx (the operations), el, L() and lang()
 * (current words and language), current() (the form's assessment, or null with problems shown
 * by the page), currentId() (the form's id, unchecked), nodeLabel(id).
 */
export function createHistory(ctx) {
  const { rx, el } = ctx;
  let status = null; // () => message
  const section = el('section', { id: 'history', 'aria-labelledby': 'history-h' });
  const w = () => W[ctx.lang()];

  const community = () => ctx.currentId() || null;

  function save() {
    const a = ctx.current();
    if (!a) { status = () => w().fix_first; render(); return; }
    const all = readAll();
    const list = (all[a.id] ?? []).filter((x) => !(x.phase === a.phase && x.date === a.date));
    const replaced = list.length < (all[a.id] ?? []).length;
    list.push(a);
    all[a.id] = list;
    try { writeAll(all); } catch { status = () => w().no_storage; render(); return; }
    status = () => (replaced ? w().replaced : w().saved)(list.length);
    render();
  }

  function removeAt(i) {
    const id = community();
    const all = readAll();
    (all[id] ?? []).splice(i, 1);
    if (!all[id]?.length) delete all[id];
    try { writeAll(all); } catch { /* no storage */ }
    status = null;
    render();
  }

  function clear() {
    const all = readAll();
    delete all[community()];
    try { writeAll(all); } catch { /* no storage */ }
    status = null;
    render();
  }

  function render() {
    const L = ctx.L();
    const lang = ctx.lang();
    const id = community();
    const list = id ? readAll()[id] ?? [] : [];
    const parts = [
      el('h2', { id: 'history-h', text: w().heading }),
      el('p', { class: 'hint', text: w().intro }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'history-save', text: w().save }),
        el('button', { type: 'button', id: 'history-clear', class: 'secondary', text: w().clear, disabled: list.length === 0 })),
      el('div', { id: 'history-status', role: 'status', text: status ? status() : '' }),
    ];
    if (!list.length) parts.push(el('p', { id: 'history-empty', text: w().empty }));
    else {
      let set = null;
      let error = null;
      try {
        set = rx.timelines({ assessments: list, options: { grouping: 'single' } });
      } catch (e) {
        error = e.message;
      }
      if (error) parts.push(el('p', { class: 'error', id: 'history-error', text: error }));
      const tl = set?.timelines[0];
      if (tl) {
        parts.push(el('h3', { text: w().points }));
        parts.push(el('ol', { id: 'history-points' }, ...tl.points.map((p) => el('li', { 'data-phase': p.phase ?? '', 'data-index': String(p.index) },
          `${p.date ?? w().undated} · ${p.phase ? L.phases[p.phase] : L.ui.none} · ${L.ui.overall}${lang === 'zh' ? ':' : ': '}${p.overall ? L.levels[p.overall.level] : L.ui.not_rated}`,
          ' ', el('button', { type: 'button', class: 'link', 'data-remove': String(p.index), text: w().remove })))));
        const svg = rx.timelineChart({ assessments: list, options: { grouping: 'single' }, chart: { lang, id_prefix: 'page-timeline' } }).svg;
        const fig = el('figure', { id: 'history-chart' }, el('div', { class: 'chart' }));
        fig.firstChild.innerHTML = svg; // the core's SVG (every text escaped by the core)
        parts.push(fig);
        if (tl.first_to_last) {
          const rows = tl.first_to_last.changes.filter((c) => c.kind !== 'attribute').map((c) => el('tr', { 'data-id': c.id, 'data-direction': c.direction },
            el('th', { scope: 'row', text: c.kind === 'overall' ? L.ui.overall : ctx.nodeLabel(c.id) }),
            el('td', { text: `${c.from ? L.levels[c.from.level] : L.ui.not_rated} → ${c.to ? L.levels[c.to.level] : L.ui.not_rated}` }),
            el('td', { text: L.ui[c.direction] ?? c.direction })));
          parts.push(el('table', { id: 'history-changes' }, el('caption', { text: w().changes }), el('tbody', {}, ...rows)));
        } else parts.push(el('p', { text: w().one }));
        parts.push(el('p', { id: 'history-missing', text: `${L.ui.missing_phases}${lang === 'zh' ? ':' : ': '}${tl.missing_phases.length ? tl.missing_phases.map((p) => L.phases[p]).join(L.ui.separator) : L.ui.none}` }));
        if (tl.plan_ahead) parts.push(planView(tl.plan_ahead, { L, lang, el, id: 'history-plan' }));
        if (tl.remedies.length) {
          parts.push(el('h4', { text: L.ui.next_steps }));
          parts.push(el('ol', { id: 'history-remedies' }, ...tl.remedies.slice(0, 6).map((r) => el('li', { 'data-id': r.id, 'data-ahead': r.acts_ahead ? '1' : null },
            el('strong', { text: r.title[lang] ?? r.title.en }), r.acts_ahead ? ` [${L.ui.acts_ahead}]` : '',
            el('p', { class: 'meta cite', text: `${L.ui.source}${lang === 'zh' ? ':' : ': '}${citeOf(r, lang)}` })))));
        }
      }
    }
    section.replaceChildren(...parts);
    section.querySelector('#history-save').addEventListener('click', save);
    section.querySelector('#history-clear').addEventListener('click', clear);
    for (const b of section.querySelectorAll('[data-remove]')) b.addEventListener('click', () => removeAt(Number(b.dataset.remove)));
  }

  return { section, render };
}
