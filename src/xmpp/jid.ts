// JIDs as Manifold needs them (RFC 7622, simplified): parsed once at the router, compared as
// normalised strings. Local part and domain are case-folded; the resource is kept as sent.
export interface Jid {
  readonly local: string;
  readonly domain: string;
  readonly resource: string;
  /** local@domain (or domain) */
  readonly bare: string;
  /** bare/resource, or bare when there is no resource */
  readonly full: string;
}

const FORBIDDEN_LOCAL = /["&'/:<>@\s]/;

/** Parses a JID; returns undefined for anything malformed rather than throwing. */
export function parseJid(text: string | undefined): Jid | undefined {
  if (!text || text.length > 3071) return undefined;
  const slash = text.indexOf("/");
  const bareText = slash === -1 ? text : text.slice(0, slash);
  const resource = slash === -1 ? "" : text.slice(slash + 1);
  if (slash !== -1 && (resource.length === 0 || resource.length > 1023)) return undefined;
  const at = bareText.indexOf("@");
  const local = at === -1 ? "" : bareText.slice(0, at).toLowerCase();
  const domain = (at === -1 ? bareText : bareText.slice(at + 1)).toLowerCase().replace(/\.$/, "");
  if (at !== -1 && (local.length === 0 || local.length > 1023 || FORBIDDEN_LOCAL.test(local)))
    return undefined;
  if (!domain || domain.length > 1023 || /[@/\s]/.test(domain)) return undefined;
  return makeJid(local, domain, resource);
}

export function makeJid(local: string, domain: string, resource = ""): Jid {
  const bare = local ? `${local}@${domain}` : domain;
  return { local, domain, resource, bare, full: resource ? `${bare}/${resource}` : bare };
}

/** Bare form of a JID string, normalised; undefined when malformed. */
export function bareOf(text: string | undefined): string | undefined {
  return parseJid(text)?.bare;
}
