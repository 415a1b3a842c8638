import type { JetStreamClient } from 'nats';
import type { ListEvent } from '../domain/list.js';
import { encodeListChange } from './codec.js';
import { subjects } from './nats.js';

/**
 * Publishes a list change on the stream's list subject, in the one order of the stream: every
 * worker applies it after the transactions before it and before those after it, as one process
 * would. Resolves with its stream sequence once JetStream has it (acknowledged = durable). The
 * message id (op, entry, time) makes a retried publish of the same change land once.
 */
export async function publishListChange(js: JetStreamClient, stream: string, change: Pick<ListEvent, 'op' | 'entry'>): Promise<number> {
  const { op, entry } = change;
  const msgID = `list:${op}:${entry.list}:${entry.kind}:${entry.value}:${entry.added_at}`;
  const ack = await js.publish(subjects(stream).lists, encodeListChange(change), { msgID });
  return ack.seq;
}
