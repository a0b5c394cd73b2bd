// The text on either side of PostgreSQL full-text search: a reader's words as a tsquery that can
// never be a syntax error, and a snippet of a story marked where PostgreSQL's parser found
// matching words. Pure functions; private to store/postgres/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace marquee::postgres {

// Words past this many are ignored; the last word is a prefix only when it has at least
// kMinPrefixChars characters (shorter prefixes match most of the vocabulary). The same limits
// as the SQLite store, so that both answer alike.
inline constexpr std::size_t kMaxSearchWords = 32;
inline constexpr std::size_t kMinPrefixChars = 3;

// "Kristen Stew" -> "'kristen' & 'stew':*". ASCII punctuation, control characters and bytes
// that are not UTF-8 separate words; other UTF-8 characters stay inside them (to_tsquery then
// folds case and accents). The prefix mark is left off when text ends in whitespace. Empty when
// text has no words.
std::string tsquery_text(std::string_view text);
// The same words found in headlines only (weight A): "'kristen':A & 'stew':*A".
std::string headline_tsquery_text(std::string_view text);
// The same words ORed, without the prefix rule's exceptions: whether one word of a story
// matches any of the reader's words.
std::string any_word_tsquery_text(std::string_view text);

// The full-text index reads '<' and '>' as spaces (SQL translate(x, '<>', '  ')), so that words
// inside markup ("<script>") are words, as SQLite's tokenizer sees them; snippets do the same.

// One token of PostgreSQL's parser (ts_debug), in text order: a word or the blank between.
struct ParsedToken {
  std::string text;
  bool word = false;
  bool match = false;
};

// Around the first matching word, about max_words words of text, cut at word boundaries with
// "…" where text was left out, matches between the open and close markers. The tokens come
// from text as indexed ('<' and '>' read as spaces); they are found in it in order (ones that
// are not there are skipped), and the text between them is kept.
std::string marked_snippet(std::string_view text, const std::vector<ParsedToken>& tokens,
                           std::string_view open, std::string_view close, int max_words);

}  // namespace marquee::postgres
