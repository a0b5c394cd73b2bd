// Runs the enricher over the annotated evaluation set in tests/data/eval (format in its
// README.md): prints precision, recall and F1 of links per mention and per story, the accuracy
// of quote speakers, discovery recall and precision with the graph removed, and the precision
// of relation suggestions, and fails below the floors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "enrich/discover.h"
#include "enrich/suggest.h"
#include "fixture.h"

namespace marquee {
namespace {

constexpr double kFloor = 0.97;
constexpr double kHeldOutFloor = 0.97;
constexpr double kDiscoveryFloor = 0.9;   // recall and precision of people named in full
constexpr double kSuggestionFloor = 0.9;  // precision of relation suggestions

struct Expected {
  StoryField field;
  int offset;
  int length;
  std::string slug;
  bool operator<(const Expected& o) const {
    return std::tie(field, offset, length, slug) < std::tie(o.field, o.offset, o.length, o.slug);
  }
};

struct Annotated {
  std::string clean;  // what the story says
  std::string glued;  // the same with the spaces marked "{ }" lost, as a scraper leaves it
  std::vector<Expected> mentions;
};

// "subject | predicate | object | key=value | ...": a relation the story states.
struct StatedRelation {
  std::string subject, predicate, object;
  std::map<std::string, std::string> qualifiers;
};

struct Story {
  std::string slug;
  Annotated headline, dek, body;
  std::vector<std::pair<std::string, std::string>> quotes;  // speaker slug or "-", text prefix
  std::vector<StatedRelation> relations;
};

std::vector<std::string> split_bars(std::string_view line) {
  std::vector<std::string> out;
  for (std::size_t at = 0;;) {
    auto bar = line.find(" | ", at);
    out.emplace_back(line.substr(at, bar == std::string_view::npos ? line.npos : bar - at));
    if (bar == std::string_view::npos) return out;
    at = bar + 3;
  }
}

// "[[surface|slug]]" marks an expected mention, "{ }" a space that scraping lost.
Annotated parse_annotations(std::string_view text, StoryField field) {
  Annotated out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "[[") == 0) {
      auto bar = text.find('|', i), end = text.find("]]", i);
      if (bar == std::string_view::npos || end == std::string_view::npos || bar > end) {
        ADD_FAILURE() << "bad annotation near: " << text.substr(i, 40);
        break;
      }
      std::string surface(text.substr(i + 2, bar - i - 2));
      out.mentions.push_back({field, static_cast<int>(out.clean.size()),
                              static_cast<int>(surface.size()),
                              std::string(text.substr(bar + 1, end - bar - 1))});
      out.clean += surface;
      out.glued += surface;
      i = end + 2;
    } else if (text.compare(i, 3, "{ }") == 0) {
      out.clean += ' ';
      i += 3;
    } else {
      out.clean += text[i];
      out.glued += text[i];
      ++i;
    }
  }
  return out;
}

std::vector<Story> load_stories(const std::string& path) {
  std::string text = testing::read_text_file(path);
  EXPECT_FALSE(text.empty()) << path;
  std::vector<Story> stories;
  enum { none, body, quotes, relations } section = none;
  std::string body_text;
  auto finish_body = [&] {
    if (stories.empty()) return;
    while (!body_text.empty() && body_text.back() == '\n') body_text.pop_back();
    stories.back().body = parse_annotations(body_text, StoryField::body);
    body_text.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
    if (line.rfind("=== ", 0) == 0) {
      if (section == body) finish_body();
      stories.push_back({line.substr(4), {}, {}, {}, {}});
      section = none;
    } else if (stories.empty()) {
      continue;  // comments before the first story
    } else if (section == body && line != "quotes:" && line != "relations:") {
      body_text += line + "\n";
    } else if (line.rfind("headline: ", 0) == 0) {
      stories.back().headline = parse_annotations(line.substr(10), StoryField::headline);
    } else if (line.rfind("dek: ", 0) == 0) {
      stories.back().dek = parse_annotations(line.substr(5), StoryField::dek);
    } else if (line == "body:") {
      section = body;
    } else if (line == "quotes:") {
      finish_body();
      section = quotes;
    } else if (line == "relations:") {
      if (section == body) finish_body();
      section = relations;
    } else if (section == relations && line.rfind("- ", 0) == 0) {
      auto parts = split_bars(std::string_view(line).substr(2));
      if (parts.size() < 3) {
        ADD_FAILURE() << "bad relation line: " << line;
        continue;
      }
      StatedRelation r{parts[0], parts[1], parts[2], {}};
      for (std::size_t k = 3; k < parts.size(); ++k) {
        auto eq = parts[k].find('=');
        if (eq == std::string::npos) {
          ADD_FAILURE() << "bad qualifier: " << line;
          continue;
        }
        r.qualifiers[parts[k].substr(0, eq)] = parts[k].substr(eq + 1);
      }
      stories.back().relations.push_back(std::move(r));
    } else if (section == quotes && line.rfind("- ", 0) == 0) {
      auto bar = line.find(" | ");
      if (bar == std::string::npos) {
        ADD_FAILURE() << "bad quote line: " << line;
        continue;
      }
      stories.back().quotes.emplace_back(line.substr(2, bar - 2), line.substr(bar + 3));
    } else if (!line.empty()) {
      ADD_FAILURE() << "unexpected line in " << stories.back().slug << ": " << line;
    }
  }
  if (section == body) finish_body();
  return stories;
}

struct Tally {
  int expected = 0, predicted = 0, correct = 0;
  double precision() const { return predicted ? static_cast<double>(correct) / predicted : 1; }
  double recall() const { return expected ? static_cast<double>(correct) / expected : 1; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

struct Scores {
  Tally mentions, links, quotes;
  int glued = 0, glued_repaired = 0;
  double story_f1_sum = 0;  // per-story F1 of mentions, summed for the mean
  int stories = 0;
  double mean_story_f1() const { return stories ? story_f1_sum / stories : 1; }
};

Scores evaluate(const KnowledgeGraph& g, const std::vector<Story>& stories) {
  Scores scores;
  auto& [mentions, links, quotes, glued, glued_repaired, story_f1_sum, story_count] = scores;
  for (const Story& story : stories) {
    for (const auto* field : {&story.headline, &story.dek, &story.body})
      for (const auto& m : field->mentions)
        EXPECT_NE(g.entity_by_slug(m.slug), nullptr) << story.slug << ": unknown " << m.slug;
    if (story.body.glued != story.body.clean) {
      ++glued;
      std::string repaired = repair_glued_text(g, story.body.glued);
      if (repaired == story.body.clean)
        ++glued_repaired;
      else
        std::printf("[glue] %s:\n  got  %s\n  want %s\n", story.slug.c_str(), repaired.c_str(),
                    story.body.clean.c_str());
    }

    Enrichment r = enrich_story(g, {story.headline.clean, story.dek.clean, story.body.clean});
    std::set<Expected> want, got;
    for (const auto* field : {&story.headline, &story.dek, &story.body})
      want.insert(field->mentions.begin(), field->mentions.end());
    for (const auto& m : r.mentions)
      if (m.confidence >= EnrichOptions{}.link_threshold)
        got.insert({m.field, m.offset, m.length, testing::slug_of(g, m.entity_id)});
    const char* fields[] = {"headline", "dek", "body"};
    auto text_of = [&](const Expected& e) {
      const Annotated& a = e.field == StoryField::headline ? story.headline
                           : e.field == StoryField::dek    ? story.dek
                                                           : story.body;
      return a.clean.substr(static_cast<std::size_t>(e.offset), static_cast<std::size_t>(e.length));
    };
    for (const auto& e : got)
      if (!want.count(e))
        std::printf("[extra]  %s %s@%d \"%s\" -> %s\n", story.slug.c_str(),
                    fields[static_cast<int>(e.field)], e.offset, text_of(e).c_str(),
                    e.slug.c_str());
    for (const auto& e : want)
      if (!got.count(e))
        std::printf("[missed] %s %s@%d \"%s\" -> %s\n", story.slug.c_str(),
                    fields[static_cast<int>(e.field)], e.offset, text_of(e).c_str(),
                    e.slug.c_str());
    Tally story_mentions;
    story_mentions.expected = static_cast<int>(want.size());
    story_mentions.predicted = static_cast<int>(got.size());
    for (const auto& e : got) story_mentions.correct += want.count(e) ? 1 : 0;
    mentions.expected += story_mentions.expected;
    mentions.predicted += story_mentions.predicted;
    mentions.correct += story_mentions.correct;
    story_f1_sum += story_mentions.f1();
    ++story_count;

    std::set<std::string> want_links, got_links;
    for (const auto& e : want) want_links.insert(e.slug);
    for (const auto& l : r.links)
      if (l.state == LinkState::confirmed) got_links.insert(testing::slug_of(g, l.entity_id));
    links.expected += static_cast<int>(want_links.size());
    links.predicted += static_cast<int>(got_links.size());
    for (const auto& s : got_links) links.correct += want_links.count(s) ? 1 : 0;

    quotes.expected += static_cast<int>(story.quotes.size());
    quotes.predicted += static_cast<int>(r.quotes.size());
    for (const auto& [speaker, prefix] : story.quotes) {
      const Quote* found = nullptr;
      for (const auto& q : r.quotes)
        if (q.text.rfind(prefix, 0) == 0) found = &q;
      std::string said = !found              ? "(no quote)"
                         : found->speaker_id ? testing::slug_of(g, *found->speaker_id)
                                             : "-";
      if (said == speaker)
        ++quotes.correct;
      else
        std::printf("[quote]  %s \"%s\": got %s, want %s\n", story.slug.c_str(), prefix.c_str(),
                    said.c_str(), speaker.c_str());
    }
  }

  std::printf("evaluation: %zu stories, %zu entities\n", stories.size(), g.entity_count());
  std::printf(
      "  mentions: precision %.3f recall %.3f F1 %.3f (%d expected, %d predicted, %d correct); "
      "mean F1 per story %.3f\n",
      mentions.precision(), mentions.recall(), mentions.f1(), mentions.expected, mentions.predicted,
      mentions.correct, scores.mean_story_f1());
  std::printf(
      "  stories:  entities linked per story: precision %.3f recall %.3f F1 %.3f (%d expected, "
      "%d predicted, %d correct)\n",
      links.precision(), links.recall(), links.f1(), links.expected, links.predicted,
      links.correct);
  std::printf(
      "  quotes:   speaker accuracy %.3f (%d expected, %d found with the right speaker, "
      "%d extracted)\n",
      quotes.recall(), quotes.expected, quotes.correct, quotes.predicted);
  std::printf("  glued:    %d of %d repaired exactly\n", glued_repaired, glued);
  return scores;
}

GraphSnapshot eval_graph() {
  return testing::compile_jsonl(
      testing::read_text_file(std::string(MARQUEE_TEST_DATA) + "/eval/graph.jsonl"));
}

TEST(Evaluation, LinksQuotesAndGluedTextMeetTheFloors) {
  GraphSnapshot graph = eval_graph();
  ASSERT_GE(graph->entity_count(), 80u);
  auto stories = load_stories(std::string(MARQUEE_TEST_DATA) + "/eval/stories.txt");
  ASSERT_GE(stories.size(), 30u);
  Scores s = evaluate(*graph, stories);
  RecordProperty("mention_precision", std::to_string(s.mentions.precision()));
  RecordProperty("mention_recall", std::to_string(s.mentions.recall()));
  RecordProperty("quote_accuracy", std::to_string(s.quotes.recall()));
  EXPECT_GE(s.mentions.precision(), kFloor);
  EXPECT_GE(s.mentions.recall(), kFloor);
  EXPECT_GE(s.links.precision(), kFloor);
  EXPECT_GE(s.links.recall(), kFloor);
  EXPECT_GE(s.quotes.recall(), kFloor);
  EXPECT_GE(s.quotes.expected, 50);
  EXPECT_EQ(s.glued_repaired, s.glued);
  EXPECT_GE(s.glued, 2);
}

// Stories written after tuning and not tuned on: a check that the floors are not an artefact
// of tuning.
TEST(Evaluation, HeldOutStories) {
  GraphSnapshot graph = eval_graph();
  auto stories = load_stories(std::string(MARQUEE_TEST_DATA) + "/eval/holdout.txt");
  ASSERT_GE(stories.size(), 30u);
  Scores s = evaluate(*graph, stories);
  EXPECT_GE(s.mentions.precision(), kHeldOutFloor);
  EXPECT_GE(s.mentions.recall(), kHeldOutFloor);
  EXPECT_GE(s.links.precision(), kHeldOutFloor);
  EXPECT_GE(s.links.recall(), kHeldOutFloor);
  EXPECT_GE(s.quotes.recall(), kHeldOutFloor);
}

TEST(Evaluation, AtLeastAHundredStories) {
  auto dev = load_stories(std::string(MARQUEE_TEST_DATA) + "/eval/stories.txt");
  auto held_out = load_stories(std::string(MARQUEE_TEST_DATA) + "/eval/holdout.txt");
  EXPECT_GE(dev.size() + held_out.size(), 100u);
}

std::vector<Story> all_stories() {
  auto all = load_stories(std::string(MARQUEE_TEST_DATA) + "/eval/stories.txt");
  auto held_out = load_stories(std::string(MARQUEE_TEST_DATA) + "/eval/holdout.txt");
  all.insert(all.end(), held_out.begin(), held_out.end());
  return all;
}

// Discovery on the archive with its graph removed: of the people the stories name in full in
// two or more stories (a labelled mention whose text is the person's full name or an alias),
// how many come back as people, and how many of the people proposed are real ones of the
// graph.
TEST(Evaluation, DiscoveryFindsPeopleNamedInFullWithoutTheGraph) {
  GraphSnapshot graph = eval_graph();
  auto stories = all_stories();
  std::map<std::string, std::set<std::size_t>> named_in;  // person's full name -> stories
  std::set<std::string> person_names;                     // every name and alias of a person
  for (std::size_t k = 0; k < stories.size(); ++k) {
    for (const auto* field : {&stories[k].headline, &stories[k].dek, &stories[k].body}) {
      for (const auto& m : field->mentions) {
        const Entity* e = graph->entity_by_slug(m.slug);
        if (!e || e->kind != EntityKind::person) continue;
        std::string surface = field->clean.substr(static_cast<std::size_t>(m.offset),
                                                  static_cast<std::size_t>(m.length));
        bool full = surface == e->name ||
                    std::find(e->aliases.begin(), e->aliases.end(), surface) != e->aliases.end();
        if (full && surface.find(' ') != std::string::npos) named_in[e->name].insert(k);
      }
    }
  }
  std::set<std::string> want;
  for (const auto& [name, in] : named_in)
    if (in.size() >= 2) want.insert(name);
  for (Id id = 1; const Entity* e = graph->entity(id); ++id) {
    if (e->kind != EntityKind::person) continue;
    person_names.insert(e->name);
    person_names.insert(e->aliases.begin(), e->aliases.end());
  }

  auto start = std::chrono::steady_clock::now();
  EntityDiscovery discovery(KnowledgeGraph::compile({}, {}));
  for (std::size_t k = 0; k < stories.size(); ++k)
    discovery.add_story(static_cast<Id>(k + 1),
                        {stories[k].headline.clean, stories[k].dek.clean, stories[k].body.clean});
  auto proposals = discovery.proposals();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  Tally people;
  people.expected = static_cast<int>(want.size());
  std::map<EntityKind, int> kinds;
  for (const auto& d : proposals) {
    ++kinds[d.entity.kind];
    if (d.entity.kind != EntityKind::person) continue;
    ++people.predicted;
    bool real = person_names.count(d.entity.name) > 0;
    if (want.count(d.entity.name)) ++people.correct;
    if (!real)
      std::printf("[discovery extra]  %s (%zu stories)\n", d.entity.name.c_str(), d.story_count);
  }
  std::set<std::string> proposed_people;
  for (const auto& d : proposals)
    if (d.entity.kind == EntityKind::person) proposed_people.insert(d.entity.name);
  for (const auto& name : want)
    if (!proposed_people.count(name)) std::printf("[discovery missed] %s\n", name.c_str());
  // Precision counts every proposed person who is a person of the graph (named in full in
  // two stories or not); recall, the people named in full in two or more stories.
  int real_people = 0;
  for (const auto& name : proposed_people) real_people += person_names.count(name) ? 1 : 0;
  double precision = people.predicted ? static_cast<double>(real_people) / people.predicted : 1;
  std::printf(
      "discovery: %zu stories in %.3f s; people named in full in 2+ stories: recall %.3f (%d of "
      "%d), precision %.3f (%d of %d proposed people are people of the graph); %zu proposals "
      "in all (%d people, %d films, %d shows, %d bands, %d songs, %d albums)\n",
      stories.size(), seconds, people.recall(), people.correct, people.expected, precision,
      real_people, people.predicted, proposals.size(), kinds[EntityKind::person],
      kinds[EntityKind::film], kinds[EntityKind::show], kinds[EntityKind::band],
      kinds[EntityKind::song], kinds[EntityKind::album]);
  EXPECT_GE(people.expected, 30);
  EXPECT_GE(people.recall(), kDiscoveryFloor);
  EXPECT_GE(precision, kDiscoveryFloor);
}

// The same archive read with its graph: what the graph knows is never proposed again, whole
// or in pieces ("The Neon" of "The Neon of the Nothing", a known person's surname alone).
TEST(Evaluation, DiscoveryWithTheGraphProposesNoPieceOfAKnownName) {
  GraphSnapshot graph = eval_graph();
  auto stories = all_stories();
  EntityDiscovery discovery(graph);
  for (std::size_t k = 0; k < stories.size(); ++k)
    discovery.add_story(static_cast<Id>(k + 1),
                        {stories[k].headline.clean, stories[k].dek.clean, stories[k].body.clean});
  auto words = [](std::string_view name) {  // " a b " for a name "A B", to match whole words
    std::string out = " ";
    for (char c : name) out += c == ' ' ? ' ' : static_cast<char>(std::tolower(c));
    return out + " ";
  };
  std::vector<std::string> known;
  for (Id id = 1; const Entity* e = graph->entity(id); ++id) {
    known.push_back(words(e->name));
    for (const auto& a : e->aliases) known.push_back(words(a));
  }
  auto proposals = discovery.proposals();
  for (const auto& d : proposals) {
    std::printf("[discovery with the graph] %s (%s, %zu stories)\n", d.entity.name.c_str(),
                std::string(to_string(d.entity.kind)).c_str(), d.story_count);
    const std::string piece = words(d.entity.name);
    for (const auto& k : known)
      EXPECT_EQ(k.find(piece), std::string::npos) << d.entity.name << " is in" << k;
  }
  std::printf("discovery with the graph: %zu proposals\n", proposals.size());
}

// Relation suggestions against the labelled relations of every story: a suggestion is right
// when both ends are the labelled entities, the predicate matches and every labelled qualifier
// is given with its value. The graph's own relations are included (include_known) so that
// stories about known relations count too.
TEST(Evaluation, RelationSuggestionPrecision) {
  GraphSnapshot graph = eval_graph();
  auto stories = all_stories();
  SuggestOptions options;
  options.include_known = true;
  Tally tally;
  for (const auto& story : stories) {
    tally.expected += static_cast<int>(story.relations.size());
    auto got = suggest_relations(*graph, {story.headline.clean, story.dek.clean, story.body.clean},
                                 nullptr, options);
    auto slug = [&](const SuggestedEnd& e) {
      return e.entity_id ? testing::slug_of(*graph, *e.entity_id) : e.name;
    };
    std::vector<bool> found(story.relations.size(), false);
    for (const auto& s : got) {
      ++tally.predicted;
      bool right = false;
      for (std::size_t w = 0; w < story.relations.size() && !right; ++w) {
        const auto& want = story.relations[w];
        if (want.predicate != s.predicate || want.subject != slug(s.subject) ||
            want.object != slug(s.object))
          continue;
        right = std::all_of(want.qualifiers.begin(), want.qualifiers.end(), [&](const auto& q) {
          auto it = s.qualifiers.find(q.first);
          return it != s.qualifiers.end() && it->second == q.second;
        });
        if (right) found[w] = true;
      }
      tally.correct += right;
      std::string qualifiers;
      for (const auto& [k, v] : s.qualifiers) qualifiers += " " + k + "=" + v;
      if (!right)
        std::printf("[suggestion extra]  %s: %s %s %s%s\n", story.slug.c_str(),
                    slug(s.subject).c_str(), s.predicate.c_str(), slug(s.object).c_str(),
                    qualifiers.c_str());
    }
    for (std::size_t w = 0; w < story.relations.size(); ++w)
      if (!found[w])
        std::printf("[suggestion missed] %s: %s %s %s\n", story.slug.c_str(),
                    story.relations[w].subject.c_str(), story.relations[w].predicate.c_str(),
                    story.relations[w].object.c_str());
  }
  std::printf(
      "suggestions: precision %.3f (%d of %d right); recall %.3f of %d relations labelled\n",
      tally.precision(), tally.correct, tally.predicted, tally.recall(), tally.expected);
  EXPECT_GE(tally.predicted, 15);
  EXPECT_GE(tally.precision(), kSuggestionFloor);
}

}  // namespace
}  // namespace marquee
