import { allowedFrom, planTransition, TRANSITIONS } from '../../../../nodes/AcademyLead/helpers/state-machine';
import { LEAD_STATES } from '../../../../nodes/shared/types';

/** The edges of the seed's diagram (process-flow.md §2), copied by hand from the mermaid source. */
const SEED_EDGES = [
	'NEW>ENGAGED',
	'ENGAGED>INTERESTED',
	'INTERESTED>SCHEDULED',
	'SCHEDULED>SHOWED_UP',
	'SCHEDULED>NO_SHOW',
	'SHOWED_UP>CONVERTED',
	'SHOWED_UP>FOLLOW_UP',
	'NO_SHOW>RE_ENGAGED',
	'FOLLOW_UP>CONVERTED',
	'FOLLOW_UP>LOST',
	'RE_ENGAGED>SCHEDULED',
	'RE_ENGAGED>LOST',
];

describe('lead state machine', () => {
	it('holds exactly the edges of the seed diagram', () => {
		const edges = LEAD_STATES.flatMap((from) => allowedFrom(from).map((to) => `${from}>${to}`));
		expect(edges.sort()).toEqual([...SEED_EDGES].sort());
		expect(Object.keys(TRANSITIONS).sort()).toEqual([...LEAD_STATES].sort());
	});

	const pairs = LEAD_STATES.flatMap((from) => LEAD_STATES.map((to) => [from, to] as const));

	it.each(pairs)('%s → %s is moved, kept or refused as the diagram says', (from, to) => {
		const plan = planTransition(from, to);
		if (from === to) expect(plan).toEqual({ kind: 'stay' });
		else if (SEED_EDGES.includes(`${from}>${to}`)) {
			expect(plan).toEqual({ kind: 'move', steps: [{ from, to, label: TRANSITIONS[from][to] }] });
		} else {
			expect(plan.kind).toBe('refuse');
			const message = (plan as { message: string }).message;
			expect(message).toContain(`A lead in ${from} cannot move to ${to}`);
			for (const allowed of allowedFrom(from)) expect(message).toContain(allowed);
			if (!allowedFrom(from).length) expect(message).toContain('is final');
		}
	});

	it('walks through the states in between along the diagram, when asked', () => {
		const plan = planTransition('NEW', 'SCHEDULED', true);
		expect(plan.kind === 'move' && plan.steps.map((step) => `${step.from}>${step.to}`)).toEqual([
			'NEW>ENGAGED',
			'ENGAGED>INTERESTED',
			'INTERESTED>SCHEDULED',
		]);
		const again = planTransition('NO_SHOW', 'SCHEDULED', true);
		expect(again.kind === 'move' && again.steps.map((step) => step.to)).toEqual(['RE_ENGAGED', 'SCHEDULED']);
		expect(planTransition('CONVERTED', 'LOST', true).kind).toBe('refuse');
		expect(planTransition('SCHEDULED', 'ENGAGED', true).kind).toBe('refuse');
	});
});
