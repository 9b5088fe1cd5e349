/** How much later than the wait a message may have followed the one before it and still count. */
export const BURST_GAP_SLACK_MS = 15_000;

/**
 * The messages that form one burst with the last of `messages` (oldest first): walking back,
 * each must have reached the log at most the wait (plus slack for slow executions) before the
 * next. Older ones were never answered for another reason (the bot was paused, the flow took
 * another path) and are not dragged into this answer.
 */
export function burstTail<T extends { loggedAt: Date }>(messages: T[], windowSeconds: number): T[] {
	const maxGap = windowSeconds * 1000 + BURST_GAP_SLACK_MS;
	let start = messages.length - 1;
	while (start > 0 && messages[start].loggedAt.getTime() - messages[start - 1].loggedAt.getTime() <= maxGap) start -= 1;
	return messages.slice(Math.max(start, 0));
}
