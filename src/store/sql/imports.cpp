// Old addresses of a site moved in, the keys of what an import made, and the readers' comments
// kept from it, written once for both engines.
#include <algorithm>
#include <string>

#include "store/comments.h"
#include "store/errors.h"
#include "store/imports.h"
#include "store/redirects.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

constexpr const char* kAddressColumns = "old_path, article_id, target, origin, created_at";

AddressRedirect read_address(const Statement& q) {
  AddressRedirect r;
  r.old_path = q.text(0);
  r.article_id = q.optional_int64(1).value_or(0);
  r.target = q.text(2);
  r.origin = q.text(3);
  r.created_at = q.time(4);
  return r;
}

// A LIKE pattern that finds `text` anywhere, with LIKE's own characters taken literally.
std::string contains_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return pattern + "%";
}

constexpr const char* kAddressFilter =
    " WHERE lower(old_path) LIKE ? ESCAPE '\\' OR lower(target) LIKE ? ESCAPE '\\'";

ImportKey read_key(const Statement& q) {
  return {q.text(0), q.text(1), q.int64(2), q.int64(3), q.text(4)};
}

constexpr const char* kKeyColumns = "source, kind, external_id, local_id, fingerprint";

}  // namespace

// --- address redirects

std::optional<AddressRedirect> RedirectRepository::address(std::string_view old_path) {
  if (old_path.empty()) return std::nullopt;
  return scope_.run(Access::read, [&](Session& s) -> std::optional<AddressRedirect> {
    auto q = s.query(
        std::string("SELECT ") + kAddressColumns + " FROM address_redirects WHERE old_path = ?",
        old_path);
    if (!q.step()) return std::nullopt;
    return read_address(q);
  });
}

void RedirectRepository::put_address(const AddressRedirect& redirect) {
  if (redirect.old_path.empty() || redirect.old_path.front() != '/') {
    throw ConstraintError("an old address must be a path: '" + redirect.old_path + "'");
  }
  if (redirect.article_id == 0 && redirect.target.empty()) {
    throw ConstraintError("the old address " + redirect.old_path + " leads nowhere");
  }
  scope_.run(Access::write, [&](Session& s) {
    const Time created = redirect.created_at == Time{} ? sql::now_seconds() : redirect.created_at;
    s.run(std::string("INSERT INTO address_redirects (") + kAddressColumns +
              ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (old_path) DO UPDATE SET "
              "article_id = excluded.article_id, target = excluded.target, "
              "origin = excluded.origin",
          redirect.old_path, sql::id_or_null(redirect.article_id), redirect.target, redirect.origin,
          created);
  });
}

std::vector<AddressRedirect> RedirectRepository::addresses(const AddressRedirectQuery& query) {
  if (query.limit <= 0) return {};
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<AddressRedirect> out;
    const std::string order =
        " ORDER BY old_path" + std::string(s.dialect().byte_order) + " LIMIT ? OFFSET ?";
    const std::string select = std::string("SELECT ") + kAddressColumns + " FROM address_redirects";
    if (query.contains.empty()) {
      auto q = s.query(select + order, query.limit, std::max(query.offset, 0));
      while (q.step()) out.push_back(read_address(q));
    } else {
      const std::string pattern = contains_pattern(query.contains);
      auto q = s.query(select + kAddressFilter + order, pattern, pattern, query.limit,
                       std::max(query.offset, 0));
      while (q.step()) out.push_back(read_address(q));
    }
    return out;
  });
}

int RedirectRepository::count_addresses(const AddressRedirectQuery& query) {
  return scope_.run(Access::read, [&](Session& s) {
    if (query.contains.empty()) {
      return static_cast<int>(*s.first_int("SELECT count(*) FROM address_redirects"));
    }
    const std::string pattern = contains_pattern(query.contains);
    return static_cast<int>(*s.first_int(
        std::string("SELECT count(*) FROM address_redirects") + kAddressFilter, pattern, pattern));
  });
}

// --- import keys

std::optional<ImportKey> ImportKeyRepository::find(std::string_view source, std::string_view kind,
                                                   Id external_id) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<ImportKey> {
    auto q = s.query(std::string("SELECT ") + kKeyColumns +
                         " FROM import_keys WHERE source = ? AND kind = ? AND external_id = ?",
                     source, kind, external_id);
    if (!q.step()) return std::nullopt;
    return read_key(q);
  });
}

std::optional<ImportKey> ImportKeyRepository::find_local(std::string_view source,
                                                         std::string_view kind, Id local_id) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<ImportKey> {
    auto q = s.query(std::string("SELECT ") + kKeyColumns +
                         " FROM import_keys WHERE source = ? AND kind = ? AND local_id = ? "
                         "ORDER BY external_id LIMIT 1",
                     source, kind, local_id);
    if (!q.step()) return std::nullopt;
    return read_key(q);
  });
}

void ImportKeyRepository::put(const ImportKey& key) {
  if (key.source.empty() || key.kind.empty()) {
    throw ConstraintError("an import key needs a source and a kind");
  }
  scope_.run(Access::write, [&](Session& s) {
    s.run(std::string("INSERT INTO import_keys (") + kKeyColumns +
              ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, kind, external_id) DO UPDATE SET "
              "local_id = excluded.local_id, fingerprint = excluded.fingerprint",
          key.source, key.kind, key.external_id, key.local_id, key.fingerprint);
  });
}

int ImportKeyRepository::count(std::string_view source, std::string_view kind) {
  return scope_.run(Access::read, [&](Session& s) {
    return static_cast<int>(*s.first_int(
        "SELECT count(*) FROM import_keys WHERE source = ? AND kind = ?", source, kind));
  });
}

// --- comments kept from the archive

void CommentRepository::replace(Id article_id, const std::vector<ArchiveComment>& comments) {
  scope_.run(Access::write, [&](Session& s) {
    s.run("DELETE FROM archive_comments WHERE article_id = ?", article_id);
    int position = 0;
    for (const auto& c : comments) {
      s.run(
          "INSERT INTO archive_comments (article_id, position, external_id, parent_external, "
          "author, posted_at, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
          article_id, position++, static_cast<std::int64_t>(c.external_id),
          static_cast<std::int64_t>(c.parent_external), c.author, c.posted_at, c.text);
    }
  });
}

std::vector<ArchiveComment> CommentRepository::of_story(Id article_id) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<ArchiveComment> out;
    auto q = s.query(
        "SELECT external_id, parent_external, author, posted_at, text FROM archive_comments "
        "WHERE article_id = ? ORDER BY position",
        article_id);
    while (q.step()) out.push_back({q.int64(0), q.int64(1), q.text(2), q.time(3), q.text(4)});
    return out;
  });
}

}  // namespace marquee
