// Fuzzes web/multipart.h: the first line is the Content-Type, the rest the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  if (auto parts = marquee::web::parse_multipart(type, body, 100)) {
    for (const auto& part : *parts) {
      // Every part's bytes lie inside the body they were parsed from.
      if (!part.data.empty() && (part.data.data() < body.data() ||
                                 part.data.data() + part.data.size() > body.data() + body.size())) {
        __builtin_trap();
      }
    }
    (void)marquee::web::part_text(*parts, "csrf");
  }
  return 0;
}
