// Fuzzes importers/wordpress/wxr_reader.h: a WordPress export read item by item. Any input ends
// in items, the end, or a WxrError; never a crash, a leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/wordpress/wxr_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    auto reader = marquee::importers::WxrReader::open_memory(bytes);
    while (auto item = reader->next()) {
      (void)item->meta_value("_thumbnail_id");
    }
    (void)reader->site();
  } catch (const marquee::importers::WxrError&) {
  }
  return 0;
}
