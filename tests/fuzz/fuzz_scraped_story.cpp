// Fuzzes importers/scraped_story.h (scraped text) and html_story.h (saved pages): the first
// byte picks the reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/site_time.h"
#include "importers/html_story.h"
#include "importers/scraped_story.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto site_time = *marquee::SiteTime::load("America/New_York", "ET");
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  // The repair the importer passes in: here a plain copy, as when no names are known.
  const marquee::GlueRepair repair = [](std::string_view s) { return std::string(s); };
  if (data[0] & 1) {
    (void)marquee::parse_html_story(input, site_time, repair);
  } else {
    (void)marquee::parse_scraped_story(input, site_time, repair);
  }
  return 0;
}
