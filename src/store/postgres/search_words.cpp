// Turning a reader's text into tsquery syntax by keeping only word characters, so quotes,
// operators (& | ! <-> :*) and parentheses are never more than separators.
#include "store/postgres/search_words.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace marquee::postgres {
namespace {

// Length of the valid UTF-8 sequence starting at text[i] (2 to 4 bytes), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(i + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(i + 1) >= 0x90) return 0;
  return length;
}

// Code point of a valid sequence of the given length.
char32_t code_point(std::string_view text, std::size_t i, std::size_t length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  char32_t cp = byte(i) & (0xFF >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  return cp;
}

// Unicode spaces and invisible joiners separate words, as ASCII spaces do.
bool is_unicode_separator(char32_t cp) {
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060 ||
         cp == 0x3000 || cp == 0xFEFF;
}

struct Word {
  std::string text;
  std::size_t characters = 0;
};

// The reader's words and whether the last one is a prefix.
struct Words {
  std::vector<Word> list;
  bool last_is_prefix = false;
};

Words words_of(std::string_view text) {
  Words words;
  Word current;
  auto finish_word = [&] {
    if (!current.text.empty() && words.list.size() < kMaxSearchWords) {
      words.list.push_back(current);
    }
    current = {};
  };
  bool last_was_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    last_was_space = std::isspace(c) != 0;
    if (c < 0x80) {
      if (std::isalnum(c)) {
        current.text += static_cast<char>(c);
        ++current.characters;
      } else {
        finish_word();
      }
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence(text, i);
    last_was_space = length > 0 && is_unicode_separator(code_point(text, i, length));
    if (length == 0 || last_was_space) {
      finish_word();
      i += std::max<std::size_t>(length, 1);
      continue;
    }
    current.text.append(text.substr(i, length));
    ++current.characters;
    i += length;
  }
  finish_word();
  // A space (ASCII or Unicode) after the last word means the reader finished typing it.
  const bool ends_in_space = last_was_space;
  words.last_is_prefix =
      !words.list.empty() && !ends_in_space && words.list.back().characters >= kMinPrefixChars;
  return words;
}

// weight: "" for any, "A" for the headline's weight only.
std::string joined(const Words& words, const char* separator, const char* weight = "") {
  std::string query;
  for (std::size_t w = 0; w < words.list.size(); ++w) {
    if (w) query += separator;
    query += '\'';
    query += words.list[w].text;  // letters and digits only: nothing to escape
    query += '\'';
    const bool prefix = words.last_is_prefix && w + 1 == words.list.size();
    if (prefix || *weight) query += std::string(":") + (prefix ? "*" : "") + weight;
  }
  return query;
}

}  // namespace

std::string tsquery_text(std::string_view text) {
  return joined(words_of(text), " & ");
}

std::string headline_tsquery_text(std::string_view text) {
  return joined(words_of(text), " & ", "A");
}

std::string any_word_tsquery_text(std::string_view text) {
  return joined(words_of(text), " | ");
}

namespace {

struct Piece {
  std::string_view text;
  bool word = false;
  bool match = false;
};

// text cut into words and the blanks between them, covering it whole.
std::vector<Piece> pieces_of(std::string_view text, const std::vector<ParsedToken>& tokens) {
  std::string indexed(text);
  std::replace(indexed.begin(), indexed.end(), '<', ' ');
  std::replace(indexed.begin(), indexed.end(), '>', ' ');
  std::vector<Piece> pieces;
  std::size_t at = 0;
  for (const ParsedToken& token : tokens) {
    if (!token.word || token.text.empty()) continue;
    std::size_t found = indexed.find(token.text, at);
    if (found == std::string_view::npos) continue;
    if (found > at) pieces.push_back({text.substr(at, found - at), false, false});
    pieces.push_back({text.substr(found, token.text.size()), true, token.match});
    at = found + token.text.size();
  }
  if (at < text.size()) pieces.push_back({text.substr(at), false, false});
  return pieces;
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::string marked_snippet(std::string_view text, const std::vector<ParsedToken>& tokens,
                           std::string_view open, std::string_view close, int max_words) {
  std::vector<Piece> pieces = pieces_of(text, tokens);
  std::vector<std::size_t> word_at;  // index in pieces of each word
  std::size_t first_match = 0;
  bool matched = false;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!pieces[i].word) continue;
    if (pieces[i].match && !matched) {
      first_match = word_at.size();
      matched = true;
    }
    word_at.push_back(i);
  }
  const std::size_t limit = static_cast<std::size_t>(std::max(max_words, 1));
  std::size_t first = 0;
  std::size_t last = word_at.size();  // one past
  if (word_at.size() > limit) {
    // A little context before the match, the rest after it.
    first = matched && first_match > limit / 4 ? first_match - limit / 4 : 0;
    first = std::min(first, word_at.size() - limit);
    last = first + limit;
  }
  const std::size_t from = word_at.empty() || first == 0 ? 0 : word_at[first];
  const std::size_t to = word_at.empty() || last == word_at.size() ? pieces.size() : word_at[last];

  std::string out;
  if (from > 0) {
    out += "…";
    // The blank before the first word, from its last space on (an opening quote, say).
    std::string_view before = pieces[from - 1].text;
    std::size_t cut = before.size();
    while (cut > 0 && !is_space(before[cut - 1])) --cut;
    out.append(before.substr(cut));
  }
  for (std::size_t i = from; i < to; ++i) {
    if (pieces[i].match) {
      out.append(open);
      out.append(pieces[i].text);
      out.append(close);
    } else {
      out.append(pieces[i].text);
    }
  }
  if (to < pieces.size()) {
    // The blank after the last word, up to its first space (a closing quote, a full stop).
    if (!pieces[to - 1].word) out.resize(out.size() - pieces[to - 1].text.size());
    std::string_view after = pieces[to - 1].word ? pieces[to].text : pieces[to - 1].text;
    std::size_t cut = 0;
    while (cut < after.size() && !is_space(after[cut])) ++cut;
    out.append(after.substr(0, cut));
    out += "…";
  }
  return out;
}

}  // namespace marquee::postgres
