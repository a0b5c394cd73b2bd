// The newsroom service: the one write path for stories. Every door (the newsroom pages, the API,
// the importers, the demo loader, the scheduler) asks it, so each change is checked by the same
// story rules (story_rules.h), rendered, sanitised and linked the same way, saved with its
// revision, links, quotes and change notice in one unit of work, and followed by the related
// index and the pages that show it. Enrichment decisions are recorded on their own: they are
// not edits of the story. Knows no HTTP and no pages; refusals come back as newsroom::Refused.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "newsroom/knowledge.h"
#include "newsroom/page_watcher.h"
#include "newsroom/story_rules.h"
#include "store/store.h"

namespace marquee::newsroom {

// How `marquee reindex` goes over the archive (reindex.cpp).
struct ReindexOptions {
  unsigned threads = 2;  // workers reading and linking stories (one per core)
  int batch_size = 500;  // stories read as one page and written as one unit of work
  // Render every body again, even one whose Markdown and links are those it was rendered from
  // (after an upgrade that changes the markup; the renderer's version is in the digest too).
  bool render_all = false;
};

struct ReindexRun {
  std::size_t stories = 0;     // linked again
  std::size_t one_by_one = 0;  // of them, galleries and live stories, each saved on its own
  // Of the others: bodies rendered again (their Markdown or links changed, or not known), and
  // stories whose links or quotes changed. The rest were read and linked but not written.
  std::size_t bodies_rendered = 0;
  std::size_t links_written = 0;
  int suggestions_added = 0;  // relation suggestions new to the review queue
  std::size_t proposals = 0;  // entity proposals the queue holds afterwards
};

struct SaveOptions {
  // The time of the save (imports keep their stories' own times); now when not given.
  std::optional<Time> saved_at;
  // An import brings an archive as it was (see ChangeContext::imported).
  bool imported = false;
};

class Newsroom {
 public:
  // pages may be null (command-line tools with no server running). Neither is owned.
  Newsroom(Store& store, Knowledge& knowledge, PageWatcher* pages);

  // Saves a new story (id 0) or a change to a stored one, whose `version` must be the stored
  // one. Single-line fields lose control characters; a story without a slug takes one from its
  // headline; a story going out without a time goes out now; a person with no byline on a new
  // story gets theirs. Then the story rules, the section and media checks, the save, and
  // everything that depends on the story. Returns the story as stored. Throws Refused (forbidden,
  // invalid, not_found, or conflict on a stale version or a slug in use).
  Article save(const Actor& who, const Article& story, const SaveOptions& options = {});

  // An editor confirms or rejects one entity link of a story. Recorded on its own: the body is
  // rendered again with the decision applied, and the story keeps its version, revisions and
  // times (a decision is not an edit). The decision survives every later enrichment. Returns
  // the story as it is now. Throws Refused (not_found, forbidden).
  Article decide_link(const Actor& who, Id article_id, Id entity_id, LinkState state);

  // Runs enrichment again over one story (after the graph changed under it), keeping its times.
  // Returns false when the story is gone.
  bool relink(Id article_id, Id editor_id = 0);

  // Deletes a story for good (its revisions, links and old slugs with it), in one unit of work
  // with the notice to the other nodes; its pages and related reading drop. Refused (not found,
  // or forbidden by capabilities.h's refuse_delete) writes nothing.
  void remove(const Actor& who, Id article_id);
  // Links every story again after the graph or the linker changed, keeping each one's version,
  // revisions, times and editors' link decisions. Stories are read in keyset pages of
  // batch_size and linked on `threads` workers, and each page is written in one unit of work,
  // so a stop leaves every story either as it was or linked again, never half of one. In the
  // same pass the review queue is found again: each published story's relation suggestions, and
  // the proposals over the whole archive (as `entities discover`). Galleries and live stories
  // (rare) go through relink() one by one. progress(done, total) is called after each page,
  // from one thread at a time; an exception from it stops the pass after that page.
  ReindexRun reindex_archive(
      const ReindexOptions& options = {},
      const std::function<void(std::size_t done, std::size_t total)>& progress = {});

  // Recompiles the knowledge graph after entities or relations changed, and drops every cached
  // page (names and topic pages can appear anywhere).
  void graph_changed();

  // Publishes scheduled stories whose time has come; returns how many.
  int publish_due(Time now);

  // Another node saved this story: bring this node's related-reading index up to date.
  void refresh_related(Id article_id);

  // Live coverage (live.cpp). An entry is posted to a live story whose coverage goes on, by a
  // writer or above (capabilities.h); its Markdown is rendered, sanitised and linked like a
  // story's body, and in the same unit of work the story's links, quotes and review queue are
  // found again over the story's text and every entry's, and the change notice tells every
  // node's readers. The story's version, revisions and times do not move, so an editor's open
  // form saves without a conflict. Each returns the entry as stored; Refused: not_found (story
  // or entry), forbidden, invalid (not a live story, no text, a photo or clip not in the
  // library), conflict (the coverage has ended).
  LiveEntry post_entry(const Actor& who, const LiveEntry& entry);
  // entry.id names the entry; its text, media and flags replace the stored ones (by its author
  // or an editor).
  LiveEntry edit_entry(const Actor& who, const LiveEntry& entry);
  void remove_entry(const Actor& who, Id article_id, Id entry_id);
  // Ends the coverage (an editor): an ordinary save at `version` with the summary as the body's
  // first paragraph and the end time set; the entries stay, frozen, and readers' streams end.
  Article end_live(const Actor& who, Id article_id, int version, const std::string& summary);

 private:
  Article normalised(const Actor& who, const Article& given, const std::optional<Article>& before,
                     Time now) const;
  void check_references(const Article& story, std::vector<Refusal>& out);
  // A gallery's photos and people in the library and the graph; the galleries a body embeds.
  void check_gallery_references(const Article& story, std::vector<Refusal>& out);
  // Empty caption, credit or alt text of a gallery's photo from the media library's.
  void fill_photo_words(Article& story);
  // The people in each photo: editors' decisions kept, the linker's suggestions made again.
  void suggest_people(Article& story, const KnowledgeGraph& graph) const;
  // People confirmed in a photo become links of the gallery (so its topic pages list it).
  void add_photo_people(const Article& story, Enrichment& enrichment) const;
  // What linking a story gives before anything is written: the story with its body rendered
  // and its photos' people suggested, and its links (as suggestions) and quotes. before_links
  // are the story's stored links, whose editors' decisions stay. With when_changed, a body whose
  // inputs have the digest the story was read with (its body_html_key) is kept as it was.
  struct Linked {
    Article draft;
    Enrichment enrichment;
    bool body_rendered = false;  // false: draft.body_html is the story's own, unchanged
  };
  enum class BodyRender { always, when_changed };
  Linked link_story(const Article& story, const std::vector<ArticleEntity>& before_links,
                    const KnowledgeGraph& graph, BodyRender render = BodyRender::always) const;
  Article write_story(const Article& story, Id editor_id, std::optional<Time> saved_at,
                      const std::optional<Article>& before);
  // A body rendered, sanitised and linked, with the digest of what it was rendered from.
  struct RenderedBody {
    std::string html;
    std::string key;  // Article::body_html_key
  };
  RenderedBody render_body(std::string_view markdown, const Enrichment& enrichment,
                           const std::vector<ArticleEntity>& decided,
                           const KnowledgeGraph& graph) const;
  void refresh_related(const Article& story);
  enum class EntryWrite { post, edit, remove };
  LiveEntry write_entry(const Actor& who, const LiveEntry& entry, EntryWrite what);

  Store& store_;
  Knowledge& knowledge_;
  PageWatcher* pages_;
};

}  // namespace marquee::newsroom
