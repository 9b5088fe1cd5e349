import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Ticks as WhatsApp shows them; `failed` is the red mark of a message that did not arrive. */
export type TickStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

const TICK_ORDER: TickStatus[] = ['pending', 'sent', 'delivered', 'read'];

export interface ChatButton {
	id: string;
	title: string;
}

export interface ChatList {
	button: string;
	sections: Array<{
		title?: string;
		rows: Array<{ id: string; title: string; description?: string }>;
	}>;
}

export interface ChatMessage {
	/** The wamid both sides use for this message. */
	id: string;
	/** `person` is whoever types in the page; `bot` is the academy's number (n8n). */
	from: 'person' | 'bot';
	at: string;
	kind: 'text' | 'buttons' | 'list' | 'template' | 'media' | 'reply';
	text: string;
	header?: string;
	footer?: string;
	buttons?: ChatButton[];
	list?: ChatList;
	/** Link or media id of an image, document, audio or video the bot sent. */
	media?: { type: string; link?: string; id?: string; filename?: string };
	/** The message a tapped button or list row answers. */
	replyTo?: string;
	status: TickStatus;
	/** Why a message failed, in words for the person at the keyboard. */
	error?: string;
}

export interface Chat {
	/** The WhatsApp number (wa_id) of the person in this chat. */
	waId: string;
	name: string;
	role: 'lead' | 'staff';
	messages: ChatMessage[];
	/** Until when the bot shows "typing…" (ISO), or null. */
	typingUntil: string | null;
}

export type ChatEvent =
	| { type: 'chat'; chat: Chat }
	| { type: 'message'; waId: string; message: ChatMessage }
	| { type: 'status'; waId: string; id: string; status: TickStatus; error?: string }
	| { type: 'typing'; waId: string; until: string | null };

interface Saved {
	current: string | null;
	chats: Chat[];
}

/**
 * The conversations the simulator shows, one per WhatsApp number, kept on disk so a restarted
 * demo still shows what was said. Emits 'event' for the page's live stream.
 */
export class ChatStore extends EventEmitter {
	private readonly chats = new Map<string, Chat>();

	private current: string | null = null;

	private saveTimer?: NodeJS.Timeout;

	constructor(private readonly file: string | null) {
		super();
		if (file && existsSync(file)) {
			const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
			for (const chat of saved.chats) this.chats.set(chat.waId, chat);
			this.current = saved.current;
		}
	}

	list(): Chat[] {
		return [...this.chats.values()];
	}

	get(waId: string): Chat | undefined {
		return this.chats.get(waId);
	}

	/** The lead chat the page opens on; null before the first lead exists. */
	currentLead(): Chat | null {
		return (this.current && this.chats.get(this.current)) || null;
	}

	open(waId: string, name: string, role: Chat['role']): Chat {
		let chat = this.chats.get(waId);
		if (!chat) {
			chat = { waId, name, role, messages: [], typingUntil: null };
			this.chats.set(waId, chat);
			this.emitEvent({ type: 'chat', chat });
		}
		if (role === 'lead') this.current = waId;
		this.save();
		return chat;
	}

	add(waId: string, message: ChatMessage): void {
		const chat = this.chats.get(waId) ?? this.open(waId, `+${waId}`, 'staff');
		chat.messages.push(message);
		if (message.from === 'bot') chat.typingUntil = null;
		this.emitEvent({ type: 'message', waId, message });
		this.save();
	}

	find(id: string): { chat: Chat; message: ChatMessage } | null {
		for (const chat of this.chats.values()) {
			const message = chat.messages.find((m) => m.id === id);
			if (message) return { chat, message };
		}
		return null;
	}

	/** Ticks only move forward, as on a phone: a late "delivered" never undoes "read". */
	setStatus(id: string, status: TickStatus, error?: string): boolean {
		const found = this.find(id);
		if (!found) return false;
		const { chat, message } = found;
		if (status !== 'failed' && TICK_ORDER.indexOf(status) <= TICK_ORDER.indexOf(message.status))
			return false;
		message.status = status;
		message.error = error;
		this.emitEvent({ type: 'status', waId: chat.waId, id, status, error });
		this.save();
		return true;
	}

	/** WhatsApp marks everything up to a read message as read. */
	markReadUpTo(id: string): ChatMessage[] {
		const found = this.find(id);
		if (!found) return [];
		const changed: ChatMessage[] = [];
		for (const message of found.chat.messages) {
			if (
				message.from === found.message.from &&
				message.status !== 'failed' &&
				this.setStatus(message.id, 'read')
			) {
				changed.push(message);
			}
			if (message === found.message) break;
		}
		return changed;
	}

	setTyping(waId: string, until: string | null): void {
		const chat = this.chats.get(waId);
		if (!chat) return;
		chat.typingUntil = until;
		this.emitEvent({ type: 'typing', waId, until });
	}

	flush(): void {
		if (!this.file) return;
		clearTimeout(this.saveTimer);
		this.saveTimer = undefined;
		mkdirSync(dirname(this.file), { recursive: true });
		const saved: Saved = { current: this.current, chats: this.list() };
		writeFileSync(`${this.file}.tmp`, JSON.stringify(saved));
		renameSync(`${this.file}.tmp`, this.file);
	}

	private save(): void {
		if (!this.file || this.saveTimer) return;
		this.saveTimer = setTimeout(() => this.flush(), 200);
		this.saveTimer.unref();
	}

	private emitEvent(event: ChatEvent): void {
		this.emit('event', event);
	}
}
