// The sign-in throttle of login_throttle.h: a map from pair to count, and a list of the pairs in
// the order of their last failure, so the oldest is found at once when memory runs out.
#include "admin/login_throttle.h"

#include <algorithm>
#include <cctype>

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
    std::transform(g.begin(), g.end(), g.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    g.erase(0, std::min(g.find_first_not_of('0'), g.size() - 1));  // "00ab" and "ab" alike
    out += g + ":";
  }
  return out + ":/64";
}

std::string LoginThrottle::key(std::string_view account, std::string_view address) {
  std::string k;
  for (const char c : account) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  k += '\n';  // cannot occur in an email address or a remote address
  k += throttle_address(address);
  return k;
}

std::chrono::seconds LoginThrottle::wait(std::string_view account, std::string_view address,
                                         Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(key(account, address));
  if (it == entries_.end()) return std::chrono::seconds(0);
  const auto since = now - it->second.last_failure;
  if (since >= options_.forget_after) return std::chrono::seconds(0);
  const auto delay = throttle_delay(it->second.failures, options_);
  if (since >= delay) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(delay - since);
}

std::chrono::seconds LoginThrottle::record_failure(std::string_view account,
                                                   std::string_view address,
                                                   Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const std::string k = key(account, address);
  auto it = entries_.find(k);
  if (it == entries_.end()) {
    if (entries_.size() >= options_.max_pairs) forget_oldest_locked(now);
    by_age_.push_back(k);
    it = entries_.emplace(k, Entry{0, now, std::prev(by_age_.end())}).first;
  } else {
    if (now - it->second.last_failure >= options_.forget_after) it->second.failures = 0;
    by_age_.splice(by_age_.end(), by_age_, it->second.age);
  }
  ++it->second.failures;
  it->second.last_failure = now;
  return throttle_delay(it->second.failures, options_);
}

void LoginThrottle::record_success(std::string_view account, std::string_view address) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(key(account, address));
  if (it == entries_.end()) return;
  by_age_.erase(it->second.age);
  entries_.erase(it);
}

std::size_t LoginThrottle::pairs() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

void LoginThrottle::forget_oldest_locked(Clock::time_point) {
  if (by_age_.empty()) return;
  entries_.erase(by_age_.front());
  by_age_.pop_front();
}

}  // namespace marquee::admin
