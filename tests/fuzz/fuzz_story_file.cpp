// Fuzzes importers/story_file.h: TOML front matter and a Markdown body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/story_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto result =
      marquee::parse_story_file(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)result;
  return 0;
}
