// Markdown to safe HTML: cmark-gfm renders (raw HTML allowed through), sanitize_html() decides.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <memory>
#include <mutex>
#include <stdexcept>

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

}  // namespace marquee::text
