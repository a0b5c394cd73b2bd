// Embeds in stories: the URL of a known player (YouTube, Vimeo, TikTok, Instagram, X, Spotify)
// alone on a line of a story's Markdown becomes a click-to-load facade. The allowlist is here and
// only here: which URLs are recognised, the player address each one gets, and the frame sources
// the pages' Content-Security-Policy allows. Nothing is fetched from the provider until a reader
// clicks (the site's script then makes the iframe from data-embed-src).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::text {

struct Embed {
  std::string provider;      // "YouTube", "Vimeo", "TikTok", "Instagram", "X", "Spotify"
  std::string what;          // "video", "post", "track", ... as a reader would say it
  std::string original_url;  // the original on the provider's site, canonical form
  std::string player_url;    // the iframe's address, loaded only after a click
};

// The embed for a URL as an editor would paste it (https or http; www., m. and the providers'
// short hosts accepted), or nullopt. Hosts must match exactly (no look-alikes, no user names or
// ports in the address) and ids must have the provider's shape.
std::optional<Embed> recognise_embed(std::string_view url);

// Whether url is exactly a player address recognise_embed() can give (what the sanitiser lets
// through in data-embed-src).
bool is_embed_player_url(std::string_view url);

// The facade: a figure with the provider's name and a link to the original; a fixed point of
// sanitize_html().
std::string embed_facade_html(const Embed& embed);

// The players' origins, space-separated, for the Content-Security-Policy's frame-src.
std::string_view embed_frame_sources();

// A gallery of this site in a story: a paragraph that is only "gallery: <slug>" (the gallery's
// slug) becomes a placeholder that the site fills when it shows the story (the gallery may
// change after the story is saved, so its strip is never baked into the body). The
// placeholder is a fixed point of sanitize_html() and shows nothing where it is not filled.
std::optional<std::string> gallery_embed_slug(std::string_view paragraph_text);
std::string gallery_placeholder_html(std::string_view slug);
// The slugs of the galleries a rendered body names, in order, each once.
std::vector<std::string> gallery_embeds(std::string_view body_html);
// body_html with each placeholder replaced by strip(slug) (which may be empty).
std::string fill_gallery_embeds(std::string_view body_html,
                                const std::function<std::string(const std::string&)>& strip);

}  // namespace marquee::text
