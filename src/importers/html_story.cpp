// Reads a saved story page: gumbo builds the HTML5 tree, a survey of the whole page finds the
// metadata, headline, dates, bylines and the story's container, and a converter writes that
// container as Markdown, leaving page furniture behind.
#include "importers/html_story.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "core/slug.h"
#include "importers/ascii_text.h"
#include "importers/refusal.h"
#include "importers/story_dates.h"

namespace marquee {

using importers_detail::collapse_spaces;
using importers_detail::date_story;
using importers_detail::ends_sentence;
using importers_detail::is_space;
using importers_detail::kMaxLabelBytes;
using importers_detail::Refusal;
using importers_detail::starts_related_block;
using importers_detail::trim;

namespace {

constexpr std::size_t kMaxPageBytes = 16u << 20;
constexpr int kMaxDepth = 400;     // deeper markup is not read; also bounds the recursion
constexpr int kMaxNesting = 1000;  // pages nested deeper are refused before parsing

struct OutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using ParsedPage = std::unique_ptr<GumboOutput, OutputDeleter>;

// ---- Small string helpers.

bool is_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

// Windows-1252 as UTF-8; its 0x80-0x9F row differs from ISO-8859-1 (smart quotes, dashes), and
// pages that say ISO-8859-1 mean it in practice.
std::string windows_1252_to_utf8(std::string_view s) {
  static constexpr std::array<char16_t, 32> kHighRow = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    const char32_t code = b >= 0x80 && b < 0xA0 ? kHighRow[b - 0x80] : b;
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  return out;
}

// The charset a page declares in its first bytes, lower-case; empty when it declares none.
std::string declared_charset(std::string_view html) {
  const std::string head = ascii_lower(html.substr(0, 4096));
  const std::size_t at = head.find("charset=");
  if (at == std::string::npos) return {};
  std::size_t from = at + 8;
  while (from < head.size() && (head[from] == '"' || head[from] == '\'')) ++from;
  std::size_t to = from;
  while (to < head.size() &&
         (std::isalnum(static_cast<unsigned char>(head[to])) || head[to] == '-' || head[to] == '_'))
    ++to;
  return head.substr(from, to - from);
}

bool is_latin_charset(std::string_view name) {
  for (std::string_view latin : {"windows-1252", "cp1252", "iso-8859-1", "iso-8859-15", "latin1",
                                 "latin-1", "us-ascii", "ascii"}) {
    if (name == latin) return true;
  }
  return false;
}

// "2010-07-21T18:39:00.000+0000" -> "2010-07-21T18:39:00+00:00", for parse_iso.
std::string tidy_iso(std::string_view text) {
  std::string s(trim(text));
  const std::size_t dot = s.find('.', 10);
  if (dot != std::string::npos) {
    std::size_t end = dot + 1;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    s.erase(dot, end - dot);
  }
  if (s.size() >= 5) {
    const std::string_view tail = std::string_view(s).substr(s.size() - 5);
    if ((tail[0] == '+' || tail[0] == '-') &&
        std::all_of(tail.begin() + 1, tail.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
        s.find('T') != std::string::npos) {
      s.insert(s.size() - 2, ":");
    }
  }
  return s;
}

// How deep the page's elements nest, counted from the tags alone (void and self-closing
// elements, paragraphs and list items do not count; script and style text is skipped), and the
// line where it first passes `limit`: the HTML5 tree builder slows down quadratically on deep
// nesting, so pages built to do that are refused before parsing. 0 when it stays within.
int line_too_deep(std::string_view html, int limit) {
  static constexpr std::array<std::string_view, 22> kNoDepth = {
      "area",   "base",  "br",  "col", "embed", "hr", "img", "input",  "link", "meta", "param",
      "source", "track", "wbr", "p",   "li",    "dt", "dd",  "option", "tr",   "td",   "th"};
  int depth = 0;
  int line = 1;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '\n') ++line;
    if (html[i] != '<' || i + 1 >= html.size()) continue;
    if (html.substr(i).starts_with("<!--")) {
      const std::size_t end = html.find("-->", i + 4);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end + 3;
      line += static_cast<int>(std::count(html.begin() + static_cast<long>(i),
                                          html.begin() + static_cast<long>(stop), '\n'));
      i = stop - 1;
      continue;
    }
    const bool closing = html[i + 1] == '/';
    std::size_t at = i + (closing ? 2 : 1);
    std::string name;
    while (at < html.size() && std::isalnum(static_cast<unsigned char>(html[at])))
      name += ascii_lower(html[at++]);
    if (name.empty()) continue;
    if (closing) {
      if (std::find(kNoDepth.begin(), kNoDepth.end(), name) == kNoDepth.end() && depth > 0) --depth;
      continue;
    }
    const std::size_t tag_end = html.find('>', at);
    const bool self_closing = tag_end != std::string_view::npos && html[tag_end - 1] == '/';
    if (name == "script" || name == "style" || name == "textarea" || name == "title") {
      // Raw text: "a<b" in a script is no tag.
      const std::string close = "</" + name;
      std::size_t end = tag_end;
      while (end != std::string_view::npos && end < html.size() &&
             ascii_lower(html.substr(end, close.size())) != close)
        end = html.find('<', end + 1);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end;
      line += static_cast<int>(std::count(html.begin() + static_cast<long>(i),
                                          html.begin() + static_cast<long>(stop), '\n'));
      i = stop - 1;
      continue;
    }
    if (self_closing || std::find(kNoDepth.begin(), kNoDepth.end(), name) != kNoDepth.end())
      continue;
    if (++depth > limit) return line;
  }
  return 0;
}

// ---- The tree.

bool is_element(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}
bool is_text(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}
GumboTag tag_of(const GumboNode* node) {
  return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}
const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (is_element(node)) return &node->v.element.children;
  return nullptr;
}
template <class Visit>
void for_each_child(const GumboNode* node, Visit&& visit) {
  const GumboVector* children = children_of(node);
  if (!children) return;
  for (unsigned i = 0; i < children->length; ++i)
    visit(static_cast<const GumboNode*>(children->data[i]));
}
std::string_view attribute(const GumboNode* node, const char* name) {
  if (!is_element(node)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}
int line_of(const GumboNode* node) {
  if (is_element(node)) return static_cast<int>(node->v.element.start_pos.line);
  if (is_text(node)) return static_cast<int>(node->v.text.start_pos.line);
  return 0;
}
bool is_heading(GumboTag tag) {
  return tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 ||
         tag == GUMBO_TAG_H6;
}

// Words of the class and id attributes, split at hyphens and underscores and lower-cased:
// class="share-bar ad_slot" gives share, bar, ad, slot.
std::vector<std::string> name_words(const GumboNode* node) {
  std::vector<std::string> words;
  for (const char* attr : {"class", "id"}) {
    std::string word;
    for (char c : attribute(node, attr)) {
      if (is_space(c) || c == '-' || c == '_') {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else {
        word += ascii_lower(c);
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}
bool has_name_word(const GumboNode* node, std::initializer_list<std::string_view> wanted) {
  const auto words = name_words(node);
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::find(wanted.begin(), wanted.end(), w) != wanted.end();
  });
}
// Whether a space-separated attribute value (class, rel) holds the word, ignoring case.
bool has_token(std::string_view list, std::string_view word) {
  const std::string tokens = ascii_lower(list);
  std::size_t from = 0;
  while (from < tokens.size()) {
    std::size_t end = tokens.find_first_of(" \t\n", from);
    if (end == std::string::npos) end = tokens.size();
    if (std::string_view(tokens).substr(from, end - from) == word) return true;
    from = end + 1;
  }
  return false;
}
bool has_class(const GumboNode* node, std::string_view wanted) {
  return has_token(attribute(node, "class"), wanted);
}
bool rel_has(const GumboNode* node, std::string_view word) {
  return has_token(attribute(node, "rel"), word);
}

bool style_hides(std::string_view style) {
  std::string compact;
  for (char c : style)
    if (!is_space(c)) compact += ascii_lower(c);
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

// Elements that are never story text, whatever their place in the page.
bool is_furniture(const GumboNode* node) {
  switch (tag_of(node)) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_HEAD:
      return true;
    default:
      break;
  }
  if (!is_element(node)) return false;
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden") ||
      attribute(node, "aria-hidden") == "true" || style_hides(attribute(node, "style"))) {
    return true;
  }
  const std::string role = ascii_lower(attribute(node, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary") {
    return true;
  }
  return has_name_word(
      node, {"ad",          "ads",       "advert",  "advertisement", "advertising", "sponsor",
             "sponsored",   "promo",     "share",   "sharing",       "social",      "newsletter",
             "subscribe",   "comments",  "comment", "related",       "recommended", "outbrain",
             "taboola",     "popup",     "modal",   "cookie",        "cookies",     "breadcrumb",
             "breadcrumbs", "sidebar",   "toolbar", "paywall",       "signup",      "trending",
             "popular",     "tags",      "nav",     "navigation",    "menu",        "masthead",
             "tweet",       "instagram", "embed"});
}

bool is_block(const GumboNode* node) {
  switch (tag_of(node)) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FORM:
      return true;
    default:
      return false;
  }
}

bool has_block_child(const GumboNode* node) {
  bool found = false;
  for_each_child(node, [&](const GumboNode* child) { found = found || is_block(child); });
  return found;
}

void gather_text(const GumboNode* node, std::string& out, int depth) {
  if (depth > kMaxDepth) return;
  if (is_text(node)) {
    out += node->v.text.text;
    return;
  }
  if (!is_element(node) || is_furniture(node)) return;
  if (tag_of(node) == GUMBO_TAG_BR || is_block(node)) out += ' ';
  for_each_child(node, [&](const GumboNode* child) { gather_text(child, out, depth + 1); });
  if (is_block(node)) out += ' ';
}

// The visible text of an element, furniture left out, spaces collapsed.
std::string text_of(const GumboNode* node) {
  std::string raw;
  gather_text(node, raw, 0);
  return collapse_spaces(raw);
}

// Length of paragraph text under a node: what "the largest block of <p>" measures.
std::size_t paragraph_bytes(const GumboNode* node, bool direct_only, int depth = 0) {
  if (depth > kMaxDepth) return 0;
  std::size_t total = 0;
  for_each_child(node, [&](const GumboNode* child) {
    if (!is_element(child) || is_furniture(child)) return;
    if (tag_of(child) == GUMBO_TAG_P) {
      total += text_of(child).size();
    } else if (!direct_only) {
      total += paragraph_bytes(child, false, depth + 1);
    }
  });
  return total;
}

bool inside(const GumboNode* node, const GumboNode* ancestor) {
  for (const GumboNode* n = node; n; n = n->parent)
    if (n == ancestor) return true;
  return false;
}

bool inside_tag(const GumboNode* node, GumboTag tag) {
  for (const GumboNode* n = node->parent; n; n = n->parent)
    if (tag_of(n) == tag) return true;
  return false;
}

std::string link_destination(std::string_view href) {
  std::string out;
  for (char c : trim(href)) {
    switch (c) {
      case ' ':
        out += "%20";
        break;
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      default:
        if (!is_space(c)) out += c;
    }
  }
  return out;
}

bool is_web_link(std::string_view href) {
  href = trim(href);
  return istarts_with(href, "http://") || istarts_with(href, "https://");
}

// What a walk over the whole page finds before the story is chosen.
struct Survey {
  std::map<std::string, std::string> meta;  // name, property or itemprop (lower-case) -> content
  std::string title;
  std::vector<const GumboNode*> h1s;
  std::vector<const GumboNode*> times;
  std::vector<const GumboNode*> authors;    // rel=author links, itemprop=author elements
  std::vector<const GumboNode*> bylines;    // class byline, author, dateline, date, timestamp
  std::vector<const GumboNode*> articles;   // <article>
  std::vector<const GumboNode*> bodies;     // itemprop=articleBody and the usual body classes
  std::vector<const GumboNode*> tag_links;  // rel=tag, or links inside class "tags"
  const GumboNode* dek = nullptr;
  const GumboNode* related_heading = nullptr;
  const GumboNode* related_box = nullptr;
};

// A heading-like element whose text opens a related block: "Read on for more ...". Containers
// of blocks are not headings, which also keeps the page survey linear.
bool opens_related_block(const GumboNode* node) {
  const GumboTag tag = tag_of(node);
  const bool heading_like = is_heading(tag) || tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV ||
                            tag == GUMBO_TAG_SPAN || tag == GUMBO_TAG_STRONG || tag == GUMBO_TAG_B;
  return heading_like && !has_block_child(node) && starts_related_block(text_of(node));
}

// The innermost element under node that opens a related block, in page order.
const GumboNode* find_related_heading(const GumboNode* node, int depth) {
  if (depth > kMaxDepth || !is_element(node)) return nullptr;
  const GumboNode* found = nullptr;
  for_each_child(node, [&](const GumboNode* child) {
    if (!found) found = find_related_heading(child, depth + 1);
  });
  if (!found && opens_related_block(node)) found = node;
  return found;
}

bool is_body_container(const GumboNode* node) {
  if (ascii_lower(attribute(node, "itemprop")) == "articlebody") return true;
  for (std::string_view name : {"article-body", "articlebody", "article__body", "story-body",
                                "entry-content", "post-content", "article-content", "story-content",
                                "post-body", "story-text", "article-text"}) {
    if (has_class(node, name)) return true;
  }
  return false;
}

void survey(const GumboNode* node, Survey& s, int depth) {
  if (depth > kMaxDepth || !is_element(node)) return;
  const GumboTag tag = tag_of(node);
  if (tag == GUMBO_TAG_META) {
    std::string key = ascii_lower(attribute(node, "property"));
    if (key.empty()) key = ascii_lower(attribute(node, "name"));
    if (key.empty()) key = ascii_lower(attribute(node, "itemprop"));
    const std::string content = collapse_spaces(attribute(node, "content"));
    if (!key.empty() && !content.empty()) s.meta.emplace(key, content);
    return;
  }
  if (tag == GUMBO_TAG_TITLE && s.title.empty()) {
    s.title = text_of(node);
    return;
  }
  if (tag == GUMBO_TAG_A && rel_has(node, "tag")) s.tag_links.push_back(node);
  if (is_furniture(node)) {
    if (has_name_word(node, {"tags"})) {
      // Links inside a tag list are tags.
      const std::function<void(const GumboNode*, int)> links = [&](const GumboNode* n, int d) {
        if (d > kMaxDepth) return;
        if (tag_of(n) == GUMBO_TAG_A) s.tag_links.push_back(n);
        for_each_child(n, [&](const GumboNode* c) { links(c, d + 1); });
      };
      links(node, depth);
      return;
    }
    if (has_name_word(node, {"related"}) && !s.related_box && tag != GUMBO_TAG_A)
      s.related_box = node;
    if (tag == GUMBO_TAG_HEAD) {
      for_each_child(node, [&](const GumboNode* child) { survey(child, s, depth + 1); });
    } else if (!s.related_heading) {
      // A "Read on" heading in a related box still counts; nothing else in furniture does.
      s.related_heading = find_related_heading(node, depth);
    }
    return;
  }
  switch (tag) {
    case GUMBO_TAG_H1:
      s.h1s.push_back(node);
      break;
    case GUMBO_TAG_TIME:
      s.times.push_back(node);
      break;
    case GUMBO_TAG_ARTICLE:
      s.articles.push_back(node);
      break;
    default:
      break;
  }
  if ((tag == GUMBO_TAG_A || tag == GUMBO_TAG_LINK) && rel_has(node, "author"))
    s.authors.push_back(node);
  else if (ascii_lower(attribute(node, "itemprop")) == "author")
    s.authors.push_back(node);
  if (is_body_container(node)) s.bodies.push_back(node);
  if (!s.dek && has_name_word(node, {"dek", "deck", "standfirst", "subhead", "subheadline",
                                     "strapline", "subtitle"})) {
    s.dek = node;
  }
  const bool bylineish =
      has_name_word(node, {"byline", "author", "authors", "dateline", "date", "timestamp",
                           "published", "pubdate", "posted", "updated"});
  if (bylineish && tag != GUMBO_TAG_TIME && tag != GUMBO_TAG_ARTICLE) s.bylines.push_back(node);

  for_each_child(node, [&](const GumboNode* child) { survey(child, s, depth + 1); });

  // Checked after the children so that the innermost element holding the heading is taken.
  if (!s.related_heading && opens_related_block(node)) s.related_heading = node;
}

// Writes the story's container as Markdown blocks and collects captions on the way.
class MarkdownWriter {
 public:
  MarkdownWriter(const GlueRepair& repair, const GumboNode* skip_dek, const GumboNode* stop_at)
      : repair_(repair), skip_dek_(skip_dek), stop_at_(stop_at) {}

  // The container's children, as blocks: the container itself may be any element.
  void write(const GumboNode* container) {
    for_each_child(container, [&](const GumboNode* child) { block(child, 1); });
    flush();
  }

  std::vector<std::string> blocks;
  std::vector<int> block_lines;
  std::vector<std::string> captions;

 private:
  std::string repaired(std::string_view text) const {
    return repair_ ? repair_(text) : std::string(text);
  }

  void append_text(std::string& out, std::string_view raw) {
    std::string text = collapse_spaces(raw);
    const bool leading_space =
        !raw.empty() && (is_space(raw.front()) || raw.starts_with("\xC2\xA0"));
    const bool trailing_space = !raw.empty() && (is_space(raw.back()) || raw.ends_with("\xC2\xA0"));
    if (text.empty()) {
      if (!raw.empty() && !out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      return;
    }
    if (leading_space && !out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    // A link glued to the next word ("<a>Eclipse</a>may be") gets its space back.
    if (after_link_ && !leading_space && is_letter(last_char_) && is_letter(text.front()))
      out += ' ';
    after_link_ = false;
    out += markdown_text(repaired(text));
    last_char_ = trailing_space ? ' ' : text.back();
    if (trailing_space) out += ' ';
  }

  // "<em> The Runaways </em>" -> " *The Runaways* ": markers hug the words.
  static void wrap(std::string& out, const std::string& inner, std::string_view marker) {
    const std::string_view body = trim(inner);
    if (body.empty()) {
      if (!inner.empty() && !out.empty() && out.back() != ' ') out += ' ';
      return;
    }
    if (is_space(inner.front()) && !out.empty() && out.back() != ' ') out += ' ';
    out.append(marker).append(body).append(marker);
    if (is_space(inner.back())) out += ' ';
  }

  void inline_into(const GumboNode* node, std::string& out, int depth) {
    if (depth > kMaxDepth) return;
    if (is_text(node)) {
      append_text(out, node->v.text.text);
      return;
    }
    if (!is_element(node) || is_furniture(node)) return;
    const GumboTag tag = tag_of(node);
    std::string inner;
    const auto children_into = [&](std::string& target) {
      for_each_child(node, [&](const GumboNode* c) { inline_into(c, target, depth + 1); });
    };
    switch (tag) {
      case GUMBO_TAG_BR:
        out += '\n';
        return;
      case GUMBO_TAG_IMG:
      case GUMBO_TAG_SOURCE:
        return;
      case GUMBO_TAG_EM:
      case GUMBO_TAG_I:
      case GUMBO_TAG_CITE:
        children_into(inner);
        wrap(out, inner, "*");
        return;
      case GUMBO_TAG_STRONG:
      case GUMBO_TAG_B:
        children_into(inner);
        wrap(out, inner, "**");
        return;
      case GUMBO_TAG_A: {
        // "The Runaways<a>The Twilight Saga</a>": the page lost the space before a link.
        const std::string label = text_of(node);
        if (!out.empty() && out.back() != ' ' && is_letter(last_char_) && !label.empty() &&
            is_letter(label.front()))
          out += ' ';
        after_link_ = false;
        children_into(inner);
        const std::string_view href = attribute(node, "href");
        if (is_web_link(href) && !trim(inner).empty()) {
          if (is_space(inner.front()) && !out.empty() && out.back() != ' ') out += ' ';
          out.append("[").append(trim(inner)).append("](");
          out.append(link_destination(href)).append(")");
          if (is_space(inner.back())) out += ' ';
        } else {
          out += inner;
        }
        after_link_ = true;
        return;
      }
      default:
        children_into(out);
    }
  }

  void flush() {
    const std::string text = std::move(pending_);
    pending_.clear();
    emit_paragraphs(text, pending_line_);
  }

  // Two line breaks in a row end a paragraph, as old pages wrote them; one is a space.
  void emit_paragraphs(const std::string& markdown, int line) {
    std::size_t from = 0;
    while (from < markdown.size()) {
      std::size_t end = from;
      std::size_t breaks_end = markdown.size();
      for (; end < markdown.size(); ++end) {
        if (markdown[end] != '\n') continue;
        std::size_t k = end + 1;
        while (k < markdown.size() && (markdown[k] == ' ' || markdown[k] == '\n')) ++k;
        if (std::count(markdown.begin() + static_cast<long>(end),
                       markdown.begin() + static_cast<long>(k), '\n') >= 2) {
          breaks_end = k;
          break;
        }
      }
      std::string part = markdown.substr(from, end - from);
      std::replace(part.begin(), part.end(), '\n', ' ');
      part = collapse_spaces(part);
      if (!part.empty()) {
        blocks.push_back(std::move(part));
        block_lines.push_back(line);
      }
      if (end >= markdown.size()) break;
      from = breaks_end;
    }
  }

  void add_caption(const GumboNode* node) {
    if (std::find(caption_nodes_.begin(), caption_nodes_.end(), node) != caption_nodes_.end())
      return;
    caption_nodes_.push_back(node);
    const std::string text = text_of(node);
    if (!text.empty()) captions.push_back(repaired(text));
  }

  void find_captions(const GumboNode* node, int depth) {
    if (depth > kMaxDepth || !is_element(node)) return;
    if (tag_of(node) == GUMBO_TAG_FIGCAPTION || has_name_word(node, {"caption"})) {
      add_caption(node);
      return;
    }
    for_each_child(node, [&](const GumboNode* c) { find_captions(c, depth + 1); });
  }

  void list(const GumboNode* node, int depth) {
    const bool numbered = tag_of(node) == GUMBO_TAG_OL;
    std::string out;
    int number = 0;
    for_each_child(node, [&](const GumboNode* item) {
      if (tag_of(item) != GUMBO_TAG_LI || is_furniture(item)) return;
      std::string text;
      inline_into(item, text, depth + 1);
      std::replace(text.begin(), text.end(), '\n', ' ');
      text = collapse_spaces(text);
      if (text.empty()) return;
      if (!out.empty()) out += '\n';
      out += numbered ? std::to_string(++number) + ". " : std::string("- ");
      out += text;
    });
    if (!out.empty()) {
      blocks.push_back(std::move(out));
      block_lines.push_back(line_of(node));
    }
  }

  void quote(const GumboNode* node) {
    MarkdownWriter inner(repair_, skip_dek_, stop_at_);
    for_each_child(node, [&](const GumboNode* c) { inner.block(c, 1); });
    inner.flush();
    std::string out;
    for (const auto& b : inner.blocks) {
      if (!out.empty()) out += "\n>\n";
      out += "> ";
      for (char c : b) {
        out += c;
        if (c == '\n') out += "> ";
      }
    }
    for (std::size_t i = 0; i < inner.captions.size(); ++i) captions.push_back(inner.captions[i]);
    if (!out.empty()) {
      blocks.push_back(std::move(out));
      block_lines.push_back(line_of(node));
    }
  }

  void block(const GumboNode* node, int depth) {
    if (stopped_ || depth > kMaxDepth) return;
    if (node == stop_at_) {
      stopped_ = true;
      return;
    }
    if (is_text(node)) {
      if (pending_.empty()) pending_line_ = line_of(node);
      inline_into(node, pending_, depth);
      return;
    }
    if (!is_element(node) || is_furniture(node) || node == skip_dek_) return;
    const GumboTag tag = tag_of(node);
    if (tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_FIGCAPTION ||
        has_name_word(node, {"caption"})) {
      flush();
      find_captions(node, depth);
      return;
    }
    if (tag == GUMBO_TAG_TIME) return;  // a date beside the paragraphs is the page's metadata
    if (!is_block(node)) {
      if (pending_.empty()) pending_line_ = line_of(node);
      inline_into(node, pending_, depth);
      return;
    }
    flush();
    switch (tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_HEADER:
      case GUMBO_TAG_FOOTER:
      case GUMBO_TAG_ASIDE:
      case GUMBO_TAG_TABLE:
      case GUMBO_TAG_HR:
        return;
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
        list(node, depth);
        return;
      case GUMBO_TAG_BLOCKQUOTE:
        quote(node);
        return;
      default:
        break;
    }
    if (is_heading(tag)) {
      std::string text;
      inline_into(node, text, depth + 1);
      std::replace(text.begin(), text.end(), '\n', ' ');
      text = collapse_spaces(text);
      if (!text.empty()) {
        blocks.push_back(std::string(tag == GUMBO_TAG_H2 ? "## " : "### ") + text);
        block_lines.push_back(line_of(node));
      }
      return;
    }
    if (tag == GUMBO_TAG_P || !has_block_child(node)) {
      pending_line_ = line_of(node);
      for_each_child(node, [&](const GumboNode* c) {
        if (!stopped_ && c == stop_at_) stopped_ = true;
        if (!stopped_) inline_into(c, pending_, depth + 1);
      });
      flush();
      return;
    }
    for_each_child(node, [&](const GumboNode* c) { block(c, depth + 1); });
    flush();
  }

  const GlueRepair& repair_;
  const GumboNode* skip_dek_;
  const GumboNode* stop_at_;
  std::string pending_;
  int pending_line_ = 0;
  std::vector<const GumboNode*> caption_nodes_;  // each caption once, however it was reached
  bool after_link_ = false;
  char last_char_ = ' ';  // the last character of text written, markup aside
  bool stopped_ = false;
};

class PageReader {
 public:
  PageReader(const GumboOutput& page, const SiteTime& site_time, const GlueRepair& repair)
      : page_(page), site_time_(site_time), repair_(repair) {}

  ScrapedStory read() {
    survey(page_.root, survey_, 0);
    choose_root();
    prefer_the_article();
    read_headline();
    read_dek();
    read_dates();
    read_bylines();
    read_tags();
    read_body();
    read_related();
    return finish();
  }

 private:
  std::string repaired(std::string_view text) const {
    return repair_ ? repair_(text) : std::string(text);
  }

  std::string meta(std::initializer_list<const char*> keys) const {
    for (const char* key : keys) {
      auto it = survey_.meta.find(key);
      if (it != survey_.meta.end() && !it->second.empty()) return it->second;
    }
    return {};
  }

  // The story's container: a marked article body, else the <article> with the most paragraph
  // text, else the element whose own paragraphs hold the most text.
  void choose_root() {
    const auto most_paragraphs = [](const std::vector<const GumboNode*>& nodes) {
      const GumboNode* best = nullptr;
      std::size_t best_bytes = 0;
      for (const auto* node : nodes) {
        const std::size_t bytes = paragraph_bytes(node, false);
        if (!best || bytes > best_bytes) best = node, best_bytes = bytes;
      }
      return best;
    };
    article_ = most_paragraphs(survey_.articles);
    root_ = most_paragraphs(survey_.bodies);
    if (!root_) root_ = article_;
    if (!root_) {
      std::size_t best_bytes = 0;
      const std::function<void(const GumboNode*, int)> visit = [&](const GumboNode* node, int d) {
        if (d > kMaxDepth || !is_element(node) || is_furniture(node)) return;
        const std::size_t bytes = paragraph_bytes(node, true);
        if (bytes > best_bytes) root_ = node, best_bytes = bytes;
        for_each_child(node, [&](const GumboNode* c) { visit(c, d + 1); });
      };
      visit(page_.root, 0);
    }
  }

  // When the story's <article> has its own dates or bylines, those elsewhere on the page (a
  // list of other stories with their times, say) are not the story's.
  void prefer_the_article() {
    if (!article_) return;
    for (auto* nodes : {&survey_.times, &survey_.authors, &survey_.bylines}) {
      const auto outside =
          std::stable_partition(nodes->begin(), nodes->end(),
                                [&](const GumboNode* node) { return inside(node, article_); });
      if (outside != nodes->begin()) nodes->erase(outside, nodes->end());
    }
  }

  void read_headline() {
    Article& article = story_.story.article;
    const GumboNode* chosen = nullptr;
    for (const auto* h1 : survey_.h1s) {
      if (!article_ || !inside(h1, article_)) continue;
      chosen = h1;
      break;
    }
    if (!chosen) {
      for (const auto* h1 : survey_.h1s) {
        // A site's logo is often an <h1> in the page header.
        if (inside_tag(h1, GUMBO_TAG_HEADER) && !inside_tag(h1, GUMBO_TAG_ARTICLE)) continue;
        chosen = h1;
        break;
      }
    }
    std::string headline = chosen ? text_of(chosen) : std::string();
    if (headline.empty()) headline = meta({"og:title", "twitter:title", "headline"});
    if (headline.empty()) {
      headline = survey_.title;
      // "Headline | Site": the site's name goes.
      for (std::string_view separator : {" | ", " - ", " \xE2\x80\x94 ", " :: "}) {
        const std::size_t at = headline.rfind(separator);
        if (at != std::string::npos && at > 0) {
          headline.resize(at);
          break;
        }
      }
    }
    headline = collapse_spaces(headline);
    if (headline.empty()) {
      throw Refusal{1, "the page has no headline: no <h1>, og:title or <title> with text"};
    }
    if (headline.size() > 400) {
      throw Refusal{chosen ? line_of(chosen) : 1,
                    "the page has no headline: its title is " + std::to_string(headline.size()) +
                        " bytes long, a paragraph rather than a headline"};
    }
    article.headline = repaired(headline);
    article.slug = slugify(article.headline);
    if (article.slug.empty()) {
      throw Refusal{chosen ? line_of(chosen) : 1,
                    "the headline '" + headline + "' has no letters or digits to make an address"};
    }
  }

  void read_dek() {
    std::string dek;
    if (survey_.dek && !(article_ && !inside(survey_.dek, article_))) dek = text_of(survey_.dek);
    if (dek.empty() || dek.size() > 600) {
      dek = meta({"description", "og:description", "twitter:description"});
      skip_dek_ = nullptr;
    } else {
      skip_dek_ = survey_.dek;
    }
    story_.story.article.dek = repaired(dek);
  }

  // A date from one place on the page; the first problem is kept for when no place gives one.
  void consider(const DatelineReading& reading, int line, bool updated_only) {
    if (!reading.problem.empty()) {
      if (problem_.empty()) problem_ = reading.problem, problem_line_ = line;
      return;
    }
    const Dateline& d = reading.dateline;
    const auto& published = updated_only ? std::optional<Time>() : d.published;
    const auto& updated = updated_only ? (d.updated ? d.updated : d.published) : d.updated;
    if (published && !published_) {
      published_ = published;
      if (d.date_only) {
        story_.notes.push_back("line " + std::to_string(line) +
                               ": the date has no time; midnight in the site's zone is assumed");
      }
    }
    if (updated && (!updated_ || *updated > *updated_)) updated_ = updated;
    for (const auto& name : d.byline_names) add_byline(name);
  }

  std::optional<Time> machine_time(std::string_view text) const {
    const std::string tidy = tidy_iso(text);
    if (auto t = parse_iso(tidy)) return t;
    return site_time_.parse_local(tidy);
  }

  void read_dates() {
    for (const auto* node : survey_.times) {
      const bool updated = has_name_word(node, {"updated", "modified"}) ||
                           ascii_lower(attribute(node, "itemprop")) == "datemodified";
      const std::string_view datetime = attribute(node, "datetime");
      const std::string text = text_of(node);
      DatelineReading reading;
      if (!trim(datetime).empty()) {
        if (auto t = machine_time(datetime)) {
          reading.is_dateline = true;
          reading.dateline.published = t;
        } else {
          reading = read_dateline(text, site_time_);
          if (!reading.dateline.published && reading.problem.empty()) {
            reading.problem = "the <time> element's datetime '" + std::string(trim(datetime)) +
                              "' cannot be read; write it like 2010-07-21T14:39:00-04:00";
          }
        }
      } else {
        reading = read_dateline(text, site_time_);
        if (!reading.is_dateline) continue;
      }
      consider(reading, line_of(node), updated);
    }
    const auto from_meta = [&](std::initializer_list<const char*> keys, bool updated) {
      const std::string value = meta(keys);
      if (value.empty()) return;
      DatelineReading reading;
      if (auto t = machine_time(value)) {
        reading.dateline.published = t;
      } else {
        reading = read_dateline(value, site_time_);
        if (!reading.dateline.published && reading.problem.empty())
          reading.problem = "the page's date '" + value + "' cannot be read";
      }
      consider(reading, 0, updated);
    };
    from_meta({"article:published_time", "datepublished", "og:published_time", "pubdate",
               "publishdate", "date", "dc.date", "dc.date.issued", "parsely-pub-date"},
              false);
    from_meta({"article:modified_time", "og:updated_time", "datemodified"}, true);
    for (const auto* node : survey_.bylines) {
      const std::string text = text_of(node);
      if (text.empty() || text.size() > kMaxLabelBytes) continue;
      const auto reading = read_dateline(text, site_time_);
      if (!reading.is_dateline) continue;
      consider(reading, line_of(node), has_name_word(node, {"updated"}));
    }
  }

  void add_byline(const std::string& name) {
    if (name.empty()) return;
    if (std::find(story_.byline_names.begin(), story_.byline_names.end(), name) ==
        story_.byline_names.end())
      story_.byline_names.push_back(name);
  }

  void read_bylines() {
    for (const auto* node : survey_.authors) {
      std::string text = text_of(node);
      if (text.empty() && tag_of(node) == GUMBO_TAG_LINK) continue;
      for (const auto& name : byline_names(text)) add_byline(name);
    }
    if (story_.byline_names.empty()) {
      const std::string author = meta({"author", "article:author", "byl", "parsely-author"});
      if (!author.empty() && !is_web_link(author)) {
        for (const auto& name : byline_names(author)) add_byline(name);
      }
    }
  }

  void read_tags() {
    auto& tags = story_.story.article.tags;
    for (const auto* node : survey_.tag_links) {
      const std::string tag = text_of(node);
      if (tag.empty() || tag.size() > 80) continue;
      const bool seen = std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
        return ascii_lower(t) == ascii_lower(tag);
      });
      if (!seen) tags.push_back(tag);
    }
  }

  void read_body() {
    if (!root_) return;
    MarkdownWriter writer(repair_, skip_dek_, survey_.related_heading);
    writer.write(root_);
    // Captions of figures outside the body container but inside the story's <article>.
    story_.captions = std::move(writer.captions);
    if (article_ && article_ != root_) {
      const std::function<void(const GumboNode*, int)> visit = [&](const GumboNode* node, int d) {
        if (d > kMaxDepth || !is_element(node) || is_furniture(node) || node == root_) return;
        if (tag_of(node) == GUMBO_TAG_FIGCAPTION) {
          const std::string text = text_of(node);
          if (!text.empty()) story_.captions.push_back(repaired(text));
          return;
        }
        for_each_child(node, [&](const GumboNode* c) { visit(c, d + 1); });
      };
      visit(article_, 0);
    }
    // Datelines written as the first paragraphs ("<p>By Maya Okafor | Jul 21, 2010 ...</p>").
    std::size_t first = 0;
    while (first < writer.blocks.size() && first < 3) {
      const std::string& block = writer.blocks[first];
      const auto reading = read_dateline(block, site_time_);
      // "July 4 weekend grosses were ..." opens a paragraph, not a dateline.
      if (!reading.is_dateline || (!reading.problem.empty() && ends_sentence(block))) break;
      consider(reading, writer.block_lines[first], false);
      ++first;
    }
    for (std::size_t i = first; i < writer.blocks.size(); ++i) {
      const std::string& block = writer.blocks[i];
      if (block == "Advertisement" || block == "ADVERTISEMENT") continue;
      if (!body_line_) body_line_ = writer.block_lines[i];
      if (!story_.story.article.body.empty()) story_.story.article.body += "\n\n";
      story_.story.article.body += block;
    }
  }

  void read_related() {
    const GumboNode* heading = survey_.related_heading;
    if (heading) {
      story_.related_heading = repaired(text_of(heading));
      // The links after the heading: among its following siblings, or its parent's.
      for (const GumboNode* from = heading; from && from->parent && story_.related_links.empty();
           from = from->parent) {
        const GumboVector& siblings = from->parent->type == GUMBO_NODE_DOCUMENT
                                          ? from->parent->v.document.children
                                          : from->parent->v.element.children;
        for (unsigned i = from->index_within_parent + 1; i < siblings.length; ++i)
          collect_links(static_cast<const GumboNode*>(siblings.data[i]), 0);
        if (from->parent == root_ || tag_of(from->parent) == GUMBO_TAG_BODY) break;
      }
      return;
    }
    if (const GumboNode* box = survey_.related_box) {
      const std::function<const GumboNode*(const GumboNode*, int)> first_heading =
          [&](const GumboNode* n, int d) -> const GumboNode* {
        if (d > kMaxDepth) return nullptr;
        if (is_heading(tag_of(n))) return n;
        const GumboNode* found = nullptr;
        for_each_child(n, [&](const GumboNode* c) {
          if (!found) found = first_heading(c, d + 1);
        });
        return found;
      };
      if (const GumboNode* h = first_heading(box, 0)) story_.related_heading = repaired(text_of(h));
      collect_links(box, 0);
    }
  }

  void collect_links(const GumboNode* node, int depth) {
    if (depth > kMaxDepth || !is_element(node)) return;
    if (tag_of(node) == GUMBO_TAG_A) {
      const std::string text = text_of(node);
      if (!text.empty() && text.size() <= kMaxLabelBytes)
        story_.related_links.push_back(repaired(text));
      return;
    }
    if (is_heading(tag_of(node))) return;
    for_each_child(node, [&](const GumboNode* c) { collect_links(c, depth + 1); });
  }

  ScrapedStory finish() {
    Article& article = story_.story.article;
    if (!problem_.empty() && !published_) {
      throw Refusal{problem_line_, "the date cannot be read: " + problem_};
    }
    if (trim(article.body).empty()) {
      throw Refusal{root_ ? line_of(root_) : 1,
                    "the page has no body: no paragraphs in an <article> or anywhere else"};
    }
    article.body += '\n';
    story_.story.body_line = body_line_;
    date_story(article, published_, updated_);
    if (!published_) {
      story_.notes.push_back(
          "the page gives no publication date; the story is imported as a draft");
    }
    return std::move(story_);
  }

  const GumboOutput& page_;
  const SiteTime& site_time_;
  const GlueRepair& repair_;
  Survey survey_;
  ScrapedStory story_;
  const GumboNode* article_ = nullptr;
  const GumboNode* root_ = nullptr;
  const GumboNode* skip_dek_ = nullptr;
  std::optional<Time> published_;
  std::optional<Time> updated_;
  std::string problem_;
  int problem_line_ = 0;
  int body_line_ = 0;
};

}  // namespace

ScrapedStoryResult parse_html_story(std::string_view html, const SiteTime& site_time,
                                    const GlueRepair& repair) {
  try {
    if (html.starts_with("\xEF\xBB\xBF")) html.remove_prefix(3);
    if (html.size() > kMaxPageBytes) {
      throw Refusal{0, "the page is " + std::to_string(html.size()) +
                           " bytes; a saved story page may have at most " +
                           std::to_string(kMaxPageBytes)};
    }
    if (trim(html).empty()) throw Refusal{1, "the file is empty"};
    std::string converted;
    std::vector<std::string> notes;
    if (auto error = unreadable_text(html, kMaxPageBytes)) {
      const std::string charset = declared_charset(html);
      const bool bad_utf8 = error->message.find("UTF-8") != std::string::npos;
      if (!bad_utf8 || !is_latin_charset(charset)) return *error;
      converted = windows_1252_to_utf8(html);
      html = converted;
      notes.push_back("the page is in " + charset + "; it was converted to UTF-8");
    }
    if (const int line = line_too_deep(html, kMaxNesting)) {
      throw Refusal{line, "the markup nests more than " + std::to_string(kMaxNesting) +
                              " elements deep here, which no story page does"};
    }
    // Unlimited error records cost memory quadratic in some malformed pages; none are read.
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    ParsedPage page(gumbo_parse_with_options(&options, html.data(), html.size()));
    if (!page) throw Refusal{0, "the page could not be parsed"};
    PageReader reader(*page, site_time, repair);
    ScrapedStory story = reader.read();
    story.notes.insert(story.notes.begin(), notes.begin(), notes.end());
    return story;
  } catch (Refusal& refusal) {
    return StoryFileError{refusal.line, std::move(refusal.message)};
  }
}

}  // namespace marquee
