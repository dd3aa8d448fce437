import { textReply } from "./http-compat.js";
import type { DataHandler } from "./serve.js";

/** LoRAX answers 200 with an empty body when the deployment serves (router/src/server.rs `health`). */
export const health: DataHandler = () => textReply("", 200);
