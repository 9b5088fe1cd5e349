import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { LIMITS, type LimitCheck } from '../limits';
import { parameter } from '../../../shared/parameter';

export const headerOption: INodeProperties = {
	displayName: 'Header',
	name: 'header',
	type: 'string',
	default: '',
	description: `Bold line above the text, up to ${LIMITS.header} characters`,
};

export const footerOption: INodeProperties = {
	displayName: 'Footer',
	name: 'footer',
	type: 'string',
	default: '',
	description: `Small grey line below the text, up to ${LIMITS.footer} characters`,
};

/**
 * The parts reply buttons and lists share: header, body and footer, checked against their
 * limits. The caller adds `type` and `action`.
 */
export function interactiveFrame(
	this: IExecuteFunctions,
	itemIndex: number,
	check: LimitCheck,
	bodyLimit: number,
): IDataObject {
	const body = String(parameter(this, 'text', itemIndex, '') ?? '');
	const header = String(parameter(this, 'options.header', itemIndex, '') ?? '');
	const footer = String(parameter(this, 'options.footer', itemIndex, '') ?? '');
	check.required('Text', body).length('Text', body, bodyLimit);
	check.quoted('Header', header, LIMITS.header).quoted('Footer', footer, LIMITS.footer);
	return {
		...(header ? { header: { type: 'text', text: header } } : {}),
		body: { text: body },
		...(footer ? { footer: { text: footer } } : {}),
	};
}
