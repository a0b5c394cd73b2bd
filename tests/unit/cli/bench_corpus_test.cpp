// The realistic benchmark archive on a real SQLite store: the same seed gives the same archive;
// every story is linked to entities whose names it really contains at the offsets recorded;
// quotes have a linked person for a speaker; a few entities are written about far more than the
// rest; the vocabulary is large; times run over fifteen years, later years holding more.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "cli/bench_corpus.h"
#include "store/store.h"

namespace marquee::cli {
namespace {

namespace fs = std::filesystem;

class Folder {
 public:
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "marquee-corpus-XXXXXX").string();
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

RealisticCorpusOptions small() {
  RealisticCorpusOptions o;
  o.stories = 600;
  o.people = 400;
  o.works = 300;
  o.vocabulary = 5000;
  o.batch = 250;  // more than one transaction
  return o;
}

std::vector<Article> all_stories(Store& store) {
  std::vector<Article> out;
  for (Id id = 1;; ++id) {
    auto story = store.articles().find(id);
    if (!story) break;
    out.push_back(*story);
  }
  return out;
}

class BenchCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    store = open_store((folder.path() / "a").string());
    std::ostringstream progress;
    made = make_realistic_corpus(*store, small(), progress);
    stories = all_stories(*store);
  }
  Folder folder;
  std::unique_ptr<Store> store;
  int made = 0;
  std::vector<Article> stories;
};

TEST_F(BenchCorpus, TheSameSeedGivesTheSameArchive) {
  ASSERT_EQ(made, 600);
  ASSERT_EQ(stories.size(), 600u);
  auto again = open_store((folder.path() / "b").string());
  std::ostringstream progress;
  make_realistic_corpus(*again, small(), progress);
  auto other = all_stories(*again);
  ASSERT_EQ(other.size(), stories.size());
  for (std::size_t i = 0; i < stories.size(); i += 37) {
    EXPECT_EQ(other[i].headline, stories[i].headline);
    EXPECT_EQ(other[i].body, stories[i].body);
    EXPECT_EQ(other[i].publish_at, stories[i].publish_at);
  }
  auto differs = open_store((folder.path() / "c").string());
  auto options = small();
  options.seed = 7;
  options.stories = 10;
  make_realistic_corpus(*differs, options, progress);
  EXPECT_NE(differs->articles().find(1)->body, stories[0].body);
}

TEST_F(BenchCorpus, LinksPointAtTheNamesInTheBody) {
  std::map<Id, Entity> entities;
  for (auto& e : store->graph().entities()) entities.emplace(e.id, e);
  EXPECT_GE(entities.size(), 650u) << "people and works in the graph";
  EXPECT_GE(store->graph().relations().size(), 500u);
  int quotes = 0;
  for (const auto& story : stories) {
    auto links = store->links().of_story(story.id);
    ASSERT_FALSE(links.empty()) << story.headline;
    std::set<Id> linked;
    for (const auto& link : links) {
      linked.insert(link.entity_id);
      const Entity& e = entities.at(link.entity_id);
      ASSERT_GE(link.first_offset, 0);
      EXPECT_EQ(
          story.body.compare(static_cast<std::size_t>(link.first_offset), e.name.size(), e.name), 0)
          << e.name << " at " << link.first_offset << " in " << story.slug;
      EXPECT_GE(link.mentions, 1);
    }
    for (const auto& quote : store->links().quotes_of_story(story.id)) {
      ++quotes;
      ASSERT_TRUE(quote.speaker_id);
      EXPECT_TRUE(linked.count(*quote.speaker_id)) << "the speaker is named in the story";
      EXPECT_EQ(entities.at(*quote.speaker_id).kind, EntityKind::person);
      EXPECT_NE(story.body.find(quote.text.substr(0, quote.text.size() - 1)), std::string::npos);
    }
  }
  EXPECT_GE(quotes, 300) << "most stories quote someone";
}

TEST_F(BenchCorpus, AFewEntitiesAreWrittenAboutMost) {
  std::map<Id, int> stories_of;
  for (const auto& story : stories)
    for (const auto& link : store->links().of_story(story.id)) ++stories_of[link.entity_id];
  std::vector<int> counts;
  for (auto& [id, n] : stories_of) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  ASSERT_GE(counts.size(), 50u);
  EXPECT_GE(counts[0], 30) << "the most written-about entity is in 5% of stories or more";
  EXPECT_LE(counts[counts.size() / 2], 3) << "the median entity is in a few";
}

TEST_F(BenchCorpus, ALargeVocabularyAndFifteenYears) {
  std::set<std::string> words;
  std::size_t body_bytes = 0;
  for (const auto& story : stories) {
    body_bytes += story.body.size();
    std::istringstream in(story.body);
    std::string w;
    while (in >> w) words.insert(w);
  }
  EXPECT_GE(words.size(), 4000u) << "distinct words in 600 stories";
  EXPECT_GE(body_bytes / stories.size(), 1500u) << "news-length bodies";
  std::vector<Time> times;
  for (const auto& story : stories)
    if (story.publish_at) times.push_back(*story.publish_at);
  ASSERT_GE(times.size(), 570u) << "nearly all published";
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  const auto years =
      std::chrono::duration_cast<std::chrono::hours>(times.back() - times.front()).count() /
      (24 * 365.25);
  EXPECT_GT(years, 14.0);
  const Time middle = times.front() + (times.back() - times.front()) / 2;
  const auto later = std::count_if(times.begin(), times.end(), [&](Time t) { return t > middle; });
  EXPECT_GT(later, static_cast<long>(times.size()) * 6 / 10) << "later years hold more stories";
}

}  // namespace
}  // namespace marquee::cli
