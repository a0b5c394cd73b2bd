// The newsroom service on a real SQLite file: saves checked by the story rules, refusals that
// leave the store as it was, and link decisions that are not saves of the story.
#include "newsroom/newsroom.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <future>

namespace marquee::newsroom {
namespace {

using std::chrono::hours;

Time at(long long seconds) {
  return Time{std::chrono::seconds(seconds)};
}

// What the newsroom told the pages, in order.
struct RecordingWatcher final : PageWatcher {
  std::vector<std::string> heard;
  void story_changed(const Article&, const Article& after, const std::vector<Id>&) override {
    heard.push_back("story:" + std::to_string(after.id));
  }
  void story_body_changed(const Article& story, Id entity_id) override {
    heard.push_back("body:" + std::to_string(story.id) + ":" + std::to_string(entity_id));
  }
  void live_entries_changed(const Article& story, const std::vector<Id>&) override {
    heard.push_back("live:" + std::to_string(story.id));
  }
  void everything_changed() override { heard.push_back("*"); }
};

class NewsroomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "marquee-newsroom-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
    store = open_store(dir.string());
    store->sections().save({0, "movies", "Movies", 1});
    writer = add_user("wren@example.com", "wren-writer", Role::writer);
    editor = add_user("eda@example.com", "eda-editor", Role::editor);
    Entity person;
    person.kind = EntityKind::person;
    person.name = "Kristen Stewart";
    person.slug = "kristen-stewart";
    stewart = store->graph().save_entity(person).id;
    knowledge = std::make_unique<Knowledge>(*store);
    newsroom = std::make_unique<Newsroom>(*store, *knowledge, &pages);
  }
  void TearDown() override {
    newsroom.reset();
    knowledge.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  User add_user(const std::string& email, const std::string& slug, Role role) {
    User u;
    u.email = email;
    u.display_name = slug;
    u.slug = slug;
    u.role = role;
    return store->users().save(u);
  }

  // A story by the writer in Movies, published at publish_at (a draft without one).
  Article story(const std::string& headline, const std::string& body,
                std::optional<Time> publish_at) const {
    Article a;
    a.headline = headline;
    a.section = "movies";
    a.body = body;
    a.author_ids = {writer.id};
    a.status = publish_at ? ArticleStatus::published : ArticleStatus::draft;
    a.publish_at = publish_at;
    return a;
  }

  // A story from 2010, published, as an import brings it (its own times kept).
  Article archive_story() {
    return newsroom->save(
        Actor::system(),
        story("Stewart cast as Joan Jett", "Kristen Stewart will play Joan Jett in The Runaways.\n",
              at(1279726000)),
        {.saved_at = at(1279727000), .imported = true});
  }

  static bool links_stewart(const Article& a) {
    return a.body_html.find("href=\"/people/kristen-stewart\"") != std::string::npos;
  }

  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Knowledge> knowledge;
  RecordingWatcher pages;
  std::unique_ptr<Newsroom> newsroom;
  User writer, editor;
  Id stewart = 0;
};

TEST_F(NewsroomTest, ALinkDecisionKeepsTheVersionTheRevisionsAndTheTimes) {
  Article story = archive_story();
  ASSERT_TRUE(links_stewart(story)) << story.body_html;
  const auto revisions = store->articles().revisions(story.id).size();
  pages.heard.clear();

  Article after = newsroom->decide_link(Actor::of(editor), story.id, stewart, LinkState::rejected);
  auto stored = store->articles().find(story.id);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(links_stewart(*stored)) << stored->body_html;
  EXPECT_EQ(after.body_html, stored->body_html);
  EXPECT_EQ(stored->version, story.version);
  EXPECT_EQ(stored->updated_at, story.updated_at);
  EXPECT_EQ(stored->created_at, story.created_at);
  EXPECT_EQ(stored->publish_at, story.publish_at);
  EXPECT_EQ(store->articles().revisions(story.id).size(), revisions);
  EXPECT_EQ(pages.heard, std::vector<std::string>{"body:" + std::to_string(story.id) + ":" +
                                                  std::to_string(stewart)});
  auto links = store->links().of_story(story.id);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].state, LinkState::rejected);

  newsroom->decide_link(Actor::of(editor), story.id, stewart, LinkState::confirmed);
  stored = store->articles().find(story.id);
  EXPECT_TRUE(links_stewart(*stored));
  EXPECT_EQ(stored->version, story.version);
  EXPECT_EQ(stored->updated_at, story.updated_at);
  EXPECT_EQ(store->articles().revisions(story.id).size(), revisions);
}

TEST_F(NewsroomTest, ASaveFromTheFormOpenedBeforeADecisionIsNoConflictAndKeepsTheDecision) {
  Article opened = archive_story();  // a colleague opened the story in the editor
  newsroom->decide_link(Actor::of(editor), opened.id, stewart, LinkState::rejected);
  Article edited = opened;
  edited.dek = "The Twilight star is cast";
  Article saved;
  ASSERT_NO_THROW(saved = newsroom->save(Actor::of(editor), edited));
  EXPECT_EQ(saved.version, opened.version + 1);
  EXPECT_EQ(saved.dek, "The Twilight star is cast");
  EXPECT_FALSE(links_stewart(saved)) << "the rejection survives the save";
  EXPECT_EQ(store->links().of_story(saved.id).at(0).state, LinkState::rejected);
}

TEST_F(NewsroomTest, ARefusedSaveWritesNothing) {
  Article draft;
  draft.headline = "Fanning joins the cast";
  draft.section = "movies";
  draft.body = "Dakota Fanning plays Cherie Currie.\n";
  Article stored = newsroom->save(Actor::of(writer), draft);
  EXPECT_EQ(stored.author_ids, std::vector<Id>{writer.id})
      << "a new story gets its writer's byline";
  EXPECT_EQ(stored.slug, "fanning-joins-the-cast");
  pages.heard.clear();

  Article change = stored;
  change.featured = true;
  try {
    newsroom->save(Actor::of(writer), change);
    FAIL() << "a writer set featured";
  } catch (const Refused& refused) {
    EXPECT_EQ(refused.kind(), Refusal::Kind::forbidden);
    EXPECT_EQ(refused.first().rule, "set_flag");
    EXPECT_EQ(refused.first().field, "featured");
  }
  EXPECT_EQ(store->articles().find(stored.id)->version, stored.version);
  EXPECT_FALSE(store->articles().find(stored.id)->featured);
  EXPECT_EQ(store->articles().revisions(stored.id).size(), 1u);
  EXPECT_TRUE(pages.heard.empty());
}

TEST_F(NewsroomTest, StoreChecksComeBackAsRefusals) {
  Article first = archive_story();
  struct Case {
    const char* name;
    std::function<void(Article&)> change;
    Refusal::Kind kind;
    const char* rule;
    const char* field;
  };
  const Case cases[] = {
      {"stale version", [](Article& a) { a.version -= 1; }, Refusal::Kind::conflict, "conflict",
       "version"},
      {"unknown section", [](Article& a) { a.section = "music"; }, Refusal::Kind::invalid,
       "section", "section"},
      {"unknown author", [](Article& a) { a.author_ids = {999}; }, Refusal::Kind::invalid,
       "authors", "authors"},
      {"unknown photo", [](Article& a) { a.lead_media_id = 999; }, Refusal::Kind::invalid,
       "lead_media", "lead_media"},
      {"gone", [](Article& a) { a.id = 999; }, Refusal::Kind::not_found, "not_found", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Article change = *store->articles().find(first.id);
    c.change(change);
    try {
      newsroom->save(Actor::of(editor), change);
      ADD_FAILURE() << "saved";
    } catch (const Refused& refused) {
      EXPECT_EQ(refused.kind(), c.kind);
      EXPECT_EQ(refused.first().rule, c.rule);
      EXPECT_EQ(refused.first().field, c.field);
    }
  }
  Article other;
  other.headline = "Stewart cast as Joan Jett";  // the same headline gives the same slug
  other.section = "movies";
  try {
    newsroom->save(Actor::of(editor), other);
    FAIL() << "two stories with one slug";
  } catch (const Refused& refused) {
    EXPECT_EQ(refused.first().rule, "slug_taken");
    EXPECT_EQ(refused.first().field, "slug");
  }
}

TEST_F(NewsroomTest, OnlyThoseWhoMayEditTheStoryDecideItsLinks) {
  Article story = archive_story();  // published: the desk's
  try {
    newsroom->decide_link(Actor::of(writer), story.id, stewart, LinkState::rejected);
    FAIL() << "a writer decided a link on a published story";
  } catch (const Refused& refused) {
    EXPECT_EQ(refused.kind(), Refusal::Kind::forbidden);
  }
  EXPECT_EQ(store->links().of_story(story.id).at(0).state, LinkState::suggested);
  EXPECT_THROW(newsroom->decide_link(Actor::of(editor), 999, stewart, LinkState::rejected),
               Refused);
  EXPECT_THROW(newsroom->decide_link(Actor::of(editor), story.id, 999, LinkState::rejected),
               Refused);
  EXPECT_THROW(newsroom->decide_link(Actor::of(editor), story.id, stewart, LinkState::suggested),
               Refused);
}

TEST_F(NewsroomTest, PublishingNeedsAltTextOnTheLeadPhotoExceptForAnImport) {
  Media photo;
  photo.kind = MediaKind::image;
  photo.file = "set.jpg";
  photo.mime = "image/jpeg";
  photo = store->media().save(photo);
  Article story;
  story.headline = "On the set";
  story.section = "movies";
  story.lead_media_id = photo.id;
  story.status = ArticleStatus::published;
  try {
    newsroom->save(Actor::of(editor), story);
    FAIL() << "published with a photo without alt text";
  } catch (const Refused& refused) {
    EXPECT_EQ(refused.first().rule, "lead_photo_alt");
  }
  Article imported = newsroom->save(Actor::system(), story, {.imported = true});
  EXPECT_TRUE(imported.is_published());
  EXPECT_TRUE(imported.publish_at) << "published now, as it gave no time";
}

// ---- Live coverage through the newsroom

TEST_F(NewsroomTest, AnEntryIsLinkedAndGrowsTheStoryWithoutMovingItsVersion) {
  Article live;
  live.kind = ArticleKind::live;
  live.headline = "Premiere night, live";
  live.section = "movies";
  live.status = ArticleStatus::published;
  live = newsroom->save(Actor::of(editor), live);
  EXPECT_TRUE(store->links().of_story(live.id).empty());
  pages.heard.clear();

  LiveEntry entry;
  entry.article_id = live.id;
  entry.body = "Kristen Stewart arrives.";
  LiveEntry posted = newsroom->post_entry(Actor::of(writer), entry);
  EXPECT_EQ(posted.author_id, writer.id);
  EXPECT_EQ(posted.seq, 1);
  EXPECT_NE(posted.body_html.find("href=\"/people/kristen-stewart\""), std::string::npos)
      << posted.body_html;
  auto links = store->links().of_story(live.id);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].entity_id, stewart);
  auto stored = store->articles().find(live.id);
  EXPECT_EQ(stored->version, live.version);
  EXPECT_EQ(stored->updated_at, live.updated_at);
  EXPECT_EQ(pages.heard, std::vector<std::string>{"live:" + std::to_string(live.id)});

  // A save of the story keeps what its entries say; deleting the entry takes it away.
  stored->dek = "A new dek";
  newsroom->save(Actor::of(editor), *stored);
  EXPECT_EQ(store->links().of_story(live.id).size(), 1u);
  newsroom->remove_entry(Actor::of(writer), live.id, posted.id);
  EXPECT_TRUE(store->links().of_story(live.id).empty());
}

TEST_F(NewsroomTest, TheEntryRulesAreTheSameForEveryDoor) {
  Article live;
  live.kind = ArticleKind::live;
  live.headline = "Awards, live";
  live.section = "movies";
  live = newsroom->save(Actor::of(editor), live);
  Article plain;
  plain.headline = "Not live";
  plain.section = "movies";
  plain = newsroom->save(Actor::of(editor), plain);
  User contributor = add_user("cora@example.com", "cora", Role::contributor);
  LiveEntry entry;
  entry.article_id = live.id;
  entry.body = "Text";
  const auto refused = [&](const Actor& who, LiveEntry e) -> std::string {
    try {
      newsroom->post_entry(who, e);
    } catch (const Refused& r) {
      return r.first().rule + ":" + to_string(r.kind());
    }
    return "posted";
  };
  EXPECT_EQ(refused(Actor::of(contributor), entry), "entry:forbidden");
  LiveEntry empty = entry;
  empty.body = " \n ";
  EXPECT_EQ(refused(Actor::of(writer), empty), "entry_text:invalid");
  LiveEntry photo = entry;
  photo.media_id = 4242;
  EXPECT_EQ(refused(Actor::of(writer), photo), "entry_media:invalid");
  LiveEntry elsewhere = entry;
  elsewhere.article_id = plain.id;
  EXPECT_EQ(refused(Actor::of(writer), elsewhere), "not_live:invalid");
  EXPECT_EQ(refused(Actor::of(writer), entry), "posted");

  // Someone else's entry: the desk may change it, another writer may not.
  User other = add_user("otto@example.com", "otto", Role::writer);
  LiveEntry mine = store->live().of_story(live.id).front();
  mine.body = "Changed";
  EXPECT_THROW(newsroom->edit_entry(Actor::of(other), mine), Refused);
  EXPECT_EQ(newsroom->edit_entry(Actor::of(editor), mine).body, "Changed");

  // The end: writers may not; the desk's summary goes on top; then entries are frozen.
  Article current = *store->articles().find(live.id);
  EXPECT_THROW(newsroom->end_live(Actor::of(writer), live.id, current.version, "Done"), Refused);
  EXPECT_THROW(newsroom->end_live(Actor::of(editor), live.id, current.version, "  "), Refused);
  Article ended = newsroom->end_live(Actor::of(editor), live.id, current.version, "It is over.");
  EXPECT_TRUE(ended.live_ended_at);
  EXPECT_EQ(ended.body.rfind("It is over.", 0), 0u);
  EXPECT_EQ(ended.version, current.version + 1);
  EXPECT_EQ(refused(Actor::of(writer), entry), "coverage_ended:conflict");
  EXPECT_THROW(newsroom->end_live(Actor::of(editor), live.id, ended.version, "Again"), Refused);
}

// The archive linked again after the graph grew: every story (drafts too) finds the new person,
// keeps its version, revisions and times, and keeps an editor's decision; each page is its own
// unit of work, so a pass stopped after a page leaves the rest as they were, and running it
// again finishes the work.
TEST_F(NewsroomTest, ReindexLinksTheArchiveAgainInPagesAndKeepsDecisions) {
  std::vector<Article> stories;
  for (int i = 0; i < 5; ++i) {
    Article a = story("Fanning and Stewart, part " + std::to_string(i + 1),
                      "Dakota Fanning sings beside Kristen Stewart in The Runaways.\n",
                      i == 4 ? std::nullopt : std::optional(at(1279726000 + i * 3600)));
    stories.push_back(
        newsroom->save(Actor::system(), a, {.saved_at = at(1279727000 + i), .imported = true}));
  }
  newsroom->decide_link(Actor::of(editor), stories[1].id, stewart, LinkState::rejected);
  std::vector<std::size_t> revisions;
  for (const auto& s : stories) revisions.push_back(store->articles().revisions(s.id).size());

  Entity person;
  person.kind = EntityKind::person;
  person.name = "Dakota Fanning";
  person.slug = "dakota-fanning";
  const Id fanning = store->graph().save_entity(person).id;
  knowledge->reload_graph();
  auto links_fanning = [&](Id id) {
    auto s = store->articles().find(id);
    return s && s->body_html.find("href=\"/people/dakota-fanning\"") != std::string::npos;
  };
  auto has_link = [&](Id id, Id entity) {
    for (const auto& l : store->links().of_story(id))
      if (l.entity_id == entity) return true;
    return false;
  };

  // Stopped after its first page of two stories: those two are linked, the rest untouched.
  std::vector<std::size_t> seen;
  EXPECT_THROW(newsroom->reindex_archive({.threads = 1, .batch_size = 2},
                                         [&](std::size_t done, std::size_t) {
                                           seen.push_back(done);
                                           throw std::runtime_error("stopped");
                                         }),
               std::runtime_error);
  EXPECT_EQ(seen, std::vector<std::size_t>{2});
  EXPECT_TRUE(links_fanning(stories[0].id));
  EXPECT_TRUE(links_fanning(stories[1].id));
  EXPECT_FALSE(links_fanning(stories[2].id));
  EXPECT_FALSE(has_link(stories[2].id, fanning));

  pages.heard.clear();
  seen.clear();
  std::size_t last_total = 0;
  ReindexRun run = newsroom->reindex_archive({.threads = 2, .batch_size = 2},
                                             [&](std::size_t done, std::size_t total) {
                                               seen.push_back(done);
                                               last_total = total;
                                             });
  EXPECT_EQ(run.stories, 5u);
  EXPECT_EQ(run.one_by_one, 0u);
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 5u);
  EXPECT_EQ(last_total, 5u);
  EXPECT_EQ(pages.heard, std::vector<std::string>{"*"});
  for (std::size_t i = 0; i < stories.size(); ++i) {
    auto stored = store->articles().find(stories[i].id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(links_fanning(stored->id)) << i << ": " << stored->body_html;
    EXPECT_TRUE(has_link(stored->id, fanning)) << i;
    EXPECT_EQ(links_stewart(*stored), i != 1) << i;  // the rejection stays
    EXPECT_EQ(stored->version, stories[i].version) << i;
    EXPECT_EQ(stored->updated_at, stories[i].updated_at) << i;
    EXPECT_EQ(stored->publish_at, stories[i].publish_at) << i;
    EXPECT_EQ(store->articles().revisions(stored->id).size(), revisions[i]) << i;
  }
  for (const auto& l : store->links().of_story(stories[1].id))
    if (l.entity_id == stewart) {
      EXPECT_EQ(l.state, LinkState::rejected);
    }
}

// A re-link renders again only the bodies whose Markdown or links changed, and writes only the
// links and quotes that changed; what it keeps is what a full render gives.
TEST_F(NewsroomTest, ReindexRendersOnlyTheBodiesWhoseTextOrLinksChanged) {
  const Article both = newsroom->save(
      Actor::system(),
      story("Two stars", "Dakota Fanning sings beside Kristen Stewart.\n", at(1279726000)),
      {.imported = true});
  const Article one =
      newsroom->save(Actor::system(),
                     story("One star", "Kristen Stewart said: \"It was loud.\"\n", at(1279729000)),
                     {.imported = true});
  const Article none =
      newsroom->save(Actor::system(), story("No star", "The band played on.\n", at(1279732000)),
                     {.imported = true});
  auto body_of = [&](Id id) { return store->articles().find(id)->body_html; };
  const std::string one_body = body_of(one.id), none_body = body_of(none.id);
  EXPECT_FALSE(store->articles().find(one.id)->body_html_key.empty());

  // Nothing changed since the saves: every story is linked, nothing is written.
  ReindexRun run = newsroom->reindex_archive({.threads = 1, .batch_size = 2});
  EXPECT_EQ(run.stories, 3u);
  EXPECT_EQ(run.bodies_rendered, 0u);
  EXPECT_EQ(run.links_written, 0u);
  EXPECT_EQ(store->links().quotes_of_story(one.id).size(), 1u);

  // A new person: only the story that names them changes.
  Entity person;
  person.kind = EntityKind::person;
  person.name = "Dakota Fanning";
  person.slug = "dakota-fanning";
  store->graph().save_entity(person);
  knowledge->reload_graph();
  run = newsroom->reindex_archive({.threads = 2, .batch_size = 2});
  EXPECT_EQ(run.stories, 3u);
  EXPECT_EQ(run.bodies_rendered, 1u);
  EXPECT_EQ(run.links_written, 1u);
  EXPECT_NE(body_of(both.id).find("href=\"/people/dakota-fanning\""), std::string::npos);
  EXPECT_EQ(body_of(one.id), one_body);
  EXPECT_EQ(body_of(none.id), none_body);

  // A person's new address changes the bodies that link them, not their links.
  auto stewart_entity = *store->graph().entity(stewart);
  stewart_entity.slug = "kristen-stewart-actor";
  store->graph().save_entity(stewart_entity);
  knowledge->reload_graph();
  run = newsroom->reindex_archive({.threads = 1, .batch_size = 5});
  EXPECT_EQ(run.bodies_rendered, 2u);
  EXPECT_EQ(run.links_written, 0u);
  for (Id id : {both.id, one.id}) {
    EXPECT_NE(body_of(id).find("href=\"/people/kristen-stewart-actor\""), std::string::npos);
    EXPECT_EQ(body_of(id).find("href=\"/people/kristen-stewart\""), std::string::npos);
  }
  EXPECT_EQ(body_of(none.id), none_body);

  // An editor's decision renders the body with its digest: the next pass keeps it.
  newsroom->decide_link(Actor::of(editor), one.id, stewart, LinkState::rejected);
  const std::string decided_body = body_of(one.id);
  EXPECT_EQ(decided_body.find("href="), std::string::npos);
  run = newsroom->reindex_archive({.threads = 1, .batch_size = 5});
  EXPECT_EQ(run.bodies_rendered, 0u);
  EXPECT_EQ(body_of(one.id), decided_body);

  // A body stored without a digest (an older store, a bulk load) is rendered; render_all renders
  // every one, and gives what was kept.
  const std::string both_body = body_of(both.id);
  ASSERT_TRUE(store->articles().replace_body_html(both.id, both.version, "<p>old</p>", ""));
  run = newsroom->reindex_archive({.threads = 1, .batch_size = 5});
  EXPECT_EQ(run.bodies_rendered, 1u);
  EXPECT_EQ(body_of(both.id), both_body);
  run = newsroom->reindex_archive({.threads = 2, .batch_size = 1, .render_all = true});
  EXPECT_EQ(run.bodies_rendered, 3u);
  EXPECT_EQ(run.links_written, 0u);
  EXPECT_EQ(body_of(both.id), both_body);
  EXPECT_EQ(body_of(one.id), decided_body);
  EXPECT_EQ(body_of(none.id), none_body);
}

// A server builds its related index while it serves: until it is ready the index is empty, a
// story saved meanwhile is in it once it is ready, and ready() is called once.
TEST_F(NewsroomTest, TheRelatedIndexIsBuiltInTheBackgroundWithoutLosingASaveMadeMeanwhile) {
  for (int i = 0; i < 3; ++i) {
    newsroom->save(Actor::system(),
                   story("Stewart, part " + std::to_string(i + 1),
                         "Kristen Stewart will play Joan Jett.\n", at(1279726000 + i)),
                   {.imported = true});
  }
  Knowledge later(*store, Knowledge::Related::empty);
  EXPECT_EQ(later.related()->size(), 0u);
  Newsroom writing(*store, later, nullptr);
  std::promise<void> ready;
  int calls = 0;
  {
    auto build = later.build_related_in_background([&] {
      ++calls;
      ready.set_value();
    });
    const Id saved = writing
                         .save(Actor::system(),
                               story("Stewart again", "Kristen Stewart returns.\n", at(1279800000)),
                               {.imported = true})
                         .id;
    ASSERT_EQ(ready.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
    EXPECT_EQ(later.related()->size(), 4u);
    EXPECT_EQ(later.related()->story_count(stewart), 4u);
    EXPECT_NE(saved, 0);
  }
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace marquee::newsroom
