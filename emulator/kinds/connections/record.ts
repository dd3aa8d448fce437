/** A legacy data connection (`/v1/connections`, docs/platform-wire.md §8). Its secret is never kept. */
export interface ConnectionRecord {
  id: string;
  name: string;
  type: string;
  created_at: number;
}
