// Byte-level UTF-8 scanning shared inside text/ (validation, repair, word boundaries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace marquee::text {

// Length of the well-formed sequence starting at s[i], or 0 when it is not well formed.
std::size_t valid_sequence_length(std::string_view s, std::size_t i);

// Length of the maximal invalid subpart at s[i] (1 to 3 bytes), replaced by one U+FFFD.
std::size_t invalid_subpart_length(std::string_view s, std::size_t i);

// The code point at s[i] and its length in bytes; U+FFFD for a byte that starts no valid sequence.
struct CodePoint {
  std::uint32_t value;
  std::size_t length;
};
CodePoint decode_at(std::string_view s, std::size_t i);

}  // namespace marquee::text
