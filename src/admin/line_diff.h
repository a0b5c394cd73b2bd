// A readable line diff of two texts (the Markdown of two revisions): the longest common
// subsequence of lines, shown as kept, removed and added lines in order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace marquee::admin {

enum class DiffOp { same, removed, added };

struct DiffLine {
  DiffOp op = DiffOp::same;
  std::string text;
};

// Lines are split on '\n' (a trailing '\r' is dropped). Texts beyond max_lines lines each are
// compared as two blocks (everything removed, everything added), so the work stays bounded.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 std::size_t max_lines = 4000);

}  // namespace marquee::admin
