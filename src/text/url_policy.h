// Which URLs may appear in sanitised HTML; private to text/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace marquee::text {

enum class UrlUse {
  kLink,   // a href, blockquote cite: http, https, mailto or relative
  kImage,  // img src: http, https or relative
};

struct CheckedUrl {
  std::string value;  // cleaned as a browser would read it (tabs, newlines, edge spaces removed)
  bool external;      // absolute http(s) or scheme-relative ("//host/...")
};

// The URL to emit for an attribute value (entities already decoded), or nullopt when its scheme
// is not allowed for `use`. Checking is done on the URL as a browser would resolve it, so tabs,
// newlines, edge whitespace and letter case cannot disguise a scheme.
std::optional<CheckedUrl> check_url(std::string_view decoded, UrlUse use);

}  // namespace marquee::text
