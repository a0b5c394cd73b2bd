// Fuzzes media/ranges.cpp: Range and If-Range headers against files of any size. Whatever the
// header, the answer stays inside the file and multipart parts ascend without touching.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "media/media.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::uint64_t file_size = 0;
  std::memcpy(&file_size, data, 8);
  if (data[0] & 1) file_size %= 100000;  // half the runs on files of everyday sizes
  const std::string_view header(reinterpret_cast<const char*>(data) + 8, size - 8);
  using marquee::media::RangeAnswer;
  const RangeAnswer answer = marquee::media::parse_range(header, file_size);
  if (answer.size != file_size) __builtin_trap();
  switch (answer.kind) {
    case RangeAnswer::Kind::partial:
      if (answer.first > answer.last || answer.last >= file_size) __builtin_trap();
      break;
    case RangeAnswer::Kind::multipart:
      if (answer.parts.size() < 2 || answer.parts.size() > marquee::media::kMaxRanges) {
        __builtin_trap();
      }
      for (std::size_t i = 0; i < answer.parts.size(); ++i) {
        const auto& part = answer.parts[i];
        if (part.first > part.last || part.last >= file_size) __builtin_trap();
        if (i > 0 && answer.parts[i - 1].last + 1 >= part.first) __builtin_trap();
      }
      if (answer.length() > file_size) __builtin_trap();
      break;
    case RangeAnswer::Kind::whole:
    case RangeAnswer::Kind::unsatisfiable:
      break;
  }
  (void)answer.content_range();
  (void)marquee::media::if_range_matches(header, "\"a-b\"", std::nullopt);
  return 0;
}
