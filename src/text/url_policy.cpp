// URL allowlist for sanitised HTML. Browsers strip leading and trailing C0 controls and spaces
// and drop tabs and newlines anywhere in a URL before reading its scheme; so does this check.
#include "text/url_policy.h"

namespace marquee::text {
namespace {

bool is_edge_junk(char c) {
  return static_cast<unsigned char>(c) <= 0x20;
}

bool is_dropped_inside(char c) {
  return c == '\t' || c == '\n' || c == '\r';
}

bool is_slash(char c) {
  return c == '/' || c == '\\';
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::optional<CheckedUrl> check_url(std::string_view decoded, UrlUse use) {
  std::size_t begin = 0, end = decoded.size();
  while (begin < end && is_edge_junk(decoded[begin])) ++begin;
  while (end > begin && is_edge_junk(decoded[end - 1])) --end;
  std::string url;
  url.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    const char c = decoded[i];
    if (is_dropped_inside(c)) continue;
    // Other control characters have no business in a URL and only serve to confuse parsers.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
    url += c;
  }
  if (url.empty()) return std::nullopt;

  const std::size_t delimiter = url.find_first_of(":/?#\\");
  if (delimiter != std::string::npos && url[delimiter] == ':') {
    const std::string scheme = lower_ascii(std::string_view(url).substr(0, delimiter));
    const bool web = scheme == "http" || scheme == "https";
    const bool allowed = web || (use == UrlUse::kLink && scheme == "mailto");
    if (!allowed) return std::nullopt;
    return CheckedUrl{std::move(url), web};
  }
  // Relative. Two leading slashes (browsers treat "\" as "/") name another host.
  const bool external = url.size() >= 2 && is_slash(url[0]) && is_slash(url[1]);
  return CheckedUrl{std::move(url), external};
}

}  // namespace marquee::text
