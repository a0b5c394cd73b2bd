// Change notices between the nodes (processes) that share one store: a write on any node is
// announced, and every node's page cache hears of it. PostgreSQL carries notices with
// LISTEN/NOTIFY; SQLite (several processes on one machine) with a small polled table.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace marquee {

// What one notice says, written and read here only: drop everything ("*"), drop the cached
// pages of these tags ("tags:home,article:12"), one story changed ("story:12": its related
// reading and links need a fresh look), or a live story's entries changed up to event number
// seq ("live:12:40": readers' event streams on every node are sent what is new).
struct ChangeNotice {
  enum class Kind { everything, tags, story, live };
  Kind kind = Kind::everything;
  std::vector<std::string> tags;
  Id story_id = 0;
  std::int64_t seq = 0;

  static ChangeNotice everything() { return {}; }
  static ChangeNotice of_tags(std::vector<std::string> tags) {
    return {Kind::tags, std::move(tags), 0, 0};
  }
  static ChangeNotice of_story(Id id) { return {Kind::story, {}, id, 0}; }
  static ChangeNotice of_live(Id id, std::int64_t seq) { return {Kind::live, {}, id, seq}; }

  std::string payload() const;
  // Empty for a payload this build does not know (a newer node's): ignoring it is safe, since
  // every node also drops everything when it may have missed something.
  static std::optional<ChangeNotice> parse(std::string_view payload);
};

class ChangeFeed {
 public:
  // The payload that means "drop everything": delivered after a reconnect, or when this
  // listener fell so far behind that notices may have been missed.
  static constexpr std::string_view kEverything = "*";

  virtual ~ChangeFeed();

  // Tells every node, this one included. Payloads are short texts (a cache tag, "story:12");
  // one longer than the transport carries (about 7 KB) is sent as kEverything. Throws
  // StoreError when the store cannot be reached.
  virtual void announce(std::string_view payload) = 0;

  // Payloads announced by any node since the last call, oldest first; waits up to timeout for
  // the first one and returns empty when none came. Never throws for a lost connection: it
  // reconnects (with backoff, within the timeout) and then yields kEverything. Call it from one
  // thread; announce() may be called from any thread meanwhile.
  virtual std::vector<std::string> wait(std::chrono::milliseconds timeout) = 0;
};

// location as for open_store(): a directory, sqlite:/path/file.db, or a postgresql:// URL.
// Throws StoreError when it cannot be opened.
std::unique_ptr<ChangeFeed> open_change_feed(const std::string& location);

}  // namespace marquee
