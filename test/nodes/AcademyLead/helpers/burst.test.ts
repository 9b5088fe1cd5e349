import { BURST_GAP_SLACK_MS, burstTail } from '../../../../nodes/AcademyLead/helpers/burst';

const at = (ms: number) => ({ loggedAt: new Date(1_750_000_000_000 + ms) });

describe('burstTail', () => {
	it('keeps a run of messages each within the wait of the next', () => {
		const run = [at(0), at(3_000), at(6_000), at(9_000)];
		expect(burstTail(run, 4)).toEqual(run);
	});

	it('drops what came before a pause longer than the wait and its slack', () => {
		const messages = [at(0), at(1_000), at(1_000 + 4_000 + BURST_GAP_SLACK_MS + 1), at(20_500)];
		expect(burstTail(messages, 4)).toEqual(messages.slice(2));
	});

	it('gives the one message when it is alone', () => {
		expect(burstTail([at(0)], 0)).toEqual([at(0)]);
		expect(burstTail([], 4)).toEqual([]);
	});
});
