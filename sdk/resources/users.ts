import type { RequestOptions } from "../core/api-client.js";
import type { CurrentUser } from "../schemas/users.js";
import { userWire } from "../wire/users.js";
import { APIResource } from "./resource.js";

/** The user the token belongs to (`GET /v1/users/current`, both formats; see sdk/wire/users.ts). */
export class Users extends APIResource {
  async current(opts?: RequestOptions): Promise<CurrentUser> {
    return this.send(userWire.current(), opts);
  }
}
