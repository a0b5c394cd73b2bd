// Markdown to safe HTML: cmark-gfm renders (raw HTML allowed through), sanitize_html() decides.
// A paragraph that is only the URL of a known player becomes its embed facade (text/embeds.h).
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "text/embeds.h"
#include "text/text.h"

namespace marquee::text {
namespace {

struct ParserFree {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct RenderedFree {
  void operator()(char* html) const { cmark_get_default_mem_allocator()->free(html); }
};

// Raw HTML is let through on purpose: the sanitiser, not cmark, is the one place that decides
// what is safe. Invalid UTF-8 is repaired by cmark.
constexpr int kOptions = CMARK_OPT_SMART | CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8;

constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter"};

void register_extensions_once() {
  // Registration writes a process-wide list; it must happen once, before any parse.
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

// cmark-gfm keeps the inline parser's table of special characters in one process-wide array:
// attaching an extension adds its characters ("~" for strikethrough, ":" for autolinks) and
// freeing a parser removes them, so two threads parsing at once can each strip the other's
// extensions mid-parse ("~~2~~" left as text). One parse at a time; rendering stories happens
// on saves and previews, never on a reader's request.
std::mutex& parse_mutex() {
  static std::mutex mutex;
  return mutex;
}

// The URL a paragraph consists of and nothing else: a bare URL (autolinked) or <URL>.
bool is_empty_text(cmark_node* node) {
  if (cmark_node_get_type(node) != CMARK_NODE_TEXT) return false;
  const char* literal = cmark_node_get_literal(node);
  return literal == nullptr || *literal == '\0';
}

std::optional<std::string> lone_url(cmark_node* paragraph) {
  // The autolink extension leaves empty text around the link it makes.
  cmark_node* only = nullptr;
  for (cmark_node* child = cmark_node_first_child(paragraph); child != nullptr;
       child = cmark_node_next(child)) {
    if (is_empty_text(child)) continue;
    if (only != nullptr) return std::nullopt;
    only = child;
  }
  if (only == nullptr) return std::nullopt;
  if (cmark_node_get_type(only) != CMARK_NODE_LINK) return std::nullopt;
  const char* url = cmark_node_get_url(only);
  cmark_node* label = cmark_node_first_child(only);
  if (url == nullptr || label == nullptr || cmark_node_next(label) != nullptr ||
      cmark_node_get_type(label) != CMARK_NODE_TEXT) {
    return std::nullopt;
  }
  const char* text = cmark_node_get_literal(label);
  // [a label](url) is a link the editor wrote on purpose, not an embed.
  if (text == nullptr || std::string_view(text) != std::string_view(url)) return std::nullopt;
  return std::string(url);
}

// The text of a paragraph made of text alone ("gallery: the-slug" may come in several text
// nodes), or nullopt.
std::optional<std::string> lone_text(cmark_node* paragraph) {
  std::string text;
  for (cmark_node* child = cmark_node_first_child(paragraph); child != nullptr;
       child = cmark_node_next(child)) {
    if (cmark_node_get_type(child) != CMARK_NODE_TEXT) return std::nullopt;
    if (const char* literal = cmark_node_get_literal(child)) text += literal;
  }
  return text;
}

// Paragraphs that are only the URL of a known player become its click-to-load facade; those
// that are only "gallery: <slug>" become a gallery's placeholder.
void replace_embeds(cmark_node* document) {
  std::vector<std::pair<cmark_node*, std::string>> found;
  for (cmark_node* block = cmark_node_first_child(document); block != nullptr;
       block = cmark_node_next(block)) {
    if (cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH) continue;
    if (auto url = lone_url(block)) {
      if (auto embed = recognise_embed(*url)) found.emplace_back(block, embed_facade_html(*embed));
    } else if (auto text = lone_text(block)) {
      if (auto slug = gallery_embed_slug(*text)) {
        found.emplace_back(block, gallery_placeholder_html(*slug));
      }
    }
  }
  for (auto& [paragraph, html] : found) {
    cmark_node* facade = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    if (facade == nullptr) throw std::bad_alloc();
    cmark_node_set_literal(facade, html.c_str());
    cmark_node_insert_before(paragraph, facade);
    cmark_node_free(paragraph);  // unlinks it first
  }
}

std::string render_html(std::string_view markdown) {
  std::lock_guard lock(parse_mutex());
  std::unique_ptr<cmark_parser, ParserFree> parser(cmark_parser_new(kOptions));
  if (!parser) throw std::bad_alloc();
  for (const char* name : kExtensions) {
    cmark_syntax_extension* extension = cmark_find_syntax_extension(name);
    if (extension == nullptr)
      throw std::logic_error("cmark-gfm extension missing: " + std::string(name));
    cmark_parser_attach_syntax_extension(parser.get(), extension);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeFree> document(cmark_parser_finish(parser.get()));
  if (!document) throw std::bad_alloc();
  replace_embeds(document.get());
  std::unique_ptr<char, RenderedFree> rendered(cmark_render_html(
      document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get())));
  if (!rendered) throw std::bad_alloc();
  return std::string(rendered.get());
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  register_extensions_once();
  return sanitize_html(render_html(markdown));
}

std::string markdown_to_linked_html(std::string_view markdown,
                                    const std::vector<MentionLink>& links) {
  if (links.empty()) return markdown_to_html(markdown);
  register_extensions_once();
  // The linker writes through the sanitiser's allowlist itself: one parse of cmark's output.
  return link_first_mentions(render_html(markdown), links);
}

}  // namespace marquee::text
