// Names in a story that look like people but that the knowledge graph does not know: runs of
// two to four capitalised words ("Maya Okafor", "Jean-Luc Picard") that no linker mention covers.
// The editor offers each with an "add" button.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace marquee::admin {

struct CoveredSpan {
  std::size_t offset = 0;  // bytes into the text
  std::size_t length = 0;
};

// Candidates in order of first appearance, each once. `covered` are the spans the linker matched
// (any candidate overlapping one is dropped); `known` are names (and aliases) already in the
// graph, compared exactly. Leading function words ("The", "But", "When") are not part of a name,
// and runs containing a month or weekday name are skipped.
std::vector<std::string> unknown_names(std::string_view text,
                                       const std::vector<CoveredSpan>& covered,
                                       const std::vector<std::string>& known);

}  // namespace marquee::admin
