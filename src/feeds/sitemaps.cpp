// Sitemap protocol 0.9 with the Google News and Video extensions, written as pugixml trees.
#include "feeds/sitemaps.h"

#include <algorithm>
#include <cmath>
#include <pugixml.hpp>
#include <sstream>

#include "core/site_time.h"
#include "feeds/feeds.h"

namespace marquee::feeds {
namespace {

constexpr const char* kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";

void text_child(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(xml_safe(text).c_str());
}

pugi::xml_node start(pugi::xml_document& doc, const char* root) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  auto node = doc.append_child(root);
  node.append_attribute("xmlns").set_value(kSitemapNs);
  return node;
}

std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

// At most `limit` code points, never cutting a UTF-8 sequence in half.
std::string cut(std::string_view text, std::size_t limit) {
  std::string safe = xml_safe(text);
  std::size_t points = 0;
  for (std::size_t i = 0; i < safe.size(); ++i) {
    if ((static_cast<unsigned char>(safe[i]) & 0xC0) == 0x80) continue;
    if (points++ == limit) return safe.substr(0, i);
  }
  return safe;
}

}  // namespace

std::string render_sitemap_index(const std::vector<SitemapUrl>& sitemaps) {
  pugi::xml_document doc;
  auto root = start(doc, "sitemapindex");
  for (const auto& sitemap : sitemaps) {
    auto node = root.append_child("sitemap");
    text_child(node, "loc", sitemap.loc);
    if (sitemap.lastmod) text_child(node, "lastmod", iso_utc(*sitemap.lastmod));
  }
  return to_string(doc);
}

std::string render_urlset(const std::vector<SitemapUrl>& urls) {
  pugi::xml_document doc;
  auto root = start(doc, "urlset");
  // Google's image extension: search engines find a story's photos with the story.
  root.append_attribute("xmlns:image").set_value("http://www.google.com/schemas/sitemap-image/1.1");
  for (const auto& url : urls) {
    auto node = root.append_child("url");
    text_child(node, "loc", url.loc);
    if (url.lastmod) text_child(node, "lastmod", iso_utc(*url.lastmod));
    for (const auto& image : url.images) {
      text_child(node.append_child("image:image"), "image:loc", image);
    }
  }
  return to_string(doc);
}

std::string render_news_sitemap(const std::vector<NewsUrl>& urls, const std::string& publication,
                                const std::string& language) {
  pugi::xml_document doc;
  auto root = start(doc, "urlset");
  root.append_attribute("xmlns:news").set_value("http://www.google.com/schemas/sitemap-news/0.9");
  for (const auto& url : urls) {
    auto node = root.append_child("url");
    text_child(node, "loc", url.loc);
    auto news = node.append_child("news:news");
    auto pub = news.append_child("news:publication");
    text_child(pub, "news:name", publication);
    text_child(pub, "news:language", language);
    text_child(news, "news:publication_date", iso_utc(url.published));
    text_child(news, "news:title", url.title);
  }
  return to_string(doc);
}

std::string render_video_sitemap(const std::vector<VideoUrl>& urls) {
  pugi::xml_document doc;
  auto root = start(doc, "urlset");
  root.append_attribute("xmlns:video").set_value("http://www.google.com/schemas/sitemap-video/1.1");
  for (const auto& url : urls) {
    auto node = root.append_child("url");
    text_child(node, "loc", url.page_loc);
    auto video = node.append_child("video:video");
    text_child(video, "video:thumbnail_loc", url.thumbnail_loc);
    video.append_child("video:title").text().set(cut(url.title, 100).c_str());
    video.append_child("video:description")
        .text()
        .set(cut(url.description.empty() ? url.title : url.description, 2048).c_str());
    text_child(video, "video:content_loc", url.content_loc);
    if (url.duration_seconds > 0) {
      // The extension allows whole seconds from 1 to 28800.
      long seconds = std::clamp(std::lround(url.duration_seconds), 1L, 28800L);
      video.append_child("video:duration").text().set(seconds);
    }
    text_child(video, "video:publication_date", iso_utc(url.published));
  }
  return to_string(doc);
}

std::string render_robots(const std::string& sitemap_index_url) {
  return "User-agent: *\n"
         "Disallow: /admin\n"
         "Disallow: /search\n"
         "Allow: /\n"
         "\n"
         "Sitemap: " +
         sitemap_index_url + "\n";
}

}  // namespace marquee::feeds
