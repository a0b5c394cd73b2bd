// The embeds allowlist: URL recognition per provider, the player addresses, the facade markup.
#include "text/embeds.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/slug.h"
#include "text/text.h"

namespace marquee::text {
namespace {

struct ParsedUrl {
  std::string host;  // lower case, without "www." or "m."
  std::string path;  // from the first '/', without query or fragment
  std::string query;
};

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::optional<ParsedUrl> parse(std::string_view url) {
  while (!url.empty() && (url.front() == ' ' || url.front() == '\t')) url.remove_prefix(1);
  while (!url.empty() && (url.back() == ' ' || url.back() == '\t')) url.remove_suffix(1);
  std::string_view rest;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (url.size() > scheme.size() && std::equal(scheme.begin(), scheme.end(), url.begin(),
                                                 [](char a, char b) { return a == lower(b); })) {
      rest = url.substr(scheme.size());
      break;
    }
  }
  if (rest.empty()) return std::nullopt;
  const auto end_of_host = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end_of_host);
  // Only letters, digits, dots and hyphens: no user name ("youtube.com@evil.example"), no port.
  if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-';
      })) {
    return std::nullopt;
  }
  ParsedUrl parsed;
  for (char c : host) parsed.host += lower(c);
  if (parsed.host.ends_with(".")) parsed.host.pop_back();
  for (std::string_view prefix : {"www.", "m.", "mobile."}) {
    if (parsed.host.starts_with(prefix)) {
      parsed.host.erase(0, prefix.size());
      break;
    }
  }
  if (end_of_host == std::string_view::npos) return parsed;
  std::string_view tail = rest.substr(end_of_host);
  tail = tail.substr(0, tail.find('#'));
  const auto question = tail.find('?');
  parsed.path = std::string(tail.substr(0, question));
  if (question != std::string_view::npos) parsed.query = std::string(tail.substr(question + 1));
  if (parsed.path.empty()) parsed.path.push_back('/');
  return parsed;
}

// The path's segments: "/p/abc/" -> {"p", "abc"}.
std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool shaped(std::string_view id, std::size_t min, std::size_t max, bool (*ok)(char)) {
  return id.size() >= min && id.size() <= max && std::all_of(id.begin(), id.end(), ok);
}
bool youtube_id(std::string_view id) {
  return shaped(id, 11, 11, [](char c) { return is_alnum(c) || c == '-' || c == '_'; });
}
bool number_id(std::string_view id) {
  return shaped(id, 1, 20, is_digit);
}
bool instagram_code(std::string_view id) {
  return shaped(id, 5, 40, [](char c) { return is_alnum(c) || c == '-' || c == '_'; });
}
bool x_user(std::string_view id) {
  return shaped(id, 1, 15, [](char c) { return is_alnum(c) || c == '_'; });
}
bool tiktok_user(std::string_view id) {
  return shaped(id, 2, 25, [](char c) { return is_alnum(c) || c == '_' || c == '.'; });
}
bool spotify_id(std::string_view id) {
  return shaped(id, 22, 22, is_alnum);
}

constexpr std::array<std::string_view, 6> kSpotifyKinds = {"track",   "album", "playlist",
                                                           "episode", "show",  "artist"};

Embed youtube(const std::string& id) {
  return {"YouTube", "video", "https://www.youtube.com/watch?v=" + id,
          "https://www.youtube-nocookie.com/embed/" + id};
}
Embed vimeo(const std::string& id) {
  return {"Vimeo", "video", "https://vimeo.com/" + id,
          "https://player.vimeo.com/video/" + id + "?dnt=1"};
}
Embed tiktok(const std::string& user, const std::string& id) {
  return {"TikTok", "video", "https://www.tiktok.com/@" + user + "/video/" + id,
          "https://www.tiktok.com/embed/v2/" + id};
}
Embed instagram(const std::string& kind, const std::string& code) {
  return {"Instagram", "post", "https://www.instagram.com/" + kind + "/" + code + "/",
          "https://www.instagram.com/" + kind + "/" + code + "/embed/"};
}
Embed x_post(const std::string& user, const std::string& id) {
  return {"X", "post", "https://x.com/" + user + "/status/" + id,
          "https://platform.twitter.com/embed/Tweet.html?id=" + id + "&dnt=true"};
}
Embed spotify(const std::string& kind, const std::string& id) {
  return {"Spotify", kind == "show" ? "podcast" : kind,
          "https://open.spotify.com/" + kind + "/" + id,
          "https://open.spotify.com/embed/" + kind + "/" + id};
}

}  // namespace

std::optional<Embed> recognise_embed(std::string_view url) {
  auto parsed = parse(url);
  if (!parsed) return std::nullopt;
  const std::string& host = parsed->host;
  const auto parts = segments(parsed->path);
  const std::size_t n = parts.size();
  if (host == "youtube.com" || host == "youtube-nocookie.com") {
    if (n == 1 && parts[0] == "watch") {
      auto id = query_value(parsed->query, "v");
      if (id && youtube_id(*id)) return youtube(*id);
    }
    if (n == 2 && (parts[0] == "shorts" || parts[0] == "embed" || parts[0] == "live") &&
        youtube_id(parts[1])) {
      return youtube(parts[1]);
    }
    return std::nullopt;
  }
  if (host == "youtu.be") {
    if (n == 1 && youtube_id(parts[0])) return youtube(parts[0]);
    return std::nullopt;
  }
  if (host == "vimeo.com" && n == 1 && number_id(parts[0])) return vimeo(parts[0]);
  if (host == "player.vimeo.com" && n == 2 && parts[0] == "video" && number_id(parts[1])) {
    return vimeo(parts[1]);
  }
  if (host == "tiktok.com" && n == 3 && parts[0].size() > 1 && parts[0][0] == '@' &&
      tiktok_user(parts[0].substr(1)) && parts[1] == "video" && number_id(parts[2])) {
    return tiktok(parts[0].substr(1), parts[2]);
  }
  if (host == "instagram.com" && (n == 2 || (n == 3 && parts[2] == "embed")) &&
      (parts[0] == "p" || parts[0] == "reel") && instagram_code(parts[1])) {
    return instagram(parts[0], parts[1]);
  }
  if ((host == "twitter.com" || host == "x.com") && n == 3 && x_user(parts[0]) &&
      parts[1] == "status" && number_id(parts[2])) {
    return x_post(parts[0], parts[2]);
  }
  if (host == "open.spotify.com") {
    // open.spotify.com/intl-de/track/<id> is the same track
    std::size_t first = n > 0 && parts[0].starts_with("intl-") ? 1 : 0;
    if (n == first + 2 &&
        std::find(kSpotifyKinds.begin(), kSpotifyKinds.end(), parts[first]) !=
            kSpotifyKinds.end() &&
        spotify_id(parts[first + 1])) {
      return spotify(parts[first], parts[first + 1]);
    }
  }
  return std::nullopt;
}

bool is_embed_player_url(std::string_view url) {
  // Each player address has one form per provider: rebuild it from its id and compare.
  const auto after = [&](std::string_view prefix) -> std::optional<std::string> {
    if (!url.starts_with(prefix)) return std::nullopt;
    return std::string(url.substr(prefix.size()));
  };
  if (auto rest = after("https://www.youtube-nocookie.com/embed/"))
    return youtube_id(*rest) && youtube(*rest).player_url == url;
  if (auto rest = after("https://player.vimeo.com/video/")) {
    auto id = rest->substr(0, rest->find('?'));
    return number_id(id) && vimeo(id).player_url == url;
  }
  if (auto rest = after("https://www.tiktok.com/embed/v2/")) return number_id(*rest);
  if (auto rest = after("https://www.instagram.com/")) {
    auto parts = segments(*rest);
    return parts.size() == 3 && (parts[0] == "p" || parts[0] == "reel") &&
           instagram_code(parts[1]) && instagram(parts[0], parts[1]).player_url == url;
  }
  if (auto rest = after("https://platform.twitter.com/embed/Tweet.html?id=")) {
    auto id = rest->substr(0, rest->find('&'));
    return number_id(id) && x_post("x", id).player_url == url;
  }
  if (auto rest = after("https://open.spotify.com/embed/")) {
    auto parts = segments(*rest);
    return parts.size() == 2 &&
           std::find(kSpotifyKinds.begin(), kSpotifyKinds.end(), parts[0]) != kSpotifyKinds.end() &&
           spotify_id(parts[1]) && spotify(parts[0], parts[1]).player_url == url;
  }
  return false;
}

std::string embed_facade_html(const Embed& embed) {
  // figcaption keeps first-mention linking away from the provider's name.
  return "<figure class=\"embed\" data-embed-src=\"" + html_escape(embed.player_url) +
         "\" data-embed-provider=\"" + html_escape(embed.provider) + "\"><figcaption><strong>" +
         html_escape(embed.provider) + " " + html_escape(embed.what) + "</strong> <a href=\"" +
         html_escape(embed.original_url) + "\">Open on " + html_escape(embed.provider) +
         "</a></figcaption></figure>\n";
}

std::string_view embed_frame_sources() {
  return "https://www.youtube-nocookie.com https://player.vimeo.com https://www.tiktok.com "
         "https://www.instagram.com https://platform.twitter.com https://open.spotify.com";
}

namespace {

constexpr std::string_view kGalleryPrefix = "gallery:";
constexpr std::string_view kPlaceholderOpen = "<figure class=\"gallery-embed\" data-gallery=\"";
constexpr std::string_view kPlaceholderClose = "\"></figure>";

}  // namespace

std::optional<std::string> gallery_embed_slug(std::string_view text) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n'))
      v.remove_suffix(1);
    return v;
  };
  text = trim(text);
  if (!text.starts_with(kGalleryPrefix)) return std::nullopt;
  std::string_view slug = trim(text.substr(kGalleryPrefix.size()));
  if (!is_valid_slug(slug)) return std::nullopt;
  return std::string(slug);
}

std::string gallery_placeholder_html(std::string_view slug) {
  // Only slugs are ever written here (gallery_embed_slug checked it), so no escaping is needed.
  return std::string(kPlaceholderOpen) + std::string(slug) + std::string(kPlaceholderClose) + "\n";
}

namespace {

// Calls found(start, end, slug) for each placeholder of html, in order.
template <typename Found>
void each_placeholder(std::string_view html, Found found) {
  std::size_t at = 0;
  while ((at = html.find(kPlaceholderOpen, at)) != std::string_view::npos) {
    const std::size_t slug_begin = at + kPlaceholderOpen.size();
    const std::size_t slug_end = html.find(kPlaceholderClose, slug_begin);
    if (slug_end == std::string_view::npos) return;
    std::string_view slug = html.substr(slug_begin, slug_end - slug_begin);
    std::size_t end = slug_end + kPlaceholderClose.size();
    if (end < html.size() && html[end] == '\n') ++end;
    if (is_valid_slug(slug)) found(at, end, std::string(slug));
    at = end;
  }
}

}  // namespace

std::vector<std::string> gallery_embeds(std::string_view body_html) {
  std::vector<std::string> slugs;
  each_placeholder(body_html, [&](std::size_t, std::size_t, std::string slug) {
    if (std::find(slugs.begin(), slugs.end(), slug) == slugs.end())
      slugs.push_back(std::move(slug));
  });
  return slugs;
}

std::string fill_gallery_embeds(std::string_view body_html,
                                const std::function<std::string(const std::string&)>& strip) {
  std::string out;
  std::size_t copied = 0;
  each_placeholder(body_html, [&](std::size_t start, std::size_t end, const std::string& slug) {
    out.append(body_html.substr(copied, start - copied));
    out += strip(slug);
    copied = end;
  });
  if (copied == 0) return std::string(body_html);
  out.append(body_html.substr(copied));
  return out;
}

}  // namespace marquee::text
