import { describe, expect, it } from "vitest";
import { type ServerSentEvent, SSEDecoder } from "../../sdk/index.js";

function decodeAll(chunks: (string | Uint8Array)[]): { events: ServerSentEvent[]; partial: boolean } {
  const decoder = new SSEDecoder();
  const events = chunks.flatMap((c) => decoder.push(c));
  const end = decoder.end();
  return { events: [...events, ...end.events], partial: end.partial };
}

const datas = (events: ServerSentEvent[]) => events.map((e) => e.data);

describe("SSEDecoder", () => {
  it("reads LoRAX framing: data: without a space", () => {
    const { events } = decodeAll(['data:{"a":1}\n\ndata:{"a":2}\n\n']);
    expect(datas(events)).toEqual(['{"a":1}', '{"a":2}']);
  });

  it("drops exactly one leading space after the colon", () => {
    expect(datas(decodeAll(["data: x\n\ndata:  y\n\n"]).events)).toEqual(["x", " y"]);
  });

  it("joins multi-line data with newlines", () => {
    expect(datas(decodeAll(["data:line1\ndata:line2\n\n"]).events)).toEqual(["line1\nline2"]);
  });

  it("reads empty data lines and a bare `data` field the same on the LF fast path and the CR path", () => {
    const input = "data:\n\ndata: \n\ndata\n\ndata:a\ndata:\ndata: b\n\nevent:e\nid:1\ndata:c\n\n";
    const expected = ["", "", "", "a\n\nb", "c"];
    expect(datas(decodeAll([input]).events)).toEqual(expected);
    expect(datas(decodeAll([input.replaceAll("\n", "\r\n")]).events)).toEqual(expected);
    expect(decodeAll([input]).events.at(-1)).toEqual({ event: "e", data: "c", id: "1" });
  });

  it("ignores comments and keep-alives", () => {
    const { events } = decodeAll([":\n\n: keep-alive\n\ndata:x\n\n"]);
    expect(datas(events)).toEqual(["x"]);
  });

  it("handles CRLF and bare CR line endings", () => {
    expect(datas(decodeAll(["data:a\r\n\r\ndata:b\r\rdata:c\n\n"]).events)).toEqual(["a", "b", "c"]);
  });

  it("handles a CRLF split between two chunks", () => {
    const { events } = decodeAll(["data:a\r", "\n\r", "\ndata:b\r\n\r\n"]);
    expect(datas(events)).toEqual(["a", "b"]);
  });

  it("survives chunk boundaries anywhere, byte by byte, including inside UTF-8 characters", () => {
    const text = 'data:{"text":"héllo ✓"}\n\nevent:done\ndata:[DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    const { events, partial } = decodeAll(chunks);
    expect(datas(events)).toEqual(['{"text":"héllo ✓"}', "[DONE]"]);
    expect(events[1]?.event).toBe("done");
    expect(partial).toBe(false);
  });

  it("reports a stream cut inside an event as partial and does not emit it", () => {
    const { events, partial } = decodeAll(['data:{"a":1}\n\ndata:{"tok']);
    expect(datas(events)).toEqual(['{"a":1}']);
    expect(partial).toBe(true);
  });

  it("reports a complete line without the closing blank line as partial", () => {
    expect(decodeAll(['data:{"a":1}\n']).partial).toBe(true);
  });

  it("drops events that carry no data lines", () => {
    expect(decodeAll(["event:ping\n\nid:7\n\n"]).events).toEqual([]);
  });

  it("keeps id and event fields", () => {
    const [event] = decodeAll(["id:42\nevent:token\ndata:x\n\n"]).events;
    expect(event).toEqual({ id: "42", event: "token", data: "x" });
  });
});
