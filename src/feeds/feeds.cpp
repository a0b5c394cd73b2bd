// RSS 2.0 (with content:encoded and dc:creator), Atom 1.0 and JSON Feed 1.1 writers. XML is
// built as a pugixml tree, so escaping is never done by hand.
#include "feeds/feeds.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "core/site_time.h"

namespace marquee::feeds {
namespace {

void text_child(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).text().set(xml_safe(text).c_str());
}

void attribute(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(xml_safe(value).c_str());
}

std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

// Media RSS (https://www.rssboard.org/media-rss), which feed readers use for an item's picture.
constexpr const char* kMediaRss = "http://search.yahoo.com/mrss/";

void media_content(pugi::xml_node parent, const FeedImage& image) {
  auto content = parent.append_child("media:content");
  attribute(content, "url", image.url);
  attribute(content, "medium", "image");
  attribute(content, "type", "image/jpeg");
  if (image.bytes > 0)
    content.append_attribute("fileSize").set_value(static_cast<long long>(image.bytes));
  content.append_attribute("width").set_value(image.width);
  content.append_attribute("height").set_value(image.height);
  if (!image.alt.empty()) {
    auto description = content.append_child("media:description");
    description.append_attribute("type").set_value("plain");
    description.text().set(xml_safe(image.alt).c_str());
  }
  if (!image.credit.empty()) text_child(content, "media:credit", image.credit);
}

pugi::xml_node declare(pugi::xml_document& doc) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  return decl;
}

}  // namespace

std::string render_rss(const FeedChannel& channel, const std::vector<FeedItem>& items) {
  pugi::xml_document doc;
  declare(doc);
  auto rss = doc.append_child("rss");
  rss.append_attribute("version").set_value("2.0");
  rss.append_attribute("xmlns:atom").set_value("http://www.w3.org/2005/Atom");
  rss.append_attribute("xmlns:content").set_value("http://purl.org/rss/1.0/modules/content/");
  rss.append_attribute("xmlns:dc").set_value("http://purl.org/dc/elements/1.1/");
  rss.append_attribute("xmlns:media").set_value(kMediaRss);
  auto ch = rss.append_child("channel");
  text_child(ch, "title", channel.title);
  text_child(ch, "link", channel.site_url);
  text_child(ch, "description", channel.description.empty() ? channel.title : channel.description);
  text_child(ch, "language", channel.language);
  text_child(ch, "lastBuildDate", http_date(channel.updated));
  text_child(ch, "generator", "Marquee");
  auto self = ch.append_child("atom:link");
  attribute(self, "href", channel.feed_url);
  attribute(self, "rel", "self");
  attribute(self, "type", "application/rss+xml");
  for (const auto& item : items) {
    auto node = ch.append_child("item");
    text_child(node, "title", item.title);
    text_child(node, "link", item.url);
    auto guid = node.append_child("guid");
    guid.append_attribute("isPermaLink").set_value(item.id == item.url ? "true" : "false");
    guid.text().set(xml_safe(item.id).c_str());
    text_child(node, "pubDate", http_date(item.published));
    // RSS's own <author> wants an e-mail address; Dublin Core carries a plain name.
    for (const auto& author : item.authors) text_child(node, "dc:creator", author.name);
    for (const auto& category : item.categories) text_child(node, "category", category);
    text_child(node, "description", item.summary);
    if (!item.content_html.empty()) {
      node.append_child("content:encoded")
          .append_child(pugi::node_pcdata)
          .set_value(xml_safe(item.content_html).c_str());
    }
    if (item.image) media_content(node, *item.image);
    // RSS allows one enclosure: the clip when there is one, else the lead photo.
    if (item.enclosure) {
      auto enclosure = node.append_child("enclosure");
      attribute(enclosure, "url", item.enclosure->url);
      enclosure.append_attribute("length").set_value(static_cast<long long>(item.enclosure->bytes));
      attribute(enclosure, "type", item.enclosure->mime);
    } else if (item.image) {
      auto enclosure = node.append_child("enclosure");
      attribute(enclosure, "url", item.image->url);
      enclosure.append_attribute("length").set_value(static_cast<long long>(item.image->bytes));
      attribute(enclosure, "type", "image/jpeg");
    }
  }
  return to_string(doc);
}

std::string render_atom(const FeedChannel& channel, const std::vector<FeedItem>& items) {
  pugi::xml_document doc;
  declare(doc);
  auto feed = doc.append_child("feed");
  feed.append_attribute("xmlns").set_value("http://www.w3.org/2005/Atom");
  feed.append_attribute("xmlns:media").set_value(kMediaRss);
  attribute(feed, "xml:lang", channel.language);
  text_child(feed, "id", channel.feed_url);
  text_child(feed, "title", channel.title);
  if (!channel.description.empty()) text_child(feed, "subtitle", channel.description);
  text_child(feed, "updated", iso_utc(channel.updated));
  auto self = feed.append_child("link");
  attribute(self, "rel", "self");
  attribute(self, "type", "application/atom+xml");
  attribute(self, "href", channel.feed_url);
  auto alternate = feed.append_child("link");
  attribute(alternate, "rel", "alternate");
  attribute(alternate, "type", "text/html");
  attribute(alternate, "href", channel.site_url);
  text_child(feed, "generator", "Marquee");
  for (const auto& item : items) {
    auto entry = feed.append_child("entry");
    text_child(entry, "id", item.id);
    text_child(entry, "title", item.title);
    auto link = entry.append_child("link");
    attribute(link, "rel", "alternate");
    attribute(link, "type", "text/html");
    attribute(link, "href", item.url);
    text_child(entry, "published", iso_utc(item.published));
    text_child(entry, "updated", iso_utc(std::max(item.updated, item.published)));
    // An entry without an author would inherit the feed's, which Atom then requires.
    auto authors = item.authors;
    if (authors.empty()) authors.push_back({channel.title, channel.site_url});
    for (const auto& person : authors) {
      auto author = entry.append_child("author");
      text_child(author, "name", person.name);
      if (!person.url.empty()) text_child(author, "uri", person.url);
    }
    for (const auto& category : item.categories) {
      attribute(entry.append_child("category"), "term", category);
    }
    if (!item.summary.empty()) {
      auto summary = entry.append_child("summary");
      summary.append_attribute("type").set_value("text");
      summary.text().set(xml_safe(item.summary).c_str());
    }
    if (!item.content_html.empty()) {
      auto content = entry.append_child("content");
      content.append_attribute("type").set_value("html");
      content.text().set(xml_safe(item.content_html).c_str());
    }
    if (item.enclosure) {
      auto enclosure = entry.append_child("link");
      attribute(enclosure, "rel", "enclosure");
      attribute(enclosure, "type", item.enclosure->mime);
      attribute(enclosure, "href", item.enclosure->url);
      if (item.enclosure->bytes > 0) {
        enclosure.append_attribute("length").set_value(
            static_cast<long long>(item.enclosure->bytes));
      }
    }
    if (item.image) {
      auto enclosure = entry.append_child("link");
      attribute(enclosure, "rel", "enclosure");
      attribute(enclosure, "type", "image/jpeg");
      attribute(enclosure, "href", item.image->url);
      if (item.image->bytes > 0) {
        enclosure.append_attribute("length").set_value(static_cast<long long>(item.image->bytes));
      }
      media_content(entry, *item.image);
    }
  }
  return to_string(doc);
}

std::string render_json_feed(const FeedChannel& channel, const std::vector<FeedItem>& items) {
  using nlohmann::json;
  json feed = {{"version", "https://jsonfeed.org/version/1.1"},
               {"title", channel.title},
               {"home_page_url", channel.site_url},
               {"feed_url", channel.feed_url},
               {"language", channel.language}};
  if (!channel.description.empty()) feed["description"] = channel.description;
  json list = json::array();
  for (const auto& item : items) {
    json entry = {{"id", item.id},
                  {"url", item.url},
                  {"title", item.title},
                  {"date_published", iso_utc(item.published)},
                  {"date_modified", iso_utc(std::max(item.updated, item.published))}};
    // JSON Feed needs content_html or content_text; the summary stands in for an empty body.
    if (!item.content_html.empty()) {
      entry["content_html"] = item.content_html;
    } else {
      entry["content_text"] = item.summary;
    }
    if (!item.summary.empty()) entry["summary"] = item.summary;
    if (item.image) entry["image"] = item.image->url;
    if (!item.authors.empty()) {
      json authors = json::array();
      for (const auto& person : item.authors) {
        json author = {{"name", person.name}};
        if (!person.url.empty()) author["url"] = person.url;
        authors.push_back(std::move(author));
      }
      entry["authors"] = std::move(authors);
    }
    if (!item.categories.empty()) entry["tags"] = item.categories;
    if (item.enclosure) {
      json attachment = {{"url", item.enclosure->url}, {"mime_type", item.enclosure->mime}};
      if (item.enclosure->bytes > 0) attachment["size_in_bytes"] = item.enclosure->bytes;
      if (item.enclosure->duration_seconds > 0) {
        attachment["duration_in_seconds"] = std::lround(item.enclosure->duration_seconds);
      }
      entry["attachments"] = json::array({attachment});
    }
    list.push_back(std::move(entry));
  }
  feed["items"] = std::move(list);
  // Bad UTF-8 in a story must not make the feed fail: it is replaced, as in the XML feeds.
  return feed.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_feed(FeedFormat format, const FeedChannel& channel,
                        const std::vector<FeedItem>& items) {
  switch (format) {
    case FeedFormat::rss:
      return render_rss(channel, items);
    case FeedFormat::atom:
      return render_atom(channel, items);
    case FeedFormat::json:
      return render_json_feed(channel, items);
  }
  return {};
}

const char* content_type(FeedFormat format) {
  switch (format) {
    case FeedFormat::rss:
      return "application/rss+xml; charset=utf-8";
    case FeedFormat::atom:
      return "application/atom+xml; charset=utf-8";
    case FeedFormat::json:
      return "application/feed+json; charset=utf-8";
  }
  return "application/octet-stream";
}

const char* file_name(FeedFormat format) {
  switch (format) {
    case FeedFormat::rss:
      return "rss.xml";
    case FeedFormat::atom:
      return "atom.xml";
    case FeedFormat::json:
      return "feed.json";
  }
  return "";
}

std::optional<FeedFormat> format_for_file_name(std::string_view name) {
  for (auto format : {FeedFormat::rss, FeedFormat::atom, FeedFormat::json}) {
    if (name == file_name(format)) return format;
  }
  return std::nullopt;
}

}  // namespace marquee::feeds
