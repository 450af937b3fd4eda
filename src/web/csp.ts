// The web client page's Content-Security-Policy: the page loads scripts, styles and fonts from
// Manifold only, and images, media and connections from Manifold and the XMPP server (its
// WebSocket, and its HTTP side for file uploads). A remote URL that Converse or a message would
// load is refused by the browser instead of telling another host that someone opened the page.

/**
 * The XMPP server's host (from web.websocketUrl) where the page may load media from: its HTTP side
 * serves file uploads (XEP-0363). None for an IPv6 address, which CSP host sources cannot name.
 */
export function serverMediaHost(websocketUrl: string): string | undefined {
  const { hostname } = new URL(websocketUrl);
  return hostname.startsWith("[") ? undefined : hostname;
}

/**
 * @param websocketUrl the XMPP server's WebSocket endpoint (web.websocketUrl), ws:// or wss://
 * @param scriptSource the CSP source of the page's inline script (page.ts)
 */
export function contentSecurityPolicy(websocketUrl: string, scriptSource: string): string {
  const ws = new URL(websocketUrl);
  const host = serverMediaHost(websocketUrl);
  // An IPv6 WebSocket endpoint can only be allowed by its scheme.
  const websocket = host === undefined ? ws.protocol : `${ws.protocol}//${ws.host}`;
  // Prosody and ejabberd serve uploads where they serve the WebSocket, or on a port of their own.
  const server = host === undefined ? [] : [`${ws.protocol === "wss:" ? "https:" : "http:"}//${host}:*`];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // OMEMO's Signal library (libomemo, which the page loads) is WebAssembly, compiled in the page.
    "script-src": ["'self'", scriptSource, "'wasm-unsafe-eval'"],
    // Converse adds <style> elements of its own and its templates set style attributes.
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'"],
    // Avatars are data: URLs, files picked for upload blob: URLs.
    "img-src": ["'self'", "data:", "blob:", ...server],
    "media-src": ["'self'", "data:", "blob:", ...server],
    "connect-src": ["'self'", websocket, ...server],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
