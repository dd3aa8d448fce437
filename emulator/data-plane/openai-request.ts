import type { FieldReader } from "../validation/fields.js";
import { ADAPTER_SOURCES } from "./adapter.js";
import { DEFAULT_MAX_TOKENS, readInput } from "./native-request.js";

/** What the OpenAI-compatible routes need from a chat or completion body. */
export interface OpenAIRequest {
  prompt: string;
  /** Adapter id (`repo/N`), or "" / the base model name for the base model. */
  model: string | undefined;
  maxTokens: number;
  stream: boolean;
  stop: string[];
  adapterSource: string | undefined;
}

export const CHAT_ROLES = ["system", "user", "assistant"] as const;

export function parseChatRequest(raw: unknown): OpenAIRequest {
  const body = readInput(raw);
  const messages = body.value("messages");
  if (messages === undefined) throw body.fail("messages", "is required");
  if (!Array.isArray(messages)) throw body.fail("messages", "expected a list of messages");
  if (messages.length === 0) throw body.fail("messages", "must not be empty");
  const contents = messages.map((m, i) => messageContent(m, i, body));
  return { ...common(body), prompt: contents.join("\n") };
}

export function parseCompletionRequest(raw: unknown): OpenAIRequest {
  const body = readInput(raw);
  const value = body.value("prompt");
  // OpenAI also allows a list of prompts; LoRAX serves one, so a one-element list is accepted.
  const prompt = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (prompt === undefined) throw body.fail("prompt", "is required");
  if (typeof prompt !== "string") throw body.fail("prompt", "expected a string");
  if (prompt.trim() === "") throw body.fail("prompt", "must not be empty");
  return { ...common(body), prompt };
}

function common(body: FieldReader): Omit<OpenAIRequest, "prompt"> {
  body.number("temperature", { min: 0 });
  body.number("top_p", { above: 0, max: 1 });
  const maxTokens =
    body.integer("max_tokens", { above: 0 }) ?? body.integer("max_completion_tokens", { above: 0 });
  return {
    model: body.string("model"),
    maxTokens: maxTokens ?? DEFAULT_MAX_TOKENS,
    stream: body.boolean("stream") ?? false,
    stop: body.stringList("stop") ?? [],
    adapterSource: body.string("adapter_source", { oneOf: ADAPTER_SOURCES }),
  };
}

/** A message's text; content may be a string or a list of `{type: "text", text}` parts. */
function messageContent(message: unknown, index: number, body: FieldReader): string {
  const field = `messages[${index}]`;
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw body.fail(field, "expected an object with role and content");
  }
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (typeof role !== "string" || !(CHAT_ROLES as readonly string[]).includes(role)) {
    throw body.fail(
      `${field}.role`,
      `must be one of ${CHAT_ROLES.join(", ")}; got ${JSON.stringify(role ?? null)}`,
    );
  }
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const texts = content.map((part: { type?: unknown; text?: unknown }) =>
      part?.type === "text" ? part.text : undefined,
    );
    if (texts.every((t): t is string => typeof t === "string")) return texts.join("\n");
  }
  throw body.fail(`${field}.content`, "expected a string or a list of text parts");
}
