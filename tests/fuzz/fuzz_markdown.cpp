// Fuzzes text/: Markdown to HTML, the sanitiser over both the rendered HTML and the raw input,
// plain text and excerpts, and UTF-8 repair (whose output must be valid UTF-8).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // story bodies are small; deep inputs only slow the search
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace marquee::text;
  const std::string html = markdown_to_html(input);
  const std::string safe = sanitize_html(html);
  (void)sanitize_html(input);
  (void)plain_text(safe);
  (void)excerpt(plain_text(safe), 160);
  (void)html_escape(input);
  const std::string repaired = repair_utf8(input);
  if (!is_valid_utf8(repaired)) __builtin_trap();
  (void)truncate_utf8(repaired, size / 2);
  return 0;
}
