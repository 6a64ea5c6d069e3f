/** What exists in the kernel right now: namespaces and root-namespace links, read through `ip -j`. */
import { z } from 'zod';
import { ipJson } from './ip.js';

const namespaceList = z.array(z.object({ name: z.string() }).loose());
const linkList = z.array(
  z
    .object({
      ifname: z.string(),
      master: z.string().optional(),
      group: z.union([z.string(), z.number()]).optional(),
      linkinfo: z.object({ info_kind: z.string().optional() }).loose().optional(),
    })
    .loose(),
);

export type LinkState = z.infer<typeof linkList>[number];

export async function listNamespaces(): Promise<string[]> {
  return namespaceList.parse(await ipJson(['netns', 'list'])).map((entry) => entry.name);
}

/** Links of the root namespace with their kind (`-d` adds linkinfo), master and group. */
export async function listLinks(): Promise<LinkState[]> {
  return linkList.parse(await ipJson(['link', 'show'], { details: true }));
}
