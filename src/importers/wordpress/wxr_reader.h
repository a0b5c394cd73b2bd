// A WordPress export (WXR 1.1/1.2) read as a stream: one item (post, page, attachment, ...) at a
// time, with memory bounded by the largest item, never by the file. The site's authors and terms
// come from the channel as they are met (WordPress writes them before the items). The values are
// the export's own, as text; turning them into stories is the importer's business.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::importers {

// A malformed file: the line (1-based) and libxml2's reason.
struct WxrError {
  int line = 0;
  std::string message;
};

struct WxrAuthor {
  long long id = 0;
  std::string login;
  std::string email;
  std::string display_name;
  std::string first_name;
  std::string last_name;
};

// A category, tag or other term: of the channel (with its parent's slug), or on an item (slug and
// name only).
struct WxrTerm {
  std::string domain;  // "category", "post_tag", or another taxonomy
  std::string slug;
  std::string name;
  std::string parent;  // the parent's slug; empty at the top
};

struct WxrComment {
  long long id = 0;
  long long parent = 0;  // 0 at the top of the thread
  std::string author;
  std::string author_email;
  std::string author_url;
  std::string date;      // local, "YYYY-MM-DD HH:MM:SS"
  std::string date_gmt;  // UTC, same form; may be "0000-00-00 00:00:00"
  std::string content;
  std::string approved;  // "1", "0" (pending), "spam", "trash"
  std::string type;      // "comment", "pingback", "trackback", ...
};

struct WxrItem {
  int line = 0;  // where the item starts
  long long post_id = 0;
  long long parent_id = 0;
  int menu_order = 0;
  bool sticky = false;
  std::string post_type;  // "post", "page", "attachment", "nav_menu_item", ...
  std::string status;     // "publish", "future", "draft", "pending", "private", "trash", "inherit"
  std::string title;
  std::string link;
  std::string guid;
  std::string slug;  // wp:post_name
  std::string creator;
  std::string content;  // content:encoded: block markup or classic HTML
  std::string excerpt;
  std::string post_date;  // local times and UTC times as WordPress writes them
  std::string post_date_gmt;
  std::string modified;
  std::string modified_gmt;
  std::string password;
  std::string attachment_url;
  std::vector<WxrTerm> terms;                             // the item's categories and tags
  std::vector<std::pair<std::string, std::string>> meta;  // wp:postmeta, in order
  std::vector<WxrComment> comments;

  // The first value of a meta key, if the item has it.
  std::optional<std::string> meta_value(std::string_view key) const;
};

struct WxrSite {
  std::string title;
  std::string link;
  std::string language;
  std::string wxr_version;
  std::string base_site_url;
  std::string base_blog_url;
  std::vector<WxrAuthor> authors;
  std::vector<WxrTerm> terms;  // channel categories, tags and other terms
};

class WxrReader {
 public:
  // Throws WxrError when the file cannot be opened.
  static std::unique_ptr<WxrReader> open_file(const std::filesystem::path& file);
  // Reads from memory that must outlive the reader (tests, fuzzing).
  static std::unique_ptr<WxrReader> open_memory(std::string_view bytes);
  ~WxrReader();
  WxrReader(const WxrReader&) = delete;
  WxrReader& operator=(const WxrReader&) = delete;

  // The next item, or nullopt at the end of the file. Throws WxrError on malformed XML, or when
  // the document is not a WordPress export (no rss/channel).
  std::optional<WxrItem> next();
  // What the channel said so far (all of it once next() has returned its first item).
  const WxrSite& site() const { return site_; }

 private:
  struct Parser;
  explicit WxrReader(std::unique_ptr<Parser> parser);
  std::unique_ptr<Parser> parser_;
  WxrSite site_;
};

// Whether the first bytes of a file look like a WordPress export (an RSS document that declares
// WordPress's export namespace), so that one import command can tell it from story files.
bool looks_like_wxr(std::string_view head);

}  // namespace marquee::importers
