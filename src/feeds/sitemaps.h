// Sitemaps for search engines: the index, plain URL sets, the Google News sitemap (stories of
// the last two days) and the video sitemap (clips), plus robots.txt pointing at them. Pure
// writers over plain values; which URLs go in is the site's business.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace marquee::feeds {

// The protocol's limit of URLs per file; the site splits larger sets.
inline constexpr std::size_t kMaxSitemapUrls = 50000;

struct SitemapUrl {
  std::string loc;  // absolute
  std::optional<Time> lastmod;
  std::vector<std::string> images = {};  // absolute URLs of the photos the page shows
};

struct NewsUrl {
  std::string loc;
  std::string title;
  Time published{};
};

struct VideoUrl {
  std::string page_loc;  // the story page that shows the clip
  std::string thumbnail_loc;
  std::string title;        // cut to 100 characters
  std::string description;  // cut to 2048 characters
  std::string content_loc;  // the video file
  double duration_seconds = 0;
  Time published{};
};

std::string render_sitemap_index(const std::vector<SitemapUrl>& sitemaps);
std::string render_urlset(const std::vector<SitemapUrl>& urls);
std::string render_news_sitemap(const std::vector<NewsUrl>& urls, const std::string& publication,
                                const std::string& language);
std::string render_video_sitemap(const std::vector<VideoUrl>& urls);

// Allows everything but the newsroom and the write API, and names the sitemap index.
std::string render_robots(const std::string& sitemap_index_url);

}  // namespace marquee::feeds
