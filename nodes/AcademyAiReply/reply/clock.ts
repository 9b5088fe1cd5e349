import { systemClock, type Clock } from '../../shared/retry';

/**
 * The clock the retry policy waits on and latency is measured with. Tests swap it for one that
 * records each wait and returns at once, to check the exact backoff schedule without sleeping.
 */
export const replyClock: { current: Clock } = { current: systemClock };

/** How much of the item's time budget is left, on the reply clock. */
export class Deadline {
	private readonly started: number;

	constructor(
		readonly clock: Clock,
		readonly budgetMs: number,
	) {
		this.started = clock.now();
	}

	elapsed(): number {
		return this.clock.now() - this.started;
	}

	remaining(): number {
		return this.budgetMs - this.elapsed();
	}
}
