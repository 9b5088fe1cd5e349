import type { AcademyProfile } from '../../nodes/shared/types';
import type { WorkflowJson } from '../../test/harness/n8n-server';

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';

interface FormField {
	fieldName?: string;
	fieldType?: string;
	fieldOptions?: { values?: Array<{ option: string }> };
}

/** The academy settings template's form, when the templates have one. */
export function settingsForm(
	workflows: WorkflowJson[],
): { path: string; fields: FormField[] } | null {
	for (const workflow of workflows.filter((w) => /academy settings|settings/i.test(w.name))) {
		const node = workflow.nodes.find((n) => n.type === FORM_TRIGGER && !n.disabled);
		if (!node) continue;
		const options = (node.parameters?.options ?? {}) as { path?: string };
		const path = options.path || String(node.parameters?.path ?? '') || node.webhookId;
		const fields = ((node.parameters?.formFields as { values?: FormField[] })?.values ??
			[]) as FormField[];
		if (path) return { path, fields };
	}
	return null;
}

/** What a person would type into each box of the form for this academy (lists as JSON, as its notes ask). */
function answers(profile: Omit<AcademyProfile, 'id'>): Record<string, string | string[]> {
	return {
		phoneNumberId: profile.phoneNumberId,
		name: profile.name,
		timeZone: profile.timeZone,
		languages: profile.languages,
		defaultLanguage: profile.defaultLanguage,
		address: profile.address,
		mapUrl: profile.mapUrl,
		bookingUrl: profile.bookingUrl,
		ownerNumber: profile.ownerNumber,
		staffNumbers: profile.staffNumbers.join(', '),
		prices: JSON.stringify(profile.prices),
		schedule: JSON.stringify(profile.schedule),
		trialPolicy: JSON.stringify(profile.trialPolicy),
		whatToBring: JSON.stringify(profile.whatToBring),
		templates: JSON.stringify(profile.templates),
		quietHoursStart: profile.quietHours.start,
		quietHoursEnd: profile.quietHours.end,
	};
}

/**
 * Fills in and sends the academy settings form as a browser does (multipart, `field-<n>` in the
 * order of the form, choices by their label), behind the staff login.
 */
export async function submitSettingsForm(
	n8nUrl: string,
	form: { path: string; fields: FormField[] },
	profile: Omit<AcademyProfile, 'id'>,
	login: { user: string; password: string },
): Promise<void> {
	const values = answers(profile);
	const body = new FormData();
	form.fields.forEach((field, index) => {
		const value = field.fieldName ? values[field.fieldName] : undefined;
		if (value === undefined) return;
		const labels = (field.fieldOptions?.values ?? []).map((o) => o.option);
		// Choices are sent by their label ("es · Español"); the academy stores the code before it.
		const chosen = (codes: string[]) =>
			labels.filter((label) => codes.some((code) => label.startsWith(code)));
		if (field.fieldType === 'checkbox')
			body.append(`field-${index}`, JSON.stringify(chosen([value].flat())));
		else if (field.fieldType === 'dropdown')
			body.append(`field-${index}`, chosen([String(value)])[0] ?? '');
		else body.append(`field-${index}`, String(value));
	});
	const send = () =>
		fetch(`${n8nUrl}/form/${form.path}`, {
			method: 'POST',
			headers: {
				authorization: `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}`,
			},
			body,
		});
	let response = await send();
	// n8n registers a published form's webhook a moment after it says the editor is ready.
	for (let wait = 0; response.status === 404 && wait < 120; wait++) {
		await response.arrayBuffer();
		await new Promise((resolve) => setTimeout(resolve, 500));
		response = await send();
	}
	const text = await response.text();
	if (!response.ok) {
		throw new Error(
			`the academy settings form answered HTTP ${response.status}: ${text.slice(0, 300)}`,
		);
	}
}
