// sanitize_html: parse, then re-serialise through the allowlist in html_writer.cpp.
#include "text/html_document.h"
#include "text/html_writer.h"
#include "text/text.h"

namespace marquee::text {

std::string sanitize_html(std::string_view html) {
  const HtmlDocument document(html);
  return write_allowed_html(document, html, [](std::string_view text, bool, std::string& out) {
    out += html_escape(text);
  });
}

}  // namespace marquee::text
