// The benchmark's domains, the same on either server (bench/server.ts): users live on "localhost",
// Manifold serves groups.* and lists.* (case p's second Manifold pgroups.* and plists.*), the bare
// sender of case c is bare.*, and the server's own MUC of case b is muc.*.
export const GROUPS_DOMAIN = "groups.localhost";
export const LISTS_DOMAIN = "lists.localhost";
export const MUC_DOMAIN = "muc.localhost";
export const BARE_DOMAIN = "bare.localhost";
/** The second Manifold of case p (expansion off). */
export const P_GROUPS_DOMAIN = "pgroups.localhost";
export const P_LISTS_DOMAIN = "plists.localhost";

/** Every component domain the server declares, each with the same secret. */
export const COMPONENT_DOMAINS = [
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  BARE_DOMAIN,
  P_GROUPS_DOMAIN,
  P_LISTS_DOMAIN,
] as const;
