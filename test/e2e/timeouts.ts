// Starting a real n8n takes 6-15 s on 2 busy cores and a workflow run goes through HTTP, queues
// and storage: far beyond the 30 s the fast tests get. The harness fails earlier with n8n's log.
jest.setTimeout(240_000);
