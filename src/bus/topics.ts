/**
 * The topic catalogue: every bus topic DECNET publishes, as constants (fixed topics) and builders (topics
 * with an id in them), plus `TOPIC_CATALOGUE` for docs and tests. Names follow the reference inventory
 * (spec §2 "Complete topic inventory"); `attacker.file.captured` is new, in the same style.
 *
 * Builders refuse a segment that is empty or contains `.`, `*`, `>`, whitespace or a control character
 * (spec §2: an id must stay one token so `decky.*.state` keeps matching every decky). The only dotted
 * variable part is the behavioural primitive of `attacker.observation.{primitive}`, which the spec allows.
 */
import { InvalidSubjectError } from './subject.js';

const BAD_SEGMENT = /[.*>\s\u0000-\u001f\u007f]/u;

/** Checks one variable topic segment; returns it unchanged. */
export function topicSegment(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidSubjectError(`${what} is empty; a topic segment needs at least one character`);
  }
  if (BAD_SEGMENT.test(value)) {
    throw new InvalidSubjectError(
      `${what} ${JSON.stringify(value)} cannot be a topic segment: it contains '.', '*', '>', whitespace or a control character`,
    );
  }
  return value;
}

/** Checks a dotted segment (one or more valid segments joined by `.`). */
function dottedSegment(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidSubjectError(`${what} is empty; a topic segment needs at least one character`);
  }
  for (const part of value.split('.')) topicSegment(part, `${what} part`);
  return value;
}

// ---- attacker -------------------------------------------------------------------------------------------

export const ATTACKER_OBSERVED = 'attacker.observed';
export const ATTACKER_SCORED = 'attacker.scored';
export const ATTACKER_SESSION_STARTED = 'attacker.session.started';
export const ATTACKER_SESSION_ENDED = 'attacker.session.ended';
export const ATTACKER_INTEL_ENRICHED = 'attacker.intel.enriched';
export const ATTACKER_FINGERPRINTED = 'attacker.fingerprinted';
export const ATTACKER_FINGERPRINT_ROTATED = 'attacker.fingerprint_rotated';
export const ATTACKER_FILE_CAPTURED = 'attacker.file.captured';
export const ATTACKER_OBSERVATION_ALL = 'attacker.observation.>';
/** `attacker.observation.motor.shell_mastery.tab_completion`: the primitive may be dotted. */
export const attackerObservation = (primitive: string): string =>
  `attacker.observation.${dottedSegment(primitive, 'primitive')}`;

// ---- credentials, identities, campaigns, attribution -----------------------------------------------------

export const CREDENTIAL_CAPTURED = 'credential.captured';
export const CREDENTIAL_REUSE_DETECTED = 'credential.reuse.detected';

export const IDENTITY_FORMED = 'identity.formed';
export const IDENTITY_OBSERVATION_LINKED = 'identity.observation.linked';
export const IDENTITY_MERGED = 'identity.merged';
export const IDENTITY_UNMERGED = 'identity.unmerged';
export const IDENTITY_CAMPAIGN_ASSIGNED = 'identity.campaign.assigned';
export const IDENTITY_ALL = 'identity.>';

export const CAMPAIGN_FORMED = 'campaign.formed';
export const CAMPAIGN_IDENTITY_ASSIGNED = 'campaign.identity.assigned';
export const CAMPAIGN_MERGED = 'campaign.merged';
export const CAMPAIGN_UNMERGED = 'campaign.unmerged';
export const CAMPAIGN_ALL = 'campaign.>';

export const ATTRIBUTION_PROFILE_STATE_CHANGED = 'attribution.profile.state_changed';
export const ATTRIBUTION_PROFILE_MULTI_ACTOR_SUSPECTED = 'attribution.profile.multi_actor_suspected';

// ---- TTP ----------------------------------------------------------------------------------------------

export const TTP_TAGGED = 'ttp.tagged';
export const TTP_RULE_FIRED_ALL = 'ttp.rule.fired.*';
/** Parent technique only (spec §2): `T1059`, never `T1059.001`. */
export const ttpRuleFired = (techniqueId: string): string => {
  if (typeof techniqueId === 'string' && techniqueId.includes('.')) {
    throw new InvalidSubjectError(
      `technique ${JSON.stringify(techniqueId)} is a sub-technique; ttp.rule.fired takes the parent (${techniqueId.split('.')[0]})`,
    );
  }
  return `ttp.rule.fired.${topicSegment(techniqueId, 'technique id')}`;
};
export const ttpRuleReloaded = (ruleId: string): string =>
  `ttp.rule.reloaded.${topicSegment(ruleId, 'rule id')}`;
export const ttpRuleState = (ruleId: string): string => `ttp.rule.state.${topicSegment(ruleId, 'rule id')}`;

// ---- system -------------------------------------------------------------------------------------------

export const SYSTEM_LOG = 'system.log';
export const SYSTEM_HEALTH_ALL = 'system.*.health';
export const SYSTEM_CONTROL_ALL = 'system.*.control';
export const SYSTEM_WEBHOOK_SUBSCRIPTIONS_CHANGED = 'system.webhook.subscriptions_changed';
export const systemHealth = (worker: string): string =>
  `system.${topicSegment(worker, 'worker name')}.health`;
export const systemControl = (worker: string): string =>
  `system.${topicSegment(worker, 'worker name')}.control`;

// ---- mail ---------------------------------------------------------------------------------------------

export const EMAIL_RECEIVED = 'email.received';
export const SMTP_PROBE_PENDING = 'smtp.probe.pending';

// ---- deckies, topology, canaries ----------------------------------------------------------------------

export const DECKY_ALL = 'decky.>';
export const DECKY_STATE_ALL = 'decky.*.state';
export const deckyState = (deckyId: string): string => `decky.${topicSegment(deckyId, 'decky id')}.state`;
export const deckyTraffic = (deckyId: string): string => `decky.${topicSegment(deckyId, 'decky id')}.traffic`;
export const deckyServiceAdded = (deckyId: string): string =>
  `decky.${topicSegment(deckyId, 'decky id')}.service_added`;
export const deckyServiceRemoved = (deckyId: string): string =>
  `decky.${topicSegment(deckyId, 'decky id')}.service_removed`;
export const deckyServiceConfigChanged = (deckyId: string): string =>
  `decky.${topicSegment(deckyId, 'decky id')}.service_config_changed`;
export const deckyMutateRequest = (deckyId: string): string =>
  `decky.${topicSegment(deckyId, 'decky id')}.mutate_request`;
export const deckyMutation = (deckyId: string): string =>
  `decky.${topicSegment(deckyId, 'decky id')}.mutation`;

export const TOPOLOGY_MUTATION_PHASES = ['enqueued', 'applying', 'applied', 'failed'] as const;
export type TopologyMutationPhase = (typeof TOPOLOGY_MUTATION_PHASES)[number];
export const topologyStatus = (topologyId: string): string =>
  `topology.${topicSegment(topologyId, 'topology id')}.status`;
export const topologyMutation = (topologyId: string, phase: TopologyMutationPhase): string => {
  if (!TOPOLOGY_MUTATION_PHASES.includes(phase)) {
    throw new InvalidSubjectError(
      `topology mutation phase ${JSON.stringify(phase)} is not one of ${TOPOLOGY_MUTATION_PHASES.join(', ')}`,
    );
  }
  return `topology.${topicSegment(topologyId, 'topology id')}.mutation.${phase}`;
};

export const CANARY_TRIGGERED_ALL = 'canary.*.triggered';
export const canaryPlaced = (tokenId: string): string =>
  `canary.${topicSegment(tokenId, 'canary token id')}.placed`;
export const canaryTriggered = (tokenId: string): string =>
  `canary.${topicSegment(tokenId, 'canary token id')}.triggered`;
export const canaryRevoked = (tokenId: string): string =>
  `canary.${topicSegment(tokenId, 'canary token id')}.revoked`;

// ---- the catalogue ------------------------------------------------------------------------------------

export interface TopicSpec {
  /** The topic with its variable parts in braces: `decky.{id}.state`. */
  template: string;
  /** The subscription pattern that matches every topic of the template: `decky.*.state`. */
  pattern: string;
  /** Who publishes it and what it means, in one line. */
  description: string;
}

function spec(template: string, description: string, pattern?: string): TopicSpec {
  return { template, pattern: pattern ?? template.replace(/\{[^}]+\}/g, '*'), description };
}

/** Every topic, for docs (`decnet bus topics`) and for tests that check the builders against it. */
export const TOPIC_CATALOGUE: readonly TopicSpec[] = Object.freeze([
  spec(ATTACKER_OBSERVED, 'profiler: an attacker IP was seen for the first time'),
  spec(ATTACKER_SCORED, 'profiler: an attacker profile was created or updated (every upsert)'),
  spec(
    ATTACKER_SESSION_STARTED,
    'sessions: a session opened (declared by the reference, never published there)',
  ),
  spec(ATTACKER_SESSION_ENDED, 'sessions: a session closed with its summary (at-least-once consumers)'),
  spec(ATTACKER_INTEL_ENRICHED, 'intel worker: threat-intel verdicts for an attacker were refreshed'),
  spec(ATTACKER_FINGERPRINTED, 'prober: an active fingerprint was taken (type = jarm | hassh | tcpfp)'),
  spec(ATTACKER_FINGERPRINT_ROTATED, 'prober: an attacker fingerprint changed from its previous value'),
  spec(ATTACKER_FILE_CAPTURED, 'ingester: a file an attacker uploaded or downloaded was captured'),
  spec(
    'attacker.observation.{primitive}',
    'profiler: a behavioural primitive was observed (dotted primitive)',
    ATTACKER_OBSERVATION_ALL,
  ),
  spec(CREDENTIAL_CAPTURED, 'ingester: a credential was captured from an auth attempt'),
  spec(CREDENTIAL_REUSE_DETECTED, 'reuse correlator: one secret was used across attackers or deckies'),
  spec(IDENTITY_FORMED, 'identity clusterer: a new identity was formed from observations'),
  spec(IDENTITY_OBSERVATION_LINKED, 'identity clusterer: an observation was linked to an identity'),
  spec(IDENTITY_MERGED, 'identity clusterer: two identities were merged'),
  spec(IDENTITY_UNMERGED, 'identity clusterer: a merge was undone'),
  spec(IDENTITY_CAMPAIGN_ASSIGNED, 'campaign clusterer: an identity was assigned to a campaign'),
  spec(CAMPAIGN_FORMED, 'campaign clusterer: a new campaign was formed'),
  spec(CAMPAIGN_IDENTITY_ASSIGNED, 'campaign clusterer: a campaign gained an identity'),
  spec(CAMPAIGN_MERGED, 'campaign clusterer: two campaigns were merged'),
  spec(CAMPAIGN_UNMERGED, 'campaign clusterer: a campaign merge was undone'),
  spec(ATTRIBUTION_PROFILE_STATE_CHANGED, 'attribution worker: a profile changed state'),
  spec(
    ATTRIBUTION_PROFILE_MULTI_ACTOR_SUSPECTED,
    'attribution worker: one profile looks like several actors',
  ),
  spec(TTP_TAGGED, 'TTP worker: ATT&CK techniques were tagged on an event'),
  spec('ttp.rule.fired.{technique}', 'TTP worker: a rule fired for a parent technique'),
  spec('ttp.rule.reloaded.{rule}', 'rule store: a TTP rule was reloaded'),
  spec('ttp.rule.state.{rule}', 'rule store: a TTP rule was enabled or disabled'),
  spec(SYSTEM_LOG, 'collector and ingester: log lines (collector per line, ingester per batch)'),
  spec('system.{worker}.health', 'every worker, every 30 s: {worker, ts, …}'),
  spec('system.{worker}.control', 'admin: {action: stop | start, requested_by, ts} for one worker'),
  spec(
    SYSTEM_WEBHOOK_SUBSCRIPTIONS_CHANGED,
    'webhook API: webhook subscriptions were created, changed or deleted',
  ),
  spec(EMAIL_RECEIVED, 'ingester: an SMTP decky accepted a message'),
  spec(SMTP_PROBE_PENDING, 'ingester: an SMTP relay probe awaits verification'),
  spec('decky.{id}.state', 'fleet: a decky changed state (deploying, running, stopped, failed)'),
  spec('decky.{id}.traffic', 'sniffer: a passive fingerprint was taken from decky traffic'),
  spec('decky.{id}.service_added', 'fabric: a service was added to a running decky'),
  spec('decky.{id}.service_removed', 'fabric: a service was removed from a running decky'),
  spec('decky.{id}.service_config_changed', 'fabric: a running service was reconfigured'),
  spec('decky.{id}.mutate_request', 'API: an operator asked for a decky mutation'),
  spec('decky.{id}.mutation', 'mutator: a decky mutation was applied'),
  spec('topology.{id}.status', 'topology: a topology changed status'),
  spec(
    'topology.{id}.mutation.{phase}',
    'mutator: a topology mutation moved to enqueued | applying | applied | failed',
  ),
  spec('canary.{id}.placed', 'canary API: a canary token was placed'),
  spec('canary.{id}.triggered', 'canary worker: a canary token was used (at-least-once consumers)'),
  spec('canary.{id}.revoked', 'canary API: a canary token was revoked'),
]);
