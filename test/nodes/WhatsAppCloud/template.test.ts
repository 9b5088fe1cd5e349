import { fixture } from '../../helpers/fixtures';
import { errorOf, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();

interface TemplateRequest {
	template: {
		name: string;
		language: { code: string };
		components: Array<{
			type: string;
			parameters: Array<{ type: string; parameter_name?: string; text?: string; image?: { id: string } }>;
		}>;
	};
}

describe('WhatsApp Cloud: template', () => {
	it('sends Meta\'s published template request and reports that Meta accepted it', async () => {
		const published = fixture<TemplateRequest>('whatsapp', 'wa-send-template-request').template;
		const [header, body] = published.components;
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendTemplate',
			templateName: published.name,
			languageCode: published.language.code,
			bodyParameters: { parameter: body.parameters.map((p) => ({ name: p.parameter_name, text: p.text })) },
			options: { headerImage: header.parameters[0].image!.id },
		});
		expect(errorOf(run)).toBeUndefined();
		expect(graph.sends()[0]).toMatchObject({ type: 'template', template: published });
		expect(run.items[0].json.sent).toMatchObject({ type: 'template', messageStatus: 'accepted' });
	});

	it('fills numbered placeholders and template buttons', async () => {
		await runSendNode(graph, {
			resource: 'message',
			operation: 'sendTemplate',
			templateName: 'recordatorio_clase',
			languageCode: 'pt_BR',
			bodyParameters: { parameter: [{ text: 'Ana' }, { text: 'terça 19:00' }] },
			buttonParameters: {
				button: [
					{ index: 0, subType: 'quick_reply', value: 'confirm' },
					{ index: 1, subType: 'url', value: 'lead-42' },
				],
			},
			options: { headerText: 'Academia Gracie' },
		});
		expect(graph.sends()[0].template).toEqual({
			name: 'recordatorio_clase',
			language: { code: 'pt_BR' },
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: 'Academia Gracie' }] },
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Ana' },
						{ type: 'text', text: 'terça 19:00' },
					],
				},
				{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'confirm' }] },
				{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'lead-42' }] },
			],
		});
	});

	it('refuses a template name WhatsApp cannot have and empty parameters', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendTemplate',
			templateName: 'Recordatorio Clase',
			languageCode: 'es',
			bodyParameters: { parameter: [{ text: '' }] },
		});
		expect(errorOf(run)?.message).toBe(
			"template name 'Recordatorio Clase' may only have lower-case letters, digits and underscores; Body parameter 1 is empty.",
		);
		expect(graph.requests).toHaveLength(0);
	});
});
