// Plain text from HTML (one line per block) and word-boundary excerpts of plain text.
#include <algorithm>
#include <string_view>
#include <vector>

#include "text/html_document.h"
#include "text/html_writer.h"
#include "text/text.h"

namespace marquee::text {
namespace {

bool is_block(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "p",          "div",    "br",       "hr",    "li",  "dt",         "dd",      "h1",
      "h2",         "h3",     "h4",       "h5",    "h6",  "blockquote", "pre",     "figure",
      "figcaption", "table",  "caption",  "tr",    "ul",  "ol",         "dl",      "section",
      "article",    "header", "footer",   "aside", "nav", "main",       "address", "details",
      "summary",    "form",   "fieldset", "legend"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool is_cell(std::string_view name) {
  return name == "td" || name == "th";
}

// Collects text into lines, collapsing runs of whitespace (and no-break spaces) to one space.
class LineBuilder {
 public:
  void add_text(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_pending_ = true;
      } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
        space_pending_ = true;
        ++i;
      } else {
        if (space_pending_ && !line_.empty()) line_ += ' ';
        space_pending_ = false;
        line_ += c;
      }
    }
  }
  void soft_break() { space_pending_ = true; }
  void end_line() {
    if (!line_.empty()) {
      if (!text_.empty()) text_ += '\n';
      text_ += line_;
    }
    line_.clear();
    space_pending_ = false;
  }
  std::string finish() {
    end_line();
    return std::move(text_);
  }

 private:
  std::string text_;
  std::string line_;
  bool space_pending_ = false;
};

struct Frame {
  const GumboNode* node;
  unsigned next_child = 0;
};

}  // namespace

std::string plain_text(std::string_view html) {
  const HtmlDocument document(html);
  LineBuilder lines;
  if (!document.ok()) {
    lines.add_text(strip_tags(html));
    return lines.finish();
  }
  std::vector<Frame> stack{Frame{document.root()}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector& children = children_of(*top.node);
    if (top.next_child >= children.length) {
      if (top.node->type == GUMBO_NODE_ELEMENT) {
        const std::string name = tag_name_of(*top.node);
        if (is_block(name)) lines.end_line();
        if (is_cell(name)) lines.soft_break();
      }
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
        child->type == GUMBO_NODE_CDATA) {
      lines.add_text(child->v.text.text);
    } else if (child->type == GUMBO_NODE_ELEMENT) {
      const std::string name = tag_name_of(*child);
      if (is_dropped_with_content(name)) continue;
      if (is_block(name)) lines.end_line();
      stack.push_back(Frame{child});
    }
  }
  return lines.finish();
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  if (max_bytes < kEllipsis.size()) return {};
  const std::string head = truncate_utf8(text, max_bytes - kEllipsis.size());
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t cut = head.size();
  // Cutting inside a word: go back to the space before it, unless the word is all there is.
  if (!is_space(text[cut])) {
    const std::size_t space = head.find_last_of(" \t\n\r");
    if (space != std::string::npos) cut = space;
  }
  // No dangling separators before the ellipsis.
  std::string_view kept = std::string_view(head).substr(0, cut);
  while (!kept.empty() && (is_space(kept.back()) ||
                           std::string_view(",;:-").find(kept.back()) != std::string_view::npos)) {
    kept.remove_suffix(1);
  }
  return std::string(kept) + std::string(kEllipsis);
}

}  // namespace marquee::text
