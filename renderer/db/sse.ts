import type { StreamEvent } from '../../shared/sync/protocol';
import { refusalOf, type FetchLike } from './http';

export type StreamMessage = StreamEvent | 'RESYNC';

/** Splits complete Server-Sent Events off a buffer: their data payloads, and what is left over. */
export function takeEvents(buffer: string): { data: string[]; rest: string } {
  const data: string[] = [];
  let rest = buffer;
  let cut: number;
  while ((cut = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, cut);
    rest = rest.slice(cut + 2);
    const payload = block
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6))
      .join('\n');
    if (payload) data.push(payload);
  }
  return { data, rest };
}

export interface StreamHandlers {
  onMessage(message: StreamMessage): void;
  onOpen(): void;
  onDrop(error: unknown): void;
}

/**
 * Reads the server's Server-Sent Events with fetch (so the device token can go in a header) and
 * reconnects with growing pauses while the server is unreachable. The server sends RESYNC first on
 * every connection, which makes the replication pull what it missed.
 */
export function connectStream(
  fetchFn: FetchLike,
  url: string,
  token: string,
  handlers: StreamHandlers,
): { close(): void } {
  let closed = false;
  let controller: AbortController | undefined;
  let wait = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const readOnce = async (): Promise<void> => {
    controller = new AbortController();
    const res = await fetchFn(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!res.ok) throw refusalOf(res.status, await res.text().catch(() => ''));
    if (!res.body) throw new Error(`stream answered ${res.status} without a body`);
    handlers.onOpen();
    wait = 250;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      const { data, rest } = takeEvents(buffer + value);
      buffer = rest;
      for (const payload of data) handlers.onMessage(JSON.parse(payload) as StreamMessage);
    }
  };

  const loop = (): void => {
    if (closed) return;
    readOnce().catch((error: unknown) => {
      if (closed) return;
      handlers.onDrop(error);
      timer = setTimeout(loop, wait);
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
