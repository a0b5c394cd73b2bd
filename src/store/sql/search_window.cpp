#include "store/sql/search_window.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace marquee::sql {

int estimate_total(const std::vector<SearchCandidate>& window, Id first_id) {
  if (window.empty()) return 0;
  const auto newest = static_cast<double>(window.front().id);
  const auto oldest = static_cast<double>(window.back().id);
  const auto n = static_cast<double>(window.size());
  // The ids below the window (down to first_id) are taken to hold matches as densely as the
  // window does.
  const double density = n / std::max(1.0, newest - oldest + 1);
  const double estimate = n + density * std::max(0.0, oldest - static_cast<double>(first_id));
  const double unit = std::pow(10.0, std::max(0.0, std::floor(std::log10(estimate)) - 2));
  return static_cast<int>(std::min(std::round(estimate / unit) * unit, 2e9));
}

std::vector<Id> page_ids(const RankedPage& ranked) {
  std::vector<Id> ids;
  for (const auto& c : ranked.page) ids.push_back(c.id);
  return ids;
}

SearchResults search_results(const RankedPage& ranked, std::vector<ArticleSummary> stories,
                             std::unordered_map<Id, std::string>& snippets) {
  SearchResults results;
  results.total = ranked.total;
  results.total_is_estimate = ranked.total_is_estimate;
  results.ranked = ranked.ranked;
  std::unordered_map<Id, ArticleSummary*> by_id;
  for (auto& s : stories) by_id[s.id] = &s;
  for (const auto& c : ranked.page) {
    auto it = by_id.find(c.id);
    if (it == by_id.end()) continue;
    results.hits.push_back({std::move(*it->second), c.score, std::move(snippets[c.id])});
  }
  return results;
}

RankedPage rank_window(std::vector<SearchCandidate> newest, int window,
                       std::vector<SearchCandidate> headline, int offset, int limit,
                       const std::optional<IdSpan>& ids) {
  RankedPage out;
  const bool more = static_cast<int>(newest.size()) > window;
  if (more) newest.resize(static_cast<std::size_t>(window));
  out.total = more ? estimate_total(newest, ids ? std::max<Id>(ids->first, 1) : 1)
                   : static_cast<int>(newest.size());
  out.total_is_estimate = more;
  std::unordered_set<Id> seen;
  for (const auto& c : newest) seen.insert(c.id);
  if (more) {
    for (auto& c : headline) {
      if (seen.insert(c.id).second) newest.push_back(c);
    }
  }
  out.ranked = static_cast<int>(newest.size());
  std::sort(newest.begin(), newest.end(), [](const SearchCandidate& a, const SearchCandidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.publish_at != b.publish_at) return a.publish_at > b.publish_at;
    return a.id > b.id;
  });
  const auto from = std::min(newest.size(), static_cast<std::size_t>(std::max(offset, 0)));
  const auto to = std::min(newest.size(), from + static_cast<std::size_t>(std::max(limit, 0)));
  out.page.assign(newest.begin() + static_cast<std::ptrdiff_t>(from),
                  newest.begin() + static_cast<std::ptrdiff_t>(to));
  return out;
}

}  // namespace marquee::sql
