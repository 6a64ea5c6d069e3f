import { describe, expect, it } from 'vitest';
import { bridgeName, hostLinkName, namespaceName } from './names.js';
import { createdBefore, deckyNetworkProblems, planDeckyNetworks } from './plan.js';
import type { DeckyLink, LinkMode } from './types.js';

const TAG = '0c0f';
const BRIDGE: LinkMode = { kind: 'bridge', bridge: bridgeName(TAG), hostAddress: '10.9.0.1', prefix: 24 };
const MACVLAN: LinkMode = { kind: 'macvlan', parent: 'eth0' };

function link(decky: string, overrides: Partial<DeckyLink> = {}): DeckyLink {
  return {
    decky,
    namespace: namespaceName(TAG, decky),
    ip: '10.9.0.10',
    prefix: 24,
    mac: '02:00:00:00:00:10',
    gateway: '10.9.0.1',
    ...overrides,
  };
}

const A = link('a');
const B = link('b', { ip: '10.9.0.11', mac: '02:00:00:00:00:11' });

describe('deckyNetworkProblems', () => {
  it('accepts a well-formed request, and an empty MAC (kernel-chosen) or no gateway', () => {
    expect(deckyNetworkProblems(BRIDGE, [A, B])).toEqual([]);
    expect(deckyNetworkProblems(MACVLAN, [link('a', { mac: '', gateway: null })])).toEqual([]);
  });

  it.each<[string, Partial<DeckyLink>, RegExp]>([
    ['a bad address', { ip: '10.9.0.300' }, /not an IPv4 address/],
    ['a leading-zero address', { ip: '010.9.0.10' }, /not an IPv4 address/],
    ['the network address', { ip: '10.9.0.0' }, /not a host address/],
    ['the broadcast address', { ip: '10.9.0.255' }, /not a host address/],
    ['a multicast address', { ip: '224.0.0.5', gateway: null }, /not a host address/],
    ['a loopback address', { ip: '127.0.0.5', gateway: null }, /not a host address/],
    ['prefix 0', { prefix: 0 }, /prefix 0/],
    ['prefix 33', { prefix: 33 }, /prefix 33/],
    ['a fractional prefix', { prefix: 24.5 }, /prefix 24.5/],
    ['a malformed MAC', { mac: '02:00:00:00:00' }, /not aa:bb/],
    ['a MAC with a shell character', { mac: '02:00:00:00:00:1;' }, /not aa:bb/],
    ['a multicast MAC', { mac: '01:00:5e:00:00:01' }, /not a unicast/],
    ['the zero MAC', { mac: '00:00:00:00:00:00' }, /not a unicast/],
    ['an off-link gateway', { gateway: '10.9.1.1' }, /outside 10.9.0.10\/24/],
    ['its own address as gateway', { gateway: '10.9.0.10' }, /own address/],
    ['a bad gateway', { gateway: 'router' }, /gateway "router"/],
    ['a namespace of another decky', { namespace: namespaceName(TAG, 'b') }, /is not namespaceName/],
    ['an arbitrary namespace', { namespace: 'a;reboot' }, /is not namespaceName/],
  ])('refuses %s', (_, overrides, problem) => {
    const problems = deckyNetworkProblems(BRIDGE, [link('a', overrides)]);
    expect(problems.join('\n')).toMatch(problem);
  });

  it('refuses duplicate deckies, addresses and MACs', () => {
    const problems = deckyNetworkProblems(BRIDGE, [A, link('b'), A]).join('\n');
    expect(problems).toMatch(/decky a appears twice/);
    expect(problems).toMatch(/address 10.9.0.10 is given to two deckies/);
    expect(problems).toMatch(/MAC 02:00:00:00:00:10 is given to two deckies/);
  });

  it("refuses a decky holding the bridge's address, and bad bridge or parent names", () => {
    expect(deckyNetworkProblems(BRIDGE, [link('a', { ip: '10.9.0.1', gateway: null })]).join()).toMatch(
      /both the bridge's and a decky's/,
    );
    expect(deckyNetworkProblems({ ...BRIDGE, bridge: 'br 0' }, [A]).join()).toMatch(
      /not a valid interface name/,
    );
    expect(deckyNetworkProblems({ ...BRIDGE, bridge: 'x'.repeat(16) }, [A]).join()).toMatch(
      /not a valid interface/,
    );
    expect(deckyNetworkProblems({ kind: 'macvlan', parent: '-force' }, [A]).join()).toMatch(
      /not a valid interface/,
    );
  });

  it('refuses two deckies whose host link names collide', () => {
    // Two names with the same 9-hex hash (2^36 values): the birthday bound finds one within about 300,000.
    const seen = new Map<string, string>();
    let pair: [string, string] | null = null;
    for (let index = 0; pair === null; index++) {
      const decky = `d${index}`;
      const name = hostLinkName(TAG, decky);
      const other = seen.get(name);
      if (other) pair = [other, decky];
      seen.set(name, decky);
    }
    const [first, second] = pair;
    const problems = deckyNetworkProblems(BRIDGE, [
      link(first),
      link(second, { ip: '10.9.0.11', mac: '02:00:00:00:00:11' }),
    ]);
    expect(problems.join()).toMatch(/hash to the same host link name/);
  });
});

describe('planDeckyNetworks', () => {
  it('adds namespaces first, then the bridge, then veths whose peer is born as eth0 in the namespace', () => {
    const plan = planDeckyNetworks(BRIDGE, [A, B], { createBridge: true });
    const host = hostLinkName(TAG, 'a');
    expect(plan.hostLines.map((line) => line.tokens.join(' '))).toEqual([
      `netns add ${A.namespace}`,
      `netns add ${B.namespace}`,
      `link add ${BRIDGE.bridge} type bridge`,
      `addr add 10.9.0.1/24 dev ${BRIDGE.bridge}`,
      `link set ${BRIDGE.bridge} up`,
      `link add ${host} type veth peer name eth0 address 02:00:00:00:00:10 netns ${A.namespace}`,
      `link set ${host} master ${BRIDGE.bridge} up`,
      `link add ${hostLinkName(TAG, 'b')} type veth peer name eth0 address 02:00:00:00:00:11 netns ${B.namespace}`,
      `link set ${hostLinkName(TAG, 'b')} master ${BRIDGE.bridge} up`,
    ]);
    expect(plan.namespaceBatches[0]).toEqual({
      namespace: A.namespace,
      lines: [
        ['link', 'set', 'lo', 'up'],
        ['addr', 'add', '10.9.0.10/24', 'dev', 'eth0'],
        ['link', 'set', 'eth0', 'up'],
        ['route', 'add', 'default', 'via', '10.9.0.1', 'dev', 'eth0'],
      ],
    });
  });

  it('leaves an existing bridge alone and omits the route without a gateway', () => {
    const plan = planDeckyNetworks(BRIDGE, [link('a', { gateway: null })], { createBridge: false });
    expect(plan.hostLines.some((line) => line.tokens.includes('bridge'))).toBe(false);
    expect(plan.namespaceBatches[0]?.lines.some((line) => line[0] === 'route')).toBe(false);
  });

  it('creates each macvlan inside its namespace as eth0, with no host link', () => {
    const plan = planDeckyNetworks(MACVLAN, [A], { createBridge: false });
    expect(plan.hostLines.map((line) => line.tokens.join(' '))).toEqual([
      `netns add ${A.namespace}`,
      `link add link eth0 name eth0 address 02:00:00:00:00:10 netns ${A.namespace} type macvlan mode bridge`,
    ]);
    expect(createdBefore(plan.hostLines, plan.hostLines.length)).toEqual({
      namespaces: [A.namespace],
      hostLinks: [],
      bridge: null,
    });
  });

  it('knows what the lines before a failed one created', () => {
    const plan = planDeckyNetworks(BRIDGE, [A, B], { createBridge: true });
    expect(createdBefore(plan.hostLines, 1)).toEqual({
      namespaces: [A.namespace],
      hostLinks: [],
      bridge: null,
    });
    expect(createdBefore(plan.hostLines, 6)).toEqual({
      namespaces: [A.namespace, B.namespace],
      hostLinks: [hostLinkName(TAG, 'a')],
      bridge: BRIDGE.bridge,
    });
  });
});
