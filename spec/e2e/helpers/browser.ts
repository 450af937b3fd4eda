// The browser side of an end-to-end spec: one headless Debian chromium for the whole layer (driven
// by playwright-core, which never downloads browsers) and, per user, a context of their own
// (separate storage, like separate machines) with one page logged in through the login form.
// Requests to anything but 127.0.0.1 are aborted, so the tests stay hermetic, yet every request is
// recorded first (and every load the page's Content-Security-Policy refused), so a spec can tell
// that the page tried none. Console errors and page errors are kept, and screenshots go to
// artifacts/e2e/.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM_INSTALL_COMMAND, chromiumPath } from "../../../scripts/lib/ensure-packages.js";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { Person, Stack } from "./stack.js";

/** A WebSocket frame's direction as the traffic log writes it: "<<" received, ">>" sent. */
export type Direction = "<<" | ">>";

export const ARTIFACTS_DIR = join("artifacts", "e2e");
/** How long a user-visible state may take to show up in the page. */
export const UI_TIMEOUT_MS = 20_000;

let launched: Promise<Browser> | undefined;

function installedChromium(): string {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new Error(
      `No chromium at ${path}: the e2e tests drive Debian's chromium (never a downloaded one). ` +
        `Install it with: ${CHROMIUM_INSTALL_COMMAND} (or point CHROMIUM_PATH at a Chromium binary).`,
    );
  }
  return path;
}

/** The layer's browser, launched on first use; closed by the root hook (spec/e2e/hooks.ts). */
export function useBrowser(): Promise<Browser> {
  launched ??= Promise.resolve()
    .then(() => chromium.launch({ executablePath: installedChromium(), headless: true }))
    .catch((err: unknown) => {
      launched = undefined;
      throw err;
    });
  return launched;
}

export async function closeBrowser(): Promise<void> {
  const running = launched;
  launched = undefined;
  if (running) await (await running.catch(() => undefined))?.close();
}

/** Users whose page is open, for the failure hook's screenshots and error dumps. */
export const openUsers = new Set<WebUser>();

/** A file name part from a test title or label: lower case, words joined by dashes. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "test"
  );
}

export class WebUser {
  /** Console errors and uncaught page errors, oldest first. */
  readonly problems: string[] = [];
  /**
   * Every URL the page's context asked for, HTTP and WebSocket, oldest first: recorded before the
   * blocking of outside hosts below, so it hides none of them.
   */
  readonly requests: string[] = [];
  /** What the page's Content-Security-Policy refused: a URL, or "inline", "eval"… */
  readonly refused: string[] = [];
  /** The XMPP traffic of the page's WebSocket, oldest first ("<<" received, ">>" sent). */
  readonly traffic: string[] = [];
  private readonly blocked = new Set<string>();
  /** Called with every WebSocket frame as it is recorded (see `frame`). */
  private readonly frameListeners = new Set<(direction: Direction, payload: string) => void>();

  private constructor(
    readonly name: Person,
    readonly stack: Stack,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  get jid(): string {
    return `${this.name}@${this.stack.prosody.domain}`;
  }

  /** A fresh context and page for `name` on the web client's page, not yet logged in. */
  static async open(stack: Stack, name: Person): Promise<WebUser> {
    const browser = await useBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const user = new WebUser(name, stack, context, page);
    openUsers.add(user);
    context.on("request", (request) => user.requests.push(request.url()));
    // Loads the policy refused never become requests: the page reports them to the test instead.
    await context.exposeBinding("reportRefused", (_source, blocked: unknown) => {
      user.refused.push(String(blocked));
    });
    await context.addInitScript(
      'document.addEventListener("securitypolicyviolation", (event) => reportRefused(event.blockedURI));',
    );
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === "127.0.0.1") return route.continue();
      user.blocked.add(url);
      return route.abort("blockedbyclient");
    });
    // WebSockets bypass route(): any to elsewhere than loopback is closed at once.
    await context.routeWebSocket(
      (url) => url.hostname !== "127.0.0.1",
      (socket) => socket.close(),
    );
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      // The aborted outside requests above, reported by the page as failed loads.
      if (user.blocked.has(message.location().url)) return;
      user.problems.push(`${new Date().toISOString()} console error: ${message.text()}`);
    });
    page.on("pageerror", (error) =>
      user.problems.push(
        `${new Date().toISOString()} page error: ${error.stack || error.message || String(error)}`,
      ),
    );
    page.on("websocket", (socket) => {
      user.requests.push(socket.url());
      const log = (direction: Direction) => (frame: { payload: string | Buffer }) => {
        const payload = frame.payload.toString();
        user.traffic.push(`${new Date().toISOString()} ${direction} ${payload}`);
        for (const listener of user.frameListeners) listener(direction, payload);
      };
      socket.on("framereceived", log("<<"));
      socket.on("framesent", log(">>"));
    });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(stack.url);
    return user;
  }

  /** Opens the page and logs in through the form, as the user would; resolves once the roster shows. */
  static async login(stack: Stack, name: Person): Promise<WebUser> {
    const user = await WebUser.open(stack, name);
    await user.login();
    return user;
  }

  /** Logs several users in at once, each in their own context. */
  static loginAll(stack: Stack, ...names: Person[]): Promise<WebUser[]> {
    return Promise.all(names.map((name) => WebUser.login(stack, name)));
  }

  async login(): Promise<void> {
    const form = this.page.locator("form#converse-login");
    // The user name alone: the page's default_domain adds "@localhost".
    await form.locator("input[name=jid]").fill(this.name);
    await form.locator("input[name=password]").fill(this.stack.passwords[this.name]);
    await form.locator("button[type=submit]").click();
    await this.page.locator("converse-roster li.current-xmpp-contact").first().waitFor();
  }

  /**
   * The first WebSocket frame in `direction` ("<<" received, ">>" sent) that `match` accepts,
   * already recorded or still to come: for what the page shows nothing of, such as the server's
   * answer to a request. Rejects after `timeout` ms without one, saying `what` was awaited.
   */
  frame(
    direction: Direction,
    what: string,
    match: (payload: string) => boolean,
    timeout = UI_TIMEOUT_MS,
  ): Promise<string> {
    for (const line of this.traffic) {
      const [, recorded, payload] = /^\S+ (<<|>>) ([\s\S]*)$/.exec(line) ?? [];
      if (recorded === direction && payload !== undefined && match(payload)) return Promise.resolve(payload);
    }
    return new Promise((resolve, reject) => {
      const listener = (seen: Direction, payload: string) => {
        if (seen !== direction || !match(payload)) return;
        done();
        resolve(payload);
      };
      const timer = setTimeout(() => {
        done();
        const frame = direction === "<<" ? "received" : "sent";
        reject(new Error(`${this.name}'s page: no ${frame} frame with ${what} in ${timeout} ms`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.frameListeners.delete(listener);
      };
      this.frameListeners.add(listener);
    });
  }

  /** Saves the page to artifacts/e2e/<name>-<user>.png and returns the path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, `${slug(name)}-${this.name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    openUsers.delete(this);
    await this.context.close().catch(() => undefined);
  }
}
