// Byte-level text helpers shared by the scraped-page and HTML readers (private to importers/).
// ASCII rules only (core/ascii.h for case): bytes of multibyte UTF-8 sequences are never spaces
// and never change case; the one exception is the no-break space that collapse_spaces folds.
#pragma once

#include <string>
#include <string_view>

#include "core/ascii.h"

namespace marquee::importers_detail {

// Longer text is a paragraph, never a label: a related-block heading, a byline, a dateline.
constexpr std::size_t kMaxLabelBytes = 300;

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Runs of white space, no-break spaces included, become one space; the ends are trimmed.
std::string collapse_spaces(std::string_view s);

// Ends as a sentence does (. ! ? : ; or an ellipsis), closing quotes and brackets aside.
bool ends_sentence(std::string_view s);

// A short label, not a sentence, that opens the trailing related-links block: "Read more",
// "Read on for more Kristen Stewart", "More on ...", "Related:", "Related stories".
bool starts_related_block(std::string_view s);

}  // namespace marquee::importers_detail
