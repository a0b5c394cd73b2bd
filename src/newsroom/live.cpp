// Live coverage through the newsroom service: entries posted, edited and deleted, and the end
// of the coverage (see newsroom.h). An entry is written in one unit of work with the story's
// links and quotes found again over its whole text, and the notices for the other nodes.
#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "newsroom/capabilities.h"
#include "newsroom/live_reading.h"
#include "newsroom/newsroom.h"
#include "review/review.h"
#include "store/changes.h"
#include "text/text.h"

namespace marquee::newsroom {
namespace {

// An entry is a short dispatch; this bounds what one post can make every reader download.
constexpr std::size_t kMaxEntryBytes = 20000;

Refusal not_found(const std::string& what) {
  return {Refusal::Kind::not_found, "not_found", "", what};
}

User as_user(const Actor& who) {
  User user;
  user.id = who.user_id;
  user.role = who.role;
  return user;
}

// The entities whose place in the story's links (present, salience, state) or whose quotes
// differ between two readings: the topic pages that show the story or its quotes.
std::vector<Id> changed_entities(const std::vector<ArticleEntity>& before_links,
                                 const std::vector<ArticleEntity>& after_links,
                                 const std::vector<Quote>& before_quotes,
                                 const std::vector<Quote>& after_quotes) {
  std::map<Id, std::tuple<double, LinkState>> before, after;
  for (const auto& l : before_links) before[l.entity_id] = {l.salience, l.state};
  for (const auto& l : after_links) after[l.entity_id] = {l.salience, l.state};
  std::set<Id> out;
  for (const auto& [id, value] : before) {
    auto it = after.find(id);
    if (it == after.end() || it->second != value) out.insert(id);
  }
  for (const auto& [id, value] : after) {
    if (!before.contains(id)) out.insert(id);
  }
  std::multiset<std::pair<Id, std::string>> said_before, said_after;
  for (const auto& q : before_quotes) {
    if (q.speaker_id) said_before.insert({*q.speaker_id, q.text});
  }
  for (const auto& q : after_quotes) {
    if (q.speaker_id) said_after.insert({*q.speaker_id, q.text});
  }
  std::vector<std::pair<Id, std::string>> differ;
  std::set_symmetric_difference(said_before.begin(), said_before.end(), said_after.begin(),
                                said_after.end(), std::back_inserter(differ));
  for (const auto& [speaker, text] : differ) out.insert(speaker);
  return {out.begin(), out.end()};
}

}  // namespace

LiveReading read_live_story(Repositories& unit, const KnowledgeGraph& graph, const Article& story) {
  LiveReading out{story, {}};
  auto entries = unit.live().of_story(story.id);
  std::reverse(entries.begin(), entries.end());  // oldest first, as they were told
  for (const auto& entry : entries) {
    out.text.body += "\n\n";
    out.text.body += entry.body;
  }
  out.enrichment = enrich_story(graph, {story.headline, story.dek, out.text.body});
  for (auto& link : out.enrichment.links) {
    link.article_id = story.id;
    link.source = LinkSource::automatic;
    link.state = LinkState::suggested;
  }
  for (auto& quote : out.enrichment.quotes) {
    quote.article_id = story.id;
    quote.text = tidy_quote(quote.text);
  }
  return out;
}

LiveEntry Newsroom::post_entry(const Actor& who, const LiveEntry& entry) {
  return write_entry(who, entry, EntryWrite::post);
}

LiveEntry Newsroom::edit_entry(const Actor& who, const LiveEntry& entry) {
  return write_entry(who, entry, EntryWrite::edit);
}

void Newsroom::remove_entry(const Actor& who, Id article_id, Id entry_id) {
  LiveEntry entry;
  entry.id = entry_id;
  entry.article_id = article_id;
  write_entry(who, entry, EntryWrite::remove);
}

LiveEntry Newsroom::write_entry(const Actor& who, const LiveEntry& given, EntryWrite what) {
  auto story = store_.articles().find(given.article_id);
  if (!story)
    throw Refused(not_found("No story with id " + std::to_string(given.article_id) + "."));
  const User user = as_user(who);
  std::optional<LiveEntry> before;
  if (what != EntryWrite::post) {
    before = store_.live().find(given.id);
    if (!before || before->article_id != story->id || before->deleted)
      throw Refused(not_found("No entry " + std::to_string(given.id) + " in this story."));
  }
  if (!who.is_system()) {
    auto why =
        what == EntryWrite::post ? refuse_entry_post(user) : refuse_entry_change(user, *before);
    if (why) throw Refused(Refusal{Refusal::Kind::forbidden, "entry", "", *why});
  }
  if (story->kind != ArticleKind::live) {
    throw Refused(Refusal{Refusal::Kind::invalid, "not_live", "kind",
                          "Entries belong to live stories; this story is not one."});
  }
  if (story->live_ended_at) {
    throw Refused(Refusal{Refusal::Kind::conflict, "coverage_ended", "",
                          "The live coverage has ended; its entries are frozen."});
  }

  LiveEntry entry = given;
  entry.article_id = story->id;
  if (what == EntryWrite::post) entry.author_id = who.user_id;
  auto graph = knowledge_.graph();
  if (what != EntryWrite::remove) {
    std::vector<Refusal> refusals;
    if (text::single_line(entry.body).empty() && !entry.media_id) {
      refusals.push_back({Refusal::Kind::invalid, "entry_text", "body",
                          "Write the entry, or choose a photo or clip for it."});
    }
    if (entry.body.size() > kMaxEntryBytes) {
      refusals.push_back({Refusal::Kind::invalid, "entry_text", "body",
                          "An entry is at most 20,000 bytes; start another one."});
    }
    if (!text::is_valid_utf8(entry.body)) {
      refusals.push_back(
          {Refusal::Kind::invalid, "entry_text", "body", "The entry's text is not valid UTF-8."});
    }
    if (entry.media_id && !store_.media().find(*entry.media_id)) {
      refusals.push_back({Refusal::Kind::invalid, "entry_media", "media_id",
                          "Choose a photo or clip from the library."});
    }
    if (!refusals.empty()) throw Refused(std::move(refusals));
    // Rendered, sanitised and linked as a story's body is, honouring the story's decisions.
    std::vector<ArticleEntity> decided;
    for (const auto& link : store_.links().of_story(story->id)) {
      if (link.source == LinkSource::editor || link.state != LinkState::suggested)
        decided.push_back(link);
    }
    Enrichment own = enrich_story(*graph, {"", "", entry.body});
    entry.body_html = render_body(entry.body, own, decided, *graph).html;
  }

  std::vector<Id> touched;
  std::optional<LiveEntry> stored = store_.write([&](UnitOfWork& unit) -> std::optional<LiveEntry> {
    std::optional<LiveEntry> written;
    switch (what) {
      case EntryWrite::post:
        written = unit.live().add(entry);
        break;
      case EntryWrite::edit:
        written = unit.live().update(entry);
        break;
      case EntryWrite::remove:
        if (unit.live().remove(entry.article_id, entry.id)) {
          written = unit.live().find(entry.id);
        }
        break;
    }
    if (!written) return std::nullopt;  // deleted or gone meanwhile
    // Read again under the row lock the entry's write took: an editor's save in between, or the
    // end of the coverage, is seen here.
    auto current = unit.articles().find(entry.article_id);
    if (!current || current->live_ended_at) return std::nullopt;
    auto before_links = unit.links().of_story(current->id);
    auto before_quotes = unit.links().quotes_of_story(current->id);
    LiveReading reading = read_live_story(unit, *graph, *current);
    unit.links().replace(current->id, reading.enrichment.links, reading.enrichment.quotes);
    review::refresh_story(unit, graph, reading.text, &reading.enrichment);
    touched = changed_entities(before_links, unit.links().of_story(current->id), before_quotes,
                               unit.links().quotes_of_story(current->id));
    // The other nodes refresh the story's related reading, and send the change to their readers.
    unit.notify(ChangeNotice::of_story(current->id).payload());
    unit.notify(ChangeNotice::of_live(current->id, written->seq).payload());
    return written;
  });
  if (!stored) {
    auto now = store_.articles().find(given.article_id);
    if (now && now->live_ended_at) {
      throw Refused(Refusal{Refusal::Kind::conflict, "coverage_ended", "",
                            "The live coverage has ended; its entries are frozen."});
    }
    throw Refused(not_found("No entry " + std::to_string(given.id) + " in this story."));
  }
  refresh_related(*story);
  if (pages_) pages_->live_entries_changed(*story, touched);
  return *stored;
}

Article Newsroom::end_live(const Actor& who, Id article_id, int version,
                           const std::string& summary) {
  auto story = store_.articles().find(article_id);
  if (!story) throw Refused(not_found("No story with id " + std::to_string(article_id) + "."));
  if (!who.is_system()) {
    if (auto why = refuse_end_live(as_user(who)))
      throw Refused(Refusal{Refusal::Kind::forbidden, "end_live", "", *why});
  }
  if (story->kind != ArticleKind::live) {
    throw Refused(Refusal{Refusal::Kind::invalid, "not_live", "kind",
                          "Only live coverage can end; this story is not live."});
  }
  if (story->live_ended_at) {
    throw Refused(Refusal{Refusal::Kind::conflict, "coverage_ended", "",
                          "The live coverage has already ended."});
  }
  const std::string paragraph = text::single_line(summary);
  if (paragraph.empty()) {
    throw Refused(Refusal{Refusal::Kind::invalid, "summary", "summary",
                          "Write the summary readers will find at the top."});
  }
  Article ended = *story;
  ended.version = version;
  ended.live_ended_at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  ended.body = ended.body.empty() ? paragraph : paragraph + "\n\n" + ended.body;
  Article saved = save(who, ended);
  // Every node's readers hear that the coverage is over (their streams end).
  store_.write([&](UnitOfWork& unit) {
    unit.notify(
        ChangeNotice::of_live(saved.id, std::max<std::int64_t>(1, unit.live().last_seq(saved.id)))
            .payload());
  });
  return saved;
}

}  // namespace marquee::newsroom
