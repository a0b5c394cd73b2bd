// The WordPress import against a real store: every published post of a real WordPress export
// compared field by field with the story it became; statuses, sections, photos, old addresses
// and what is skipped on a fixture made for them; a second run that changes nothing, a newer
// export that updates, a dry run that writes nothing, and a malformed file refused with its line.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/wordpress_import.h"
#include "core/site_time.h"
#include "importers/wordpress/wxr_reader.h"
#include "store/store.h"
#include "text/text.h"

namespace marquee::cli {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(MARQUEE_SOURCE_DIR) / "tests" / "data" / "wordpress";

class Folder {
 public:
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "marquee-wp-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Text as a reader sees it, compared loosely: white space collapsed, typographic quotes and
// dashes (which the renderer makes of straight ones, as WordPress's own display did) made plain.
std::string normalized_text(std::string_view html) {
  std::string text = text::plain_text(html);
  const std::pair<std::string_view, std::string_view> kPlain[] = {
      {"\u2019", "'"},   {"\u2018", "'"},  {"\u201c", "\""},  {"\u201d", "\""},
      {"\u2014", "---"}, {"\u2013", "--"}, {"\u2026", "..."}, {"\u00a0", " "}};
  for (const auto& [from, to] : kPlain) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Time utc(const std::string& wp) {
  std::string iso = wp;
  iso[10] = 'T';
  return *parse_iso(iso + "Z");
}

class WordpressImport : public ::testing::Test {
 protected:
  void SetUp() override {
    store = open_store((data.path() / "store").string());
    options.media_folder = data.path() / "media";
    options.timezone = "America/New_York";
  }

  WordpressImportReport run(const fs::path& file, bool with_media = false) {
    options.file = file;
    options.uploads = with_media ? kData / "uploads" : fs::path();
    return import_wordpress(*store, options);
  }

  int story_count() {
    ArticleQuery all;
    all.status.reset();
    return store->articles().count(all);
  }

  std::optional<Article> story_of(long long wordpress_id) {
    auto key = store->import_keys().find("wordpress", "post", wordpress_id);
    if (!key) return std::nullopt;
    return store->articles().find(key->local_id);
  }

  Folder data;
  std::unique_ptr<Store> store;
  WordpressImportOptions options;
};

TEST_F(WordpressImport, EveryPublishedPostOfARealExportArrivesFieldByField) {
  auto report = run(kData / "export-small.xml");
  EXPECT_EQ(report.stories["published"], 49);
  EXPECT_EQ(report.stories["review"], 1);
  EXPECT_EQ(report.authors_added, 4);

  std::map<std::string, std::string> display_names;  // login -> name
  auto reader = importers::WxrReader::open_file(kData / "export-small.xml");
  int compared = 0;
  while (auto item = reader->next()) {
    if (display_names.empty()) {
      for (const auto& a : reader->site().authors) display_names[a.login] = a.display_name;
    }
    if (item->post_type != "post" || item->status != "publish") continue;
    SCOPED_TRACE(item->title);
    auto story = story_of(item->post_id);
    ASSERT_TRUE(story);
    EXPECT_EQ(story->headline, item->title);
    EXPECT_EQ(story->slug, item->slug);
    EXPECT_EQ(story->status, ArticleStatus::published);
    ASSERT_TRUE(story->publish_at);
    EXPECT_EQ(std::chrono::floor<std::chrono::minutes>(*story->publish_at),
              std::chrono::floor<std::chrono::minutes>(utc(item->post_date_gmt)));
    std::vector<std::string> categories, tags;
    for (const auto& t : item->terms) {
      (t.domain == "category" ? categories : tags)
          .push_back(t.domain == "category" ? t.slug : t.name);
    }
    ASSERT_FALSE(categories.empty());
    EXPECT_EQ(story->section, categories.front());
    for (const auto& tag : tags) {
      EXPECT_NE(std::find(story->tags.begin(), story->tags.end(), tag), story->tags.end()) << tag;
    }
    ASSERT_EQ(story->author_ids.size(), 1u);
    EXPECT_EQ(store->users().find(story->author_ids[0])->display_name,
              display_names.at(item->creator));
    EXPECT_EQ(story->dek, text::single_line(text::plain_text(item->excerpt)));
    EXPECT_EQ(normalized_text(story->body_html), normalized_text(item->content));
    EXPECT_EQ(story->featured, item->sticky);
    // The export names photos by id but carries no attachments: no lead photo, never a broken one.
    EXPECT_FALSE(story->lead_media_id);
    ++compared;
  }
  EXPECT_EQ(compared, 49);
  // Every published post answers at its old addresses.
  for (Id id : {1313}) {
    auto redirect = store->redirects().address("/?p=" + std::to_string(id));
    ASSERT_TRUE(redirect);
    EXPECT_EQ(redirect->article_id, story_of(id)->id);
  }
}

TEST_F(WordpressImport, StatusesSectionsPhotosAndAddressesOfEveryKind) {
  auto report = run(kData / "export-features.xml", true);
  EXPECT_EQ(report.stories["published"], 2);
  EXPECT_EQ(report.stories["scheduled"], 1);
  EXPECT_EQ(report.stories["draft"], 1);
  EXPECT_EQ(report.stories["review"], 1);
  EXPECT_EQ(report.media_added, 3);  // two photos and the teaser clip
  EXPECT_EQ(report.media_missing, 1);
  EXPECT_EQ(report.comments_kept, 2);
  EXPECT_EQ(report.comments_held, 2);
  std::map<std::string, std::string> skipped;
  for (const auto& s : report.skipped) skipped[s.kind + ":" + s.title] = s.reason;
  EXPECT_TRUE(skipped.contains("post:Private Notes"));
  EXPECT_TRUE(skipped.contains("post:Thrown Away"));
  EXPECT_FALSE(skipped.contains("page:About Us"));  // pages are carried over
  EXPECT_EQ(report.pages["published"], 1);
  EXPECT_TRUE(skipped.contains("nav_menu_item:1 items"));
  EXPECT_EQ(report.skipped.size(), 3u);

  auto review = story_of(101);
  ASSERT_TRUE(review);
  EXPECT_EQ(review->section, "reviews");  // a nested category files under its top level
  EXPECT_EQ(review->tags, (std::vector<std::string>{"Film Reviews", "Red Carpet"}));
  EXPECT_TRUE(review->featured);
  EXPECT_EQ(review->seo_title, "Eclipse review | Backlot Daily");
  EXPECT_EQ(review->seo_description, "Our verdict on the loudest Eclipse yet.");
  EXPECT_EQ(review->dek, "The third film is louder and longer.");
  EXPECT_EQ(review->publish_at, utc("2025-11-03 14:15:00"));
  EXPECT_EQ(review->updated_at, utc("2025-11-04 15:00:00"));
  ASSERT_TRUE(review->lead_media_id);
  auto lead = store->media().find(*review->lead_media_id);
  ASSERT_TRUE(lead);
  EXPECT_EQ(lead->alt, "A crowd behind a rope line");
  EXPECT_EQ(lead->caption, "Fans outside the premiere");
  EXPECT_FALSE(lead->renditions.empty());
  EXPECT_EQ(store->users().find(review->author_ids.at(0))->display_name, "Rosa Vance");
  // The body's photos are the library's, with their captions; embeds are bare lines.
  EXPECT_NE(review->body.find("<figure><img src=\"/media/"), std::string::npos) << review->body;
  EXPECT_NE(review->body.find("<figcaption>Fans lined the street for hours.</figcaption>"),
            std::string::npos);
  EXPECT_NE(review->body.find("\n\nhttps://www.youtube.com/watch?v=eclipse01\n\n"),
            std::string::npos);
  EXPECT_NE(review->body.find("> The best hour the series has had."), std::string::npos);
  EXPECT_EQ(review->body_html.find("<img src=\"https://backlot.example"), std::string::npos);
  // The video of the uploads folder is the story's clip, played at the top with its poster,
  // and its old address is gone from the body.
  ASSERT_TRUE(review->clip_media_id);
  auto clip = store->media().find(*review->clip_media_id);
  ASSERT_TRUE(clip);
  EXPECT_EQ(clip->kind, MediaKind::video);
  EXPECT_EQ(clip->caption, "The teaser, shown before the premiere");
  EXPECT_GT(clip->duration_seconds, 0);
  EXPECT_EQ(review->body.find("teaser.mp4"), std::string::npos) << review->body;

  auto comments = store->comments().of_story(review->id);
  ASSERT_EQ(comments.size(), 2u);  // approved only; the spam and the pending one are counted
  EXPECT_EQ(comments[0].author, "Ada");
  EXPECT_EQ(comments[0].text, "Loved it.");
  EXPECT_EQ(comments[0].posted_at, utc("2025-11-03 15:00:00"));
  EXPECT_EQ(comments[1].parent_external, comments[0].external_id);  // threaded

  auto classic = story_of(102);
  ASSERT_TRUE(classic);
  EXPECT_EQ(classic->section, "music");
  EXPECT_EQ(classic->tags, std::vector<std::string>{"People"});
  // WordPress left the UTC time empty: the local time is read in the site's zone (EDT).
  EXPECT_EQ(classic->publish_at, utc("2019-04-02 12:30:00"));
  EXPECT_FALSE(classic->lead_media_id);  // its file is missing: reported, never a broken image
  EXPECT_EQ(classic->body_html.find("<img src=\"https://backlot.example"), std::string::npos);
  EXPECT_NE(classic->body.find("[The band in 1999. (Photo: Archive)]"), std::string::npos)
      << classic->body;
  EXPECT_NE(classic->body.find("\n\nhttps://vimeo.com/76979871\n\n"), std::string::npos);
  EXPECT_NE(classic->body.find("Tickets go on sale Friday."), std::string::npos);
  EXPECT_NE(classic->body.find("[Chicago](/2019/03/01/earlier-news/)"), std::string::npos);
  bool unknown_reported = false;
  for (const auto& n : report.notes) unknown_reported |= n.find("[pullout]") != std::string::npos;
  EXPECT_TRUE(unknown_reported);

  auto scheduled = story_of(103);
  ASSERT_TRUE(scheduled);
  EXPECT_EQ(scheduled->status, ArticleStatus::scheduled);
  EXPECT_EQ(scheduled->publish_at, utc("2030-01-10 12:00:00"));
  EXPECT_EQ(scheduled->section, "people-news");  // "people" is the site's own address
  auto draft = story_of(104);
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->status, ArticleStatus::draft);
  EXPECT_EQ(draft->slug, "draft-festival-lineup");  // no slug in the export: from the title
  EXPECT_EQ(story_of(105)->status, ArticleStatus::review);

  auto address = [&](const std::string& path) { return store->redirects().address(path); };
  EXPECT_EQ(address("/2025/11/03/eclipse-premiere-review")->article_id, review->id);
  EXPECT_EQ(address("/?p=102")->article_id, classic->id);
  EXPECT_EQ(address("/category/reviews")->target, "/reviews");
  EXPECT_EQ(address("/category/reviews/film-reviews")->target, "/reviews");
  EXPECT_EQ(address("/category/music/feed")->target, "/music/rss.xml");
  EXPECT_EQ(address("/tag/red-carpet")->target, "/search?q=Red+Carpet");
  EXPECT_EQ(address("/author/rvance")->target, "/authors/rosa-vance");
  EXPECT_EQ(address("/feed")->target, "/feeds/rss.xml");
  EXPECT_EQ(address("/2025/11/03/eclipse-premiere-review/premiere")->article_id, review->id);
  EXPECT_EQ(address("/?attachment_id=202")->target.rfind("/media/", 0), 0u);

  // The navigation is a setting: chosen once, and not every category.
  EXPECT_EQ(store->settings().get("navigation.sections"), "music,people-news,reviews");
  EXPECT_EQ(store->sections().all().size(), 3u);

  auto users = store->users().all();
  ASSERT_EQ(users.size(), 2u);
  for (const auto& u : users) {
    EXPECT_EQ(u.role, Role::writer);
    EXPECT_TRUE(u.password_hash.empty());
    EXPECT_FALSE(u.email.empty());
  }
}

TEST_F(WordpressImport, ASecondRunChangesNothingAndANewerExportUpdates) {
  run(kData / "export-features.xml", true);
  const int stories = story_count();
  auto review = story_of(101);
  const auto revisions = store->articles().revisions(review->id).size();
  const auto media = store->media().list(std::nullopt, 100, 0).size();

  auto again = run(kData / "export-features.xml", true);
  EXPECT_EQ(again.stories_unchanged, 5);
  EXPECT_EQ(again.stories_updated, 0);
  EXPECT_TRUE(again.stories.empty());
  EXPECT_EQ(again.pages_unchanged, 1);
  EXPECT_TRUE(again.pages.empty());
  EXPECT_EQ(again.authors_added, 0);
  EXPECT_EQ(again.sections_added, 0);
  EXPECT_EQ(again.media_added, 0);
  EXPECT_EQ(story_count(), stories);
  EXPECT_EQ(store->articles().revisions(review->id).size(), revisions);
  EXPECT_EQ(store->media().list(std::nullopt, 100, 0).size(), media);

  // A newer export of the same site: one post edited there.
  std::ifstream in(kData / "export-features.xml");
  std::stringstream text;
  text << in.rdbuf();
  std::string xml = text.str();
  const std::string old_title = "Review: 'Eclipse' Turns Up the Heat";
  xml.replace(xml.find(old_title), old_title.size(), "Review: 'Eclipse' Brings the Heat");
  fs::path newer = data.path() / "newer.xml";
  std::ofstream(newer) << xml;
  auto update = run(newer, true);
  EXPECT_EQ(update.stories_updated, 1);
  EXPECT_EQ(update.stories_unchanged, 4);
  EXPECT_EQ(story_count(), stories);
  EXPECT_EQ(story_of(101)->headline, "Review: 'Eclipse' Brings the Heat");
  EXPECT_EQ(story_of(101)->id, review->id);
}

TEST_F(WordpressImport, ADryRunReadsEverythingAndWritesNothing) {
  options.dry_run = true;
  auto report = run(kData / "export-features.xml", true);
  EXPECT_EQ(report.stories["published"], 2);
  EXPECT_EQ(report.media_added, 3);  // the files it would take: two photos and a clip
  EXPECT_EQ(report.authors_added, 2);
  EXPECT_EQ(report.sections_added, 3);
  EXPECT_GT(report.redirects, 10);
  EXPECT_EQ(story_count(), 0);
  EXPECT_TRUE(store->users().all().empty());
  EXPECT_TRUE(store->sections().all().empty());
  EXPECT_EQ(store->redirects().count_addresses({}), 0);
  EXPECT_FALSE(store->settings().get("navigation.sections"));
  std::error_code ec;
  EXPECT_TRUE(!fs::exists(options.media_folder, ec) || fs::is_empty(options.media_folder, ec));

  // What it said it would do is what the import then does.
  options.dry_run = false;
  auto real = run(kData / "export-features.xml", true);
  EXPECT_EQ(real.stories, report.stories);
  EXPECT_EQ(real.pages, report.pages);
  EXPECT_EQ(real.media_added, report.media_added);
  EXPECT_EQ(real.media_missing, report.media_missing);
  EXPECT_EQ(real.authors_added, report.authors_added);
  EXPECT_EQ(real.sections_added, report.sections_added);
  EXPECT_EQ(real.comments_kept, report.comments_kept);
  EXPECT_EQ(real.notes, report.notes);
  EXPECT_EQ(real.skipped.size(), report.skipped.size());
}

TEST_F(WordpressImport, AMalformedFileIsRefusedWithItsLineBeforeAnythingIsWritten) {
  std::ifstream in(kData / "export-features.xml");
  std::stringstream text;
  text << in.rdbuf();
  std::string xml = text.str();
  // Break an element near the end, after many good items.
  auto at = xml.find("<wp:post_id>300</wp:post_id>");
  xml.replace(at, 28, "<wp:post_id>300</wp:post_idd>");
  const int line =
      static_cast<int>(std::count(xml.begin(), xml.begin() + static_cast<long>(at), '\n')) + 1;
  fs::path broken = data.path() / "broken.xml";
  std::ofstream(broken) << xml;
  try {
    run(broken, true);
    ADD_FAILURE() << "imported a malformed file";
  } catch (const WordpressImportRefused& refused) {
    EXPECT_EQ(refused.line, line) << refused.message;
    EXPECT_FALSE(refused.message.empty());
  }
  EXPECT_EQ(story_count(), 0);
  EXPECT_TRUE(store->users().all().empty());
}

TEST_F(WordpressImport, PagesArriveFieldByFieldAtNestedPathsWithTheirOldAddresses) {
  auto report = run(kData / "export-pages.xml");
  EXPECT_EQ(report.pages["published"], 4);
  EXPECT_EQ(report.pages["draft"], 1);
  EXPECT_EQ(report.stories["published"], 1);
  std::map<std::string, std::string> skipped;
  for (const auto& s : report.skipped) skipped[s.kind + ":" + s.title] = s.reason;
  EXPECT_TRUE(skipped.contains("page:Staff Only"));  // private, like a private post

  // Where each page went: under its parent's path, whatever order the file gave them in; a page
  // named like a section gets its WordPress id.
  const std::map<long long, std::string> kPaths = {{10, "about"},
                                                   {12, "about/team"},
                                                   {13, "about/team/masthead"},
                                                   {11, "contact"},
                                                   {14, "music-14"}};
  auto reader = importers::WxrReader::open_file(kData / "export-pages.xml");
  int compared = 0;
  while (auto item = reader->next()) {
    if (item->post_type != "page" || item->status == "private") continue;
    SCOPED_TRACE(item->title);
    auto key = store->import_keys().find("wordpress", "page", item->post_id);
    ASSERT_TRUE(key);
    auto page = store->articles().find(key->local_id);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->kind, ArticleKind::page);
    EXPECT_EQ(page->slug, kPaths.at(item->post_id));
    EXPECT_EQ(page->headline, item->title);
    EXPECT_TRUE(page->section.empty());
    EXPECT_EQ(page->dek, text::single_line(text::plain_text(item->excerpt)));
    EXPECT_EQ(normalized_text(page->body_html), normalized_text(item->content));
    ASSERT_EQ(page->author_ids.size(), 1u);
    EXPECT_EQ(store->users().find(page->author_ids[0])->display_name, "Rosa Vance");
    if (item->status == "publish") {
      EXPECT_EQ(page->status, ArticleStatus::published);
      ASSERT_TRUE(page->publish_at);
      EXPECT_EQ(std::chrono::floor<std::chrono::minutes>(*page->publish_at),
                std::chrono::floor<std::chrono::minutes>(utc(item->post_date_gmt)));
    } else {
      EXPECT_EQ(page->status, ArticleStatus::draft);
    }
    // Its WordPress addresses lead to it: the permalink and /?page_id=N.
    for (const std::string& old : {std::string("/?page_id=") + std::to_string(item->post_id)}) {
      auto redirect = store->redirects().address(old);
      ASSERT_TRUE(redirect) << old;
      EXPECT_EQ(redirect->article_id, page->id);
    }
    ++compared;
  }
  EXPECT_EQ(compared, 5);
  EXPECT_EQ(store->articles().find_by_slug("about")->seo_description, "Who makes Backlot Daily");
  for (const char* old : {"/about", "/about/team", "/about/team/masthead", "/music"}) {
    auto redirect = store->redirects().address(old);
    ASSERT_TRUE(redirect) << old;
    EXPECT_EQ(store->articles().find(redirect->article_id)->kind, ArticleKind::page) << old;
  }
  // Pages are not news: the home page's list has the one post.
  EXPECT_EQ(story_count(), 1);

  // A second run changes nothing.
  auto again = run(kData / "export-pages.xml");
  EXPECT_EQ(again.pages_unchanged, 5);
  EXPECT_TRUE(again.pages.empty());
  EXPECT_EQ(store->articles().find_by_slug("music-14")->version, 1);
}

TEST_F(WordpressImport, TheFileIsToldByItsContent) {
  EXPECT_TRUE(is_wordpress_export(kData / "export-small.xml"));
  fs::path story = data.path() / "story.xml";
  std::ofstream(story) << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>";
  EXPECT_FALSE(is_wordpress_export(story));
  EXPECT_FALSE(is_wordpress_export(data.path() / "absent.xml"));
}

}  // namespace
}  // namespace marquee::cli
