/** One dispatched Server-Sent Event. */
export interface ServerSentEvent {
  event: string | undefined;
  data: string;
  id: string | undefined;
}

/**
 * Incremental decoder for `text/event-stream` (WHATWG rules, the subset LoRAX and OpenAI use):
 * bytes go in as they arrive, whole events come out.
 *
 * - lines end in LF, CRLF or CR, and a chunk may end anywhere, even between CR and LF or inside a
 *   multi-byte UTF-8 character;
 * - `data:x` and `data: x` are the same (one leading space is dropped): LoRAX/axum sends no space;
 * - several `data:` lines of one event are joined with "\n";
 * - lines starting with `:` are comments (keep-alives) and produce nothing;
 * - a blank line dispatches the event; an event without data lines is dropped.
 */
export class SSEDecoder {
  readonly #text = new TextDecoder("utf-8");
  #buffer = "";
  /** The event's data so far: one string for the usual single `data:` line, joined on dispatch. */
  #data: string | undefined;
  #moreData: string[] | undefined;
  #event: string | undefined;
  #id: string | undefined;
  #hasFields = false;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): ServerSentEvent[] {
    this.#buffer += typeof chunk === "string" ? chunk : this.#text.decode(chunk, { stream: true });
    return this.#drain(false);
  }

  /**
   * Ends the input. Returns `partial: true` when the stream stopped inside an event (fields seen but
   * no blank line), which the spec says to discard and which for us means the stream was cut.
   */
  end(): { events: ServerSentEvent[]; partial: boolean } {
    this.#buffer += this.#text.decode();
    const events = this.#drain(true);
    const partial = this.#hasFields || this.#buffer.length > 0;
    this.#buffer = "";
    this.#reset();
    return { events, partial };
  }

  #drain(final: boolean): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    const buffer = this.#buffer;
    // Walk the buffer with an index and cut it once at the end: slicing after every line would
    // copy the rest of a large chunk once per event.
    let start = 0;
    if (!buffer.includes("\r")) {
      // The usual case (LoRAX, OpenAI): LF only, found with indexOf rather than a regex, and a
      // `data:` line's value cut straight from the buffer.
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n", start)) {
        if (end > start && buffer.startsWith("data:", start)) {
          const from = buffer.charCodeAt(start + 5) === 32 && start + 5 < end ? start + 6 : start + 5;
          this.#addData(buffer.slice(from, end));
        } else {
          const event = this.#line(buffer.slice(start, end));
          if (event) events.push(event);
        }
        start = end + 1;
      }
    } else {
      const lineEnd = /\r\n|\r|\n/g;
      for (;;) {
        lineEnd.lastIndex = start;
        const match = lineEnd.exec(buffer);
        if (!match) break;
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (match[0] === "\r" && match.index === buffer.length - 1 && !final) break;
        const event = this.#line(buffer.slice(start, match.index));
        start = match.index + match[0].length;
        if (event) events.push(event);
      }
    }
    this.#buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === "") {
      const data = this.#moreData ? [this.#data, ...this.#moreData].join("\n") : this.#data;
      const event = data === undefined ? undefined : { event: this.#event, data, id: this.#id };
      this.#reset();
      return event;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    this.#hasFields = true;
    if (field === "data") this.#addData(value);
    else if (field === "event") this.#event = value;
    else if (field === "id") this.#id = value;
    // `retry` and unknown fields are ignored, as the spec says.
    return undefined;
  }

  #addData(value: string): void {
    this.#hasFields = true;
    if (this.#data === undefined) this.#data = value;
    else if (this.#moreData === undefined) this.#moreData = [value];
    else this.#moreData.push(value);
  }

  #reset(): void {
    this.#data = undefined;
    this.#moreData = undefined;
    this.#event = undefined;
    this.#id = undefined;
    this.#hasFields = false;
  }
}
