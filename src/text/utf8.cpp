// UTF-8 validation, repair and byte-budget truncation. Validation follows the Unicode table of
// well-formed byte sequences (Table 3-7); repair substitutes maximal invalid subparts.
#include "text/utf8_scan.h"

#include "text/text.h"

namespace marquee::text {

namespace {

// Shape of the sequence a lead byte starts: its length and the allowed range of the second byte
// (later bytes are always 80..BF). Length 0 means the byte cannot start a sequence.
struct SequenceShape {
  std::size_t length;
  unsigned char low;
  unsigned char high;
};

SequenceShape shape_of(unsigned char lead) {
  if (lead < 0x80) return {1, 0, 0};
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};  // no overlong forms
  if (lead == 0xED) return {3, 0x80, 0x9F};  // no surrogates
  if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};  // no overlong forms
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};  // nothing above U+10FFFF
  return {0, 0, 0};
}

// How many bytes from s[i] match the shape of the sequence its lead byte starts.
std::size_t matching_prefix(std::string_view s, std::size_t i, const SequenceShape& shape) {
  std::size_t k = 1;
  for (; k < shape.length && i + k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    const bool fits = k == 1 ? (c >= shape.low && c <= shape.high) : (c >= 0x80 && c <= 0xBF);
    if (!fits) break;
  }
  return k;
}

}  // namespace

std::size_t valid_sequence_length(std::string_view s, std::size_t i) {
  const SequenceShape shape = shape_of(static_cast<unsigned char>(s[i]));
  if (shape.length == 0) return 0;
  return matching_prefix(s, i, shape) == shape.length ? shape.length : 0;
}

std::size_t invalid_subpart_length(std::string_view s, std::size_t i) {
  const SequenceShape shape = shape_of(static_cast<unsigned char>(s[i]));
  if (shape.length == 0) return 1;
  return matching_prefix(s, i, shape);
}

CodePoint decode_at(std::string_view s, std::size_t i) {
  const std::size_t n = valid_sequence_length(s, i);
  if (n == 0) return {0xFFFD, invalid_subpart_length(s, i)};
  static constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  std::uint32_t cp = static_cast<unsigned char>(s[i]) & kLeadMask[n];
  for (std::size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, n};
}

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t n = valid_sequence_length(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  for (std::size_t i = 0; i < bytes.size();) {
    if (const std::size_t n = valid_sequence_length(bytes, i)) {
      out.append(bytes.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      i += invalid_subpart_length(bytes, i);
    }
  }
  return out;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  // Step back over continuation bytes; a valid sequence has at most three of them.
  std::size_t cut = max_bytes;
  for (int steps = 0; steps < 3 && cut > 0; ++steps) {
    if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) break;
    --cut;
  }
  if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) cut = max_bytes;  // not UTF-8
  return std::string(text.substr(0, cut));
}

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // U+0080-U+009F is C2 80 - C2 9F in UTF-8.
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c == ' ' || c1) {
      if (c1) ++i;
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace marquee::text
