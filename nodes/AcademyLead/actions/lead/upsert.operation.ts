import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withTransaction } from '../../../shared/storage/postgres';
import type { InboundMessage } from '../../../shared/types';
import { FIRST_CONTACT_CAUSE } from '../../helpers/state-machine';
import { keptAcademyByPhoneNumberId } from '../../storage/academies';
import { readHistory, rememberInHistory } from '../../storage/history';
import { insertLeadEvent } from '../../storage/lead-events';
import {
	findLeadRowByIdentity,
	identityHashes,
	insertLeadIfNew,
	lessonsOf,
	normalizeIdentity,
	noteInbound,
	toLead,
	type LeadRow,
	type NewLead,
} from '../../storage/leads';
import { insertMessage, type LoggedMessage, type NewMessage } from '../../storage/messages';
import { historyLengthField } from '../common';
import type { LeadOperation } from '../operation';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'json',
		required: true,
		default: '={{ $json.message }}',
		description:
			'The inbound message as the WhatsApp Cloud Trigger emits it. Finds or creates the lead who wrote it, logs it, and adds `academy`, `lead` and `history` to the item.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [historyLengthField],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['upsert'] } }, properties);

function readMessage(this: IExecuteFunctions, itemIndex: number): InboundMessage {
	const raw = parameter(this, 'message', itemIndex) as unknown;
	const message = (typeof raw === 'string' ? jsonParse(raw, { fallbackValue: null }) : raw) as InboundMessage | null;
	if (!message || typeof message !== 'object' || !message.messageId || !message.phoneNumberId) {
		throw new NodeOperationError(this.getNode(), 'The Message is not an inbound WhatsApp message', {
			itemIndex,
			description:
				'Connect this node after the WhatsApp Cloud Trigger and keep Message set to {{ $json.message }}; it needs messageId and phoneNumberId.',
		});
	}
	return message;
}

function messageTime(message: InboundMessage): Date {
	const at = new Date(message.timestamp);
	return Number.isNaN(at.getTime()) ? new Date() : at;
}

export const execute: LeadOperation = async function (itemIndex, stores) {
	const { pool, cipher } = stores;
	const message = readMessage.call(this, itemIndex);
	const options = parameter(this, 'options', itemIndex, {}) as { historyLength?: number };
	let identity: NewLead['identity'];
	try {
		identity = normalizeIdentity(message);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
	const at = messageTime(message);

	const academy = await keptAcademyByPhoneNumberId(pool, cipher, message.phoneNumberId);
	if (!academy) {
		throw new NodeOperationError(this.getNode(), `No academy uses WhatsApp phone number ID "${message.phoneNumberId}"`, {
			itemIndex,
			description: "Add the academy with the Academy Settings template, using the phone number ID from Meta's WhatsApp Manager.",
		});
	}

	const newLead: NewLead = { academyId: academy.id, identity, name: message.profileName, referral: message.referral, at };
	const hashes = identityHashes(identity, cipher);
	const line: Omit<NewMessage, 'leadId'> = {
		direction: 'in',
		messageId: message.messageId,
		type: message.type || 'text',
		text: message.text ?? '',
		status: 'received',
		at,
	};

	// Most messages come from a known lead and teach it nothing new: one statement logs them, and
	// it is atomic by itself. Otherwise (or if the lead was erased meanwhile) the transaction below.
	let outcome: { row: LeadRow; created: boolean; logged: LoggedMessage } | undefined;
	const known = await findLeadRowByIdentity(pool, academy.id, hashes);
	if (known && !lessonsOf(known, newLead, cipher)) {
		const logged = await insertMessage(pool, cipher, { ...line, leadId: known.id });
		if (logged) outcome = { row: logged.lead ?? known, created: false, logged };
	}
	// One transaction: the lead, its first event and the logged message exist together or not at all.
	outcome ??= await withTransaction(pool, async (db) => {
		let row = await findLeadRowByIdentity(db, academy.id, hashes, true);
		let created = false;
		if (!row) {
			row = await insertLeadIfNew(db, cipher, newLead);
			created = row !== null;
			// Null: a message sent at the same moment created the lead first; that insert is committed now.
			row ??= await findLeadRowByIdentity(db, academy.id, hashes, true);
			if (!row) throw new Error('The lead could not be created or found; run the step again');
		}
		if (created) {
			await insertLeadEvent(db, cipher, {
				academyId: academy.id,
				leadId: row.id,
				from: null,
				to: 'NEW',
				cause: FIRST_CONTACT_CAUSE,
				messageId: message.messageId,
				at,
			});
		}
		const logged = await insertMessage(db, cipher, { ...line, leadId: row.id });
		// The lead is locked in this transaction, so it cannot have gone.
		if (!logged) throw new Error('The lead could not be found to log the message; run the step again');
		const noted = !created && !logged.duplicate ? await noteInbound(db, cipher, logged.lead ?? row, newLead) : undefined;
		return { row: noted ?? logged.lead ?? row, created, logged };
	});

	const leadId = outcome.row.id;
	// A retried run re-does its own message: the failed attempt may have logged it (its commit went
	// through, the reply did not), and staff retry a run so that its message gets answered.
	const duplicate = outcome.logged.duplicate && this.getMode() !== 'retry';
	if (!duplicate) await rememberInHistory(stores, leadId, outcome.logged);
	return {
		academy,
		lead: toLead(outcome.row, cipher),
		history: await readHistory(stores, leadId, options.historyLength ?? 20),
		inbound: {
			messageId: message.messageId,
			newLead: outcome.created,
			duplicate,
			cancelledFollowUps: outcome.logged.cancelledFollowUps,
		},
	};
};
