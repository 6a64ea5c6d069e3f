/** What the fabric orchestrator hands the netns driver, and what it gets back to record. */

/** One decky's network identity. */
export interface DeckyLink {
  /** Decky name. */
  decky: string;
  /** Its namespace: namespaceName(tag, decky). */
  namespace: string;
  /** IPv4 address inside the decky. */
  ip: string;
  /** Subnet prefix length of `ip`. */
  prefix: number;
  /** Unicast MAC of the decky's eth0, `aa:bb:cc:dd:ee:ff`; '' lets the kernel pick a random one. */
  mac: string;
  /** Default route inside the namespace, or null for none. */
  gateway: string | null;
}

export type LinkMode =
  /** A veth pair per decky, host end enslaved to a bridge holding hostAddress/prefix so the host reaches deckies (lab, CI). */
  | { kind: 'bridge'; bridge: string; hostAddress: string; prefix: number }
  /** A macvlan (bridge mode) on a host NIC per decky: real LAN presence with its own MAC. */
  | { kind: 'macvlan'; parent: string };

/** Kernel objects created (or found) for an installation, enough to remove them again. */
export interface CreatedResources {
  namespaces: string[];
  /** Host ends of veth pairs; empty in macvlan mode, where the link lives only in the namespace. */
  hostLinks: string[];
  /** The bridge, when this call created it (createDeckyNetworks) or it exists (listInstallationResources). */
  bridge: string | null;
}
