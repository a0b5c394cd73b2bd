// Moving a site from SQLite to PostgreSQL: every kind of row arrives with its id, the report's
// counts and checksums agree, a second run after more edits is exact again, and a copy that
// cannot be trusted fails before it writes.
#include <stdlib.h>

#include <filesystem>

#include "pg_fixture.h"
#include "store/copy.h"
#include "store/sqlite/database.h"

namespace marquee::testing {
namespace {

class Copy : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped()) return;
    std::string pattern = (std::filesystem::temp_directory_path() / "marquee-copy-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
    source = open_store(dir.string());
  }
  void TearDown() override {
    source.reset();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }

  // A small site with a row in every table.
  void fill_source() {
    Section movies{0, "movies", "Movies", 1};
    source->sections().save(movies);
    User writer;
    writer.display_name = "Ann Writer";
    writer.email = "ann@example.com";
    writer.slug = "ann";
    writer.role = Role::editor;
    writer = source->users().save(writer);
    Media photo;
    photo.file = "p.jpg";
    photo.mime = "image/jpeg";
    photo.width = 1200;
    photo.duration_seconds = 0.1;
    photo.renditions = {{600, 400, "image/webp", "p-600.webp"}};
    photo.uploaded_by = writer.id;
    photo.focus_x = 0.25;  // a focal point, copied with the photo
    photo.focus_y = 0.8;
    photo = source->media().save(photo);
    Media clip;
    clip.kind = MediaKind::video;
    clip.file = "c.mp4";
    clip.mime = "video/mp4";
    clip = source->media().save(clip);
    source->media().set_captions(clip.id, {"pt-BR", "Português", "c-0123456789abcdef.vtt"});
    Entity kristen{0,
                   EntityKind::person,
                   "Kristen Stewart",
                   "kristen-stewart",
                   {"K. Stewart"},
                   "Actor",
                   "1990",
                   "",
                   0.75};
    kristen = source->graph().save_entity(kristen);
    Entity film{0, EntityKind::film, "The Runaways", "the-runaways", {}, "", "2010", "", 1.0};
    film = source->graph().save_entity(film);
    source->graph().save_relation(
        {0, kristen.id, "acted_in", film.id, {{"character", "Joan Jett"}}});

    Article a;
    a.slug = "first-slug";
    a.headline = "Stewart rocks";
    a.body = "Kristen Stewart plays Joan Jett. \"It was loud,\" Stewart said.";
    a.section = "movies";
    a.author_ids = {writer.id};
    a.tags = {"music", "film"};
    a.status = ArticleStatus::published;
    a.publish_at = at(1279726740);
    a.lead_media_id = photo.id;
    a.exclusive = true;
    a = source->articles().save(a, writer.id, at(1279726000));
    a.slug = "stewart-rocks";  // leaves a redirect
    story = source->articles().save(a, writer.id, at(1279727000));
    source->links().replace(
        story.id,
        {{story.id, kristen.id, 2, 0.9, 0.8, 0, LinkSource::automatic, LinkState::suggested},
         {story.id, film.id, 1, 0.4, 0.7, 30, LinkSource::automatic, LinkState::suggested}},
        {{0, story.id, kristen.id, "It was loud,", 34, 0.9}});
    source->links().decide(story.id, film.id, LinkState::confirmed);
    source->settings().set("site.title", "Marquee Daily");
    Session s{"hash-1", writer.id, "csrf", "127.0.0.1", at(100), at(200), at(9999999999)};
    source->sessions().save(s);
    ApiToken token;
    token.user_id = writer.id;
    token.name = "importer";
    token.token_hash = "tok-1";
    token.role = Role::writer;
    source->tokens().save(token);
    source->audit().append({0, at(300), writer.id, "story.publish", "article:1", "{}", "::1"});
    source->sessions().record_failure("ip:10.0.0.1", at(400));
    EntityProposal proposal;
    proposal.name = "Mara Quinlan";
    proposal.key = "mara-quinlan";
    proposal.slug = "mara-quinlan";
    proposal.confidence = 0.875;
    proposal.story_count = 1;
    proposal.stories = {story.id};
    proposal.evidence = {1, 1, 0, 0, 0};
    proposal = source->review().save_proposal(proposal);
    source->review().decide_proposal(proposal.id, ProposalStatus::dismissed, std::nullopt,
                                     writer.id, at(500));
    StoredSuggestion suggestion;
    suggestion.article_id = story.id;
    suggestion.subject = {"Kristen Stewart", kristen.id, std::nullopt};
    suggestion.predicate = "acted_in";
    suggestion.object = {"Dust Season", std::nullopt, EntityKind::film};
    suggestion.qualifiers = {{"character", "Ada"}, {"year", "2026"}};
    suggestion.sentence = "Kristen Stewart plays Ada in Dust Season.";
    suggestion.confidence = 0.75;
    source->review().add_suggestion(suggestion);
    source->redirects().put_address(
        {"/2010/07/21/stewart-rocks", story.id, "", "wordpress", at(500)});
    source->import_keys().put({"wordpress", "post", 1313, story.id, "f1"});
    source->comments().replace(story.id, {{540, 0, "Arjun S.", at(600), "Still not over it."}});
    Article about;
    about.kind = ArticleKind::page;
    about.slug = "about/team";
    about.headline = "Our team";
    page = source->articles().save(about, writer.id, at(1279728000));
    Article live;
    live.kind = ArticleKind::live;
    live.slug = "premiere-live";
    live.headline = "Premiere, live";
    live.section = "movies";
    live.live_ended_at = at(1279729000);
    live = source->articles().save(live, writer.id, at(1279728500));
    LiveEntry entry;
    entry.article_id = live.id;
    entry.author_id = writer.id;
    entry.body = "The carpet fills.";
    entry.body_html = "<p>The carpet fills.</p>";
    entry.media_id = photo.id;
    entry.key_moment = true;
    live_entry = source->live().add(entry);
    Article gallery;
    gallery.kind = ArticleKind::gallery;
    gallery.slug = "premiere-photos";
    gallery.headline = "The premiere in photos";
    gallery.section = "movies";
    gallery.photos = {{photo.id,
                       "Kristen Stewart arrives",
                       "AP",
                       "A woman on a red carpet",
                       {{kristen.id, LinkState::confirmed, 1.0}}}};
    source->articles().save(gallery, writer.id, at(1279729000));
    ASSERT_TRUE(source->autosaves().put(
        {story.id, writer.id, story.version, at(700), R"({"headline":["Stewart rocks on"]})"}));
  }

  std::filesystem::path dir;
  std::unique_ptr<Store> source;
  Article story;
  Article page;
  LiveEntry live_entry;
};

TEST_F(Copy, EveryTableArrivesWithItsIdsAndChecksOut) {
  fill_source();
  CopyReport report = copy_store(dir.string(), location);
  ASSERT_TRUE(report.verified());
  for (const auto& t : report.tables) {
    EXPECT_GT(t.source_rows, 0) << t.table << " has no row in the test site";
    EXPECT_EQ(t.source_sha256.size(), 64u) << t.table;
  }

  auto target = open_store(location);
  auto entry = target->live().find(live_entry.id);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->seq, live_entry.seq);
  EXPECT_EQ(entry->body, "The carpet fills.");
  EXPECT_TRUE(entry->key_moment);
  EXPECT_EQ(target->articles().find(live_entry.article_id)->live_ended_at, at(1279729000));
  auto copied = target->articles().find(story.id);
  ASSERT_TRUE(copied);
  EXPECT_EQ(copied->slug, "stewart-rocks");
  EXPECT_EQ(copied->version, story.version);
  EXPECT_EQ(copied->created_at, story.created_at);
  EXPECT_EQ(copied->tags, story.tags);
  EXPECT_EQ(target->redirects().current_slug("first-slug"), "stewart-rocks");
  EXPECT_EQ(target->articles().revisions(story.id).size(), 2u);
  EXPECT_EQ(target->articles().revisions(story.id)[0].saved_at, at(1279727000));
  auto links = target->links().of_story(story.id);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[1].state, LinkState::confirmed);
  EXPECT_EQ(target->settings().get("site.title"), "Marquee Daily");
  EXPECT_TRUE(target->sessions().find("hash-1"));
  EXPECT_TRUE(target->tokens().find("tok-1"));
  EXPECT_EQ(target->media().find(*story.lead_media_id)->renditions.size(), 1u);
  EXPECT_DOUBLE_EQ(target->media().find(*story.lead_media_id)->focus_x, 0.25);
  EXPECT_DOUBLE_EQ(target->media().find(*story.lead_media_id)->focus_y, 0.8);
  EXPECT_EQ(target->search().find({.text = "joan jett"}).total, 1);
  auto proposal = target->review().proposal_by_key("mara-quinlan");
  ASSERT_TRUE(proposal);
  EXPECT_EQ(proposal->status, ProposalStatus::dismissed);
  EXPECT_EQ(proposal->stories, std::vector<Id>{story.id});
  EXPECT_EQ(proposal->decided_at, at(500));
  auto suggestions = target->review().suggestions(SuggestionStatus::pending, 10);
  ASSERT_EQ(suggestions.size(), 1u);
  EXPECT_EQ(suggestions[0].qualifiers.at("year"), "2026");
  EXPECT_EQ(suggestions[0].object.kind, EntityKind::film);
  EXPECT_EQ(target->redirects().address("/2010/07/21/stewart-rocks")->article_id, story.id);
  EXPECT_EQ(target->import_keys().find("wordpress", "post", 1313)->local_id, story.id);
  EXPECT_EQ(target->comments().of_story(story.id).at(0).author, "Arjun S.");
  auto copied_page = target->articles().find_by_slug("about/team");
  ASSERT_TRUE(copied_page);
  EXPECT_EQ(copied_page->kind, ArticleKind::page);  // the kind column travels too
  EXPECT_EQ(copied_page->id, page.id);
  EXPECT_EQ(target->autosaves().find(story.id, story.author_ids.at(0))->fields,
            R"({"headline":["Stewart rocks on"]})");

  // The target goes on from there: new rows get new ids, not copied ones.
  Article next;
  next.slug = "after-the-move";
  next.headline = "After";
  EXPECT_GT(target->articles().save(next, 0).id, story.id);
}

TEST_F(Copy, RunningAgainAfterMoreEditsIsExactAgain) {
  fill_source();
  ASSERT_TRUE(copy_store(dir.string(), location).verified());
  Article edited = story;
  edited.headline = "Stewart rocks harder";
  edited.tags = {"music"};  // one tag fewer: the target must lose it too
  source->articles().save(edited, 0);
  source->sessions().remove("hash-1");
  CopyReport again = copy_store(dir.string(), location);
  EXPECT_TRUE(again.verified());
  auto target = open_store(location);
  EXPECT_EQ(target->articles().find(story.id)->tags, std::vector<std::string>{"music"});
  EXPECT_FALSE(target->sessions().find("hash-1"));
  EXPECT_TRUE(compare_stores(dir.string(), location).verified());
}

TEST_F(Copy, CompareNoticesADifference) {
  fill_source();
  ASSERT_TRUE(copy_store(dir.string(), location).verified());
  open_store(location)->settings().set("site.title", "Changed on the target");
  CopyReport report = compare_stores(dir.string(), location);
  EXPECT_FALSE(report.verified());
  for (const auto& t : report.tables) EXPECT_EQ(t.matches(), t.table != "settings") << t.table;
}

TEST_F(Copy, UnknownColumnStopsTheCopyBeforeItWrites) {
  fill_source();
  ASSERT_TRUE(copy_store(dir.string(), location).verified());
  open_store(location)->settings().set("only.on.target", "kept");
  {
    sqlite::Database db(dir / "marquee.db", sqlite::Database::Mode::read_write);
    db.exec("ALTER TABLE articles ADD COLUMN subtitle TEXT");
  }
  try {
    copy_store(dir.string(), location);
    ADD_FAILURE() << "copied";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("subtitle"), std::string::npos) << e.what();
  }
  EXPECT_EQ(open_store(location)->settings().get("only.on.target"), "kept");
}

TEST_F(Copy, TargetMustBePostgres) {
  EXPECT_THROW(copy_store(dir.string(), "sqlite:" + (dir / "other.db").string()), StoreError);
}

}  // namespace
}  // namespace marquee::testing
