// What a user does in Converse.js 14 and what they see, as Playwright locators on its own DOM
// (read from Converse's templates): the roster, "Add groupchat", a room's message form and
// occupant list, a 1:1 chat, the room configuration modal, the bookmarks list and the ad-hoc
// commands tab of the settings modal. Every wait is on the page's state, bounded by the page's
// default timeout, except for what the page never shows (a bookmark stored by the server, a room
// entered while out of view), which is waited for in its WebSocket traffic.
import * as ltx from "ltx";
import type { Locator } from "playwright-core";
import { UI_TIMEOUT_MS, type WebUser } from "./browser.js";

/** A CSS attribute selector value, quoted. */
const quoted = (value: string) => JSON.stringify(value);

/** The open groupchat `jid` (Converse's fullscreen view shows one chat at a time). */
export function room(user: WebUser, jid: string): Locator {
  return user.page.locator(`converse-muc[jid=${quoted(jid)}]`);
}

/** The open 1:1 chat with `jid`. */
export function chat(user: WebUser, jid: string): Locator {
  return user.page.locator(`converse-chat[jid=${quoted(jid)}]`);
}

/** A contact's entry in the roster (there may be two: "New messages" repeats it). */
export function contact(user: WebUser, jid: string): Locator {
  return user.page.locator(`converse-roster li:has(a.open-chat[data-jid=${quoted(jid)}])`);
}

/** Messages in a chat or room whose text contains `text`, by sender (`from` as Converse keeps it). */
export function messages(box: Locator, text: string, from?: string): Locator {
  const selector = from === undefined ? ".chat-msg" : `.chat-msg[data-from=${quoted(from)}]`;
  return box.locator(selector).filter({ has: box.page().locator(".chat-msg__text", { hasText: text }) });
}

/** The room's occupant list entries named exactly `nick`. */
export function occupant(box: Locator, nick: string): Locator {
  return box.locator("converse-muc-sidebar li.occupant").filter({
    has: box.page().locator(".occupant-nick", { hasText: new RegExp(`^\\s*${escapeRegExp(nick)}\\s*$`) }),
  });
}

/** The line under a conversation where Converse says who is typing, entered, left… */
export function notifications(box: Locator): Locator {
  return box.locator(".chat-content__notifications");
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Types `text` in the conversation's message box and presses Enter (messages and /commands alike). */
export async function send(box: Locator, text: string): Promise<void> {
  const textarea = box.locator("textarea.chat-textarea");
  await textarea.fill(text);
  await textarea.press("Enter");
}

/**
 * Groupchats → menu → "Add groupchat", then the address (or a bare name, which Converse puts on the
 * page's muc_domain and uses as the room's name) and Join. Resolves once the room's message box
 * shows, i.e. the user has entered the room.
 */
export async function addGroupchat(user: WebUser, address: string, jid: string): Promise<Locator> {
  const page = user.page;
  await page.locator("converse-rooms-list converse-dropdown button.dropdown-toggle").click();
  await page.locator("converse-rooms-list a.show-add-muc-modal").click();
  const modal = page.locator("converse-add-muc-modal");
  await modal.locator("input[name=chatroom]").fill(address);
  await modal.locator("input[type=submit][name=join]").click();
  await modal.locator(".modal-dialog").waitFor({ state: "hidden" });
  const box = room(user, jid);
  await box.locator("textarea.chat-textarea").waitFor();
  return box;
}

/**
 * Opens what a service (a JID with no local part, such as `groups.localhost`) wrote to the user.
 * Converse takes any message from such a JID for a server message: it lists the sender in the
 * control box under "Announcements", not in the roster, and shows its messages in a feed of their
 * own. Waits for the sender to be listed there, clicks it and resolves with the feed once it shows.
 */
export async function openAnnouncements(user: WebUser, jid: string): Promise<Locator> {
  const list = user.page.locator("converse-headlines-feeds-list");
  await list.getByRole("heading", { name: "Announcements" }).waitFor();
  await list.locator(`a.open-headline[data-headline-jid=${quoted(jid)}]`).click();
  const feed = user.page.locator(`converse-headlines[jid=${quoted(jid)}]`);
  await feed.locator("converse-headlines-heading").waitFor();
  return feed;
}

/** How long one click on a roster entry may take to open its chat (see `openChat`). */
const OPEN_ATTEMPT_MS = 3_000;

/**
 * Clicks a contact in the roster to open the chat with them. Converse renders the roster anew when
 * the contact's entry changes (a message making it unread moves it to "New messages"), which can
 * swallow a click landing in between: then the entry is clicked again, within UI_TIMEOUT_MS.
 */
export async function openChat(user: WebUser, jid: string): Promise<Locator> {
  const box = chat(user, jid);
  const textarea = box.locator("textarea.chat-textarea");
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await user.page
      .locator(`converse-roster a.open-chat[data-jid=${quoted(jid)}]`)
      .first()
      .click();
    try {
      await textarea.waitFor({ timeout: Math.min(OPEN_ATTEMPT_MS, Math.max(1, deadline - Date.now())) });
      return box;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
  }
}

/** How long one attempt at a menu item may wait for it to show (see `headingMenuItem`). */
const MENU_ATTEMPT_MS = 2_000;

/**
 * The room's heading menu → the item with class `itemClass`. Converse renders the heading anew,
 * its menu closed, on any change to the room (its name from disco#info after a configuration
 * change, its bookmark being stored…), which can come between opening the menu and clicking the
 * item: then the menu is opened again, within the page's default timeout.
 */
export async function headingMenuItem(box: Locator, itemClass: string): Promise<void> {
  const heading = box.locator("converse-muc-heading");
  const open = heading.locator(".dropdown-menu.show");
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    if ((await open.count()) === 0) await heading.locator("converse-dropdown button.dropdown-toggle").click();
    try {
      await open.locator(`a.${itemClass}`).click({ timeout: MENU_ATTEMPT_MS });
      return;
    } catch (err) {
      if (Date.now() + MENU_ATTEMPT_MS > deadline) throw err;
    }
  }
}

/** The room's "The groupchat configuration has changed" lines (status 104). */
function configChanges(box: Locator): Locator {
  return box.locator(".chat-info", { hasText: "The groupchat configuration has changed" });
}

/** Resolves once the room shows its first configuration change: the one that set up a new room. */
export async function roomConfigured(box: Locator): Promise<void> {
  await configChanges(box).first().waitFor();
}

/**
 * The room's heading menu → "Configure", then ticks or clears the named checkboxes of the room's
 * configuration form (as the room sent it) and saves. Waits first for the configuration Converse
 * submits by itself when it creates a room, so the form shows (and keeps) what that one set, and
 * afterwards for the room to announce the change.
 */
export async function configureRoom(box: Locator, checkboxes: Record<string, boolean>): Promise<void> {
  const page = box.page();
  await roomConfigured(box);
  const before = await configChanges(box).count();
  await headingMenuItem(box, "configure-chatroom-button");
  const modal = page.locator("converse-muc-config-modal");
  for (const [name, checked] of Object.entries(checkboxes)) {
    await modal.locator(`input[type=checkbox][name=${quoted(name)}]`).setChecked(checked);
  }
  await modal.locator("input[type=submit]").click();
  await modal.locator(".modal-dialog").waitFor({ state: "hidden" });
  await configChanges(box).nth(before).waitFor();
}

/**
 * The occupant list's menu → "Invite someone", the address, Invite. For a members-only room
 * Converse first makes them a member (muc#admin, to the room), then sends them a XEP-0249 direct
 * invitation (to the invitee, past the room).
 */
export async function invite(box: Locator, jid: string): Promise<void> {
  const page = box.page();
  await box
    .locator("converse-muc-sidebar .occupants-header converse-dropdown button.dropdown-toggle")
    .click();
  await box.locator("converse-muc-sidebar a.open-invite-modal").click();
  const modal = page.locator("converse-muc-invite-modal");
  await modal.locator("input[name=invitee_jids]").fill(jid);
  await modal.locator("input[type=submit]").click();
  await modal.locator(".modal-dialog").waitFor({ state: "hidden" });
}

/** Converse's confirmation dialog (api.confirm) showing `text`. */
export function dialog(user: WebUser, text: string | RegExp): Locator {
  return user.page.locator("converse-confirm-modal .modal-dialog").filter({ hasText: text });
}

/** Answers the dialog with one of its buttons ("Confirm", "Cancel") and waits for it to close. */
export async function answerDialog(box: Locator, button: "Confirm" | "Cancel"): Promise<void> {
  await box.getByRole("button", { name: button, exact: true }).click();
  await box.waitFor({ state: "hidden" });
}

/**
 * Approves a presence subscription request the way the open chat offers it: "Approve" in the
 * banner above the conversation, then "Accept" in the contact request dialog (its name as
 * Converse fills it in from the contact's vCard).
 */
export async function approveContactRequest(box: Locator): Promise<void> {
  await box.locator("converse-contact-approval-alert").getByRole("button", { name: "Approve" }).click();
  const modal = box.page().locator("converse-accept-contact-request-modal");
  await modal.getByRole("button", { name: "Accept" }).click();
  await modal.locator(".modal-dialog").waitFor({ state: "hidden" });
}

export interface CommandStep {
  /** Text inputs (jid-single, text-single…) by field var. */
  fill?: Record<string, string>;
  /** Options to select in list fields, by field var (values, not labels). */
  select?: Record<string, string[]>;
  /** Saves the filled-in form (WebUser.screenshot) under this name before submitting it. */
  screenshot?: string;
}

export interface CommandOutcome {
  /** The alert above the form: "Completed", or Converse's error text. */
  alert: string;
  /** The command's note, as Converse shows it. */
  note: string;
}

/**
 * Runs an ad-hoc command the way Converse offers it: the cog in the control box → Settings →
 * Commands, the entity's address, "List available commands", the command's name (which executes
 * it and shows its first form), the fields, then the form's last action. Resolves with what the
 * page says when the command is done.
 */
export async function runCommand(
  user: WebUser,
  jid: string,
  node: string,
  step: CommandStep,
): Promise<CommandOutcome> {
  const page = user.page;
  await page.locator("converse-controlbox-buttons a.show-client-info").click();
  const modal = page.locator("converse-user-settings-modal");
  await modal.locator("a#commands-tab").click();
  const commands = modal.locator("converse-adhoc-commands");
  await commands.locator("input[name=jid]").fill(jid);
  await commands.locator("input[type=submit]").click();
  const command = commands.locator(`li.room-item:has(a[data-command-node=${quoted(node)}])`);
  await command.locator("a[data-command-node]").click();
  const form = command.locator("form.converse-form");
  for (const [name, value] of Object.entries(step.fill ?? {})) {
    await form.locator(`[name=${quoted(name)}]`).fill(value);
  }
  for (const [name, values] of Object.entries(step.select ?? {})) {
    await form.locator(`select[name=${quoted(name)}]`).selectOption(values);
  }
  // The command's last stage offers "complete" (or "execute" when it has a single stage).
  const actions = form.locator("input[data-action]");
  await actions.first().waitFor();
  if (step.screenshot) await user.screenshot(step.screenshot);
  const complete = form.locator("input[data-action=complete]");
  await ((await complete.count()) > 0 ? complete : actions.last()).click();
  // Done: Converse drops the form and shows its alert and the note above the address field.
  await form.waitFor({ state: "detached" });
  const alert = commands.locator(":scope > .alert");
  await alert.waitFor();
  const note = commands.locator(":scope > p.form-help");
  const outcome = {
    alert: (await alert.innerText()).trim(),
    note: (await note.count()) > 0 ? (await note.innerText()).trim() : "",
  };
  await modal.locator("button[data-bs-dismiss=modal]").first().click();
  await modal.locator(".modal-dialog").waitFor({ state: "hidden" });
  return outcome;
}

/** A groupchat's entry under "Groupchats" in the control box (Converse lists the rooms open in the page). */
export function roomsListEntry(user: WebUser, jid: string): Locator {
  return user.page.locator(`converse-rooms-list li.available-chatroom[data-room-jid=${quoted(jid)}]`);
}

/**
 * Groupchats → menu → "Bookmarks": the modal listing the user's bookmarks as Converse holds them.
 * Resolves with the bookmarked addresses, in the modal's order (by name), once `count` show; the
 * modal stays open (see `closeBookmarks`).
 */
export async function showBookmarks(user: WebUser, count: number): Promise<string[]> {
  const page = user.page;
  await page.locator("converse-rooms-list converse-dropdown button.dropdown-toggle").click();
  await page.locator("converse-rooms-list a.show-bookmark-list-modal").click();
  const items = page.locator("converse-bookmark-list-modal .room-item[data-room-jid]");
  await items.nth(count - 1).waitFor();
  return Promise.all(
    (await items.all()).map(async (item) => (await item.getAttribute("data-room-jid")) ?? ""),
  );
}

export async function closeBookmarks(user: WebUser): Promise<void> {
  const modal = user.page.locator("converse-bookmark-list-modal");
  await modal.locator("button[data-bs-dismiss=modal]").first().click();
  await modal.locator(".modal-dialog").waitFor({ state: "hidden" });
}

/**
 * Resolves once the user's server has stored the page's bookmark of groupchat `jid` with autojoin
 * on: Converse's XEP-0402 publish of that item (PEP node urn:xmpp:bookmarks:1) and the server's
 * result. The page shows nothing of this, so it is read from the WebSocket traffic.
 */
export async function bookmarkStored(user: WebUser, jid: string): Promise<void> {
  const sent = await user.frame(">>", `the bookmark of ${jid} with autojoin`, (payload) => {
    const item = parse(payload)
      ?.getChild("pubsub", "http://jabber.org/protocol/pubsub")
      ?.getChild("publish")
      ?.getChild("item");
    const conference = item?.getChild("conference", "urn:xmpp:bookmarks:1");
    return (
      item?.parent?.attrs.node === "urn:xmpp:bookmarks:1" &&
      item.attrs.id === jid &&
      conference?.attrs.autojoin === "true"
    );
  });
  const id = parse(sent)?.attrs.id;
  await user.frame("<<", `the server's result for the bookmark of ${jid}`, (payload) => {
    const iq = parse(payload);
    return iq?.name === "iq" && iq.attrs.id === id && iq.attrs.type === "result";
  });
}

/**
 * Resolves once the page has entered groupchat `jid`: the room's presence for the user's own
 * occupant (status 110) has arrived. For rooms the page joins by itself, before the user looks.
 */
export async function entered(user: WebUser, jid: string): Promise<void> {
  await user.frame("<<", `${jid}'s presence for the user's own occupant`, (payload) => {
    const presence = parse(payload);
    if (presence?.name !== "presence" || presence.attrs.type !== undefined) return false;
    if (presence.attrs.from?.split("/")[0] !== jid) return false;
    const x = presence.getChild("x", "http://jabber.org/protocol/muc#user");
    return x?.getChildren("status").some((status) => status.attrs.code === "110") ?? false;
  });
}

/** A WebSocket frame as an element, or undefined for what is not XML (or not one element). */
function parse(payload: string): ltx.Element | undefined {
  try {
    return ltx.parse(payload);
  } catch {
    return undefined;
  }
}
