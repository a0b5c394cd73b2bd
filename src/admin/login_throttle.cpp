// The sign-in throttle's policy (login_throttle.h): the backoff curve and the address key.
#include "admin/login_throttle.h"

#include <algorithm>

#include "core/ascii.h"

namespace marquee::admin {

std::chrono::seconds throttle_delay(int failures, const ThrottleOptions& options) {
  const int over = failures - options.free_failures;
  if (over <= 0) return std::chrono::seconds(0);
  auto delay = options.first_delay;
  for (int i = 1; i < over && delay < options.max_delay; ++i) delay *= 2;
  return std::min(delay, options.max_delay);
}

std::string throttle_address(std::string_view remote_address) {
  if (remote_address.find(':') == std::string_view::npos) return std::string(remote_address);
  // The first four groups of the textual form; "::" inside them expands to zeros.
  std::string groups[8];
  std::size_t count = 0;
  const auto gap = remote_address.find("::");
  const std::string_view head = remote_address.substr(0, gap);
  std::size_t start = 0;
  while (count < 4 && start <= head.size() && !head.empty()) {
    const auto colon = head.find(':', start);
    groups[count++] = std::string(head.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < 4; ++i) {
    std::string g = i < count ? groups[i] : "0";
    g = ascii_lower(g);
    g.erase(0, std::min(g.find_first_not_of('0'), g.size() - 1));  // "00ab" and "ab" alike
    out += g + ":";
  }
  return out + ":/64";
}

}  // namespace marquee::admin
