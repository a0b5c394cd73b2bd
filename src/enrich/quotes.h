// Private to enrich/: direct quotations in a story body and who said them.
#pragma once

#include <string_view>
#include <vector>

#include "core/types.h"
#include "enrich/tokenize.h"

namespace marquee::enrich_detail {

// An entity named in the body, by token range; `speaker` when it can be quoted (a person, or a
// band or organization speaking as one).
struct NamedSpan {
  std::uint32_t token_begin = 0;
  std::uint32_t token_end = 0;
  Id entity_id = 0;
  bool person = false;
  bool speaker = false;
  std::string_view description;  // "American actress; ...": matched against "the actress said"
  std::string_view pronouns;     // "she", "he", "they" or empty: a pronoun never goes elsewhere
};

// Quotes in body order. `named` is in body order.
std::vector<Quote> attribute_quotes(std::string_view body, const Tokens& tokens,
                                    const std::vector<NamedSpan>& named);

}  // namespace marquee::enrich_detail
