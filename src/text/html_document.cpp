// Owning wrapper over gumbo's parser, with the nesting-depth guard that keeps parsing linear.
#include "text/html_document.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "core/ascii.h"
#include "text/text.h"

namespace marquee::text {
namespace {

GumboOptions fragment_options() {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_BODY;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  // Recorded errors copy the open-element stack each time: quadratic memory on deep input.
  options.max_errors = 0;
  return options;
}

bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Elements that never hold children, or whose open tag is closed by the next sibling of the same
// kind (so they cannot pile up on their own).
bool is_uncounted(std::string_view name) {
  static constexpr std::array<std::string_view, 31> kNames = {
      "area", "base",  "br",    "col",    "embed",    "hr",  "img",    "input",
      "link", "meta",  "param", "source", "track",    "wbr", "keygen", "p",
      "li",   "dt",    "dd",    "option", "optgroup", "rb",  "rp",     "rt",
      "rtc",  "tbody", "thead", "tfoot",  "tr",       "td",  "th"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

}  // namespace

void HtmlDocument::Destroy::operator()(GumboOutput* output) const {
  const GumboOptions options = fragment_options();
  gumbo_destroy_output(&options, output);
}

HtmlDocument::HtmlDocument(std::string_view html) : source_(repair_utf8(html)) {
  if (estimated_nesting_depth(source_) > kMaxNestingDepth) return;
  const GumboOptions options = fragment_options();
  output_.reset(gumbo_parse_with_options(&options, source_.data(), source_.size()));
}

std::size_t estimated_nesting_depth(std::string_view html) {
  std::unordered_map<std::string, std::size_t> open;
  std::size_t depth = 0, deepest = 0;
  std::string name;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i)) {
    ++i;
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    if (i >= html.size() || !is_ascii_alpha(html[i])) continue;
    name.clear();
    while (i < html.size() && html[i] != '>' && html[i] != '/' &&
           !std::isspace(static_cast<unsigned char>(html[i]))) {
      name += ascii_lower(html[i++]);
    }
    if (is_uncounted(name)) continue;
    if (!closing) {
      ++open[name];
      deepest = std::max(deepest, ++depth);
    } else if (auto it = open.find(name); it != open.end() && it->second > 0) {
      --it->second;
      --depth;
    }
  }
  return deepest;
}

std::string strip_tags(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (in_tag) {
      in_tag = c != '>';
    } else if (c == '<' && i + 1 < html.size() &&
               (is_ascii_alpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!')) {
      in_tag = true;
    } else {
      out += c;
    }
  }
  return out;
}

const GumboVector& children_of(const GumboNode& node) {
  static const GumboVector kNone = {nullptr, 0, 0};
  if (node.type == GUMBO_NODE_ELEMENT || node.type == GUMBO_NODE_TEMPLATE) {
    return node.v.element.children;
  }
  if (node.type == GUMBO_NODE_DOCUMENT) return node.v.document.children;
  return kNone;
}

std::string tag_name_of(const GumboNode& element) {
  const GumboElement& e = element.v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  // Unknown tags keep their source text ("<foo bar>"); take the name from it.
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name;
  for (std::size_t i = 0; i < piece.length; ++i) name += ascii_lower(piece.data[i]);
  return name;
}

}  // namespace marquee::text
