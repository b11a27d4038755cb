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
