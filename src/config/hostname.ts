/** Host names as RFC 1123 defines them: dot-separated labels of letters, digits and inner hyphens. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

export function isHostName(text: string): boolean {
  return HOST_NAME.test(text);
}
