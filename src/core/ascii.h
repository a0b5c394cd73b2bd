// ASCII case rules for protocol tokens, header names, keywords and file extensions. Only A-Z
// change case: bytes of multibyte UTF-8 sequences pass through untouched, and no locale applies.
#pragma once

#include <string>
#include <string_view>

namespace marquee {

constexpr bool ascii_is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool ascii_is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr char ascii_lower(char c) {
  return ascii_is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Equal but for the case of ASCII letters.
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Without the ASCII white space (space, tab, CR, LF, form feed, vertical tab) at either end.
constexpr std::string_view ascii_trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace marquee
