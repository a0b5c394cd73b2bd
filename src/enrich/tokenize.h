// Private to enrich/: splits text into word and punctuation tokens with byte offsets, folded
// case and the flags the linker and quote finder need. Names and stories go through the same
// tokenizer, so they match token for token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::enrich_detail {

enum TokenFlag : std::uint16_t {
  kWord = 1,             // letters/digits (else one punctuation mark)
  kCapitalized = 2,      // first letter upper case
  kAllCaps = 4,          // two or more letters, none lower case
  kSentenceStart = 8,    // first word of a sentence or line
  kPossessive = 16,      // followed by 's (not part of the token)
  kParagraphStart = 32,  // first token after a blank line
  kFunctionWord = 64,    // "the", "of", ... (may differ in case inside a name)
};

struct Token {
  std::uint32_t begin = 0;  // byte range in the source text
  std::uint32_t end = 0;
  std::uint32_t fold_begin = 0;  // range in Tokens::folded
  std::uint32_t fold_size = 0;
  std::uint32_t sentence = 0;   // index of the sentence, counted from 0
  std::uint32_t paragraph = 0;  // index of the paragraph, counted from 0
  std::uint16_t flags = 0;
  bool has(TokenFlag f) const { return (flags & f) != 0; }
};

struct Tokens {
  std::string folded;  // lower-cased token texts, back to back
  std::vector<Token> list;
  std::string_view fold(const Token& t) const {
    return {folded.data() + t.fold_begin, t.fold_size};
  }
};

// Byte ranges [begin, end) that are not prose (code, link targets, HTML tags), sorted.
using Skips = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

Tokens tokenize(std::string_view text, const Skips& skips = {});

// Ranges of Markdown source that are not prose: inline and fenced code, link and image
// destinations, autolinks and HTML tags.
Skips markdown_skips(std::string_view markdown);

}  // namespace marquee::enrich_detail
