import { createParser } from 'eventsource-parser';
import { streamMessageSchema, type StreamMessage } from '../../shared/sync/protocol';
import { describeProblems } from '../../shared/validation';
import { refusalOf, type FetchLike } from './http';

/** Heartbeat interval assumed until the server says its own (the server's default). */
const DEFAULT_HEARTBEAT_MS = 15_000;

/** A stream that sent something the protocol does not allow: dropped, and opened again. */
export class StreamProtocolError extends Error {}

/** The stream heard nothing for two heartbeats: the connection is dead even if the socket looks open. */
export class StreamSilent extends Error {}

/**
 * Reads one stream body: every Server-Sent Event parsed (eventsource-parser) and checked against the
 * protocol, handed over in order. Resolves when the body ends; rejects on a message that breaks the
 * protocol. `onBytes` is told whenever anything arrives (heartbeats included), for the watchdog.
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: StreamMessage) => void,
  onBytes: () => void = () => undefined,
): Promise<void> {
  let broken: Error | undefined;
  const parser = createParser({
    onEvent(event) {
      if (broken) return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        broken = new StreamProtocolError('the sync stream sent something that is not JSON');
        return;
      }
      const parsed = streamMessageSchema.safeParse(json);
      if (!parsed.success) {
        broken = new StreamProtocolError(
          `the sync stream sent a message it should not: ${describeProblems(parsed.error)}`,
        );
        return;
      }
      onMessage(parsed.data);
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onBytes();
      parser.feed(decoder.decode(value, { stream: true }));
      if (broken) throw broken;
    }
  } finally {
    reader.releaseLock();
  }
}

export interface StreamHandlers {
  onMessage(message: StreamMessage): void;
  onOpen(): void;
  onDrop(error: unknown): void;
}

/**
 * Reads the server's Server-Sent Events with fetch (so the device token can go in a header) and
 * reconnects with growing pauses while the server is unreachable. The server sends RESYNC first on
 * every connection, which makes the replication pull what it missed, then a heartbeat (with its
 * interval) and one every interval after. A stream silent for two heartbeats (a sleeping laptop, a NAT
 * that dropped the connection without a word) is treated as dead: it is cut and opened again.
 */
export function connectStream(
  fetchFn: FetchLike,
  url: string,
  token: () => string,
  handlers: StreamHandlers,
): { close(): void } {
  let closed = false;
  let controller: AbortController | undefined;
  let wait = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const readOnce = async (): Promise<void> => {
    const current = new AbortController();
    controller = current;
    let every = DEFAULT_HEARTBEAT_MS;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        current.abort(new StreamSilent(`the sync stream was silent for ${Math.round((2 * every) / 1000)} s`));
      }, 2 * every);
    };
    try {
      arm();
      const res = await fetchFn(url, {
        headers: { authorization: `Bearer ${token()}`, accept: 'text/event-stream' },
        signal: current.signal,
      });
      if (!res.ok) throw refusalOf(res.status, await res.text().catch(() => ''));
      if (!res.body) throw new Error(`stream answered ${res.status} without a body`);
      handlers.onOpen();
      wait = 250;
      await readStream(
        res.body,
        (message) => {
          if (typeof message === 'object' && 'heartbeat' in message) {
            every = message.heartbeat.every;
            arm();
          }
          handlers.onMessage(message);
        },
        arm,
      );
      throw new Error('stream ended');
    } catch (error) {
      // A cut made by the watchdog surfaces as an abort: report why it was cut.
      const reason: unknown = current.signal.reason;
      throw current.signal.aborted && reason instanceof StreamSilent ? reason : error;
    } finally {
      if (watchdog) clearTimeout(watchdog);
    }
  };

  const loop = (): void => {
    if (closed) return;
    readOnce().catch((error: unknown) => {
      if (closed) return;
      handlers.onDrop(error);
      // A silent stream is reconnected at once; an unreachable server with growing pauses.
      const pause = error instanceof StreamSilent ? 0 : wait;
      timer = setTimeout(loop, pause);
      wait = Math.min(wait * 2, 5_000);
    });
  };
  loop();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
  };
}
