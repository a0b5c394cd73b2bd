// WordPress bodies to Markdown: shortcodes rewritten to HTML, the HTML parsed by libxml2 (in
// recovery mode, as browsers forgive what WordPress lets through), and the tree written out block
// by block. Raw HTML is used where Markdown has no form (a figure with its caption, a table); the
// story's renderer sanitises it like any other body.
#include "importers/wordpress/wp_body.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "core/ascii.h"
#include "text/text.h"

namespace marquee::importers {
namespace {

// --- shortcodes

struct Shortcode {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<std::string> bare;  // values without a name ([embed https://...])
};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// The attributes of an opening tag's text after its name, as WordPress's shortcode_parse_atts
// reads them: name="value", name='value', name=value, or a bare value.
void parse_attributes(std::string_view text, Shortcode& code) {
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                               text[i] == '\r' || text[i] == '/'))
      ++i;
  };
  auto value_at = [&]() {
    std::string value;
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
      char quote = text[i++];
      std::size_t end = text.find(quote, i);
      if (end == std::string_view::npos) end = text.size();
      value = std::string(text.substr(i, end - i));
      i = std::min(end + 1, text.size());
    } else {
      std::size_t start = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') ++i;
      value = std::string(text.substr(start, i - start));
    }
    return value;
  };
  while (true) {
    skip_space();
    if (i >= text.size()) break;
    std::size_t start = i;
    while (i < text.size() && is_name_char(text[i])) ++i;
    if (i > start && i < text.size() && text[i] == '=') {
      std::string key(text.substr(start, i - start));
      ++i;
      std::transform(key.begin(), key.end(), key.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
      code.attributes[key] = value_at();
    } else {
      i = start;
      std::string value = value_at();
      if (value.empty())
        ++i;
      else
        code.bare.push_back(std::move(value));
    }
  }
}

std::string attr(const Shortcode& code, const std::string& name) {
  auto it = code.attributes.find(name);
  return it == code.attributes.end() ? std::string() : it->second;
}

// An address-only paragraph the writer turns into a bare URL line.
std::string embed_marker(std::string_view url) {
  return "<p class=\"marquee-embed\">" + text::html_escape(std::string(ascii_trim(url))) + "</p>";
}

// The media address of [video]/[audio]: src, else the first format attribute that is there.
std::string media_source(const Shortcode& code) {
  for (const char* key : {"src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav"}) {
    std::string value = attr(code, key);
    if (!value.empty()) return value;
  }
  return code.bare.empty() ? std::string() : code.bare.front();
}

// Rewrites the shortcodes WordPress sites use for content into HTML the writer understands.
// Unknown ones with a closing tag keep what they enclose; unknown ones with attributes (a form,
// a widget) are dropped; both are named in notes. A bracketed word alone ("[laughs]") is text.
std::string expand_shortcodes(std::string_view content, std::vector<std::string>& notes) {
  static const std::set<std::string> kKnown = {"caption", "wp_caption", "gallery",
                                               "embed",   "video",      "audio"};
  std::string out;
  out.reserve(content.size());
  std::set<std::string> reported;
  std::size_t i = 0;
  while (i < content.size()) {
    std::size_t open = content.find('[', i);
    if (open == std::string_view::npos) {
      out.append(content.substr(i));
      break;
    }
    out.append(content.substr(i, open - i));
    // [[name]] is WordPress's way to write a shortcode as text: one bracket each side goes.
    if (open + 1 < content.size() && content[open + 1] == '[') {
      std::size_t close = content.find("]]", open);
      if (close != std::string_view::npos && close - open < 400) {
        out.append(content.substr(open + 1, close - open));
        i = close + 2;
        continue;
      }
    }
    std::size_t name_end = open + 1;
    while (name_end < content.size() && is_name_char(content[name_end])) ++name_end;
    std::size_t tag_end = content.find(']', open);
    if (name_end == open + 1 || tag_end == std::string_view::npos ||
        (content[name_end] != ' ' && content[name_end] != ']' && content[name_end] != '/' &&
         content[name_end] != '\n')) {
      out += '[';
      i = open + 1;
      continue;
    }
    Shortcode code;
    code.name = std::string(content.substr(open + 1, name_end - open - 1));
    std::transform(code.name.begin(), code.name.end(), code.name.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
    parse_attributes(content.substr(name_end, tag_end - name_end), code);
    const std::string closing = "[/" + code.name + "]";
    std::size_t close = content.find(closing, tag_end + 1);
    // Only enclosing shortcodes are searched for their end; self-closing ones end at ']'.
    bool self_closing = tag_end > 0 && content[tag_end - 1] == '/';
    std::string_view inner;
    std::size_t after = tag_end + 1;
    if (!self_closing && close != std::string_view::npos) {
      inner = content.substr(tag_end + 1, close - tag_end - 1);
      after = close + closing.size();
    }
    const bool known = kKnown.contains(code.name);
    if (!known) {
      const bool has_attributes = !code.attributes.empty();
      const bool encloses = after != tag_end + 1;
      if (!has_attributes && !encloses) {
        out += '[';  // a bracketed word in the text, not a shortcode
        i = open + 1;
        continue;
      }
      if (reported.insert(code.name).second) {
        notes.push_back("unknown shortcode [" + code.name + "]" +
                        (encloses ? ": its text is kept" : ": left out"));
      }
      out += expand_shortcodes(inner, notes);
      i = after;
      continue;
    }
    if (code.name == "caption" || code.name == "wp_caption") {
      std::string id = attr(code, "id");
      out += "<figure class=\"marquee-caption\" data-id=\"" + text::html_escape(id) + "\">";
      out += expand_shortcodes(inner, notes);
      // Old exports put the caption in an attribute instead of after the image.
      if (std::string caption = attr(code, "caption"); !caption.empty()) {
        out += "<figcaption>" + caption + "</figcaption>";
      }
      out += "</figure>";
    } else if (code.name == "gallery") {
      std::string ids = attr(code, "ids");
      if (ids.empty() && reported.insert("gallery").second) {
        notes.push_back("a [gallery] without ids shows the photos attached to the post");
      }
      out += "<div class=\"marquee-gallery\" data-ids=\"" + text::html_escape(ids) + "\"></div>";
    } else if (code.name == "embed") {
      std::string url = std::string(ascii_trim(inner));
      if (url.empty()) url = attr(code, "src");
      if (!url.empty()) out += embed_marker(url);
    } else {  // video, audio
      std::string url = media_source(code);
      if (!url.empty()) out += embed_marker(url);
    }
    i = after;
  }
  return out;
}

// --- the HTML tree

std::string_view name_of(const xmlNode* node) {
  return node->name ? std::string_view(reinterpret_cast<const char*>(node->name))
                    : std::string_view();
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!value) return {};
  std::string text(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return text;
}

bool has_class(const xmlNode* node, std::string_view wanted) {
  std::string classes = attribute(node, "class");
  std::size_t i = 0;
  while (i < classes.size()) {
    std::size_t end = classes.find(' ', i);
    if (end == std::string::npos) end = classes.size();
    if (std::string_view(classes).substr(i, end - i) == wanted) return true;
    i = end + 1;
  }
  return false;
}

bool class_starts_with(const xmlNode* node, std::string_view prefix) {
  std::string classes = attribute(node, "class");
  std::size_t i = 0;
  while (i < classes.size()) {
    std::size_t end = classes.find(' ', i);
    if (end == std::string::npos) end = classes.size();
    if (std::string_view(classes).substr(i, end - i).starts_with(prefix)) return true;
    i = end + 1;
  }
  return false;
}

std::string text_content(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (!content) return {};
  std::string text(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return text;
}

const xmlNode* first_element(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node->children; child; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == name) return child;
    if (const xmlNode* found = first_element(child, name)) return found;
  }
  return nullptr;
}

void all_elements(const xmlNode* node, std::string_view name, std::vector<const xmlNode*>& out) {
  for (const xmlNode* child = node->children; child; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name_of(child) == name) out.push_back(child);
    all_elements(child, name, out);
  }
}

long long to_number(std::string_view text) {
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// The attachment id WordPress writes on an image: class="wp-image-123", else data-id.
long long attachment_id_of(const xmlNode* img) {
  std::string classes = attribute(img, "class");
  if (auto at = classes.find("wp-image-"); at != std::string::npos) {
    return to_number(std::string_view(classes).substr(at + 9));
  }
  return to_number(attribute(img, "data-id"));
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Collapses runs of white space to one space, as a browser shows them.
std::string collapse_space(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Text set in Markdown as it is: the characters Markdown would read as markup are escaped.
std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '#':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A block's first characters that would start a list, heading or rule are escaped.
std::string guard_block_start(std::string block) {
  if (block.empty()) return block;
  char first = block.front();
  if (first == '-' || first == '+' || first == '=') return "\\" + block;
  std::size_t digits = 0;
  while (digits < block.size() && block[digits] >= '0' && block[digits] <= '9') ++digits;
  if (digits > 0 && digits < block.size() && (block[digits] == '.' || block[digits] == ')')) {
    block.insert(digits, "\\");
  }
  return block;
}

std::string escape_html_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// Prefixes every line of block: "> " for quotes, the list marker's indent for list items.
std::string prefix_lines(std::string_view block, std::string_view first, std::string_view rest) {
  std::string out;
  bool at_start = true;
  bool first_line = true;
  for (char c : block) {
    if (at_start) {
      if (c == '\n') {
        // A blank line inside a quote stays inside it; in a list item it needs no indent.
        std::string_view p = first_line ? first : rest;
        if (p.starts_with('>')) out += '>';
        out += '\n';
        first_line = false;
        continue;
      }
      out += first_line ? first : rest;
      first_line = false;
      at_start = false;
    }
    out += c;
    if (c == '\n') at_start = true;
  }
  return out;
}

class Writer {
 public:
  Writer(const WpImageResolver& resolve, const WpBodyOptions& options, WpBody& body)
      : resolve_(resolve), options_(options), body_(body) {}

  // The Markdown blocks of node's children.
  std::vector<std::string> blocks(const xmlNode* parent) {
    std::vector<std::string> out;
    std::string pending;  // inline content not yet closed into a paragraph
    std::vector<std::string> after;
    auto flush = [&] {
      flush_paragraphs(pending, out);
      pending.clear();
      for (auto& block : after) out.push_back(std::move(block));
      after.clear();
    };
    for (const xmlNode* node = parent->children; node; node = node->next) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE ||
          (node->type == XML_ELEMENT_NODE && is_inline(name_of(node)))) {
        pending += inline_of(node, after);
        continue;
      }
      if (node->type != XML_ELEMENT_NODE) continue;
      flush();
      block(node, out);
    }
    flush();
    return out;
  }

 private:
  static bool is_inline(std::string_view name) {
    static const std::set<std::string_view> kInline = {
        "a",      "abbr", "b",   "bdi",  "bdo",  "br",  "cite", "code",  "del",   "dfn",  "em",
        "i",      "img",  "ins", "kbd",  "mark", "q",   "s",    "samp",  "small", "span", "strike",
        "strong", "sub",  "sup", "time", "u",    "var", "font", "label", "iframe"};
    return kInline.contains(name);
  }

  // Closes inline content into paragraphs; a blank line in classic text (wpautop's paragraph
  // break) is a paragraph break here too.
  void flush_paragraphs(const std::string& pending, std::vector<std::string>& out) {
    std::size_t start = 0;
    while (start <= pending.size()) {
      std::size_t end = pending.find(kBreak, start);
      if (end == std::string::npos) end = pending.size();
      std::string paragraph = std::string(ascii_trim(pending.substr(start, end - start)));
      if (!paragraph.empty()) out.push_back(guard_block_start(std::move(paragraph)));
      start = end + kBreak.size();
    }
  }

  // Inline Markdown for node; photos and players met inside become blocks in `after`.
  std::string inline_of(const xmlNode* node, std::vector<std::string>& after) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      std::string raw(reinterpret_cast<const char*>(node->content ? node->content : BAD_CAST ""));
      return text_run(raw);
    }
    if (node->type != XML_ELEMENT_NODE) return {};
    const std::string_view name = name_of(node);
    if (name == "br") return "\\\n";
    if (name == "img") {
      after.push_back(photo(node, ""));
      return {};
    }
    if (name == "iframe") {
      if (std::string src = attribute(node, "src"); !src.empty()) {
        after.push_back(embed_page_url(src));
      }
      return {};
    }
    if (name == "a") {
      // A photo wrapped in a link to its own file is the photo.
      const xmlNode* img = first_element(node, "img");
      if (img && ascii_trim(text_content(node)).empty()) {
        after.push_back(photo(img, ""));
        return {};
      }
      std::string inner = children_inline(node, after);
      std::string href = local_link(attribute(node, "href"));
      if (ascii_trim(inner).empty()) return inner;
      if (href.empty() || href.starts_with("javascript:")) return inner;
      return wrap_link(inner, href);
    }
    if (name == "strong" || name == "b") return wrap(children_inline(node, after), "**");
    if (name == "em" || name == "i" || name == "cite") {
      return wrap(children_inline(node, after), "*");
    }
    if (name == "del" || name == "s" || name == "strike") {
      return wrap(children_inline(node, after), "~~");
    }
    if (name == "code") {
      std::string text = collapse_space(text_content(node));
      if (text.empty()) return {};
      std::string fence = text.find('`') == std::string::npos ? "`" : "`` ";
      return fence + text + (fence == "`" ? "`" : " ``");
    }
    return children_inline(node, after);
  }

  std::string children_inline(const xmlNode* node, std::vector<std::string>& after) {
    std::string out;
    for (const xmlNode* child = node->children; child; child = child->next) {
      if (child->type == XML_ELEMENT_NODE && !is_inline(name_of(child))) {
        // A block inside an inline element (WordPress lets <a><div> through): its text.
        for (auto& b : blocks(child)) out += (out.empty() ? "" : " ") + b;
        continue;
      }
      out += inline_of(child, after);
    }
    return out;
  }

  std::string text_run(std::string_view raw) {
    std::string out;
    std::size_t i = 0;
    while (i < raw.size()) {
      if (is_space(raw[i])) {
        std::size_t j = i;
        int newlines = 0;
        while (j < raw.size() && is_space(raw[j])) newlines += raw[j++] == '\n';
        out += newlines >= 2 ? std::string(kBreak) : std::string(" ");
        i = j;
        continue;
      }
      std::size_t j = i;
      while (j < raw.size() && !is_space(raw[j])) ++j;
      out += escape_markdown(raw.substr(i, j - i));
      i = j;
    }
    return out;
  }

  // **text** with the spaces at its edges moved outside, as Markdown needs.
  static std::string wrap(const std::string& inner, std::string_view mark) {
    std::size_t start = inner.find_first_not_of(' ');
    if (start == std::string::npos) return inner;
    std::size_t end = inner.find_last_not_of(' ');
    return inner.substr(0, start) + std::string(mark) + inner.substr(start, end - start + 1) +
           std::string(mark) + inner.substr(end + 1);
  }

  static std::string wrap_link(const std::string& inner, const std::string& href) {
    std::size_t start = inner.find_first_not_of(' ');
    std::size_t end = inner.find_last_not_of(' ');
    std::string target = href;
    if (target.find_first_of(" ()<>") != std::string::npos) {
      target.clear();
      for (char c : href) {
        if (c == ' ')
          target += "%20";
        else if (c == '<')
          target += "%3C";
        else if (c == '>')
          target += "%3E";
        else
          target += c;
      }
      target = "<" + target + ">";
    }
    return inner.substr(0, start) + "[" + inner.substr(start, end - start + 1) + "](" + target +
           ")" + inner.substr(end + 1);
  }

  // A link into the old site, as a path on this one (its redirects answer it).
  std::string local_link(std::string href) const {
    href = std::string(ascii_trim(href));
    const std::string& site = options_.site_url;
    if (site.empty() || href.size() <= site.size() || !href.starts_with(site)) return href;
    std::string rest = href.substr(site.size());
    if (rest.front() != '/' && rest.front() != '?') return href;
    if (rest.find("/wp-content/") == 0) return href;  // files stay where they were
    return rest.front() == '?' ? "/" + rest : rest;
  }

  void block(const xmlNode* node, std::vector<std::string>& out) {
    const std::string_view name = name_of(node);
    if (name == "script" || name == "style" || name == "noscript" || name == "template") return;
    if (name == "p") {
      if (has_class(node, "marquee-embed")) {
        if (std::string url = std::string(ascii_trim(text_content(node))); !url.empty())
          out.push_back(url);
        return;
      }
      for (auto& b : blocks(node)) out.push_back(std::move(b));
      return;
    }
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      std::vector<std::string> after;
      std::string text = std::string(ascii_trim(children_inline(node, after)));
      std::replace(text.begin(), text.end(), '\n', ' ');
      if (!text.empty()) {
        int level = std::max(2, name[1] - '0');
        out.push_back(std::string(level, '#') + " " + text);
      }
      for (auto& b : after) out.push_back(std::move(b));
      return;
    }
    if (name == "ul" || name == "ol") {
      out.push_back(list(node, name == "ol"));
      return;
    }
    if (name == "blockquote") {
      quote(node, out);
      return;
    }
    if (name == "hr") {
      out.push_back("---");
      return;
    }
    if (name == "pre") {
      std::string code = text_content(node);
      while (!code.empty() && code.back() == '\n') code.pop_back();
      std::string fence = code.find("```") == std::string::npos ? "```" : "~~~~";
      out.push_back(fence + "\n" + code + "\n" + fence);
      return;
    }
    if (name == "table") {
      out.push_back(raw_html(node));
      return;
    }
    if (name == "img") {
      out.push_back(photo(node, ""));
      return;
    }
    if (name == "video" || name == "audio") {
      if (std::string src = media_src(node); !src.empty()) out.push_back(src);
      return;
    }
    if (name == "figure") {
      figure(node, out);
      return;
    }
    if (name == "div" && has_class(node, "marquee-gallery")) {
      gallery_ids(attribute(node, "data-ids"), out);
      return;
    }
    if (name == "figcaption") {
      caption_paragraph(node, out);
      return;
    }
    // div, section, center, article, dl and whatever else: what it holds.
    for (auto& b : blocks(node)) out.push_back(std::move(b));
  }

  std::string list(const xmlNode* node, bool ordered) {
    std::string out;
    int number = ordered ? std::max(1, static_cast<int>(to_number(attribute(node, "start")))) : 0;
    for (const xmlNode* item = node->children; item; item = item->next) {
      if (item->type != XML_ELEMENT_NODE) continue;
      std::vector<std::string> parts = blocks(item);
      if (parts.empty()) continue;
      std::string content;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        // A nested list follows its item's text directly, so the list stays tight.
        bool nested = parts[i].starts_with("- ") || (parts[i].size() > 2 && parts[i][0] >= '0' &&
                                                     parts[i][0] <= '9' && parts[i].find(". ") < 6);
        content += i == 0 ? "" : nested ? "\n" : "\n\n";
        content += parts[i];
      }
      std::string marker = ordered ? std::to_string(number++) + ". " : "- ";
      if (!out.empty()) out += "\n";
      out += prefix_lines(content, marker, std::string(marker.size(), ' '));
    }
    return out;
  }

  void quote(const xmlNode* node, std::vector<std::string>& out) {
    std::vector<std::string> parts;
    for (const xmlNode* child = node->children; child; child = child->next) {
      if (child->type == XML_ELEMENT_NODE && name_of(child) == "cite") {
        std::vector<std::string> after;
        std::string who = std::string(ascii_trim(children_inline(child, after)));
        // As <cite>: the attribution reads as it did, set apart by the theme.
        if (!who.empty()) parts.push_back("<cite>" + who + "</cite>");
        continue;
      }
    }
    std::vector<std::string> body;
    {
      // The quote's own blocks, its attribution (cite) last.
      std::vector<std::string> inner = blocks_without(node, "cite");
      body.insert(body.end(), inner.begin(), inner.end());
    }
    body.insert(body.end(), parts.begin(), parts.end());
    if (body.empty()) return;
    std::string joined;
    for (const auto& b : body) joined += (joined.empty() ? "" : "\n\n") + b;
    out.push_back(prefix_lines(joined, "> ", "> "));
  }

  std::vector<std::string> blocks_without(const xmlNode* node, std::string_view skipped) {
    // blocks() over the children other than `skipped` elements, via a shallow copy of the list.
    xmlNodePtr copy = xmlNewNode(nullptr, BAD_CAST "div");
    std::unique_ptr<xmlNode, void (*)(xmlNodePtr)> owner(copy, xmlFreeNode);
    for (const xmlNode* child = node->children; child; child = child->next) {
      if (child->type == XML_ELEMENT_NODE && name_of(child) == skipped) continue;
      xmlAddChild(copy, xmlCopyNode(const_cast<xmlNodePtr>(child), 1));
    }
    return blocks(copy);
  }

  void figure(const xmlNode* node, std::vector<std::string>& out) {
    if (has_class(node, "wp-block-pullquote")) {
      if (const xmlNode* q = first_element(node, "blockquote")) {
        quote(q, out);
        return;
      }
    }
    if (has_class(node, "wp-block-table")) {
      if (const xmlNode* table = first_element(node, "table")) out.push_back(raw_html(table));
      caption_of(node, out);
      return;
    }
    if (has_class(node, "wp-block-embed") || class_starts_with(node, "wp-block-embed-")) {
      const xmlNode* wrapper = nullptr;
      for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && has_class(c, "wp-block-embed__wrapper")) wrapper = c;
      }
      std::string url = std::string(ascii_trim(text_content(wrapper ? wrapper : node)));
      if (const xmlNode* frame = first_element(node, "iframe"); url.empty() && frame) {
        url = embed_page_url(attribute(frame, "src"));
      }
      if (!url.empty()) out.push_back(url);
      caption_of(node, out);
      return;
    }
    if (const xmlNode* video = first_element(node, "video")) {
      if (std::string src = media_src(video); !src.empty()) out.push_back(src);
      caption_of(node, out);
      return;
    }
    if (const xmlNode* audio = first_element(node, "audio")) {
      if (std::string src = media_src(audio); !src.empty()) out.push_back(src);
      caption_of(node, out);
      return;
    }
    std::vector<const xmlNode*> images;
    all_elements(node, "img", images);
    if (images.size() == 1) {
      out.push_back(photo(images[0], caption_text(node, images[0])));
      return;
    }
    if (images.size() > 1) {
      // A gallery: each photo with the caption of its own figure or list item.
      for (const xmlNode* img : images) {
        const xmlNode* holder = img->parent;
        while (holder && holder != node && name_of(holder) != "figure" && name_of(holder) != "li")
          holder = holder->parent;
        std::string caption;
        if (holder && holder != node) {
          if (const xmlNode* c = first_element(holder, "figcaption")) {
            std::vector<std::string> ignored;
            caption = std::string(ascii_trim(collapse_space(text_content(c))));
          }
        }
        out.push_back(photo(img, caption));
      }
      // The gallery's own caption is its last direct figcaption.
      for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && name_of(c) == "figcaption") caption_paragraph(c, out);
      }
      return;
    }
    for (auto& b : blocks(node)) out.push_back(std::move(b));
  }

  // A figure's caption: its figcaption, or (a [caption] shortcode) the text beside the image.
  std::string caption_text(const xmlNode* figure, const xmlNode* img) {
    if (const xmlNode* c = first_element(figure, "figcaption")) {
      return std::string(ascii_trim(collapse_space(text_content(c))));
    }
    std::string all = std::string(ascii_trim(collapse_space(text_content(figure))));
    (void)img;  // an image has no text content, so what is left is the caption
    return all;
  }

  void caption_of(const xmlNode* node, std::vector<std::string>& out) {
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && name_of(c) == "figcaption") caption_paragraph(c, out);
    }
  }

  void caption_paragraph(const xmlNode* caption, std::vector<std::string>& out) {
    std::vector<std::string> after;
    std::string text = std::string(ascii_trim(children_inline(caption, after)));
    if (!text.empty()) out.push_back("*" + text + "*");
    for (auto& b : after) out.push_back(std::move(b));
  }

  void gallery_ids(const std::string& ids, std::vector<std::string>& out) {
    std::size_t i = 0;
    while (i < ids.size()) {
      std::size_t end = ids.find(',', i);
      if (end == std::string::npos) end = ids.size();
      long long id = to_number(std::string(ascii_trim(std::string_view(ids).substr(i, end - i))));
      if (id > 0) out.push_back(photo_block({"", id}, "", ""));
      i = end + 1;
    }
  }

  static std::string media_src(const xmlNode* node) {
    std::string src = attribute(node, "src");
    if (src.empty()) {
      if (const xmlNode* source = first_element(node, "source")) src = attribute(source, "src");
    }
    return std::string(ascii_trim(src));
  }

  std::string photo(const xmlNode* img, const std::string& caption) {
    std::string src = std::string(ascii_trim(attribute(img, "src")));
    if (src.empty()) src = std::string(ascii_trim(attribute(img, "data-src")));
    return photo_block({src, attachment_id_of(img)}, std::string(ascii_trim(attribute(img, "alt"))),
                       caption);
  }

  std::string photo_block(const WpImageRef& ref, std::string alt, std::string caption) {
    body_.images.push_back(ref);
    std::optional<WpImage> found = resolve_ ? resolve_(ref) : std::nullopt;
    if (!found) {
      body_.missing_images.push_back(ref);
      // Kept as a link to where the file was, with its words: never an image that cannot load.
      std::string words = !caption.empty() ? caption : !alt.empty() ? alt : std::string("Photo");
      if (ref.url.empty()) return escape_markdown(words);
      return wrap_link(escape_markdown(words), ref.url);
    }
    if (alt.empty()) alt = found->alt;
    if (caption.empty()) caption = found->caption;
    std::string html = "<figure><img src=\"" + text::html_escape(found->src) + "\" alt=\"" +
                       text::html_escape(alt) + "\"";
    if (found->width > 0 && found->height > 0) {
      html += " width=\"" + std::to_string(found->width) + "\" height=\"" +
              std::to_string(found->height) + "\"";
    }
    html += ">";
    if (!caption.empty()) html += "<figcaption>" + escape_html_text(caption) + "</figcaption>";
    return html + "</figure>";
  }

  static std::string raw_html(const xmlNode* node) {
    xmlBufferPtr buffer = xmlBufferCreate();
    std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> owner(buffer, xmlBufferFree);
    htmlNodeDump(buffer, node->doc, const_cast<xmlNodePtr>(node));
    std::string html(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
                     static_cast<std::size_t>(xmlBufferLength(buffer)));
    // An HTML block in Markdown ends at a blank line: keep it on one piece.
    std::string out;
    for (char c : html) {
      if (c == '\n' && !out.empty() && out.back() == '\n') continue;
      out += c;
    }
    return std::string(ascii_trim(out));
  }

  static constexpr std::string_view kBreak = "\n\n";

  const WpImageResolver& resolve_;
  const WpBodyOptions& options_;
  WpBody& body_;
};

struct DocFree {
  void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
};

}  // namespace

std::string embed_page_url(std::string_view src) {
  std::string url = std::string(ascii_trim(src));
  if (url.starts_with("//")) url = "https:" + url;
  for (std::string_view host : {"https://www.youtube.com/embed/", "https://youtube.com/embed/",
                                "https://www.youtube-nocookie.com/embed/"}) {
    if (url.starts_with(host)) {
      std::string id = url.substr(host.size());
      id = id.substr(0, id.find_first_of("?&#/"));
      return "https://www.youtube.com/watch?v=" + id;
    }
  }
  if (url.starts_with("https://player.vimeo.com/video/")) {
    std::string id = url.substr(31);
    return "https://vimeo.com/" + id.substr(0, id.find_first_of("?&#/"));
  }
  return url;
}

WpBody convert_wp_body(std::string_view content, const WpImageResolver& resolve,
                       const WpBodyOptions& options) {
  WpBody body;
  std::string html = expand_shortcodes(content, body.notes);
  if (ascii_trim(html).empty()) return body;
  // Recovery mode reads what browsers read; no network, no error output on stderr.
  std::unique_ptr<xmlDoc, DocFree> doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), "post.html", "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (!doc) {
    body.notes.push_back("the body could not be read as HTML; kept as plain text");
    body.markdown = escape_markdown(content);
    return body;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* container = root ? first_element(root, "body") : nullptr;
  if (!container) container = root;
  if (!container) return body;
  Writer writer(resolve, options, body);
  std::string markdown;
  for (const auto& block : writer.blocks(container)) {
    if (block.empty()) continue;
    if (!markdown.empty()) markdown += "\n\n";
    markdown += block;
  }
  body.markdown = std::move(markdown);
  if (!body.markdown.empty()) body.markdown += "\n";
  return body;
}

}  // namespace marquee::importers
