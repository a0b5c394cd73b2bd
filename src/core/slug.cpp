// Slug rules: see slug.h. Accent folding covers Latin-1 Supplement and Latin Extended-A, where
// almost all names in the entertainment beat fall.
#include "core/slug.h"

#include <cstdint>

namespace marquee {
namespace {

// Plain ASCII for a Latin code point from U+00C0 to U+017F, or nullptr.
const char* fold_latin(std::uint32_t cp) {
  static const char* const kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A comes in pairs (upper, lower) of the same base letter.
    static const char kBase[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    std::size_t i = cp - 0x100;
    if (i < sizeof(kBase) - 1) {
      static thread_local char one[2] = {0, 0};
      one[0] = kBase[i];
      return one;
    }
  }
  return nullptr;
}

// Decodes one UTF-8 sequence at s[i]; advances i. Invalid bytes decode as U+FFFD.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = static_cast<unsigned char>(s[i++]);
  if (byte < 0x80) return byte;
  int extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  std::uint32_t cp = byte & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

}  // namespace

std::string slugify(std::string_view title, std::size_t max_length) {
  std::string out;
  bool pending_hyphen = false;
  auto append = [&](std::string_view piece) {
    if (pending_hyphen && !out.empty()) out += '-';
    pending_hyphen = false;
    out += piece;
  };
  for (std::size_t i = 0; i < title.size();) {
    std::uint32_t cp = next_code_point(title, i);
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      char c = static_cast<char>(cp);
      append(std::string_view(&c, 1));
    } else if (cp >= 'A' && cp <= 'Z') {
      char c = static_cast<char>(cp - 'A' + 'a');
      append(std::string_view(&c, 1));
    } else if (cp == '\'' || cp == 0x2019 || cp == 0x2018) {
      // Apostrophes join: "Stewart's" -> "stewarts".
    } else if (const char* folded = fold_latin(cp)) {
      if (*folded) append(folded);
    } else {
      pending_hyphen = true;
    }
  }
  if (out.size() > max_length) {
    out.resize(max_length);
    auto cut = out.rfind('-');
    if (cut != std::string::npos && cut > max_length / 2) out.resize(cut);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

}  // namespace marquee
