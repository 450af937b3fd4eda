// Room and topic avatars (sublevel `avatar`; layout in db.ts): the image an owner set through
// vcard-temp (XEP-0486). Only the image lives here; its hash and type ride on the room record, so
// disco#info, joins and a topic's presence read them from memory.
import { DURABLE, type Database, type Sub } from "./schema.js";

export interface AvatarImage {
  v: 1;
  /** MIME type, one of those the service takes. */
  type: string;
  /** The image, base64 as vcard-temp carries it. */
  data: string;
}

export class AvatarStore {
  private readonly images: Sub<AvatarImage>;

  /** `maxBytes`: the largest image the service takes (avatars.maxBytes). */
  constructor(
    db: Database,
    readonly maxBytes: number,
  ) {
    this.images = db.sub("avatar");
  }

  get(room: string): Promise<AvatarImage | undefined> {
    return this.images.get(room);
  }

  /** Stored before the room record names its hash, so a record never names a missing image. */
  put(room: string, image: AvatarImage): Promise<void> {
    return this.images.put(room, image, DURABLE);
  }

  deleteRoom(room: string): Promise<void> {
    return this.images.del(room);
  }
}
