import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ExternalChannel } from '../entities/notification-delivery.entity.js';
import type { NotificationChannel, OutgoingMessage } from './channel.js';

/**
 * The embedded/sandbox stand-in for an SMTP server, an SMS gateway or a push service: appends each message as one JSON
 * line to `<dir>/<channel>.jsonl` (e.g. `.data/notifications/email.jsonl`) for a developer to read or `tail -f`.
 * Recipients are user ids: resolving addresses and phone numbers belongs to the real adapters (not built yet).
 */
export class SandboxSinkChannel implements NotificationChannel {
  readonly file: string;
  /** Opened once (append mode) on the first message: a busy sink pays one write per message, not mkdir + open + close. */
  private handle: Promise<FileHandle> | undefined;

  constructor(
    readonly channel: ExternalChannel,
    dir: string,
  ) {
    this.file = path.resolve(dir, `${channel.toLowerCase()}.jsonl`);
  }

  async send(message: OutgoingMessage): Promise<void> {
    this.handle ??= mkdir(path.dirname(this.file), { recursive: true }).then(() => open(this.file, 'a'));
    const handle = await this.handle.catch((error: unknown) => {
      this.handle = undefined; // the next message tries again
      throw error;
    });
    // One write per line with O_APPEND: concurrent writers never interleave within a line of this size.
    await handle.write(`${JSON.stringify({ channel: this.channel, to: message.userId, sentAt: new Date().toISOString(), ...message })}\n`);
  }
}

export function sandboxChannels(dir: string): NotificationChannel[] {
  return [new SandboxSinkChannel('EMAIL', dir), new SandboxSinkChannel('SMS', dir), new SandboxSinkChannel('PUSH', dir)];
}
