// Tokenizer for names and stories: UTF-8 in, byte offsets out; curly quotes, dashes and
// apostrophes are folded to their ASCII forms so that typography never blocks a match.
#include "enrich/tokenize.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace marquee::enrich_detail {
namespace {

enum class Unit { space, newline, word, apostrophe, punct };

struct Step {
  Unit unit;
  std::uint32_t len;
  char fold;  // folded character of punctuation and apostrophes
};

constexpr bool ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr Step classify_ascii(unsigned char c) {
  if (c == '\n') return {Unit::newline, 1, 0};
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return {Unit::space, 1, 0};
  if (ascii_alnum(c)) return {Unit::word, 1, 0};
  if (c == '\'') return {Unit::apostrophe, 1, '\''};
  return {Unit::punct, 1, static_cast<char>(c)};
}

// ASCII is nearly all of the text: one table look-up per byte.
constexpr auto kAsciiSteps = [] {
  std::array<Step, 128> table{};
  for (unsigned c = 0; c < 128; ++c) table[c] = classify_ascii(static_cast<unsigned char>(c));
  return table;
}();

Step classify_wide(std::string_view s, std::size_t i);

inline Step classify(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  return c < 0x80 ? kAsciiSteps[c] : classify_wide(s, i);
}

Step classify_wide(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto at = [&](std::size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  if (c == 0xC2 && at(1) == 0xA0) return {Unit::space, 2, 0};  // no-break space
  if (c == 0xE2 && at(1) == 0x80) {
    switch (at(2)) {
      case 0x98:
        return {Unit::punct, 3, '\''};  // left single quote
      case 0x99:
        return {Unit::apostrophe, 3, '\''};  // right single quote, apostrophe
      case 0x9C:
      case 0x9D:
        return {Unit::punct, 3, '"'};
      case 0x93:
      case 0x94:
        return {Unit::punct, 3, '-'};  // en and em dash
      case 0xA6:
        return {Unit::punct, 3, '.'};  // ellipsis
      case 0x89:
      case 0x8A:
      case 0x8B:
      case 0xAF:
        return {Unit::space, 3, 0};  // thin, hair, zero-width, narrow no-break
      case 0xA8:
      case 0xA9:
        return {Unit::newline, 3, 0};
      default:
        return {Unit::punct, 3, '~'};
    }
  }
  // Any other non-ASCII byte (letters of any script, or invalid UTF-8) is part of a word.
  return {Unit::word, 1, 0};
}

constexpr std::array<std::string_view, 22> kFunctionWords = {
    "the", "a",  "an", "of", "and", "in",  "on",  "at",  "to",  "for", "with",
    "or",  "de", "la", "le", "du",  "von", "van", "der", "del", "y",   "&"};
constexpr std::array<std::string_view, 14> kAbbreviations = {
    "mr", "mrs", "ms", "dr", "jr", "sr", "st", "vs", "mt", "no", "inc", "co", "ltd", "prof"};

bool is_function_word(std::string_view w) {
  return std::find(kFunctionWords.begin(), kFunctionWords.end(), w) != kFunctionWords.end();
}

bool ends_sentence_after(std::string_view previous_word) {
  if (previous_word.size() == 1 && previous_word[0] >= 'a' && previous_word[0] <= 'z')
    return false;  // an initial: "J. R."
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), previous_word) ==
         kAbbreviations.end();
}

}  // namespace

Tokens tokenize(std::string_view text, const Skips& skips) {
  Tokens out;
  out.folded.reserve(text.size());
  out.list.reserve(text.size() / 5 + 4);
  const std::size_t n = text.size();
  std::size_t skip = 0;
  bool pending_sentence = true;
  int newlines = 0;
  std::uint32_t sentence = 0, paragraph = 0;
  bool any_token = false;
  std::string_view previous_word;

  auto open_token = [&](Token& t, bool word) {
    if (any_token && newlines >= 2) ++paragraph;
    if (newlines >= 1) pending_sentence = true;
    newlines = 0;
    if (word && pending_sentence) {
      if (any_token) ++sentence;
      pending_sentence = false;
      t.flags |= kSentenceStart;
    }
    t.sentence = sentence;
    t.paragraph = paragraph;
    any_token = true;
  };

  std::size_t i = 0;
  std::uint32_t last_paragraph_flagged = UINT32_MAX;
  while (i < n) {
    while (skip < skips.size() && skips[skip].second <= i) ++skip;
    if (skip < skips.size() && skips[skip].first <= i) {
      i = skips[skip].second;
      continue;
    }
    Step st = classify(text, i);
    if (st.unit == Unit::space) {
      i += st.len;
      continue;
    }
    if (st.unit == Unit::newline) {
      ++newlines;
      i += st.len;
      continue;
    }
    Token t;
    t.begin = static_cast<std::uint32_t>(i);
    t.fold_begin = static_cast<std::uint32_t>(out.folded.size());
    if (st.unit == Unit::word) {
      open_token(t, true);
      int upper = 0, lower = 0;
      bool first_letter_seen = false, first_upper = false;
      std::size_t end = i;
      while (i < n) {
        Step w = classify(text, i);
        if (w.unit == Unit::word) {
          auto c = static_cast<unsigned char>(text[i]);
          if (c >= 'A' && c <= 'Z') {
            ++upper;
            if (!first_letter_seen) first_letter_seen = first_upper = true;
            out.folded += static_cast<char>(c - 'A' + 'a');
          } else if (c == 0xC3 && i + 1 < n && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                     static_cast<unsigned char>(text[i + 1]) <= 0x9E &&
                     static_cast<unsigned char>(text[i + 1]) != 0x97) {
            // Latin-1 capitals: À..Þ fold to à..þ.
            ++upper;
            if (!first_letter_seen) first_letter_seen = first_upper = true;
            out.folded += static_cast<char>(c);
            out.folded += static_cast<char>(static_cast<unsigned char>(text[i + 1]) + 0x20);
            i += 2;
            end = i;
            continue;
          } else {
            if (c >= 'a' && c <= 'z') {
              ++lower;
              first_letter_seen = true;
            } else if (c == 0xC3 && i + 1 < n) {
              ++lower;
              first_letter_seen = true;
            }
            out.folded += static_cast<char>(c);
          }
          i += 1;
          end = i;
          continue;
        }
        if (w.unit == Unit::apostrophe) {
          std::size_t j = i + w.len;
          if (j < n && (text[j] == 's' || text[j] == 'S') &&
              (j + 1 >= n || classify(text, j + 1).unit != Unit::word)) {
            t.flags |= kPossessive;  // "Stewart's", "Jett’s": the name ends before the mark
            i = j + 1;
            break;
          }
          if (j < n && ascii_alnum(static_cast<unsigned char>(text[j]))) {
            out.folded += '\'';  // O'Brien, Guns N' ... inside a word
            i = j;
            continue;
          }
        }
        break;
      }
      t.end = static_cast<std::uint32_t>(end);
      t.flags |= kWord;
      if (first_upper) t.flags |= kCapitalized;
      if (upper >= 2 && lower == 0) t.flags |= kAllCaps;
      if (!(t.flags & kPossessive)) i = std::max<std::size_t>(i, end);
    } else {
      open_token(t, false);
      out.folded += st.fold;
      i += st.len;
      t.end = static_cast<std::uint32_t>(i);
    }
    t.fold_size = static_cast<std::uint32_t>(out.folded.size()) - t.fold_begin;
    if (t.paragraph != last_paragraph_flagged) {
      t.flags |= kParagraphStart;
      last_paragraph_flagged = t.paragraph;
    } else {
      t.flags &= static_cast<std::uint16_t>(~kParagraphStart);
    }
    std::string_view f = out.fold(t);
    if (t.has(kWord)) {
      if (is_function_word(f)) t.flags |= kFunctionWord;
      previous_word = f;
    } else if (f == "." || f == "!" || f == "?") {
      if (f != "." || ends_sentence_after(previous_word)) pending_sentence = true;
      previous_word = {};
    } else {
      previous_word = {};
    }
    out.list.push_back(t);
  }
  return out;
}

Skips markdown_skips(std::string_view md) {
  Skips out;
  const std::size_t n = md.size();
  std::size_t i = 0;
  bool line_start = true;
  while (i < n) {
    char c = md[i];
    if (line_start) {
      // Fenced code block: from an opening ``` or ~~~ line to the closing one.
      std::size_t k = i;
      while (k < n && k - i < 4 && md[k] == ' ') ++k;
      if (k + 3 <= n && (md.compare(k, 3, "```") == 0 || md.compare(k, 3, "~~~") == 0)) {
        std::string_view fence = md.substr(k, 3);
        std::size_t close = md.find(fence, k + 3);
        while (close != std::string_view::npos && close > 0 && md[close - 1] != '\n' &&
               md.find_first_not_of(' ', md.rfind('\n', close) + 1) != close)
          close = md.find(fence, close + 3);
        std::size_t end = close == std::string_view::npos ? n : md.find('\n', close);
        if (end == std::string_view::npos) end = n;
        out.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end));
        i = end;
        continue;
      }
    }
    line_start = false;
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == '`') {
      std::size_t run = md.find_first_not_of('`', i) - i;
      if (i + run > n) run = n - i;
      std::string closer(run, '`');
      std::size_t close = md.find(closer, i + run);
      std::size_t para = md.find("\n\n", i);
      if (close != std::string_view::npos && (para == std::string_view::npos || close < para)) {
        out.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(close + run));
        i = close + run;
        continue;
      }
      i += run;
      continue;
    }
    if (c == ']' && i + 1 < n && md[i + 1] == '(') {
      // Link or image destination, with balanced parentheses, on one line.
      int depth = 0;
      std::size_t k = i + 1;
      for (; k < n && md[k] != '\n'; ++k) {
        if (md[k] == '(') ++depth;
        if (md[k] == ')' && --depth == 0) break;
      }
      if (k < n && md[k] == ')') {
        out.emplace_back(static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(k + 1));
        i = k + 1;
        continue;
      }
    }
    if (c == '<' && i + 1 < n &&
        (ascii_alnum(static_cast<unsigned char>(md[i + 1])) || md[i + 1] == '/' ||
         md[i + 1] == '!')) {
      std::size_t close = md.find('>', i);
      if (close != std::string_view::npos && close - i < 2000) {
        out.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(close + 1));
        i = close + 1;
        continue;
      }
    }
    if ((c == 'h' || c == 'w') &&
        (md.compare(i, 7, "http://") == 0 || md.compare(i, 8, "https://") == 0 ||
         md.compare(i, 4, "www.") == 0) &&
        (i == 0 || !ascii_alnum(static_cast<unsigned char>(md[i - 1])))) {
      std::size_t end = i;
      while (end < n && !std::isspace(static_cast<unsigned char>(md[end])) && md[end] != ')' &&
             md[end] != '>')
        ++end;
      out.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end));
      i = end;
      continue;
    }
    ++i;
  }
  return out;
}

}  // namespace marquee::enrich_detail
