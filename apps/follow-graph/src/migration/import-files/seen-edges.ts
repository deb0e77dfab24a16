// The edges an import has read so far, so that one the input gives again is refused with where
// it was first read. A million edges as a Map of "list\nfollower\nfollowee" strings to
// "file:line" strings held hundreds of MB (issue 16); here each login is interned once as a
// number, and each edge is four 32-bit cells of an open-addressing table (the pair, the file,
// the line), about 32 bytes an edge at the table's worst load.

/** A `file:line` split as it is stored: the file once in a list, the line as a number. */
const LINE_SUFFIX = /:(\d{1,9})$/;

const EMPTY = -1;

export class SeenEdges {
  private readonly logins = new Map<string, number>();
  private readonly places: string[] = [];
  private readonly placeIds = new Map<string, number>();
  private size = 0;
  private followers = new Int32Array(1 << 12).fill(EMPTY);
  private followees = new Int32Array(1 << 12);
  private placeOf = new Int32Array(1 << 12);
  private lineOf = new Int32Array(1 << 12);

  /**
   * Records the edge (by case-insensitive keys, in its kind of list) read at `where`; returns
   * where it was first read if it was seen already (and then records nothing).
   */
  add(
    list: "following" | "followers",
    followerKey: string,
    followeeKey: string,
    where: string,
  ): string | undefined {
    // The list kind is the follower's low bit: a followers file and a following file naming one
    // pair are two views of one edge, not a duplicate.
    const a = this.loginId(followerKey) * 2 + (list === "followers" ? 1 : 0);
    const b = this.loginId(followeeKey);
    const slot = this.find(a, b);
    if (this.followers[slot] !== EMPTY) return this.placeAt(slot);
    this.followers[slot] = a;
    this.followees[slot] = b;
    this.store(slot, where);
    if (++this.size * 2 > this.followers.length) this.grow();
    return undefined;
  }

  private loginId(key: string): number {
    let id = this.logins.get(key);
    if (id === undefined) {
      id = this.logins.size;
      this.logins.set(key, id);
    }
    return id;
  }

  /** The slot holding (a, b), or the empty one where it would go (linear probing). */
  private find(a: number, b: number): number {
    const mask = this.followers.length - 1;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
    slot = ((slot ^ (slot >>> 15)) >>> 0) & mask;
    for (;;) {
      const held = this.followers[slot]!;
      if (held === EMPTY || (held === a && this.followees[slot] === b)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private store(slot: number, where: string): void {
    const match = LINE_SUFFIX.exec(where);
    const place = match ? where.slice(0, match.index) : where;
    let id = this.placeIds.get(place);
    if (id === undefined) {
      id = this.places.length;
      this.places.push(place);
      this.placeIds.set(place, id);
    }
    this.placeOf[slot] = id;
    this.lineOf[slot] = match ? Number(match[1]) : EMPTY;
  }

  private placeAt(slot: number): string {
    const place = this.places[this.placeOf[slot]!]!;
    const line = this.lineOf[slot]!;
    return line === EMPTY ? place : `${place}:${line}`;
  }

  private grow(): void {
    const old = {
      followers: this.followers,
      followees: this.followees,
      placeOf: this.placeOf,
      lineOf: this.lineOf,
    };
    const capacity = old.followers.length * 2;
    this.followers = new Int32Array(capacity).fill(EMPTY);
    this.followees = new Int32Array(capacity);
    this.placeOf = new Int32Array(capacity);
    this.lineOf = new Int32Array(capacity);
    for (let i = 0; i < old.followers.length; i++) {
      const a = old.followers[i]!;
      if (a === EMPTY) continue;
      const slot = this.find(a, old.followees[i]!);
      this.followers[slot] = a;
      this.followees[slot] = old.followees[i]!;
      this.placeOf[slot] = old.placeOf[i]!;
      this.lineOf[slot] = old.lineOf[i]!;
    }
  }
}
