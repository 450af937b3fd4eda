// Named events with prioritised handlers, in the manner of Prosody's module:hook(): handlers run
// from the highest priority down (equal priorities in the order they were added). A handler vetoes
// by throwing; one that returns a value ends the event with that value, so a later (lower
// priority) handler is the default that an earlier one may take over from.

/** What an event carries to its handlers, and what a handler may end it with. */
export interface EventShape {
  payload: unknown;
  result: unknown;
}

type Outcome<R> = R | undefined | void;
export type Handler<E extends EventShape> = (
  payload: E["payload"],
) => Outcome<E["result"]> | Promise<Outcome<E["result"]>>;

interface Entry {
  priority: number;
  handler: (payload: unknown) => unknown;
}

export class Hooks<Events extends { [K in keyof Events]: EventShape }> {
  private readonly handlers = new Map<keyof Events, Entry[]>();

  on<K extends keyof Events>(event: K, handler: Handler<Events[K]>, priority = 0): void {
    const list = this.handlers.get(event) ?? [];
    // Stable: a handler goes after every one of the same or higher priority.
    const at = list.findIndex((e) => e.priority < priority);
    const entry = { priority, handler: handler as Entry["handler"] };
    if (at === -1) list.push(entry);
    else list.splice(at, 0, entry);
    this.handlers.set(event, list);
  }

  /** Runs the event's handlers in order; the first value returned ends it and is its result. */
  async run<K extends keyof Events>(
    event: K,
    payload: Events[K]["payload"],
  ): Promise<Events[K]["result"] | undefined> {
    for (const { handler } of this.handlers.get(event) ?? []) {
      const result = await handler(payload);
      if (result !== undefined) return result;
    }
    return undefined;
  }

  /** Whether anything handles the event (a feature a kind may not offer at all). */
  has(event: keyof Events): boolean {
    return (this.handlers.get(event)?.length ?? 0) > 0;
  }
}
