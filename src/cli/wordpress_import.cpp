// The WordPress import: see wordpress_import.h. The export is read twice, as a stream both
// times: the first pass checks the whole file (a malformed one is refused before anything is
// written) and gathers what the posts point at (attachments, category counts); the second
// turns posts into stories. Each story is saved by the Newsroom in one unit of work of its own;
// the keys and old addresses of a batch of posts follow in one transaction, so a run stopped at
// any moment leaves whole stories only, and a second run finds them again (by key, or by slug
// and headline for the few saved just before the stop) instead of duplicating them.
#include "cli/wordpress_import.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <unordered_map>

#include "admin/media_library.h"
#include "core/ascii.h"
#include "core/page_paths.h"
#include "core/site_time.h"
#include "core/slug.h"
#include "core/urls.h"
#include "importers/wordpress/wp_body.h"
#include "importers/wordpress/wxr_reader.h"
#include "media/media.h"
#include "newsroom/knowledge.h"
#include "newsroom/newsroom.h"
#include "newsroom/page_rules.h"
#include "text/text.h"
#include "web/http.h"

namespace marquee::cli {
namespace {

namespace fs = std::filesystem;
using importers::WxrItem;
using importers::WxrReader;
using importers::WxrSite;

constexpr const char* kSource = "wordpress";
// The setting naming the sections shown in the site's navigation, in order (comma-separated).
constexpr const char* kNavigationSetting = "navigation.sections";
// Notes past this many are counted, not listed: a big export can miss thousands of photos.
constexpr std::size_t kMaxNotes = 200;

// "/2025/11/01/slug" for "https://example.com/2025/11/01/slug/"; "/?p=12" kept with its query.
std::string path_of_url(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto slash = url.find_first_of("/?", scheme + 3);
  std::string path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (path.front() == '?') path.insert(0, "/");
  auto hash = path.find('#');
  if (hash != std::string::npos) path.erase(hash);
  auto query = path.find('?');
  // Requests arrive percent-decoded: WordPress's encoded slugs are kept the same way.
  std::string bare =
      web::percent_decode(path.substr(0, query), false).value_or(path.substr(0, query));
  while (bare.size() > 1 && bare.back() == '/') bare.pop_back();
  return bare + (query == std::string::npos ? "" : path.substr(query));
}

// A WordPress time ("2025-11-01 07:39:15") as UTC; nullopt for the zeros WordPress writes for
// "not set".
std::optional<Time> utc_time(const std::string& text) {
  if (text.empty() || text.starts_with("0000")) return std::nullopt;
  std::string iso = text;
  std::replace(iso.begin(), iso.end(), ' ', 'T');
  return parse_iso(iso + "Z");
}

std::optional<Time> item_time(const std::string& gmt, const std::string& local,
                              const SiteTime& zone) {
  if (auto t = utc_time(gmt)) return t;
  if (local.empty() || local.starts_with("0000")) return std::nullopt;
  return zone.parse_local(local);
}

std::optional<ArticleStatus> story_status(std::string_view status) {
  if (status == "publish") return ArticleStatus::published;
  if (status == "future") return ArticleStatus::scheduled;
  if (status == "draft" || status == "auto-draft") return ArticleStatus::draft;
  if (status == "pending") return ArticleStatus::review;
  return std::nullopt;
}

std::string skip_reason(std::string_view status) {
  if (status == "private") return "a private post (readers never saw it): not imported";
  if (status == "trash") return "in the trash: not imported";
  return "status '" + std::string(status) + "': not imported";
}

// "2025/11/photo.jpg" for any URL under wp-content/uploads/; empty otherwise.
std::string uploads_path(std::string_view url) {
  constexpr std::string_view kUploads = "/wp-content/uploads/";
  auto at = url.find(kUploads);
  if (at == std::string_view::npos) return {};
  std::string rest(url.substr(at + kUploads.size()));
  rest = rest.substr(0, rest.find_first_of("?#"));
  return rest;
}

// WordPress's sized copies are named photo-1024x683.jpg; the attachment is photo.jpg.
std::string without_size_suffix(const std::string& path) {
  auto dot = path.rfind('.');
  auto dash = path.rfind('-', dot);
  if (dot == std::string::npos || dash == std::string::npos || dash + 1 >= dot) return path;
  std::string_view size = std::string_view(path).substr(dash + 1, dot - dash - 1);
  auto x = size.find('x');
  if (x == std::string_view::npos || x == 0 || x + 1 == size.size()) return path;
  for (std::size_t i = 0; i < size.size(); ++i) {
    if (i != x && (size[i] < '0' || size[i] > '9')) return path;
  }
  return path.substr(0, dash) + path.substr(dot);
}

// Yoast writes its titles with variables; the common ones are filled in, the others dropped.
std::string seo_text(std::string value, const std::string& title, const std::string& site_title) {
  auto replace_all = [&](std::string_view from, std::string_view to) {
    for (auto at = value.find(from); at != std::string::npos; at = value.find(from, at + to.size()))
      value.replace(at, from.size(), to);
  };
  replace_all("%%title%%", title);
  replace_all("%%sitename%%", site_title);
  replace_all("%%sep%%", "|");
  for (auto at = value.find("%%"); at != std::string::npos; at = value.find("%%", at)) {
    auto end = value.find("%%", at + 2);
    if (end == std::string::npos) break;
    value.erase(at, end + 2 - at);
  }
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  while (out.ends_with(" |")) out.resize(out.size() - 2);
  return out;
}

std::string hex_digest(std::string_view text) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

// What an import writes of a story, in one text: equal texts mean nothing to update.
std::string fingerprint(const Article& a, Time saved_at) {
  std::string text;
  auto add = [&text](std::string_view part) {
    text += std::to_string(part.size());
    text += ':';
    text += part;
  };
  for (const auto* field :
       {&a.slug, &a.headline, &a.dek, &a.body, &a.section, &a.seo_title, &a.seo_description}) {
    add(*field);
  }
  for (Id id : a.author_ids) add(std::to_string(id));
  add("|");
  for (const auto& tag : a.tags) add(tag);
  add(to_string(a.status));
  add(a.publish_at ? std::to_string(a.publish_at->time_since_epoch().count()) : "-");
  add(std::to_string(saved_at.time_since_epoch().count()));
  add(a.lead_media_id ? std::to_string(*a.lead_media_id) : "-");
  add(a.clip_media_id ? std::to_string(*a.clip_media_id) : "-");
  add(a.featured ? "featured" : "");
  return hex_digest(text);
}

// An attachment of the export, as the posts need it.
struct Attachment {
  long long id = 0;
  long long parent = 0;
  std::string url;
  std::string relative;  // under uploads/
  std::string link;      // its attachment page
  std::string title;
  std::string caption;
  std::string alt;
  std::string description;
};

// A category of the channel: its name and parent, to find its top-level section.
struct Category {
  std::string name;
  std::string parent;
};

class Importer {
 public:
  Importer(Store& store, const WordpressImportOptions& options, WordpressImportReport& report)
      : store_(store),
        options_(options),
        report_(report),
        zone_(SiteTime::load(options.timezone).value_or(*SiteTime::load("UTC"))),
        started_(std::chrono::steady_clock::now()) {}

  void run() {
    survey();
    if (!options_.dry_run) {
      newsroom::Knowledge knowledge(store_, newsroom::Knowledge::Related::empty);
      newsroom::Newsroom newsroom(store_, knowledge, nullptr);
      newsroom_ = &newsroom;
      import_all();
      newsroom_ = nullptr;
    } else {
      import_all();
    }
    report_.seconds = elapsed();
  }

 private:
  void import_all() {
    import_authors();
    import_media();
    import_posts();
    import_pages();
    import_site_addresses();
    choose_navigation();
  }

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

  void note(std::string text) {
    if (report_.notes.size() < kMaxNotes) {
      report_.notes.push_back(std::move(text));
    } else {
      ++notes_left_out_;
    }
  }

  void skip(const WxrItem& item, std::string reason) {
    report_.skipped.push_back({item.post_id, item.post_type, item.title, std::move(reason)});
  }

  std::unique_ptr<WxrReader> open() {
    try {
      return WxrReader::open_file(options_.file);
    } catch (const importers::WxrError& e) {
      throw WordpressImportRefused{e.line, e.message};
    }
  }

  // Pass one: the whole file is read (and so checked) before anything is written.
  void survey() {
    auto reader = open();
    try {
      while (auto item = reader->next()) {
        if (item->post_type == "attachment") {
          Attachment a;
          a.id = item->post_id;
          a.parent = item->parent_id;
          a.url = item->attachment_url.empty() ? item->guid : item->attachment_url;
          a.relative = uploads_path(a.url);
          a.link = item->link;
          a.title = item->title;
          a.caption = text::single_line(text::plain_text(item->excerpt));
          a.alt = item->meta_value("_wp_attachment_image_alt").value_or("");
          attachments_.push_back(std::move(a));
        } else if (item->post_type == "page") {
          pages_.push_back(std::move(*item));  // a site has tens of pages: kept for their pass
        } else if (item->post_type == "post" && story_status(item->status)) {
          for (const auto& term : item->terms) {
            if (term.domain == "category") ++category_posts_[term.slug];
          }
        }
      }
    } catch (const importers::WxrError& e) {
      throw WordpressImportRefused{e.line, e.message};
    }
    site_ = reader->site();
    for (const auto& term : site_.terms) {
      if (term.domain == "category") categories_[term.slug] = {term.name, term.parent};
    }
  }

  // --- authors

  std::string free_user_slug(std::string wanted) {
    if (wanted.empty()) wanted = "author";
    std::string slug = wanted;
    for (int n = 2; taken_user_slugs_.contains(slug) || store_.users().find_by_slug(slug); ++n) {
      slug = wanted + "-" + std::to_string(n);
    }
    taken_user_slugs_.insert(slug);
    return slug;
  }

  void import_authors() {
    Id dry_id = -1;
    for (const auto& author : site_.authors) {
      if (author.login.empty()) continue;
      std::optional<User> user;
      if (auto key = store_.import_keys().find(kSource, "author", author.id); key && author.id) {
        user = store_.users().find(key->local_id);
      }
      if (!user && !author.email.empty()) user = store_.users().find_by_email(author.email);
      if (!user) {
        User fresh;
        fresh.display_name = author.display_name.empty() ? author.login : author.display_name;
        fresh.email = author.email;
        fresh.slug = free_user_slug(slugify(fresh.display_name));
        // No password: they sign in once an admin sets one or sends a reset.
        fresh.role = Role::writer;
        ++report_.authors_added;
        if (options_.dry_run) {
          fresh.id = dry_id--;
          user = fresh;
        } else {
          user = store_.users().save(fresh);
        }
      }
      if (!options_.dry_run && author.id) {
        store_.import_keys().put({kSource, "author", author.id, user->id, ""});
      }
      authors_[author.login] = *user;
    }
  }

  // A creator the channel did not list (a deleted WordPress user) still gets a byline.
  std::optional<Id> author_for(const std::string& login) {
    if (login.empty()) return std::nullopt;
    if (auto it = authors_.find(login); it != authors_.end()) return it->second.id;
    User byline;
    byline.display_name = login;
    byline.slug = slugify(login);
    if (auto existing = store_.users().find_by_slug(byline.slug)) {
      authors_[login] = *existing;
      return existing->id;
    }
    byline.slug = free_user_slug(byline.slug);
    byline.role = Role::writer;
    ++report_.authors_added;
    if (options_.dry_run) {
      byline.id = -1000000 - static_cast<Id>(authors_.size());
    } else {
      byline = store_.users().save(byline);
    }
    authors_[login] = byline;
    return byline.id;
  }

  // --- media

  void import_media() {
    std::optional<media::MediaStore> files;
    std::optional<admin::MediaLibrary> library;
    if (!options_.uploads.empty() && !options_.dry_run) {
      files.emplace(options_.media_folder);
      library.emplace(store_, *files);
    }
    for (const auto& a : attachments_) {
      std::optional<Media> item;
      if (auto key = store_.import_keys().find(kSource, "attachment", a.id)) {
        item = store_.media().find(key->local_id);
        if (item && (item->alt != a.alt || item->caption != a.caption) && library) {
          auto updated = library->update(item->id, {a.caption, item->credit, a.alt});
          if (updated && std::holds_alternative<Media>(*updated)) item = std::get<Media>(*updated);
        }
      }
      if (!item) {
        fs::path file = options_.uploads.empty() || a.relative.empty()
                            ? fs::path()
                            : options_.uploads / fs::path(a.relative).lexically_normal();
        std::error_code ec;
        const bool inside =
            !file.empty() && !fs::path(a.relative).lexically_normal().string().starts_with("..");
        if (file.empty() || !inside || !fs::is_regular_file(file, ec)) {
          ++report_.media_missing;
          missing_attachments_.insert(a.id);
          if (!options_.uploads.empty()) {
            note("photo " + std::to_string(a.id) + " (" + a.url + "): no file at " +
                 (file.empty() ? a.relative : file.string()) + "; kept as a link");
          }
          continue;
        }
        if (!library) {
          ++report_.media_added;  // a dry run: the file is there
          available_.insert(a.id);
          if (!a.relative.empty()) attachment_by_path_[a.relative] = a.id;
          continue;
        }
        auto outcome = library->upload_file(file, {a.caption, "", a.alt}, 0);
        if (auto* problem = std::get_if<admin::MediaProblem>(&outcome)) {
          ++report_.media_missing;
          missing_attachments_.insert(a.id);
          report_.skipped.push_back({a.id, "attachment", a.title, problem->message});
          continue;
        }
        item = std::get<Media>(std::move(outcome));
        store_.import_keys().put({kSource, "attachment", a.id, item->id, ""});
        ++report_.media_added;
      }
      media_by_attachment_[a.id] = *item;
      if (!a.relative.empty()) attachment_by_path_[a.relative] = a.id;
    }
  }

  std::optional<importers::WpImage> resolve(const importers::WpImageRef& ref) const {
    long long id = ref.attachment_id;
    if (id == 0 || (!media_by_attachment_.contains(id) && !available_.contains(id))) {
      id = 0;
      std::string relative = uploads_path(ref.url);
      for (const auto& candidate : {relative, without_size_suffix(relative)}) {
        if (auto found = attachment_by_path_.find(candidate); found != attachment_by_path_.end()) {
          id = found->second;
          break;
        }
      }
    }
    // A dry run uploads nothing: a photo whose file is there counts as found.
    if (id != 0 && available_.contains(id)) return importers::WpImage{"/media/", 0, 0, "", ""};
    auto it = media_by_attachment_.find(id);
    if (id == 0 || it == media_by_attachment_.end()) return std::nullopt;
    auto photo = public_photo(it->second);
    if (!photo) return std::nullopt;
    return importers::WpImage{"/media/" + photo->file, photo->width, photo->height, it->second.alt,
                              it->second.caption};
  }

  // --- sections and tags

  // The top-level category of a category, following the channel's parents.
  std::string top_category(const std::string& slug) const {
    std::string current = slug;
    for (int depth = 0; depth < 32; ++depth) {
      auto it = categories_.find(current);
      if (it == categories_.end() || it->second.parent.empty()) return current;
      current = it->second.parent;
    }
    return current;
  }

  std::string category_name(const std::string& slug, const std::string& fallback) const {
    auto it = categories_.find(slug);
    return it != categories_.end() && !it->second.name.empty() ? it->second.name : fallback;
  }

  // The section for a top-level category, made on first use. A slug the site itself uses
  // (authors, people, ...) gets "-news" after it.
  std::string section_for(const std::string& category, const std::string& name) {
    if (auto it = section_of_category_.find(category); it != section_of_category_.end())
      return it->second;
    std::string slug = is_valid_slug(category) ? category : slugify(name);
    if (slug.empty()) slug = "news";
    if (is_reserved_segment(slug)) slug += "-news";
    if (!known_sections_) {
      known_sections_.emplace();
      for (const auto& s : store_.sections().all()) known_sections_->insert(s.slug);
      sections_before_ = store_.sections().all();
    }
    if (!known_sections_->contains(slug)) {
      ++report_.sections_added;
      if (!options_.dry_run) {
        store_.sections().save(
            {0, slug, name.empty() ? slug : name, static_cast<int>(known_sections_->size())});
      }
      known_sections_->insert(slug);
    }
    section_of_category_[category] = slug;
    return slug;
  }

  // --- posts

  struct Pending {
    ImportKey key;
    std::vector<AddressRedirect> addresses;
    std::vector<ArchiveComment> comments;
  };

  // The approved comments of a post (pingbacks and trackbacks are not readers' words), as plain
  // text with their paragraphs.
  std::vector<ArchiveComment> approved_comments(const WxrItem& item) const {
    std::vector<ArchiveComment> out;
    for (const auto& c : item.comments) {
      if (c.approved != "1" || !(c.type.empty() || c.type == "comment")) continue;
      ArchiveComment kept;
      kept.external_id = c.id;
      kept.parent_external = c.parent;
      kept.author = text::single_line(c.author);
      if (kept.author.empty()) kept.author = "Anonymous";
      kept.posted_at = item_time(c.date_gmt, c.date, zone_).value_or(Time{});
      std::string_view rest = c.content;
      while (!rest.empty()) {
        auto gap = rest.find("\n\n");
        std::string paragraph = text::plain_text(rest.substr(0, gap));
        if (!paragraph.empty()) kept.text += (kept.text.empty() ? "" : "\n\n") + paragraph;
        if (gap == std::string_view::npos) break;
        rest.remove_prefix(gap + 2);
      }
      if (!kept.text.empty()) out.push_back(std::move(kept));
    }
    return out;
  }

  static std::string with_comments(const std::string& print,
                                   const std::vector<ArchiveComment>& comments) {
    if (comments.empty()) return print;
    std::string text = print;
    for (const auto& c : comments) {
      text += "|" + std::to_string(c.external_id) + "," + std::to_string(c.parent_external) + "," +
              std::to_string(c.posted_at.time_since_epoch().count()) + "," + c.author + "," +
              c.text;
    }
    return hex_digest(text);
  }

  void flush(std::vector<Pending>& batch) {
    if (batch.empty() || options_.dry_run) {
      batch.clear();
      return;
    }
    store_.write([&](UnitOfWork& unit) {
      for (const auto& p : batch) {
        unit.import_keys().put(p.key);
        for (const auto& a : p.addresses) unit.redirects().put_address(a);
        unit.comments().replace(p.key.local_id, p.comments);
      }
    });
    batch.clear();
  }

  void show_progress(bool last) {
    if (!options_.progress) return;
    auto now = std::chrono::steady_clock::now();
    if (!last && now - last_progress_ < options_.progress_every) return;
    last_progress_ = now;
    double seconds = std::max(elapsed(), 1e-3);
    *options_.progress << "\rread " << report_.items_read << " items, " << written_
                       << " stories written, " << static_cast<long long>(written_ / seconds)
                       << " stories/s" << (last ? "\n" : "") << std::flush;
  }

  void import_posts() {
    auto reader = open();
    std::vector<Pending> batch;
    std::map<std::string, int> other_types;
    try {
      while (auto item = reader->next()) {
        ++report_.items_read;
        show_progress(false);
        if (item->post_type == "attachment") continue;
        if (item->post_type == "page") continue;  // import_pages(), once every parent is known
        if (item->post_type != "post") {
          ++other_types[item->post_type];
          continue;
        }
        count_comments(*item);
        try {
          if (auto pending = import_post(*item)) {
            batch.push_back(std::move(*pending));
            if (batch.size() >= options_.batch_size) flush(batch);
          }
        } catch (const newsroom::Refused& e) {
          skip(*item, std::string("the newsroom refused it: ") + e.first().reason);
        } catch (const StoreError& e) {
          flush(batch);
          skip(*item, std::string("the store refused it: ") + e.what());
        } catch (const std::exception& e) {
          // One item that cannot be read is left out; the rest of the export goes on.
          skip(*item, std::string("could not be converted: ") + e.what());
        }
      }
    } catch (const importers::WxrError& e) {
      // The first pass read this file whole; it changed under us.
      flush(batch);
      throw WordpressImportRefused{e.line, e.message + " (the file changed during the import)"};
    }
    flush(batch);
    show_progress(true);
    for (const auto& [type, count] : other_types) {
      report_.skipped.push_back(
          {0, type, std::to_string(count) + " items", "not posts (" + type + "): not imported"});
    }
    report_.tags = static_cast<int>(tags_.size());
    if (notes_left_out_ > 0) {
      report_.notes.push_back("... and " + std::to_string(notes_left_out_) + " more notes");
    }
  }

  void count_comments(const WxrItem& item) {
    for (const auto& c : item.comments) {
      if (c.approved != "1" || !(c.type.empty() || c.type == "comment")) ++report_.comments_held;
    }
  }

  std::optional<Pending> import_post(const WxrItem& item) {
    auto status = story_status(item.status);
    if (!status) {
      skip(item, skip_reason(item.status));
      return std::nullopt;
    }
    Article story;
    story.headline = text::single_line(item.title);
    if (story.headline.empty()) {
      skip(item, "no title");
      return std::nullopt;
    }
    story.status = *status;
    auto published = item_time(item.post_date_gmt, item.post_date, zone_);
    if (*status == ArticleStatus::published || *status == ArticleStatus::scheduled) {
      if (!published) {
        skip(item, "no publication time");
        return std::nullopt;
      }
      story.publish_at = published;
    }
    auto modified = item_time(item.modified_gmt, item.modified, zone_);
    Time saved_at = modified.value_or(published.value_or(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
    if (story.publish_at && saved_at < *story.publish_at && *status == ArticleStatus::published) {
      saved_at = *story.publish_at;
    }

    // Slug: WordPress's own when it is a valid one, else made from it or from the title.
    std::string slug = item.slug;
    if (!is_valid_slug(slug)) slug = slugify(slug);
    if (slug.empty()) slug = slugify(story.headline);
    if (slug.empty()) slug = "post-" + std::to_string(item.post_id);
    story.slug = slug;

    // Section: the first category's top level; every other category is kept as a tag.
    bool sectioned = false;
    for (const auto& term : item.terms) {
      if (term.domain == "category") {
        std::string top = top_category(term.slug);
        std::string name = category_name(term.slug, term.name);
        if (!sectioned) {
          story.section = section_for(top, category_name(top, top == term.slug ? term.name : top));
          sectioned = true;
          if (top != term.slug) add_tag(story, name);
        } else {
          add_tag(story, name);
        }
      } else if (term.domain == "post_tag") {
        add_tag(story, term.name);
      }
    }
    if (!sectioned) story.section = section_for("uncategorized", "Uncategorized");

    fill_from_item(item, story);
    story.featured = item.sticky;
    // Which story this item already is: by key, or (a run stopped between a save and its key)
    // an unkeyed story of the same slug and headline.
    auto comments = approved_comments(item);
    std::optional<Article> existing;
    if (auto key = store_.import_keys().find(kSource, "post", item.post_id)) {
      existing = store_.articles().find(key->local_id);
      if (existing &&
          key->fingerprint ==
              with_comments(fingerprint(with_identity(story, *existing), saved_at), comments)) {
        ++report_.stories_unchanged;
        return std::nullopt;
      }
    }
    if (!existing) {
      if (auto same_slug = store_.articles().find_by_slug(story.slug)) {
        const bool ours = !store_.import_keys().find_local(kSource, "post", same_slug->id);
        if (ours && same_slug->headline == story.headline) {
          existing = same_slug;
        } else {
          story.slug = free_article_slug(story.slug, item.post_id);
        }
      }
    }
    if (existing) story = with_identity(story, *existing);
    const std::string print = with_comments(fingerprint(story, saved_at), comments);

    Pending pending;
    pending.key = {kSource, "post", item.post_id, 0, print};
    report_.comments_kept += static_cast<int>(comments.size());
    pending.comments = std::move(comments);
    if (options_.dry_run) {
      ++report_.stories[to_string(story.status)];
      if (existing) ++report_.stories_updated;
      report_.redirects += static_cast<int>(old_paths(item).size());
      ++written_;
      return std::nullopt;
    }
    Article saved =
        newsroom_->save(newsroom::Actor::system(), story, {.saved_at = saved_at, .imported = true});
    ++written_;
    ++report_.stories[to_string(saved.status)];
    if (existing) ++report_.stories_updated;
    pending.key.local_id = saved.id;
    for (const auto& path : old_paths(item)) {
      pending.addresses.push_back({path, saved.id, "", kSource, {}});
    }
    report_.redirects += static_cast<int>(pending.addresses.size());
    return pending;
  }

  // What a post and a page carry alike: the byline, dek, SEO fields, the body converted to
  // Markdown (photos resolved to the media library) and the lead photo.
  void fill_from_item(const WxrItem& item, Article& story) {
    if (auto author = author_for(item.creator)) story.author_ids.push_back(*author);
    story.dek = text::single_line(text::plain_text(item.excerpt));
    const std::string site_title = site_.title;
    story.seo_title = seo_text(item.meta_value("_yoast_wpseo_title")
                                   .value_or(item.meta_value("rank_math_title").value_or("")),
                               story.headline, site_title);
    story.seo_description =
        seo_text(item.meta_value("_yoast_wpseo_metadesc")
                     .value_or(item.meta_value("rank_math_description").value_or("")),
                 story.headline, site_title);

    importers::WpBodyOptions body_options;
    body_options.site_url = site_.base_site_url.empty() ? site_.link : site_.base_site_url;
    auto body = importers::convert_wp_body(
        item.content, [this](const importers::WpImageRef& ref) { return resolve(ref); },
        body_options);
    story.body = clips_from_uploads(body.markdown, story);
    for (const auto& n : body.notes)
      note(item.post_type + " " + std::to_string(item.post_id) + ": " + n);
    for (const auto& missing : body.missing_images) {
      if (!options_.uploads.empty()) {
        note(item.post_type + " " + std::to_string(item.post_id) + ": photo " +
             (missing.url.empty() ? "#" + std::to_string(missing.attachment_id) : missing.url) +
             " is not among the files; kept as a link");
      }
    }

    if (auto thumbnail = item.meta_value("_thumbnail_id")) {
      long long id = std::atoll(thumbnail->c_str());
      if (auto it = media_by_attachment_.find(id); it != media_by_attachment_.end()) {
        story.lead_media_id = it->second.id;
      } else if (available_.contains(id)) {
        story.lead_media_id = -id;  // a dry run: it would be this photo
      } else if (id > 0 && (!options_.uploads.empty())) {
        note(item.post_type + " " + std::to_string(item.post_id) + ": lead photo " +
             std::to_string(id) + " is not among the files");
      }
    }
  }

  // A video of the uploads folder stands in a converted body as its URL on a line of its own.
  // The first one imported as a clip becomes the story's clip (shown at the top with its poster,
  // as any clip); a later one links to its new address. Others (another site's files) stay.
  std::string clips_from_uploads(const std::string& markdown, Article& story) {
    std::string out;
    std::size_t start = 0;
    while (start < markdown.size()) {
      std::size_t end = markdown.find('\n', start);
      if (end == std::string::npos) end = markdown.size();
      const std::string line(ascii_trim(std::string_view(markdown).substr(start, end - start)));
      const Media* clip = nullptr;
      if (line.find(' ') == std::string::npos && line.find("://") != std::string::npos) {
        if (auto found = attachment_by_path_.find(uploads_path(line));
            found != attachment_by_path_.end()) {
          auto it = media_by_attachment_.find(found->second);
          if (it != media_by_attachment_.end() && it->second.kind == MediaKind::video)
            clip = &it->second;
        }
      }
      if (!clip) {
        out.append(markdown, start, end - start);
      } else if (!story.clip_media_id) {
        story.clip_media_id = clip->id;
      } else {
        out += "[Watch the clip](/media/" + clip->file + ")";
      }
      if (end < markdown.size()) out += '\n';
      start = end + 1;
    }
    return out;
  }

  // The story as it would be saved over `existing`: its id and version, so a save updates it.
  static Article with_identity(Article story, const Article& existing) {
    story.id = existing.id;
    story.version = existing.version;
    return story;
  }

  std::string free_article_slug(const std::string& slug, long long post_id) {
    std::string candidate = slug + "-" + std::to_string(post_id);
    for (int n = 2; store_.articles().find_by_slug(candidate); ++n) {
      candidate = slug + "-" + std::to_string(post_id) + "-" + std::to_string(n);
    }
    return candidate;
  }

  void add_tag(Article& story, const std::string& raw) {
    std::string tag = text::single_line(raw);
    if (tag.empty()) return;
    if (std::find(story.tags.begin(), story.tags.end(), tag) != story.tags.end()) return;
    story.tags.push_back(tag);
    tags_.insert(tag);
    if (!tag_slugs_.contains(tag)) tag_slugs_[tag] = slugify(tag);
  }

  // Every address WordPress answered for this post: its permalink, /?p=ID, and the guid's form.
  std::vector<std::string> old_paths(const WxrItem& item) const {
    std::vector<std::string> paths;
    auto add = [&paths](std::string path) {
      if (path.empty() || path == "/" || path.front() != '/') return;
      if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
    };
    add(path_of_url(item.link));
    add("/?p=" + std::to_string(item.post_id));
    add(path_of_url(item.guid));
    return paths;
  }

  // --- pages: About, Contact and the pages under them, each parent before its children

  void import_pages() {
    std::map<long long, const WxrItem*> by_id;
    for (const auto& p : pages_) by_id[p.post_id] = &p;
    // How deep a page sits; a parent missing from the export, or a loop, ends the chain.
    auto depth = [&](const WxrItem& page) {
      int d = 0;
      std::set<long long> seen;
      for (long long at = page.parent_id; at && by_id.contains(at) && seen.insert(at).second;
           at = by_id[at]->parent_id) {
        ++d;
      }
      return d;
    };
    std::vector<std::pair<int, const WxrItem*>> order;
    for (const auto& p : pages_) order.emplace_back(depth(p), &p);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Pending> batch;
    for (const auto& [d, item] : order) {
      try {
        if (auto pending = import_page(*item)) {
          batch.push_back(std::move(*pending));
          if (batch.size() >= options_.batch_size) flush(batch);
        }
      } catch (const StoreError& e) {
        flush(batch);
        skip(*item, std::string("the store refused it: ") + e.what());
      } catch (const std::exception& e) {
        skip(*item, std::string("could not be converted: ") + e.what());
      }
    }
    flush(batch);
  }

  std::optional<Pending> import_page(const WxrItem& item) {
    auto status = story_status(item.status);
    if (!status) {
      skip(item, skip_reason(item.status));
      return std::nullopt;
    }
    Article page;
    page.kind = ArticleKind::page;
    page.headline = text::single_line(item.title);
    if (page.headline.empty()) {
      skip(item, "no title");
      return std::nullopt;
    }
    page.status = *status;
    auto published = item_time(item.post_date_gmt, item.post_date, zone_);
    if (*status == ArticleStatus::published || *status == ArticleStatus::scheduled) {
      if (!published) {
        skip(item, "no publication time");
        return std::nullopt;
      }
      page.publish_at = published;
    }
    auto modified = item_time(item.modified_gmt, item.modified, zone_);
    Time saved_at = modified.value_or(published.value_or(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
    if (page.publish_at && saved_at < *page.publish_at && *status == ArticleStatus::published) {
      saved_at = *page.publish_at;
    }
    // The path: the parent page's path here, then WordPress's slug (made valid).
    std::string leaf = item.slug;
    if (!is_valid_slug(leaf)) leaf = slugify(leaf);
    if (leaf.empty()) leaf = slugify(page.headline);
    if (leaf.empty()) leaf = "page-" + std::to_string(item.post_id);
    std::string parent;
    if (item.parent_id != 0) {
      if (auto it = page_paths_.find(item.parent_id); it != page_paths_.end()) {
        parent = it->second;
      } else {
        note("page " + std::to_string(item.post_id) + ": its parent page " +
             std::to_string(item.parent_id) + " was not carried over; it is at the top");
      }
    }
    if (!parent.empty() &&
        static_cast<std::size_t>(std::count(parent.begin(), parent.end(), '/')) + 2 >
            kMaxPageDepth) {
      note("page " + std::to_string(item.post_id) + ": nested deeper than " +
           std::to_string(kMaxPageDepth) + " levels; it is at the top");
      parent.clear();
    }
    page.slug = join_page_path(parent, leaf);
    fill_from_item(item, page);

    std::optional<Article> existing;
    if (auto key = store_.import_keys().find(kSource, "page", item.post_id))
      existing = store_.articles().find(key->local_id);
    if (existing) page = with_identity(page, *existing);
    // The fingerprint is of the page as WordPress had it, before any change of address below,
    // so that a second run finds it unchanged.
    const std::string print = fingerprint(page, saved_at);
    if (existing &&
        store_.import_keys().find(kSource, "page", item.post_id)->fingerprint == print) {
      ++report_.pages_unchanged;
      page_paths_[item.post_id] = existing->slug;
      return std::nullopt;
    }
    if (!options_.dry_run) {
      // A page named like a section or one of the site's own addresses ("movies", "feed") gets
      // its WordPress id added; the old address still leads to it.
      if (auto refusal = newsroom::page_path_refusal(store_, page.slug, page.id)) {
        std::string other = join_page_path(parent, leaf + "-" + std::to_string(item.post_id));
        if (newsroom::page_path_refusal(store_, other, page.id)) {
          skip(item, "its address /" + page.slug + " cannot be used: " + *refusal);
          return std::nullopt;
        }
        note("page " + std::to_string(item.post_id) + ": /" + page.slug + ": " + *refusal +
             "; it is at /" + other);
        page.slug = other;
      }
    }
    page_paths_[item.post_id] = page.slug;

    Pending pending;
    pending.key = {kSource, "page", item.post_id, 0, print};
    if (options_.dry_run) {
      ++report_.pages[to_string(page.status)];
      if (existing) ++report_.pages_updated;
      report_.redirects += static_cast<int>(old_page_paths(item).size());
      return std::nullopt;
    }
    Article saved =
        newsroom_->save(newsroom::Actor::system(), page, {.saved_at = saved_at, .imported = true});
    ++report_.pages[to_string(saved.status)];
    if (existing) ++report_.pages_updated;
    pending.key.local_id = saved.id;
    for (const auto& path : old_page_paths(item)) {
      pending.addresses.push_back({path, saved.id, "", kSource, {}});
    }
    report_.redirects += static_cast<int>(pending.addresses.size());
    return pending;
  }

  // Every address WordPress answered for a page: its permalink (/about/team/), /?page_id=ID and
  // the guid's form.
  std::vector<std::string> old_page_paths(const WxrItem& item) const {
    std::vector<std::string> paths;
    auto add = [&paths](std::string path) {
      if (path.empty() || path == "/" || path.front() != '/') return;
      if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
    };
    add(path_of_url(item.link));
    add("/?page_id=" + std::to_string(item.post_id));
    add(path_of_url(item.guid));
    return paths;
  }

  // --- the site's other old addresses: categories, tags, authors, feeds, attachment pages

  void import_site_addresses() {
    std::vector<AddressRedirect> addresses;
    auto add = [&](std::string path, std::string target) {
      if (path.empty() || target.empty()) return;
      addresses.push_back({std::move(path), 0, std::move(target), kSource, {}});
    };
    add("/feed", "/feeds/rss.xml");
    add("/rss", "/feeds/rss.xml");
    add("/?feed=rss2", "/feeds/rss.xml");
    for (const auto& [category, section] : section_of_category_) {
      add("/category/" + category_path(category), "/" + section);
      add("/category/" + category_path(category) + "/feed", "/" + section + "/rss.xml");
    }
    // A nested category's address leads to its section too.
    for (const auto& [slug, category] : categories_) {
      auto section = section_of_category_.find(top_category(slug));
      if (section == section_of_category_.end()) continue;
      add("/category/" + category_path(slug), "/" + section->second);
    }
    for (const auto& [tag, slug] : tag_slugs_) {
      if (slug.empty()) continue;
      std::string query;
      for (char c : tag) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.') {
          query += c;
        } else if (c == ' ') {
          query += '+';
        } else {
          char hex[4];
          std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
          query += hex;
        }
      }
      // Marquee has no tag pages: a tag's old address searches for it.
      add("/tag/" + slug, "/search?q=" + query);
    }
    for (const auto& [login, user] : authors_) {
      if (user.slug.empty()) continue;
      add("/author/" + login, "/authors/" + user.slug);
      add("/author/" + login + "/feed", "/authors/" + user.slug + "/rss.xml");
    }
    std::vector<AddressRedirect> story_addresses;
    for (const auto& a : attachments_) {
      // An attachment page leads to the story it belongs to, else to the photo itself.
      std::vector<std::string> paths = {"/?attachment_id=" + std::to_string(a.id)};
      if (std::string page = path_of_url(a.link); !page.empty() && page != "/") {
        paths.push_back(page);
      }
      std::optional<Id> story;
      if (a.parent) {
        if (auto key = store_.import_keys().find(kSource, "post", a.parent)) story = key->local_id;
      }
      std::string file;
      if (auto it = media_by_attachment_.find(a.id); it != media_by_attachment_.end()) {
        if (auto photo = public_photo(it->second)) file = "/media/" + photo->file;
      }
      for (const auto& path : paths) {
        if (story) {
          story_addresses.push_back({path, *story, "", kSource, {}});
        } else {
          add(path, file);
        }
      }
    }
    report_.redirects += static_cast<int>(addresses.size() + story_addresses.size());
    if (options_.dry_run) return;
    store_.write([&](UnitOfWork& unit) {
      for (const auto& a : addresses) unit.redirects().put_address(a);
      for (const auto& a : story_addresses) unit.redirects().put_address(a);
    });
  }

  // "reviews/film-reviews": WordPress's address of a nested category names its parents.
  std::string category_path(const std::string& slug) const {
    std::vector<std::string> chain = {slug};
    std::string current = slug;
    for (int depth = 0; depth < 32; ++depth) {
      auto it = categories_.find(current);
      if (it == categories_.end() || it->second.parent.empty()) break;
      current = it->second.parent;
      chain.push_back(current);
    }
    std::string path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      path += (path.empty() ? "" : "/") + *it;
    return path;
  }

  // The navigation stays an editor's choice: the first import of a site that has not chosen
  // shows the sections it had and, up to the limit, the imported ones with the most posts.
  void choose_navigation() {
    if (options_.dry_run || store_.settings().get(kNavigationSetting)) return;
    if (report_.sections_added == 0) return;
    std::vector<std::string> chosen;
    for (const auto& s : sections_before_) chosen.push_back(s.slug);
    std::vector<std::pair<int, std::string>> by_posts;
    for (const auto& [category, section] : section_of_category_) {
      int posts = 0;
      for (const auto& [slug, count] : category_posts_) {
        if (top_category(slug) == category) posts += count;
      }
      by_posts.push_back({posts, section});
    }
    std::sort(by_posts.begin(), by_posts.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [posts, section] : by_posts) {
      if (chosen.size() >= options_.navigation_sections) break;
      if (std::find(chosen.begin(), chosen.end(), section) == chosen.end())
        chosen.push_back(section);
    }
    std::string value;
    for (const auto& slug : chosen) value += (value.empty() ? "" : ",") + slug;
    store_.settings().set(kNavigationSetting, value);
  }

  Store& store_;
  const WordpressImportOptions& options_;
  WordpressImportReport& report_;
  SiteTime zone_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_progress_{};
  newsroom::Newsroom* newsroom_ = nullptr;

  WxrSite site_;
  std::vector<Attachment> attachments_;
  std::vector<WxrItem> pages_;
  std::map<long long, std::string> page_paths_;  // WordPress page id -> its path here
  std::map<std::string, Category> categories_;
  std::map<std::string, int> category_posts_;
  std::map<std::string, User> authors_;  // by login
  std::set<std::string> taken_user_slugs_;
  std::unordered_map<long long, Media> media_by_attachment_;
  std::unordered_map<std::string, long long> attachment_by_path_;
  std::set<long long> missing_attachments_;
  std::set<long long> available_;  // a dry run: attachments whose file is there
  std::map<std::string, std::string> section_of_category_;
  std::optional<std::set<std::string>> known_sections_;
  std::vector<Section> sections_before_;
  std::set<std::string> tags_;
  std::map<std::string, std::string> tag_slugs_;
  long long written_ = 0;
  std::size_t notes_left_out_ = 0;
};

}  // namespace

bool is_wordpress_export(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string head(8192, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return importers::looks_like_wxr(head);
}

WordpressImportReport import_wordpress(Store& store, const WordpressImportOptions& options) {
  if (sodium_init() < 0) throw StoreError("libsodium could not start");
  WordpressImportReport report;
  Importer importer(store, options, report);
  importer.run();
  return report;
}

void print_report(std::ostream& out, const WordpressImportReport& report, bool dry_run) {
  int stories = 0;
  for (const auto& [status, n] : report.stories) stories += n;
  out << (dry_run ? "would import " : "imported ") << stories << " stories";
  std::string by_status;
  for (const auto& [status, n] : report.stories) {
    by_status += (by_status.empty() ? "" : ", ") + std::to_string(n) + " " + status;
  }
  if (!by_status.empty()) out << " (" << by_status << ")";
  out << "; " << report.stories_updated << " of them updated, " << report.stories_unchanged
      << " unchanged and left alone\n";
  out << "  authors: " << report.authors_added << " new\n";
  out << "  sections: " << report.sections_added << " new; tags: " << report.tags << "\n";
  out << "  media: " << report.media_added << " photos" << (dry_run ? " to add" : " added") << ", "
      << report.media_missing << " without a file\n";
  out << "  comments: " << report.comments_kept << " approved ones"
      << (dry_run ? " to keep" : " kept") << ", " << report.comments_held
      << " pending, spam, trash or pingbacks not imported\n";
  out << "  redirects: " << report.redirects << " old addresses\n";
  int pages = 0;
  std::string pages_by_status;
  for (const auto& [status, n] : report.pages) {
    pages += n;
    pages_by_status += (pages_by_status.empty() ? "" : ", ") + std::to_string(n) + " " + status;
  }
  out << "  pages: " << pages << (dry_run ? " to import" : " imported");
  if (!pages_by_status.empty()) out << " (" << pages_by_status << ")";
  out << "; " << report.pages_updated << " of them updated, " << report.pages_unchanged
      << " unchanged\n";
  out << "  " << report.items_read << " items read in " << report.seconds << " s\n";
  if (!report.skipped.empty()) {
    out << "skipped " << report.skipped.size() << ":\n";
    for (const auto& s : report.skipped) {
      out << "  " << s.kind;
      if (s.wordpress_id) out << " " << s.wordpress_id;
      if (!s.title.empty()) out << " \"" << s.title << "\"";
      out << ": " << s.reason << "\n";
    }
  }
  if (!report.notes.empty()) {
    out << "notes:\n";
    for (const auto& n : report.notes) out << "  " << n << "\n";
  }
  if (dry_run) out << "dry run: nothing written\n";
}

}  // namespace marquee::cli
