// The room configuration form (XEP-0045 §10.2, FORM_TYPE muc#roomconfig): current values out,
// submitted values in. Fields outside the registry use Manifold's namespace (XEP-0068 §4).
import * as errors from "./errors.js";
import { NS } from "../xmpp/ns.js";
import { buildForm, type Field, type SubmittedForm } from "../xmpp/forms.js";
import type { Element } from "../xmpp/xml.js";
import type { RoomConfig } from "./types.js";

const F = {
  name: "muc#roomconfig_roomname",
  description: "muc#roomconfig_roomdesc",
  persistent: "muc#roomconfig_persistentroom",
  public: "muc#roomconfig_publicroom",
  membersOnly: "muc#roomconfig_membersonly",
  moderated: "muc#roomconfig_moderatedroom",
  whois: "muc#roomconfig_whois",
  changeSubject: "muc#roomconfig_changesubject",
  allowInvites: "muc#roomconfig_allowinvites",
  allowPm: "muc#roomconfig_allowpm",
  maxUsers: "muc#roomconfig_maxusers",
  historyLength: "muc#roomconfig_historylength",
  maxMembers: `${NS.manifold}#maxmembers`,
} as const;

/** A setting a room kind adds to the form: its field with the current value, and how a submission
 * of it changes the configuration (throwing a StanzaError when the value is not acceptable). */
export interface ConfigExtension {
  setting: keyof RoomConfig;
  field(config: RoomConfig): Field;
  /** Applies the submitted value to `next`; `current` is the configuration the form showed. */
  apply(form: SubmittedForm, next: RoomConfig, current: RoomConfig): void;
}

/** The form field of each core setting. */
const FIELD_OF: Partial<Record<keyof RoomConfig, string>> = {
  name: F.name,
  description: F.description,
  persistent: F.persistent,
  public: F.public,
  membersOnly: F.membersOnly,
  moderated: F.moderated,
  whois: F.whois,
  changeSubject: F.changeSubject,
  allowInvites: F.allowInvites,
  allowPrivateMessages: F.allowPm,
  maxOccupants: F.maxUsers,
  maxMembers: F.maxMembers,
  historyLength: F.historyLength,
};

const bool = (b: boolean) => [b ? "1" : "0"];

/**
 * The form with the current values; `fixed` names settings the room's kind decides alone, which
 * the form leaves out rather than offer choices that would be ignored; `extensions` are the kind's
 * own settings, after the core's.
 */
export function configForm(
  config: RoomConfig,
  limits: { maxMembers: number; maxOccupants: number },
  fixed: readonly (keyof RoomConfig)[] = [],
  extensions: readonly ConfigExtension[] = [],
): Element {
  const fields: Field[] = [
    { var: F.name, type: "text-single", label: "Room name", values: [config.name] },
    { var: F.description, type: "text-single", label: "Description", values: [config.description] },
    {
      var: F.persistent,
      type: "boolean",
      label: "Keep the room when everyone has left",
      values: bool(config.persistent),
    },
    {
      var: F.public,
      type: "boolean",
      label: "List the room in the directory",
      values: bool(config.public),
    },
    {
      var: F.membersOnly,
      type: "boolean",
      label: "Only members may enter",
      values: bool(config.membersOnly),
    },
    {
      var: F.moderated,
      type: "boolean",
      label: "Only participants with voice may speak",
      values: bool(config.moderated),
    },
    {
      var: F.whois,
      type: "list-single",
      label: "Who may see real JIDs",
      values: [config.whois],
      options: [
        { value: "moderators", label: "Moderators only" },
        { value: "anyone", label: "Anyone" },
      ],
    },
    {
      var: F.changeSubject,
      type: "boolean",
      label: "Occupants may change the subject",
      values: bool(config.changeSubject),
    },
    {
      var: F.allowInvites,
      type: "boolean",
      label: "Members may invite others",
      values: bool(config.allowInvites),
    },
    {
      var: F.allowPm,
      type: "list-single",
      label: "Who may send private messages",
      values: [config.allowPrivateMessages],
      options: [
        { value: "anyone", label: "Anyone" },
        { value: "participants", label: "Participants with voice" },
        { value: "moderators", label: "Moderators only" },
        { value: "none", label: "Nobody" },
      ],
    },
    {
      var: F.maxUsers,
      type: "text-single",
      label: `Maximum occupants (at most ${limits.maxOccupants})`,
      values: [String(config.maxOccupants)],
    },
    {
      var: F.maxMembers,
      type: "text-single",
      label: `Maximum members (at most ${limits.maxMembers})`,
      values: [String(config.maxMembers)],
    },
    {
      var: F.historyLength,
      type: "text-single",
      label: "Messages replayed on join",
      values: [String(config.historyLength)],
    },
    ...extensions.filter((e) => !fixed.includes(e.setting)).map((e) => e.field(config)),
  ];
  const hidden = new Set(fixed.map((key) => FIELD_OF[key]));
  return buildForm({
    type: "form",
    formType: NS.mucRoomConfig,
    title: `Configuration of ${config.name}`,
    instructions: "Submit the form to apply; an empty submission accepts the current values.",
    fields: fields.filter((field) => !hidden.has(field.var)),
  });
}

/** The configuration after a submission; throws a StanzaError naming the first bad field. */
export function applyConfigForm(
  current: RoomConfig,
  form: SubmittedForm,
  limits: { maxMembers: number; maxOccupants: number; historyMax: number; memberCount: number },
  extensions: readonly ConfigExtension[] = [],
): RoomConfig {
  if (form.formType !== undefined && form.formType !== NS.mucRoomConfig) {
    throw errors.notConfigForm();
  }
  const next = { ...current };
  const text = (key: string) => form.text(key);
  next.name = text(F.name)?.trim() || current.name;
  next.description = text(F.description) ?? current.description;
  next.persistent = form.boolean(F.persistent) ?? current.persistent;
  next.public = form.boolean(F.public) ?? current.public;
  next.membersOnly = form.boolean(F.membersOnly) ?? current.membersOnly;
  next.moderated = form.boolean(F.moderated) ?? current.moderated;
  next.changeSubject = form.boolean(F.changeSubject) ?? current.changeSubject;
  next.allowInvites = form.boolean(F.allowInvites) ?? current.allowInvites;
  const whois = text(F.whois);
  if (whois !== undefined) {
    if (whois !== "moderators" && whois !== "anyone") throw errors.whoisValue(F.whois);
    next.whois = whois;
  }
  const pm = text(F.allowPm);
  if (pm !== undefined) {
    if (!["anyone", "participants", "moderators", "none"].includes(pm)) {
      throw errors.allowPmValue(F.allowPm);
    }
    next.allowPrivateMessages = pm as RoomConfig["allowPrivateMessages"];
  }
  const maxUsers = form.integer(F.maxUsers);
  if (maxUsers !== undefined) {
    if (maxUsers < 1 || maxUsers > limits.maxOccupants) {
      throw errors.maxUsersRange(F.maxUsers, limits.maxOccupants);
    }
    next.maxOccupants = maxUsers;
  }
  const maxMembers = form.integer(F.maxMembers);
  if (maxMembers !== undefined) {
    if (maxMembers > limits.maxMembers) {
      throw errors.memberLimitAboveService(limits.maxMembers);
    }
    if (maxMembers < Math.max(1, limits.memberCount)) {
      throw errors.memberLimitBelowCount(limits.memberCount);
    }
    next.maxMembers = maxMembers;
  }
  for (const extension of extensions) extension.apply(form, next, current);
  const history = form.integer(F.historyLength);
  if (history !== undefined) next.historyLength = Math.min(history, limits.historyMax);
  return next;
}
