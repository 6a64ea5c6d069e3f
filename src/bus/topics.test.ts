import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidSubjectError, isValidPattern, isValidTopic } from './subject.js';
import * as topics from './topics.js';

const BAD_SEGMENTS = ['', 'a.b', '*', 'a*', '>', 'a>', 'a b', ' a', 'a\t', 'a\nb', 'a\u0000'];

describe('topic builders', () => {
  const builders: Array<[string, (id: string) => string, string]> = [
    ['deckyState', topics.deckyState, 'decky.web-01.state'],
    ['deckyTraffic', topics.deckyTraffic, 'decky.web-01.traffic'],
    ['deckyServiceAdded', topics.deckyServiceAdded, 'decky.web-01.service_added'],
    ['deckyServiceRemoved', topics.deckyServiceRemoved, 'decky.web-01.service_removed'],
    ['deckyServiceConfigChanged', topics.deckyServiceConfigChanged, 'decky.web-01.service_config_changed'],
    ['deckyMutateRequest', topics.deckyMutateRequest, 'decky.web-01.mutate_request'],
    ['deckyMutation', topics.deckyMutation, 'decky.web-01.mutation'],
    ['canaryPlaced', topics.canaryPlaced, 'canary.web-01.placed'],
    ['canaryTriggered', topics.canaryTriggered, 'canary.web-01.triggered'],
    ['canaryRevoked', topics.canaryRevoked, 'canary.web-01.revoked'],
    ['systemHealth', topics.systemHealth, 'system.web-01.health'],
    ['systemControl', topics.systemControl, 'system.web-01.control'],
    ['ttpRuleFired', topics.ttpRuleFired, 'ttp.rule.fired.web-01'],
    ['ttpRuleReloaded', topics.ttpRuleReloaded, 'ttp.rule.reloaded.web-01'],
    ['ttpRuleState', topics.ttpRuleState, 'ttp.rule.state.web-01'],
    ['topologyStatus', topics.topologyStatus, 'topology.web-01.status'],
  ];

  it.each(builders)('%s builds a valid topic', (_name, build, expected) => {
    const topic = build('web-01');
    expect(topic).toBe(expected);
    expect(isValidTopic(topic)).toBe(true);
  });

  it.each(builders.flatMap(([name, build]) => BAD_SEGMENTS.map((bad) => [name, build, bad] as const)))(
    '%s refuses segment %j',
    (_name, build, bad) => {
      expect(() => build(bad)).toThrow(InvalidSubjectError);
    },
  );

  it('ttpRuleFired takes parent techniques only and says so', () => {
    expect(topics.ttpRuleFired('T1059')).toBe('ttp.rule.fired.T1059');
    expect(() => topics.ttpRuleFired('T1059.001')).toThrow(/parent \(T1059\)/);
  });

  it('attackerObservation allows a dotted primitive but no empty or wildcard part', () => {
    expect(topics.attackerObservation('motor.shell_mastery.tab_completion')).toBe(
      'attacker.observation.motor.shell_mastery.tab_completion',
    );
    for (const bad of ['', 'a..b', '.a', 'a.', 'a.*', 'a.>', 'a b']) {
      expect(() => topics.attackerObservation(bad)).toThrow(InvalidSubjectError);
    }
  });

  it('topologyMutation takes only the known phases', () => {
    expect(topics.topologyMutation('t1', 'applied')).toBe('topology.t1.mutation.applied');
    expect(() => topics.topologyMutation('t1', 'done' as topics.TopologyMutationPhase)).toThrow(/enqueued/);
  });

  it('segment errors name what was wrong', () => {
    expect(() => topics.deckyState('a.b')).toThrow(/decky id "a\.b"/);
    expect(() => topics.systemHealth('')).toThrow(/worker name is empty/);
  });
});

describe('TOPIC_CATALOGUE', () => {
  const catalogue = topics.TOPIC_CATALOGUE;

  it('has one entry per template, each described', () => {
    const templates = catalogue.map((t) => t.template);
    expect(new Set(templates).size).toBe(templates.length);
    for (const spec of catalogue) expect(spec.description.length).toBeGreaterThan(10);
  });

  it('gives a valid subscription pattern for every template', () => {
    for (const spec of catalogue) {
      expect(isValidPattern(spec.pattern), spec.template).toBe(true);
      // A template with its variables filled in is a topic its own pattern matches.
      const example = spec.template.replace(/\{[^}]+\}/g, 'x');
      expect(isValidTopic(example), spec.template).toBe(true);
      expect(compilePattern(spec.pattern)(example), spec.template).toBe(true);
    }
  });

  it('lists every fixed topic constant and matches every builder', () => {
    const fixed = Object.entries(topics)
      .filter(
        ([name, value]) => /^[A-Z_]+$/.test(name) && typeof value === 'string' && !name.endsWith('_ALL'),
      )
      .map(([, value]) => value as string);
    const templates = new Set(catalogue.map((t) => t.template));
    for (const topic of fixed) expect(templates, topic).toContain(topic);
    const built = [
      topics.deckyState('d'),
      topics.deckyTraffic('d'),
      topics.deckyServiceAdded('d'),
      topics.deckyServiceRemoved('d'),
      topics.deckyServiceConfigChanged('d'),
      topics.deckyMutateRequest('d'),
      topics.deckyMutation('d'),
      topics.canaryPlaced('c'),
      topics.canaryTriggered('c'),
      topics.canaryRevoked('c'),
      topics.systemHealth('w'),
      topics.systemControl('w'),
      topics.ttpRuleFired('T1'),
      topics.ttpRuleReloaded('r'),
      topics.ttpRuleState('r'),
      topics.topologyStatus('t'),
      topics.topologyMutation('t', 'failed'),
      topics.attackerObservation('a.b'),
    ];
    for (const topic of built) {
      expect(
        catalogue.some((spec) => compilePattern(spec.pattern)(topic)),
        topic,
      ).toBe(true);
    }
  });

  it('wildcard constants are valid patterns', () => {
    for (const [name, value] of Object.entries(topics)) {
      if (name.endsWith('_ALL')) expect(isValidPattern(value as string), name).toBe(true);
    }
  });
});
