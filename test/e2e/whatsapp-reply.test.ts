import { hmacSha256Hex } from '../../nodes/shared/signature';
import { GraphApiFake } from '../fakes/graph-api';
import { credentialsFor } from '../harness/credentials';
import { e2eWorkflow } from '../harness/e2e-workflows';
import { N8nServer } from '../harness/n8n-server';
import { fixtureText } from '../helpers/fixtures';
import { isolatedStorage } from '../helpers/storage';

const workflow = e2eWorkflow('whatsapp-text-reply.json');
const WEBHOOK = '/webhook/whatsapp-e2e';
const inbound = fixtureText('whatsapp', 'wa-inbound-text');
const { metadata, messages } = JSON.parse(inbound).entry[0].changes[0].value;
const sender: string = messages[0].from;

/** The same fixture as another message (its own id), for a delivery that must get its own reply. */
function anotherMessage(id: string): string {
	const payload = JSON.parse(inbound);
	payload.entry[0].changes[0].value.messages[0].id = id;
	return JSON.stringify(payload);
}

describe('WhatsApp trigger → send text, in a real n8n against the Graph API fake', () => {
	const graph = new GraphApiFake();
	const storage = isolatedStorage('e2e_whatsapp');
	let n8n: N8nServer;

	const deliver = (body: string, signature = `sha256=${hmacSha256Hex(graph.appSecret, body)}`) =>
		n8n.post(WEBHOOK, body, { 'content-type': 'application/json', 'x-hub-signature-256': signature });

	beforeAll(async () => {
		await graph.start();
		n8n = await N8nServer.launch({
			workflows: [workflow],
			credentials: credentialsFor([workflow], {
				whatsAppCloudApi: graph.credentials(),
				academyPostgresApi: { ...storage.postgres },
				academyRedisApi: { ...storage.redis },
			}),
		});
	});

	afterAll(async () => {
		await n8n?.stop();
		await graph.stop();
		await storage.cleanup();
	});

	it('replies to the sender of a signed text message once, however often Meta delivers it', async () => {
		for (let delivery = 1; delivery <= 3; delivery++) {
			expect((await deliver(inbound)).status).toBe(200);
		}
		// A different message after the three: once its reply is out, any reply to a copy would be too.
		expect((await deliver(anotherMessage('wamid.e2e-after-duplicates'))).status).toBe(200);

		const executions = await n8n.waitForExecutions(workflow.id, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		const sends = graph.server.received(/\/messages$/, 'POST');
		expect(sends.map((s) => s.path)).toEqual([
			`/v24.0/${metadata.phone_number_id}/messages`,
			`/v24.0/${metadata.phone_number_id}/messages`,
		]);
		expect(graph.sends()).toEqual([
			expect.objectContaining({
				messaging_product: 'whatsapp',
				to: sender,
				type: 'text',
				text: expect.objectContaining({ body: 'Oi Sheena Nelson, obrigado pela mensagem!' }),
			}),
			expect.objectContaining({ to: sender }),
		]);
	});

	it('answers a POST with a wrong or missing signature with 401 and runs nothing', async () => {
		const executionsBefore = (await n8n.executions(workflow.id)).length;
		const sendsBefore = graph.sends().length;
		const unsigned = anotherMessage('wamid.e2e-unsigned');

		expect((await deliver(unsigned, `sha256=${hmacSha256Hex('not-the-app-secret', unsigned)}`)).status).toBe(401);
		expect((await n8n.post(WEBHOOK, unsigned, { 'content-type': 'application/json' })).status).toBe(401);
		expect((await deliver(anotherMessage('wamid.e2e-after-bad-signatures'))).status).toBe(200);

		expect(await n8n.waitForExecutions(workflow.id, executionsBefore + 1)).toHaveLength(executionsBefore + 1);
		expect(graph.sends()).toHaveLength(sendsBefore + 1);
	});
});
