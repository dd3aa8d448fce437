import { json } from "../http/reply.js";
import type { DataHandler } from "./serve.js";

/** LoRAX answers an empty 200 when the deployment serves (readiness is checked by the router). */
export const health: DataHandler = () => json({});
