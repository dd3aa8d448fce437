import type { Extra } from "../extra.js";

export interface DatasetRecord {
  uuid: string;
  name: string;
  source: string | null;
  status: string;
  created_at: number;
  extra: Extra;
  // Platform-format fields (optional so older state files load).
  /** `connection.type`/`connection.name`: `file`/`file_uploads` for uploads (docs/platform-wire.md §5). */
  connection_type?: string;
  connection_name?: string;
  /** The uploaded object (`/__uploads/<object_name>`) and the file name the client gave. */
  object_name?: string | null;
  file_name?: string | null;
  /** Emulated instant an uploaded dataset finishes `connecting`. */
  ready_at?: number | null;
  last_error?: string | null;
}
