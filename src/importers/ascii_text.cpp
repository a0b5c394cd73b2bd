// The sentence and label tests both page readers apply to their text (see ascii_text.h).
#include "importers/ascii_text.h"

namespace marquee::importers_detail {
namespace {

std::string_view strip_closers(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == ')' || s.back() == ']')) {
      s.remove_suffix(1);
    } else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99")) {  // ” ’
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

}  // namespace

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool nbsp = s.substr(i).starts_with("\xC2\xA0");
    if (is_space(s[i]) || nbsp) {
      if (nbsp) ++i;
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += s[i];
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool ends_sentence(std::string_view s) {
  s = strip_closers(trim(s));
  if (s.empty()) return false;
  if (s.ends_with("\xE2\x80\xA6")) return true;  // …
  const char last = s.back();
  return last == '.' || last == '!' || last == '?' || last == ':' || last == ';';
}

bool starts_related_block(std::string_view s) {
  if (s.size() > kMaxLabelBytes || ends_sentence(s)) return false;
  return istarts_with(s, "read on for more") || istarts_with(s, "read more") ||
         istarts_with(s, "more on ") || istarts_with(s, "related:") ||
         istarts_with(s, "related stories") || istarts_with(s, "related articles");
}

}  // namespace marquee::importers_detail
