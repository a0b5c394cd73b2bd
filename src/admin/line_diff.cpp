// Line diff by dynamic programming over the longest common subsequence (see line_diff.h).
#include "admin/line_diff.h"

#include <cstdint>

namespace marquee::admin {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  // "a\n" is one line, not "a" and an empty one.
  if (!text.empty() && text.back() == '\n') lines.pop_back();
  return lines;
}

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 std::size_t max_lines) {
  auto a = split_lines(before);
  auto b = split_lines(after);
  // Common head and tail cost nothing and shrink the table.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<DiffLine> out;
  for (std::size_t i = 0; i < head; ++i) out.push_back({DiffOp::same, std::string(a[i])});
  const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
  auto x = [&](std::size_t i) { return a[head + i]; };
  auto y = [&](std::size_t j) { return b[head + j]; };
  if (n > max_lines || m > max_lines) {
    for (std::size_t i = 0; i < n; ++i) out.push_back({DiffOp::removed, std::string(x(i))});
    for (std::size_t j = 0; j < m; ++j) out.push_back({DiffOp::added, std::string(y(j))});
  } else {
    // lcs[i][j]: length of the LCS of x[i..] and y[j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = x(i) == y(j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x(i) == y(j)) {
        out.push_back({DiffOp::same, std::string(x(i))});
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        // Removals before additions, as readers of diffs expect.
        out.push_back({DiffOp::removed, std::string(x(i++))});
      } else {
        out.push_back({DiffOp::added, std::string(y(j++))});
      }
    }
  }
  for (std::size_t i = a.size() - tail; i < a.size(); ++i) {
    out.push_back({DiffOp::same, std::string(a[i])});
  }
  return out;
}

}  // namespace marquee::admin
