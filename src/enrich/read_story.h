// Private to enrich/: a story's fields as the linker split them into tokens, kept with the
// Enrichment (Enrichment::read) so that relation suggestions and discovery over the same text
// read those tokens instead of splitting the text again.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "enrich/enrich.h"
#include "enrich/tokenize.h"

namespace marquee {

struct ReadStory {
  struct Field {
    std::string text;  // the text the tokens' offsets point into
    enrich_detail::Tokens tokens;
  };
  std::array<Field, 3> fields;  // headline, dek, body (StoryField's order)

  // The tokens of a field when `text` is the text they were read from, else nullptr.
  const enrich_detail::Tokens* tokens_of(StoryField field, std::string_view text) const {
    const Field& f = fields[static_cast<std::size_t>(field)];
    return f.text == text ? &f.tokens : nullptr;
  }
};

// The tokens of a field: the enrichment's, when it read this same text, else split now into
// `own`. Body text skips what Markdown does not show as prose.
inline const enrich_detail::Tokens& field_tokens(const Enrichment* enrichment, StoryField field,
                                                 std::string_view text,
                                                 enrich_detail::Tokens& own) {
  if (enrichment && enrichment->read) {
    if (const auto* read = enrichment->read->tokens_of(field, text)) return *read;
  }
  own =
      enrich_detail::tokenize(text, field == StoryField::body ? enrich_detail::markdown_skips(text)
                                                              : enrich_detail::Skips{});
  return own;
}

}  // namespace marquee
