import { updateDisplayOptions } from 'n8n-workflow';

import { readHistory } from '../../storage/history';
import { historyLengthField, leadIdField } from '../common';
import type { LeadOperation } from '../operation';
import { idParameter } from '../parameters';
import { parameter } from '../../../shared/parameter';

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['getHistory'] } }, [
	leadIdField,
	historyLengthField,
]);

export const execute: LeadOperation = async function (itemIndex, stores) {
	const leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const limit = Number(parameter(this, 'historyLength', itemIndex, 20)) || 0;
	return { history: await readHistory(stores, leadId, limit) };
};
