// The text on either side of full-text search: a reader's words turned into an FTS5 MATCH
// expression that can never be a syntax error, and FTS5's snippet turned into safe HTML.
// Pure functions, private to store/sqlite/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::sqlite {

// Words past this many are ignored: no reader's query needs more, and each costs a lookup.
constexpr std::size_t kMaxSearchWords = 32;
// The last word is also a prefix when it has at least this many characters; shorter prefixes
// would match most of the vocabulary.
constexpr std::size_t kMinPrefixChars = 3;

// Every whitespace-separated word of text becomes one quoted FTS5 phrase (quotes inside it
// doubled), so operators, column filters, parentheses and stars are only words. Control
// characters and bytes that are not UTF-8 separate words. The phrases are ANDed; the last one
// gets a prefix star when text does not end in whitespace. Empty when text has no words.
std::string fts5_match_expression(std::string_view text);
// The same phrases one by one, in the order of the expression (FTS5's phrase numbers).
std::vector<std::string> fts5_match_phrases(std::string_view text);

// The markers snippet() is asked to put around matches: control characters, which stories
// do not contain and which snippet_to_html() drops wherever they are not a marker pair.
inline constexpr std::string_view kMatchOpen = "\x01";
inline constexpr std::string_view kMatchClose = "\x02";

// snippet() output (with kMatchOpen/kMatchClose around matches) as HTML: text escaped, marks
// as <mark>...</mark> (always balanced), whitespace and line breaks collapsed to single spaces,
// the common Markdown markup (emphasis, code ticks, headings, quotes, [text](url) links)
// reduced to its text, and anything that is not valid UTF-8 replaced by U+FFFD.
std::string snippet_to_html(std::string_view snippet);

// True when text contains at least one match marker.
inline bool has_match(std::string_view snippet) {
  return snippet.find(kMatchOpen) != std::string_view::npos;
}

}  // namespace marquee::sqlite
