// Private to enrich/: runs of capitalised words that may be names the graph does not know yet,
// and the small word lists that say what such a run is. Shared by discovery and relation
// suggestions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "enrich/tokenize.h"

namespace marquee::enrich_detail {

// Tokens [begin, end) of one run: "Priya Castellanos", "Queens of Noise", "Scout
// Taylor-Compton". A possessive ends a run; "of", "de", "van" and the like join capitalised
// words inside one.
struct NameRun {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool has_function_word = false;  // "of" inside: a title, not a person
};

// Every run in text order. Leading words that only start a sentence ("Then", "The", "Director")
// are left out of the run.
std::vector<NameRun> name_runs(const Tokens& tokens, std::size_t max_tokens = 8);

// The run's text as written, with single spaces between words.
std::string run_text(std::string_view text, const Tokens& tokens, std::uint32_t begin,
                     std::uint32_t end);

bool is_speech_verb(std::string_view folded);
bool is_role_noun(std::string_view folded);         // "director", "actress", "guitarist", ...
bool is_institution_word(std::string_view folded);  // "Records", "Festival": not a person
bool is_month(std::string_view folded);             // "march", "may"
// The kind a cue word names: "film" -> film, "album" -> album, "band" -> band.
std::optional<EntityKind> kind_cue(std::string_view folded);
// Most of the words capitalised: a title-case or ALL-CAPS headline, where capitals say little.
bool mostly_capitalised(const Tokens& tokens);

}  // namespace marquee::enrich_detail
