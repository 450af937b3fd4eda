// What group handlers receive: the room service's context plus the nesting state (PROTOCOL §2).
import type { Config } from "../config/load.js";
import type { MucContext } from "../muc/context.js";
import { NestingGraph } from "./graph.js";
import type { GroupStore } from "./store.js";

export type GroupsSettings = Config["groups"];

export class GroupState {
  /** Which rooms are members of which; loaded at start-up from the store's nesting index. */
  readonly graph = new NestingGraph();
  /** Runs work on another room in that room's own queue (set once the router exists). Not awaited
   * by callers, so two rooms never wait on each other. */
  schedule: (room: string, job: () => Promise<void>) => void = (_room, job) => void job();

  constructor(
    readonly settings: GroupsSettings,
    /** The nesting index and guests, beside the stored rooms. */
    readonly store: GroupStore,
  ) {}
}

export interface GroupsContext extends MucContext {
  groups: GroupState;
}
