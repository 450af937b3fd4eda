// Why LevelDB could not open the store directory, in the operator's terms. classic-level reports
// LEVEL_DATABASE_NOT_OPEN with the real reason as its cause: LEVEL_LOCKED when another process
// holds the directory's LOCK, a Node file-system error when creating the directory failed (EEXIST
// for a file at the path, ENOTDIR for a file above it, EACCES/EPERM), or LEVEL_IO_ERROR with
// LevelDB's own text ("…/LOCK: Permission denied") for a directory it may not write.

export type StoreProblem = "locked" | "not-a-directory" | "no-permission" | "other";

export class StoreOpenError extends Error {
  override name = "StoreOpenError";

  constructor(
    /** The store directory as configured. */
    readonly path: string,
    readonly problem: StoreProblem,
    /** The underlying error's own text. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open the store at ${path}: ${detail}`, options);
  }
}

/** The StoreOpenError for `err`, thrown by LevelDB's open() on `path`. */
export function storeOpenError(path: string, err: unknown): StoreOpenError {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (err as { code?: string } | undefined)?.code;
  const detail = cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new StoreOpenError(path, problemOf(code, detail), detail, { cause: err });
}

function problemOf(code: string | undefined, detail: string): StoreProblem {
  if (code === "LEVEL_LOCKED") return "locked";
  if (code === "EEXIST" || code === "ENOTDIR") return "not-a-directory";
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return "no-permission";
  if (/permission denied|read-only file system/i.test(detail)) return "no-permission";
  return "other";
}
