// The HTML allowlist and the serialiser that applies it. The tree is walked with an explicit
// stack, so hostile nesting cannot exhaust the call stack.
#include "text/html_writer.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/slug.h"
#include "text/embeds.h"
#include "text/text.h"
#include "text/url_policy.h"

namespace marquee::text {
namespace {

enum class Value {
  kText,
  kLinkUrl,
  kImageUrl,
  kCount,
  kLoading,
  kAlign,
  kLinkClass,
  kFigureClass,    // "embed" (an embed's facade) or "gallery-embed" (text/embeds.h)
  kSlug,           // a gallery's slug, in its placeholder
  kEmbedPlayer,    // only a player address of the embeds allowlist
  kEmbedProvider,  // only a provider of the embeds allowlist
};

struct AttributeRule {
  std::string_view name;
  Value value;
};

struct ElementRule {
  std::string_view emit_as;  // h1 is written as h2: the page owns its h1
  std::vector<AttributeRule> attributes;
  bool is_void = false;
  bool blocks_links = false;  // mentions are never linked inside it
};

using ElementRules = std::unordered_map<std::string_view, ElementRule>;

ElementRules build_element_rules() {
  ElementRules rules;
  for (std::string_view plain :
       {"p",    "em", "strong", "b",   "i",  "u",  "s",     "del",   "ins",   "sub", "sup", "small",
        "mark", "q",  "cite",   "kbd", "ul", "li", "table", "thead", "tbody", "tr",  "span"}) {
    rules[plain] = ElementRule{plain, {}};
  }
  // An embed's facade keeps what the site's script needs to load the player on a click.
  rules["figure"] = ElementRule{"figure",
                                {{"class", Value::kFigureClass},
                                 {"data-embed-src", Value::kEmbedPlayer},
                                 {"data-embed-provider", Value::kEmbedProvider},
                                 {"data-gallery", Value::kSlug}}};
  rules["br"] = ElementRule{"br", {}, true};
  rules["hr"] = ElementRule{"hr", {}, true};
  // class="entity" marks links made by link_first_mentions(); it survives re-sanitising.
  rules["a"] = ElementRule{
      "a",
      {{"href", Value::kLinkUrl}, {"class", Value::kLinkClass}, {"title", Value::kText}},
      false,
      true};
  rules["blockquote"] = ElementRule{"blockquote", {{"cite", Value::kLinkUrl}}};
  rules["ol"] = ElementRule{"ol", {{"start", Value::kCount}}};
  rules["code"] = ElementRule{"code", {}, false, true};
  rules["pre"] = ElementRule{"pre", {}, false, true};
  rules["figcaption"] = ElementRule{"figcaption", {}, false, true};
  rules["h1"] = ElementRule{"h2", {}, false, true};
  for (std::string_view heading : {"h2", "h3", "h4", "h5", "h6"}) {
    rules[heading] = ElementRule{heading, {}, false, true};
  }
  rules["img"] = ElementRule{"img",
                             {{"src", Value::kImageUrl},
                              {"alt", Value::kText},
                              {"width", Value::kCount},
                              {"height", Value::kCount},
                              {"loading", Value::kLoading}},
                             true};
  for (std::string_view cell : {"th", "td"}) {
    rules[cell] = ElementRule{
        cell, {{"colspan", Value::kCount}, {"rowspan", Value::kCount}, {"align", Value::kAlign}}};
  }
  rules["abbr"] = ElementRule{"abbr", {{"title", Value::kText}}};
  rules["time"] = ElementRule{"time", {{"datetime", Value::kText}}};
  return rules;
}

const ElementRules& allowed_elements() {
  static const ElementRules kRules = build_element_rules();
  return kRules;
}

}  // namespace

bool is_dropped_with_content(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "script", "style",    "iframe", "frame",  "frameset", "object",  "embed",
      "applet", "template", "svg",    "math",   "noscript", "noembed", "noframes",
      "title",  "textarea", "select", "xmp",    "head",     "meta",    "link",
      "base",   "audio",    "video",  "canvas", "param",    "source",  "track"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

namespace {

bool is_count(std::string_view v) {
  return !v.empty() && v.size() <= 6 &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_one_of(std::string_view v, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

struct Attributes {
  std::string html;       // ` name="value"` pairs, escaped
  bool has_url = false;   // an href or src that passed the URL check
  bool external = false;  // ... pointing at another host
};

Attributes allowed_attributes(const GumboElement& element, const ElementRule& rule) {
  Attributes out;
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    if (attribute->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE) continue;
    const std::string_view name = attribute->name;
    const auto found = std::find_if(rule.attributes.begin(), rule.attributes.end(),
                                    [&](const AttributeRule& r) { return r.name == name; });
    if (found == rule.attributes.end()) continue;
    std::string value = attribute->value;
    switch (found->value) {
      case Value::kText:
        break;
      case Value::kLinkUrl:
      case Value::kImageUrl: {
        const auto url =
            check_url(value, found->value == Value::kImageUrl ? UrlUse::kImage : UrlUse::kLink);
        if (!url) continue;
        value = url->value;
        if (name == "href" || name == "src") {
          out.has_url = true;
          out.external = url->external;
        }
        break;
      }
      case Value::kCount:
        if (!is_count(value)) continue;
        break;
      case Value::kLoading:
        if (!is_one_of(value, {"lazy", "eager"})) continue;
        break;
      case Value::kLinkClass:
        if (value != "entity") continue;
        break;
      case Value::kFigureClass:
        if (value != "embed" && value != "gallery-embed") continue;
        break;
      case Value::kSlug:
        if (!is_valid_slug(value)) continue;
        break;
      case Value::kEmbedPlayer:
        if (!is_embed_player_url(value)) continue;
        break;
      case Value::kEmbedProvider:
        if (!is_one_of(value, {"YouTube", "Vimeo", "TikTok", "Instagram", "X", "Spotify"}))
          continue;
        break;
      case Value::kAlign:
        if (!is_one_of(value, {"left", "center", "right"})) continue;
        break;
    }
    out.html += ' ';
    out.html += name;
    out.html += "=\"";
    out.html += html_escape(value);
    out.html += '"';
  }
  return out;
}

// Whether a kept element with these attributes is worth writing at all: a link needs somewhere
// to go and an image something to show.
bool keeps_tag(std::string_view emit_as, const Attributes& attributes) {
  if (emit_as == "a" || emit_as == "img") return attributes.has_url;
  return true;
}

struct Frame {
  const GumboNode* node;
  unsigned next_child = 0;
  std::string close_tag;  // empty when the element was unwrapped
  bool blocks_links = false;
};

}  // namespace

std::string write_allowed_html(const HtmlDocument& document, std::string_view source,
                               const TextWriter& write_text) {
  std::string out;
  if (!document.ok()) {
    write_text(strip_tags(source), true, out);
    return out;
  }
  out.reserve(source.size() + source.size() / 4);
  std::vector<Frame> stack;
  stack.push_back(Frame{document.root()});
  int link_blockers = 0;
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector& children = children_of(*top.node);
    if (top.next_child >= children.length) {
      out += top.close_tag;
      if (top.blocks_links) --link_blockers;
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        write_text(child->v.text.text, link_blockers == 0, out);
        continue;
      case GUMBO_NODE_ELEMENT:
        break;
      default:  // comments, templates, documents
        continue;
    }
    const GumboElement& element = child->v.element;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) continue;
    const std::string name = tag_name_of(*child);
    if (is_dropped_with_content(name)) continue;

    Frame frame{child};
    const auto rule = allowed_elements().find(name);
    if (rule != allowed_elements().end()) {
      const Attributes attributes = allowed_attributes(element, rule->second);
      if (keeps_tag(rule->second.emit_as, attributes)) {
        out += '<';
        out += rule->second.emit_as;
        out += attributes.html;
        if (rule->second.emit_as == "a" && attributes.external) out += " rel=\"noopener\"";
        out += '>';
        if (rule->second.is_void) continue;
        frame.close_tag = "</" + std::string(rule->second.emit_as) + ">";
        frame.blocks_links = rule->second.blocks_links;
        // The parser drops a newline right after <pre>; write one back so a leading blank line
        // in the content survives the next parse.
        if (name == "pre" && element.children.length > 0) {
          const auto* first = static_cast<const GumboNode*>(element.children.data[0]);
          if ((first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE) &&
              first->v.text.text[0] == '\n') {
            out += '\n';
          }
        }
      } else if (rule->second.emit_as == "img") {
        continue;  // an image with nothing to show
      }
    }
    if (frame.blocks_links) ++link_blockers;
    stack.push_back(std::move(frame));
  }
  return out;
}

}  // namespace marquee::text
