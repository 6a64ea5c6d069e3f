import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  ARTIFACT_EVENT_TYPES,
  ATTACKER_DETAIL_LIMITS,
  artifactLogsOf,
  attackerByUuid,
  behaviourOf,
  commandsOf,
  credentialsOf,
  type OffsetListing,
  sessionsOf,
} from '../../db/repositories/attacker-detail.js';
import type { AttackerRow, LogRow, SessionRow } from '../../db/schema.js';
import { AsciicastEvent, AsciicastHeader } from '../asciicast.js';
import {
  CAPTURED_FILE_LIMITS,
  DeckyName,
  downloadName,
  fileInside,
  openInside,
  readRecordingPage,
  SessionFileId,
  StoredName,
} from '../captured-files.js';
import { COUNT_AGE_HEADER, CountCache } from '../count-cache.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import { type Page, PageQuery, pageOf } from '../paging.js';
import type { RouteGroup } from './group.js';

/** Attacker uuids as the ingester makes them, and as an imported reference database may hold them. */
const UuidParams = z.object({
  uuid: z
    .string()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      'expected a uuid',
    ),
});

const ActivityCount = z.object({
  service: z.string().nullable(),
  event_type: z.string().nullable(),
  count: z.number(),
});

const AttackerDetail = z
  .object({
    uuid: z.string(),
    ip: z.string(),
    first_seen: z.string(),
    last_seen: z.string(),
    event_count: z.number().int(),
    services: z.array(z.string()),
    deckies: z.array(z.string()),
    service_count: z.number().int(),
    decky_count: z.number().int(),
    credential_count: z.number().int(),
    bounty_count: z.number().int(),
    command_count: z.number().int(),
    session_count: z.number().int(),
    is_traversal: z.boolean(),
    traversal_path: z.string().nullable(),
    updated_at: z.string(),
    behaviour: z.object({
      activity: z.array(ActivityCount).describe('Events per service and event type, most frequent first'),
      logs_examined: z.number().int().describe('Log rows the activity counts are over'),
      complete: z
        .boolean()
        .describe(
          `False when the attacker has more than ${ATTACKER_DETAIL_LIMITS.behaviourLogWindow} log rows: ` +
            'the counts are over the most recent ones',
        ),
      principals: z
        .array(z.object({ principal: z.string(), attempts: z.number().int(), services: z.array(z.string()) }))
        .describe('User names tried with credentials, most attempts first'),
      fingerprints: z
        .array(
          z.object({
            fingerprint_type: z.string(),
            timestamp: z.string(),
            decky: z.string().nullable(),
            service: z.string().nullable(),
            payload: z.record(z.string(), z.unknown()),
          }),
        )
        .describe('The latest fingerprint of each type'),
    }),
  })
  .meta({ id: 'AttackerDetail' });

const AttackerCommand = z
  .object({
    id: z.number().int(),
    timestamp: z.string(),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    session_id: z.string().nullable(),
    command: z.string().describe('As the attacker typed it: data, never markup'),
    uid: z.string().nullable(),
    username: z.string().nullable(),
    cwd: z.string().nullable(),
  })
  .meta({ id: 'AttackerCommand' });

const CommandQuery = PageQuery.extend({
  session_id: z.string().min(1).max(128).optional(),
  decky: z.string().min(1).max(128).optional(),
  service: z.string().min(1).max(64).optional(),
});

const AttackerCredential = z
  .object({
    id: z.number().int(),
    decky: z.string(),
    service: z.string(),
    principal: z.string().nullable(),
    secret_kind: z.string(),
    secret_sha256: z.string(),
    secret_b64: z.string(),
    secret_printable: z.string(),
    outcome: z.string().nullable(),
    first_seen: z.string(),
    last_seen: z.string(),
    attempt_count: z.number().int(),
  })
  .meta({ id: 'AttackerCredential' });

const AttackerSession = z
  .object({
    id: z.string(),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    started_at: z.string(),
    ended_at: z.string(),
    duration_s: z.number(),
    bytes: z.number().int(),
    truncated: z.boolean(),
    command_count: z.number().int(),
    has_recording: z.boolean().describe('Whether GET /transcripts/{decky}/{id} has its recording'),
  })
  .meta({ id: 'AttackerSession' });

const AttackerArtifact = z
  .object({
    log_id: z.number().int(),
    timestamp: z.string(),
    kind: z.enum(['file', 'mail']),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    stored_as: z.string().describe('Download it with GET /artifacts/{decky}/{stored_as} (admin)'),
    size: z.number().int().nullable(),
    sha256: z.string().nullable(),
    orig_path: z.string().nullable().describe('Where the attacker wrote the file, as logged (files)'),
    session_id: z.string().nullable(),
    subject: z.string().nullable().describe('Subject header, as logged (mail)'),
    mail_from: z.string().nullable().describe('Envelope sender, as logged (mail)'),
  })
  .meta({ id: 'AttackerArtifact' });

const ArtifactParams = z.object({ decky: DeckyName, stored_as: StoredName });
const TranscriptParams = z.object({ decky: DeckyName, sid: SessionFileId });

const TranscriptPage = z
  .object({
    header: AsciicastHeader,
    total: z.number().int().describe('Events in the recording (up to the read cap)'),
    limit: z.number().int(),
    offset: z.number().int(),
    truncated: z
      .boolean()
      .describe(
        `Whether the recording is longer than the ${CAPTURED_FILE_LIMITS.maxRecordingBytesRead} bytes read`,
      ),
    data: z.array(AsciicastEvent).describe('[seconds, code, text]: terminal text as data, never rendered'),
  })
  .meta({ id: 'TranscriptPage' });

const UNPROCESSABLE = { 422: ERROR_RESPONSES[400] };

/**
 * One attacker in depth (reference: `/attackers/{uuid}…`, `/artifacts/…`, `/transcripts/…`): its
 * profile and behaviour, commands, credentials, sessions and the files it left. Viewers see rows;
 * reading the files themselves (captured payloads, terminal recordings) takes an admin. Everything an
 * attacker wrote goes out as JSON strings or as an `attachment` download, never as a page.
 */
export const attackerDetailRoutes: RouteGroup = (deps) => async (app) => {
  const counts = new CountCache(deps.clock);
  const { capturesDir, recordingsDir } = deps.files;

  /** A page of `listing`, its total from the count cache (and the header saying how old it is). */
  async function page<Row, Item>(
    key: string,
    listing: OffsetListing<Row>,
    query: PageQuery,
    setHeader: (name: string, value: string) => void,
    toItem: (row: Row) => Item | Promise<Item>,
  ): Promise<Page<Item>> {
    const [rows, { total, ageMs }] = await Promise.all([
      listing.rows(query.limit, query.offset),
      counts.get(key, () => listing.count()),
    ]);
    setHeader(COUNT_AGE_HEADER, String(ageMs));
    return { total, limit: query.limit, offset: query.offset, data: await Promise.all(rows.map(toItem)) };
  }

  async function attacker(uuid: string): Promise<AttackerRow> {
    const row = await attackerByUuid(deps.database(), uuid);
    if (!row)
      throw new ApiError(404, 'attacker_not_found', `no attacker ${uuid}; list them with GET /attackers`);
    return row;
  }

  app.get(
    '/attackers/:uuid',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'One attacker: its profile and a summary of its behaviour',
        tags: ['attackers'],
        params: UuidParams,
        response: { 200: AttackerDetail, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const row = await attacker(request.params.uuid);
      const behaviour = await behaviourOf(deps.database(), row.ip);
      return {
        uuid: row.uuid,
        ip: row.ip,
        first_seen: row.first_seen,
        last_seen: row.last_seen,
        event_count: row.event_count,
        services: row.services,
        deckies: row.deckies,
        service_count: row.service_count,
        decky_count: row.decky_count,
        credential_count: row.credential_count,
        bounty_count: row.bounty_count,
        command_count: row.command_count,
        session_count: row.session_count,
        is_traversal: row.is_traversal,
        traversal_path: row.traversal_path,
        updated_at: row.updated_at,
        behaviour: {
          activity: behaviour.activity,
          logs_examined: behaviour.logsExamined,
          complete: behaviour.logsExamined < ATTACKER_DETAIL_LIMITS.behaviourLogWindow,
          principals: behaviour.principals,
          fingerprints: behaviour.fingerprints,
        },
      };
    },
  );

  app.get(
    '/attackers/:uuid/commands',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "The attacker's commands, newest first",
        tags: ['attackers'],
        params: UuidParams,
        querystring: CommandQuery,
        response: { 200: pageOf(AttackerCommand), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { ip } = await attacker(request.params.uuid);
      const { session_id, decky, service } = request.query;
      const listing = commandsOf(deps.database(), ip, { sessionId: session_id, decky, service });
      const key = JSON.stringify(['commands', ip, session_id, decky, service]);
      return page(
        key,
        listing,
        request.query,
        (n, v) => reply.header(n, v),
        (row) => ({
          id: row.id,
          timestamp: row.timestamp,
          decky: row.decky,
          service: row.service,
          session_id: row.session_id,
          command: row.command,
          uid: row.uid,
          username: row.username,
          cwd: row.cwd,
        }),
      );
    },
  );

  app.get(
    '/attackers/:uuid/credentials',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "The attacker's credentials, most recently tried first",
        tags: ['attackers'],
        params: UuidParams,
        querystring: PageQuery,
        response: { 200: pageOf(AttackerCredential), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { ip } = await attacker(request.params.uuid);
      const listing = credentialsOf(deps.database(), ip);
      return page(
        JSON.stringify(['credentials', ip]),
        listing,
        request.query,
        (n, v) => reply.header(n, v),
        (row) => ({
          id: row.id,
          decky: row.decky,
          service: row.service,
          principal: row.principal,
          secret_kind: row.secret_kind,
          secret_sha256: row.secret_sha256,
          secret_b64: row.secret_b64,
          secret_printable: row.secret_printable,
          outcome: row.outcome,
          first_seen: row.first_seen,
          last_seen: row.last_seen,
          attempt_count: row.attempt_count,
        }),
      );
    },
  );

  const toSession = async (row: SessionRow) => ({
    id: row.id,
    decky: row.decky,
    service: row.service,
    started_at: row.started_at,
    ended_at: row.ended_at,
    duration_s: row.duration_s,
    bytes: row.bytes,
    truncated: row.truncated,
    command_count: row.command_count,
    has_recording: await hasRecording(row),
  });

  async function hasRecording(row: SessionRow): Promise<boolean> {
    const decky = DeckyName.safeParse(row.decky);
    const sid = SessionFileId.safeParse(row.id);
    if (!decky.success || !sid.success) return false;
    return fileInside(recordingsDir, decky.data, recordingFile(sid.data));
  }

  // The reference lists a PTY session's recordings as `/transcripts`; here both names give the sessions.
  for (const [path, summary] of [
    ['/attackers/:uuid/sessions', "The attacker's sessions, latest ended first"],
    ['/attackers/:uuid/transcripts', "The attacker's sessions, latest ended first (the reference's name)"],
  ] as const) {
    app.get(
      path,
      {
        config: { access: 'viewer' },
        schema: {
          summary,
          tags: ['attackers'],
          params: UuidParams,
          querystring: PageQuery,
          response: { 200: pageOf(AttackerSession), ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const { ip } = await attacker(request.params.uuid);
        const listing = sessionsOf(deps.database(), ip);
        return page(
          JSON.stringify(['sessions', ip]),
          listing,
          request.query,
          (n, v) => reply.header(n, v),
          toSession,
        );
      },
    );
  }

  app.get(
    '/attackers/:uuid/artifacts',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Files and mails the attacker left, newest first',
        tags: ['attackers'],
        params: UuidParams,
        querystring: PageQuery,
        response: { 200: pageOf(AttackerArtifact), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { ip } = await attacker(request.params.uuid);
      const listing = artifactLogsOf(deps.database(), ip);
      return page(
        JSON.stringify(['artifacts', ip]),
        listing,
        request.query,
        (n, v) => reply.header(n, v),
        toArtifact,
      );
    },
  );

  app.get(
    '/artifacts/:decky/:stored_as',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Download a captured file or stored mail, as an attachment',
        description:
          'The bytes as the attacker left them, as `application/octet-stream` with ' +
          '`Content-Disposition: attachment`; never rendered. Treat it as hostile.',
        tags: ['artifacts'],
        params: ArtifactParams,
        response: {
          200: {
            description: 'The file',
            content: {
              'application/octet-stream': {
                schema: z.string().meta({ format: 'binary', description: 'The bytes as stored' }),
              },
            },
          },
          ...ERROR_RESPONSES,
          ...UNPROCESSABLE,
        },
      },
    },
    async (request, reply) => {
      const { decky, stored_as } = request.params;
      const opened = await openInside(capturesDir, decky, stored_as);
      if (!opened)
        throw new ApiError(404, 'artifact_not_found', `decky ${decky} has no captured file ${stored_as}`);
      const { handle, stats } = opened;
      if (stats.size > CAPTURED_FILE_LIMITS.maxDownloadBytes) {
        await handle.close();
        throw new ApiError(
          422,
          'artifact_too_large',
          `the file is ${stats.size} bytes, over the API's download cap of ${CAPTURED_FILE_LIMITS.maxDownloadBytes}; ` +
            'copy it from the captures directory on the host',
        );
      }
      // The typed reply expects the documented schema (a string); the body is bytes, which Fastify sends
      // as they are without serialising.
      const raw = reply as unknown as FastifyReply;
      raw
        .code(200)
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${downloadName(stored_as)}"`)
        .header('content-length', String(stats.size))
        .header('x-content-type-options', 'nosniff');
      if (stats.size === 0) {
        await handle.close();
        return raw.send(Buffer.alloc(0));
      }
      // Only the bytes that were there when it was opened: a file growing meanwhile does not lift the cap.
      return raw.send(handle.createReadStream({ start: 0, end: stats.size - 1 }));
    },
  );

  app.get(
    '/transcripts/:decky/:sid',
    {
      config: { access: 'admin' },
      schema: {
        summary: "A page of a session recording's events (asciinema v2)",
        tags: ['artifacts'],
        params: TranscriptParams,
        querystring: PageQuery,
        response: { 200: TranscriptPage, ...ERROR_RESPONSES, ...UNPROCESSABLE },
      },
    },
    async (request) => {
      const { decky, sid } = request.params;
      const { limit, offset } = request.query;
      const opened = await openInside(recordingsDir, decky, recordingFile(sid));
      if (!opened)
        throw new ApiError(404, 'transcript_not_found', `decky ${decky} has no recording of session ${sid}`);
      let recording: Awaited<ReturnType<typeof readRecordingPage>>;
      try {
        recording = await readRecordingPage(opened.handle, offset, limit);
      } finally {
        await opened.handle.close();
      }
      if (!recording.header) {
        throw new ApiError(
          422,
          'invalid_recording',
          `the recording of session ${sid} does not start with an asciicast v2 header`,
        );
      }
      return {
        header: recording.header,
        total: recording.total,
        limit,
        offset,
        truncated: recording.truncated,
        data: recording.events,
      };
    },
  );
};

/** The recorder's file name for a session (services/interactive/recording.ts). */
function recordingFile(sid: string): string {
  return `${sid}.cast`;
}

function toArtifact(row: LogRow): z.infer<typeof AttackerArtifact> {
  const f = row.fields;
  const text = (name: string): string | null =>
    typeof f[name] === 'string' && f[name] !== '' ? f[name] : null;
  const size = Number(f.size);
  return {
    log_id: row.id,
    timestamp: row.timestamp,
    kind: ARTIFACT_EVENT_TYPES[row.event_type as keyof typeof ARTIFACT_EVENT_TYPES],
    decky: row.decky,
    service: row.service,
    stored_as: f.stored_as ?? '',
    size: Number.isSafeInteger(size) && size >= 0 && f.size !== '' ? size : null,
    sha256: text('sha256'),
    orig_path: text('orig_path'),
    session_id: text('sid'),
    subject: text('subject'),
    mail_from: text('mail_from'),
  };
}
