// A WordPress post body (block-editor markup or classic HTML with shortcodes) turned into the
// Markdown a Marquee story keeps. The HTML is read with libxml2's HTML parser; shortcodes, which
// are WordPress's own bracket syntax and no HTML at all, are rewritten into HTML first. Photos
// are asked of a resolver (the importer knows which files it has); embeds and clips become a bare
// URL on a line of its own. Everything a reader could read is kept; what could not be carried is
// named in the notes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::importers {

// A photo named by the body: its URL on the old site and, when the block says so, its
// attachment id there.
struct WpImageRef {
  std::string url;
  long long attachment_id = 0;
};

// The photo to show for a reference: its local address and what the library knows of it (the
// body's own alt text and caption win over these).
struct WpImage {
  std::string src;  // "/media/ab12-1200.jpg"
  int width = 0;
  int height = 0;
  std::string alt;
  std::string caption;
};

// nullopt: the file is not there. The reference is then kept as a link to the old address with
// its caption, never as an image that cannot load.
using WpImageResolver = std::function<std::optional<WpImage>(const WpImageRef&)>;

struct WpBodyOptions {
  // The old site's address ("https://example.com"): links into it become site-relative paths, so
  // that the redirects of the imported site answer them. Empty: links are kept as they are.
  std::string site_url;
};

struct WpBody {
  std::string markdown;
  std::vector<WpImageRef> images;          // every photo the body shows, in order
  std::vector<WpImageRef> missing_images;  // those the resolver did not have
  std::vector<std::string> notes;          // e.g. "unknown shortcode [contact-form]"
};

WpBody convert_wp_body(std::string_view content, const WpImageResolver& resolve,
                       const WpBodyOptions& options = {});

// The URL a reader can open for an embedded player's address (YouTube's /embed/ID becomes
// /watch?v=ID); other URLs are returned as they are.
std::string embed_page_url(std::string_view src);

}  // namespace marquee::importers
