// The WXR stream over libxml2's xmlTextReader: the reader walks the channel, and each item (or
// author, or term) is expanded into a small tree of its own, read, and skipped past, so the
// whole document is never in memory. Entities are not substituted and nothing is fetched from
// the network, so a hostile file cannot reach outside itself.
#include "importers/wordpress/wxr_reader.h"

#include <libxml/xmlreader.h>

#include <charconv>
#include <cstring>

namespace marquee::importers {
namespace {

// No network, CDATA read as text, line numbers past 65535 (exports run to millions of lines).
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES;

std::string_view as_view(const xmlChar* text) {
  return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

// "wp:post_id" for an element in the wp namespace, as WordPress writes its names.
std::string qualified_name(const xmlNode* node) {
  std::string name;
  if (node->ns && node->ns->prefix) {
    name = as_view(node->ns->prefix);
    name += ':';
  }
  name += as_view(node->name);
  return name;
}

std::string text_of(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string text(as_view(content));
  xmlFree(content);
  return text;
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string text(as_view(value));
  xmlFree(value);
  return text;
}

long long number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t'))
    text.remove_prefix(1);
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

template <typename Each>
void for_each_element(const xmlNode* parent, Each&& each) {
  for (const xmlNode* child = parent->children; child; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) each(child, qualified_name(child));
  }
}

WxrAuthor read_author(const xmlNode* node) {
  WxrAuthor a;
  for_each_element(node, [&](const xmlNode* child, const std::string& name) {
    if (name == "wp:author_id") a.id = number(text_of(child));
    if (name == "wp:author_login") a.login = text_of(child);
    if (name == "wp:author_email") a.email = text_of(child);
    if (name == "wp:author_display_name") a.display_name = text_of(child);
    if (name == "wp:author_first_name") a.first_name = text_of(child);
    if (name == "wp:author_last_name") a.last_name = text_of(child);
  });
  return a;
}

// wp:category, wp:tag and wp:term of the channel.
WxrTerm read_channel_term(const xmlNode* node, const std::string& kind) {
  WxrTerm t;
  t.domain = kind == "wp:category" ? "category" : kind == "wp:tag" ? "post_tag" : "";
  for_each_element(node, [&](const xmlNode* child, const std::string& name) {
    if (name == "wp:category_nicename" || name == "wp:tag_slug" || name == "wp:term_slug")
      t.slug = text_of(child);
    if (name == "wp:cat_name" || name == "wp:tag_name" || name == "wp:term_name")
      t.name = text_of(child);
    if (name == "wp:category_parent" || name == "wp:term_parent") t.parent = text_of(child);
    if (name == "wp:term_taxonomy") t.domain = text_of(child);
  });
  return t;
}

WxrComment read_comment(const xmlNode* node) {
  WxrComment c;
  for_each_element(node, [&](const xmlNode* child, const std::string& name) {
    if (name == "wp:comment_id") c.id = number(text_of(child));
    if (name == "wp:comment_parent") c.parent = number(text_of(child));
    if (name == "wp:comment_author") c.author = text_of(child);
    if (name == "wp:comment_author_email") c.author_email = text_of(child);
    if (name == "wp:comment_author_url") c.author_url = text_of(child);
    if (name == "wp:comment_date") c.date = text_of(child);
    if (name == "wp:comment_date_gmt") c.date_gmt = text_of(child);
    if (name == "wp:comment_content") c.content = text_of(child);
    if (name == "wp:comment_approved") c.approved = text_of(child);
    if (name == "wp:comment_type") c.type = text_of(child);
  });
  return c;
}

WxrItem read_item(const xmlNode* node) {
  WxrItem item;
  item.line = static_cast<int>(xmlGetLineNo(node));
  for_each_element(node, [&](const xmlNode* child, const std::string& name) {
    if (name == "title")
      item.title = text_of(child);
    else if (name == "link")
      item.link = text_of(child);
    else if (name == "guid")
      item.guid = text_of(child);
    else if (name == "dc:creator")
      item.creator = text_of(child);
    else if (name == "content:encoded")
      item.content = text_of(child);
    else if (name == "excerpt:encoded")
      item.excerpt = text_of(child);
    else if (name == "wp:post_id")
      item.post_id = number(text_of(child));
    else if (name == "wp:post_parent")
      item.parent_id = number(text_of(child));
    else if (name == "wp:menu_order")
      item.menu_order = static_cast<int>(number(text_of(child)));
    else if (name == "wp:is_sticky")
      item.sticky = number(text_of(child)) != 0;
    else if (name == "wp:post_type")
      item.post_type = text_of(child);
    else if (name == "wp:status")
      item.status = text_of(child);
    else if (name == "wp:post_name")
      item.slug = text_of(child);
    else if (name == "wp:post_date")
      item.post_date = text_of(child);
    else if (name == "wp:post_date_gmt")
      item.post_date_gmt = text_of(child);
    else if (name == "wp:post_modified")
      item.modified = text_of(child);
    else if (name == "wp:post_modified_gmt")
      item.modified_gmt = text_of(child);
    else if (name == "wp:post_password")
      item.password = text_of(child);
    else if (name == "wp:attachment_url")
      item.attachment_url = text_of(child);
    else if (name == "category") {
      item.terms.push_back(
          {attribute(child, "domain"), attribute(child, "nicename"), text_of(child), {}});
    } else if (name == "wp:postmeta") {
      std::string key;
      std::string value;
      for_each_element(child, [&](const xmlNode* part, const std::string& part_name) {
        if (part_name == "wp:meta_key") key = text_of(part);
        if (part_name == "wp:meta_value") value = text_of(part);
      });
      item.meta.emplace_back(std::move(key), std::move(value));
    } else if (name == "wp:comment") {
      item.comments.push_back(read_comment(child));
    }
  });
  return item;
}

}  // namespace

std::optional<std::string> WxrItem::meta_value(std::string_view key) const {
  for (const auto& [k, v] : meta) {
    if (k == key) return v;
  }
  return std::nullopt;
}

struct WxrReader::Parser {
  struct FreeReader {
    void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
  };
  std::unique_ptr<xmlTextReader, FreeReader> reader;
  std::optional<WxrError> error;  // the first error libxml2 reported
  bool skip_subtree = false;      // the current node was read whole: move past it, not into it
  bool saw_rss = false;
  bool saw_channel = false;

  static void on_error(void* self, xmlErrorPtr e) {
    auto* parser = static_cast<Parser*>(self);
    if (!e || e->level < XML_ERR_ERROR || parser->error) return;
    std::string message = e->message ? e->message : "malformed XML";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    parser->error = WxrError{e->line, message};
  }

  [[noreturn]] void fail(const std::string& fallback) {
    if (error) throw *error;
    throw WxrError{xmlTextReaderGetParserLineNumber(reader.get()), fallback};
  }
};

WxrReader::WxrReader(std::unique_ptr<Parser> parser) : parser_(std::move(parser)) {
  xmlTextReaderSetStructuredErrorHandler(parser_->reader.get(), &Parser::on_error, parser_.get());
}

WxrReader::~WxrReader() = default;

std::unique_ptr<WxrReader> WxrReader::open_file(const std::filesystem::path& file) {
  xmlInitParser();
  auto parser = std::make_unique<Parser>();
  parser->reader.reset(xmlReaderForFile(file.c_str(), nullptr, kParseOptions));
  if (!parser->reader) throw WxrError{0, "cannot open " + file.string()};
  return std::unique_ptr<WxrReader>(new WxrReader(std::move(parser)));
}

std::unique_ptr<WxrReader> WxrReader::open_memory(std::string_view bytes) {
  xmlInitParser();
  auto parser = std::make_unique<Parser>();
  parser->reader.reset(xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                          nullptr, kParseOptions));
  if (!parser->reader) throw WxrError{0, "cannot read the export"};
  return std::unique_ptr<WxrReader>(new WxrReader(std::move(parser)));
}

std::optional<WxrItem> WxrReader::next() {
  Parser& p = *parser_;
  xmlTextReader* r = p.reader.get();
  for (;;) {
    const int rc = p.skip_subtree ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
    p.skip_subtree = false;
    if (rc < 0 || p.error) p.fail("malformed XML");
    if (rc == 0) {
      if (!p.saw_rss || !p.saw_channel) {
        throw WxrError{0, "not a WordPress export: no <rss> with a <channel>"};
      }
      return std::nullopt;
    }
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) continue;
    const int depth = xmlTextReaderDepth(r);
    const std::string_view name = as_view(xmlTextReaderConstName(r));
    if (depth == 0) {
      if (name != "rss") {
        throw WxrError{xmlTextReaderGetParserLineNumber(r),
                       "not a WordPress export: the document is <" + std::string(name) + ">"};
      }
      p.saw_rss = true;
      continue;
    }
    if (depth == 1) {
      p.saw_channel = p.saw_channel || name == "channel";
      continue;
    }
    if (depth != 2) continue;
    const bool whole = name == "item" || name == "wp:author" || name == "wp:category" ||
                       name == "wp:tag" || name == "wp:term";
    if (!whole) {
      const bool site_field = name == "title" || name == "link" || name == "language" ||
                              name == "wp:wxr_version" || name == "wp:base_site_url" ||
                              name == "wp:base_blog_url";
      if (!site_field) continue;
      xmlChar* value = xmlTextReaderReadString(r);
      std::string text(as_view(value));
      xmlFree(value);
      if (name == "title") site_.title = text;
      if (name == "link") site_.link = text;
      if (name == "language") site_.language = text;
      if (name == "wp:wxr_version") site_.wxr_version = text;
      if (name == "wp:base_site_url") site_.base_site_url = text;
      if (name == "wp:base_blog_url") site_.base_blog_url = text;
      p.skip_subtree = true;
      continue;
    }
    const xmlNode* node = xmlTextReaderExpand(r);
    if (!node || p.error) p.fail("malformed XML");
    p.skip_subtree = true;
    if (name == "item") return read_item(node);
    if (name == "wp:author") {
      site_.authors.push_back(read_author(node));
    } else {
      site_.terms.push_back(read_channel_term(node, std::string(name)));
    }
  }
}

bool looks_like_wxr(std::string_view head) {
  return head.find("<rss") != std::string_view::npos &&
         head.find("wordpress.org/export/") != std::string_view::npos;
}

}  // namespace marquee::importers
