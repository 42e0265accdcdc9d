import { z } from 'zod';
import { COLLECTION_NAMES, type CollectionName } from '../collections';
import { idSchema } from '../schemas/common';
import { roleSchema } from '../schemas/organisation';
import { TERMINAL_PREFIX_PATTERN } from '../rules/walk-in';

/**
 * The sync contract between terminals and the sync server, on RxDB's replication protocol. Both sides
 * import it, so a change here is a change to both.
 *
 * - Pull: `POST /sync/:collection/pull` with a checkpoint (one server sequence per scope the device may
 *   read) answers the next documents in sequence order and the checkpoint after them.
 * - Push: `POST /sync/:collection/push` with rows of {assumedMasterState, newDocumentState} answers the
 *   master states of the rows that conflicted; the others are stored.
 * - Stream: `GET /sync/stream` (Server-Sent Events) sends `RESYNC` on connect and change batches after.
 */
export const MAX_PULL_BATCH = 1000;
export const MAX_PUSH_ROWS = 500;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** How far ahead of the server's clock a version's updatedAt may be (terminal clocks drift a little). */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export const collectionNameSchema = z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]], {
  error: `must be one of ${COLLECTION_NAMES.join(', ')}`,
});

/** Highest sequence seen per scope (branch or organisation id); missing scopes start at 0. */
export const checkpointSchema = z.record(idSchema, z.int().min(0, 'must not be negative'));
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const pullRequestSchema = z.strictObject({
  checkpoint: checkpointSchema.nullable(),
  batchSize: z
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PULL_BATCH, `must be at most ${MAX_PULL_BATCH}`),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** A document as it travels: the entity plus RxDB's soft-delete flag. */
export type WireDocument = Record<string, unknown> & { id: string; tenantId: string; _deleted: boolean };

export interface PullResponse {
  documents: WireDocument[];
  /** Where the next pull starts; when the batch was not full, the head below (nothing more to fetch). */
  checkpoint: Checkpoint;
  /** The server's highest sequence per scope when the pull was read, so a terminal can tell it is behind. */
  head: Checkpoint;
  /**
   * Documents of this collection after `checkpoint` when the pull was read (an estimate of what is left
   * to fetch: a few may be ones this terminal is not shown). Left out by servers before it existed.
   */
  remaining?: number;
}

const wireDocumentSchema = z
  .looseObject({ id: idSchema, tenantId: idSchema, _deleted: z.boolean('must be true or false').optional() })
  .transform((d) => d as WireDocument);

export const pushRowSchema = z
  .strictObject({
    assumedMasterState: wireDocumentSchema.nullable().optional(),
    newDocumentState: wireDocumentSchema,
  })
  .refine(
    (row) => !row.assumedMasterState || row.assumedMasterState.id === row.newDocumentState.id,
    'assumedMasterState must be a version of the same document',
  );
export const pushRequestSchema = z
  .array(pushRowSchema)
  .max(MAX_PUSH_ROWS, `must have at most ${MAX_PUSH_ROWS} rows; split the push`);
export type PushRow = z.infer<typeof pushRowSchema>;

/** The master states of rows that conflicted; empty when everything was stored. */
export type PushResponse = WireDocument[];

/**
 * Changes of one collection with sequences after `from` up to `checkpoint`, with each document's
 * server sequence (`seqs`, in the same order). A terminal standing at or past `from` applies the batch
 * without asking the server again; one standing before `from` pulls the gap first.
 */
export interface StreamEvent {
  collection: CollectionName;
  documents: WireDocument[];
  seqs: number[];
  from: Checkpoint;
  checkpoint: Checkpoint;
}

/**
 * Sent when a stream opens and every `every` ms after: the server's head, so a terminal can tell it is
 * behind, and proof that the connection is alive (a terminal that hears nothing for two heartbeats
 * treats the stream as dead and reconnects).
 */
export interface StreamHeartbeat {
  heartbeat: { every: number; head: Checkpoint };
}

/** Everything `GET /sync/stream` sends, one JSON value per Server-Sent Event. */
export type StreamMessage = StreamEvent | StreamHeartbeat | 'RESYNC';

/** A batch of changes (not RESYNC, not a heartbeat). */
export function isBatch(message: StreamMessage): message is StreamEvent {
  return typeof message === 'object' && 'collection' in message;
}

export const streamMessageSchema: z.ZodType<StreamMessage> = z.union([
  z.literal('RESYNC'),
  z.strictObject({
    heartbeat: z.strictObject({ every: z.int().min(100).max(600_000), head: checkpointSchema }),
  }),
  z
    .strictObject({
      collection: collectionNameSchema,
      documents: z.array(wireDocumentSchema),
      seqs: z.array(z.int().min(0)),
      from: checkpointSchema,
      checkpoint: checkpointSchema,
    })
    .refine((e) => e.seqs.length === e.documents.length, 'every document needs its sequence'),
]);

const emailInput = z.string().trim().toLowerCase().min(3, 'is required').max(254, 'is too long');
const passwordInput = z.string().min(1, 'is required').max(256, 'is too long');
export const enrolRequestSchema = z.strictObject({
  email: emailInput,
  password: passwordInput,
  branchIds: z.array(idSchema).min(1, 'must name at least one branch').max(50, 'must name at most 50 branches'),
  terminalName: z.string().trim().min(1, 'is required').max(60, 'must be at most 60 characters'),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const deviceSchema = z.strictObject({
  id: idSchema,
  organisationId: idSchema,
  branchIds: z.array(idSchema),
  name: z.string(),
  /** Walk-in ticket prefix, unique in each of the device's branches. */
  prefix: z.string().regex(TERMINAL_PREFIX_PATTERN),
  createdAt: z.int(),
  revokedAt: z.int().nullable(),
  /** Who removed the terminal, so its screen can say so. */
  revokedBy: z.strictObject({ userId: idSchema, name: z.string() }).optional(),
});
export type Device = z.infer<typeof deviceSchema>;

export interface EnrolResponse {
  token: string;
  expiresAt: number;
  device: Device;
}

export const branchesRequestSchema = z.strictObject({ email: emailInput, password: passwordInput });

export interface BranchesResponse {
  branches: { id: string; name: string }[];
}

/** Raw 32-byte Ed25519 public key, base64url. */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte Ed25519 public key');

/**
 * `POST /auth/sign-in` with the device token: a person signs in online on this terminal. The server
 * checks the password and registers the terminal's public key for them (the private key stays sealed
 * on the terminal); the answer also carries a short-lived user session for administration.
 */
export const signInRequestSchema = z.strictObject({
  email: emailInput,
  password: passwordInput,
  publicKey: publicKeySchema,
});

/** `POST /auth/session`: a short-lived user session from a password, for administration. */
export const sessionRequestSchema = z.strictObject({ email: emailInput, password: passwordInput });

export interface UserSession {
  token: string;
  expiresAt: number;
}

export interface SignedInUserAnswer {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  credentialVersion: number;
  roles: { branchId: string; role: z.infer<typeof roleSchema> }[];
}

export interface SignInResponse {
  keyId: string;
  user: SignedInUserAnswer;
  session: UserSession;
}

export interface SessionResponse {
  user: SignedInUserAnswer;
  session: UserSession;
}

/** Every error answer: a stable code for programs and a sentence for people. */
export interface ErrorBody {
  error: { code: string; message: string; problems?: { document?: string; field: string; message: string }[] };
}

export const sessionClaimsSchema = z.object({
  sub: idSchema,
  org: idSchema,
  /** The user's credential version when the session was made: a password reset ends it. */
  cv: z.int().min(0),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

export const tokenClaimsSchema = z.object({
  sub: idSchema,
  org: idSchema,
  branches: z.array(idSchema),
  prefix: z.string(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export const membershipRoleSchema = roleSchema;
