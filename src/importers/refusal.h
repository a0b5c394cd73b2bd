// What a reader throws, inside importers/ only, when it refuses its input; each reader catches it
// at its public boundary and returns it as a StoryFileError.
#pragma once

#include <string>

namespace marquee::importers_detail {

struct Refusal {
  int line;  // 1-based; 0 when no line applies
  std::string message;
};

}  // namespace marquee::importers_detail
