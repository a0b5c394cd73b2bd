// Turning user-written text into safe HTML and back: Markdown rendering, the HTML allowlist
// sanitiser, plain-text extraction, excerpts, first-mention linking and UTF-8 helpers.
// Every function is pure and thread-safe; HTML returned from here is safe to embed in a page.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::text {

// GitHub-flavoured Markdown (tables, ~~strikethrough~~, autolinks, tag filter) with smart
// punctuation, rendered and then passed through sanitize_html(), so raw HTML in the source is
// allowed but the result is always safe. Invalid UTF-8 becomes U+FFFD.
std::string markdown_to_html(std::string_view markdown);

// Re-serialises `html` keeping only the allowlisted elements and attributes (html_writer.cpp).
// Scripting elements are dropped with their content, other unknown elements are unwrapped, h1
// becomes h2, URLs must be http, https, mailto or relative, and external http(s) links get
// rel="noopener". Idempotent: sanitising the output again changes nothing.
std::string sanitize_html(std::string_view html);

// Escapes & < > " ' so that the result is safe as element text and as a quoted attribute value.
std::string html_escape(std::string_view text);

// The readable text of `html`: one line per block element (paragraph, heading, list item, ...),
// whitespace collapsed within a line, entities decoded, script and style content left out.
std::string plain_text(std::string_view html);

// At most max_bytes of `text`, cut at a word boundary (or inside a word only when a single word
// is longer than the budget), never inside a UTF-8 sequence. When cut, "…" is appended and
// counted in max_bytes; a budget too small to hold it gives "".
std::string excerpt(std::string_view text, std::size_t max_bytes);

// One linkable thing (a person, a work) and the words that name it in a story.
struct MentionLink {
  std::vector<std::string> surfaces;  // "Kristen Stewart", "Stewart": case-sensitive whole words
  std::string href;                   // its topic page, e.g. "/people/kristen-stewart"
  std::string title;                  // tooltip, e.g. "Kristen Stewart"
};

// Wraps the first mention of each link in <a href class="entity" title>, matching leftmost and
// then longest surface first; a possessive "'s" stays outside the link. Text inside a, h2-h6,
// code, pre and figcaption is never linked. Each link is used at most once. The input should be
// sanitised HTML; the output is sanitised again regardless, and is itself a fixed point of
// sanitize_html() (class="entity" is on the allowlist for a).
std::string link_first_mentions(std::string_view safe_html, const std::vector<MentionLink>& links);

// markdown_to_html() with the first mention of each link wrapped as link_first_mentions() wraps
// it, in one pass over the parsed HTML instead of two (a story's body as it is stored). A name
// that markup splits ("Kristen <span>Stewart</span>") is not a mention.
std::string markdown_to_linked_html(std::string_view markdown,
                                    const std::vector<MentionLink>& links);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// Valid UTF-8 with each maximal invalid subsequence replaced by U+FFFD.
std::string repair_utf8(std::string_view bytes);

// One line of text as it may be stored: control characters (C0 and DEL, and the C1 range
// U+0080-U+009F) become spaces, runs of spaces one, and the ends are trimmed. For headlines,
// deks, captions and other single-line fields, where a control character is never meant.
std::string single_line(std::string_view text);

// The longest prefix of at most max_bytes that does not end inside a UTF-8 sequence.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace marquee::text
