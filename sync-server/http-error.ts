import type { ErrorBody } from '../shared/sync/protocol';

export const MAX_PROBLEMS = 20;

/** An answer other than 2xx, with a stable code and a sentence a person can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems?: NonNullable<ErrorBody['error']['problems']>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The answer; a long list of problems is cut to its first MAX_PROBLEMS (the message counts them all). */
  body(): ErrorBody {
    const problems = this.problems?.slice(0, MAX_PROBLEMS);
    return { error: { code: this.code, message: this.message, ...(problems ? { problems } : {}) } };
  }
}
