// The marquee command line: serve, migrate, bench-data. Bad usage and bad input end with a
// one-line message on stderr and exit status 2; success is 0; a crash-worthy failure is 1.
#include "cli/commands.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "admin/admin.h"
#include "admin/crop_renderer.h"
#include "admin/media_library.h"
#include "admin/media_pages.h"
#include "api/api.h"
#include "cli/bench_data.h"
#include "cli/content_commands.h"
#include "cli/demo_loader.h"
#include "cli/graph_commands.h"
#include "media/media.h"
#include "newsroom/knowledge.h"
#include "newsroom/newsroom.h"
#include "site/config.h"
#include "site/live.h"
#include "site/site.h"
#include "store/copy.h"
#include "store/store.h"
#include "web/server.h"

namespace marquee::cli {
namespace {

namespace fs = std::filesystem;

// A failure the user can fix: printed as one line, exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommonFlags {
  std::string config_file;
  std::string data_dir;
  std::string database;
};

void add_common(CLI::App& command, CommonFlags& flags) {
  command.add_option("--config", flags.config_file, "Settings file (TOML); default ./marquee.toml");
  command.add_option("--data", flags.data_dir,
                     "Data folder (SQLite file, media); default ./marquee-data");
  command.add_option("--database", flags.database, "Store location, e.g. sqlite:/path/site.db");
}

site::SiteConfig configure(const CommonFlags& flags, const char* argv0) {
  try {
    auto config = site::load_config(flags.config_file);
    if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
    if (!flags.database.empty()) config.database = flags.database;
    return config;
  } catch (const site::ConfigError& e) {
    throw UsageError(e.what());
  }
  (void)argv0;
}

// Makes sure the data folder exists and is writable before anything is stored there.
void prepare_data_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw UsageError("cannot create data folder " + dir.string() + ": " + ec.message());
  if (!fs::is_directory(dir, ec)) throw UsageError("data folder is not a folder: " + dir.string());
  fs::path probe = dir / ".write-test";
  {
    std::FILE* f = std::fopen(probe.c_str(), "w");
    if (!f) throw UsageError("data folder is not writable: " + dir.string());
    std::fclose(f);
  }
  fs::remove(probe, ec);
  fs::create_directories(dir / "media", ec);
}

std::string store_location(const site::SiteConfig& config) {
  return config.database.empty() ? config.data_dir.string() : config.database;
}

std::unique_ptr<Store> open_configured_store(const site::SiteConfig& config) {
  if (config.database.empty()) prepare_data_dir(config.data_dir);
  try {
    return open_store(store_location(config));
  } catch (const StoreError& e) {
    throw UsageError(e.what());
  }
}

std::unique_ptr<ChangeFeed> open_configured_feed(const site::SiteConfig& config) {
  try {
    return open_change_feed(store_location(config));
  } catch (const StoreError& e) {
    throw UsageError(e.what());
  }
}

void setup_logging(const std::string& level, bool access_log) {
  auto app = spdlog::stderr_logger_mt("marquee");
  app->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(app);
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    throw UsageError("unknown log level " + level);
  spdlog::set_level(parsed);
  auto access = spdlog::stdout_logger_mt("access");
  access->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
  access->set_level(access_log ? spdlog::level::info : spdlog::level::off);
}

// Hands every payload of a change feed to `apply`, on its own thread, until destroyed.
class FeedListener {
 public:
  FeedListener(ChangeFeed& feed, std::function<void(const std::string&)> apply)
      : thread_([this, &feed, apply = std::move(apply)] {
          while (!stopping_.load()) {
            try {
              for (const auto& payload : feed.wait(std::chrono::milliseconds(500))) apply(payload);
            } catch (const std::exception& e) {
              spdlog::error("applying a change from another node failed: {}", e.what());
            }
          }
        }) {}
  ~FeedListener() {
    stopping_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Runs `tick` every second on its own thread until destroyed: scheduled publishing and noticing
// writes made by other processes happen whether or not requests arrive.
class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : thread_([this, tick = std::move(tick)] {
          std::unique_lock lock(mutex_);
          while (!stopping_) {
            lock.unlock();
            try {
              tick();
            } catch (const std::exception& e) {
              spdlog::error("background work failed: {}", e.what());
            }
            lock.lock();
            wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
          }
        }) {}
  ~Ticker() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// What another node (or a content command) announced: everything reloads the knowledge graph and
// drops every page; tags drop those pages; a story refreshes that story's related reading.
void apply_change(const std::string& payload, newsroom::Knowledge& knowledge, site::Site& site,
                  newsroom::Newsroom& newsroom, site::LiveStreams& live) {
  auto notice = ChangeNotice::parse(payload);
  if (!notice) return;
  switch (notice->kind) {
    case ChangeNotice::Kind::everything:
      knowledge.reload_all();
      site.apply_remote_everything();
      live.on_everything();
      break;
    case ChangeNotice::Kind::live:
      live.on_notice(notice->story_id, notice->seq);
      break;
    case ChangeNotice::Kind::tags:
      site.apply_remote_tags(notice->tags);
      break;
    case ChangeNotice::Kind::story:
      newsroom.refresh_related(notice->story_id);
      live.on_story(notice->story_id);
      break;
  }
}

int serve(const CommonFlags& flags, const std::string& listen, int threads, bool demo,
          const char* argv0) {
  auto config = configure(flags, argv0);
  if (!listen.empty()) config.listen = listen;
  if (threads > 0) config.threads = threads;
  try {
    site::resolve_config(config, argv0);
  } catch (const site::ConfigError& e) {
    throw UsageError(e.what());
  }
  setup_logging(config.log_level, config.access_log);
  auto store = open_configured_store(config);
  // The graph now, the related index while serving: at a million stories it takes seconds.
  newsroom::Knowledge knowledge(*store, newsroom::Knowledge::Related::empty);
  site::Site site(config, *store, knowledge);
  // Pages rendered before it was ready show no related reading; they are dropped when it is.
  auto related_build = knowledge.build_related_in_background([&site] { site.drop_cached_pages(); });
  auto feed = open_configured_feed(config);
  site.set_change_feed(feed.get());
  newsroom::Newsroom newsroom(*store, knowledge, &site);
  std::unique_ptr<media::MediaStore> media_files;
  try {
    // A clip arrives in one request body: keep the limit under the server's, with room for the
    // form's other fields.
    media::MediaOptions media_options;
    media_options.max_video_bytes = web::ServerOptions{}.upload_body_limit - (1u << 20);
    media_files = std::make_unique<media::MediaStore>(config.data_dir / "media", media_options);
  } catch (const std::exception& e) {
    throw UsageError(std::string("cannot open the media folder: ") + e.what());
  }
  if (int swept = media_files->sweep_temporaries()) {
    spdlog::info("removed {} unfinished uploads", swept);
  }
  site.set_media_store(media_files.get());
  admin::MediaLibrary media_library(*store, *media_files);
  // Crops are made off the request path; each drops the pages that show its photo (here and,
  // through the change feed, on the other nodes).
  admin::CropRenderer crops(*store, *media_files,
                            [&site](Id id) { site.invalidate({"media:" + std::to_string(id)}); });
  media_library.set_crop_renderer(&crops);

  if (demo) {
    ArticleQuery any;
    any.status.reset();
    any.kinds = KindSet::all;
    any.limit = 1;
    if (store->articles().list(any).empty()) {
      auto counts = load_demo(config.resources_dir / "demo", *store, newsroom, &media_library);
      spdlog::info(
          "loaded demo content: {} stories, {} authors, {} entities, {} relations, {} media",
          counts.stories, counts.authors, counts.entities, counts.relations, counts.media);
    }
  }

  // Started after the demo is loaded, so that its uploads have the cores to themselves; the
  // first thing it does is find the photos without crops.
  crops.start();

  std::optional<admin::NewAccount> demo_admin;
  if (demo && store->users().all().size() > 0 &&
      !store->users().find_by_email("admin@example.com")) {
    bool any_login = false;
    for (const auto& user : store->users().all())
      any_login = any_login || !user.password_hash.empty();
    if (!any_login) {
      demo_admin = admin::create_account(*store, "admin@example.com", Role::admin, "Demo Admin");
    }
  }
  admin::Admin newsroom_pages(
      admin::AdminOptions::from_environment(config.theme_dir, config.base_url), *store, knowledge,
      site, newsroom);
  admin::MediaPages media_pages(newsroom_pages, media_library, site);
  media_pages.mount();

  auto [host, port] = site::parse_listen(config.listen);
  web::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = config.threads;
  options.access_log = config.access_log;
  // Large request bodies (uploads) spool beside the media rather than in a /tmp that may be
  // memory; the files have no names and vanish with their requests.
  options.spool_dir = config.data_dir / "spool";
  std::error_code spool_error;
  std::filesystem::create_directories(options.spool_dir, spool_error);
  if (spool_error) options.spool_dir.clear();
  api::Api api(*store, site, newsroom, knowledge);
  // Readers' event streams of live stories, fed by the change feed (every node's entries).
  web::EventHub events;
  site::LiveStreams live(site, *store, events);
  api.set_live_streams(&live);
  api.set_media_store(media_files.get());
  std::unique_ptr<web::Server> server;
  try {
    const auto under = [](const web::Request& request, std::string_view prefix) {
      return request.path == prefix ||
             (request.path.starts_with(prefix) && request.path[prefix.size()] == '/');
    };
    web::Handlers handlers;
    handlers.fast = [&site, &live,
                     under](const web::Request& request) -> std::optional<web::Response> {
      // A reader's event stream opens on the io thread when there is nothing to catch up on.
      if (under(request, "/api")) return live.handle_fast(request);
      if (under(request, "/admin")) return std::nullopt;
      return site.handle_fast(request);
    };
    handlers.admit = [&api, &newsroom_pages,
                      under](const web::Request& request) -> std::optional<web::Response> {
      if (under(request, "/api")) return api.admit(request);
      if (under(request, "/admin")) return newsroom_pages.admit(request);
      return std::nullopt;
    };
    handlers.handle = [&site, &api, &newsroom_pages, under](const web::Request& request) {
      if (under(request, "/api")) return api.handle(request);
      if (under(request, "/admin")) return newsroom_pages.handle(request);
      return site.handle(request);
    };
    handlers.events = &events;
    server = std::make_unique<web::Server>(options, std::move(handlers));
  } catch (const std::exception& e) {
    throw UsageError(e.what());
  }
  Ticker ticker([&] {
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (int n = newsroom.publish_due(now)) spdlog::info("published {} scheduled stories", n);
  });
  // Writes by other nodes and by the content commands arrive here; this node's own come back
  // too and cost only a second invalidation.
  FeedListener listener(*feed, [&](const std::string& payload) {
    apply_change(payload, knowledge, site, newsroom, live);
  });
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (config.base_url_from_listen) {
    site.set_base_url(site::listen_url(host, server->port()));
    spdlog::warn(
        "base_url is not set: canonical links, feeds and sitemaps name {}; set base_url in the "
        "configuration (or MARQUEE_BASE_URL) to the address readers use",
        site.config().base_url);
  }
  if (demo_admin) {
    std::cout << "Demo newsroom login (shown once): " << demo_admin->user.email << " "
              << demo_admin->password << std::endl;
  }
  std::cout << "Marquee is serving http://" << shown_host << ":" << server->port() << "/"
            << std::endl;
  server->run();
  spdlog::info("stopped");
  return 0;
}

// Makes the crops of the photos stored before crops existed (or of every photo, with `all`),
// one at a time on this thread; a running server would make them in the background too.
int make_crops(const CommonFlags& flags, const char* argv0, bool all) {
  auto config = configure(flags, argv0);
  auto store = open_configured_store(config);
  auto feed = open_configured_feed(config);
  media::MediaStore files(config.data_dir / "media");
  admin::CropRenderer renderer(*store, files);
  int made = 0, failed = 0, current = 0;
  Id after = 0;
  while (true) {
    const auto page = store->media().photos_after(after, 100);
    for (const auto& photo : page) {
      if (!all && admin::crops_current(photo, files.options())) {
        ++current;
        continue;
      }
      (renderer.render(photo.id) ? made : failed) += 1;
    }
    if (page.size() < 100) break;
    after = page.back().id;
  }
  if (made > 0) announce_external_write(feed.get());
  std::cout << "crops made for " << made << " photos (" << current << " already had them, "
            << failed << " failed)\n";
  return failed > 0 ? 1 : 0;
}

// Moves a whole site from one store to another and checks every table on both sides.
int copy_site(const std::string& from, const std::string& to) {
  CopyReport report;
  try {
    report = copy_store(from, to);
  } catch (const StoreError& e) {
    throw UsageError(e.what());
  }
  std::cout << std::left << std::setw(22) << "table" << std::setw(12) << "rows"
            << "checksum\n";
  for (const auto& t : report.tables) {
    std::cout << std::setw(22) << t.table << std::setw(12) << t.target_rows
              << (t.matches() ? t.target_sha256.substr(0, 16) : std::string("MISMATCH")) << "\n";
  }
  if (!report.verified()) {
    std::cerr << "marquee: the copy does not match its source" << std::endl;
    return 1;
  }
  std::cout << "copied and verified " << report.tables.size() << " tables\n";
  return 0;
}

int migrate(const CommonFlags& flags, const char* argv0) {
  auto config = configure(flags, argv0);
  auto store = open_configured_store(config);
  std::cout << "schema version " << store->schema_version() << " (latest "
            << store->latest_schema_version() << ")" << std::endl;
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"Marquee: an entertainment-news publishing engine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "marquee 0.1.0");

  CommonFlags flags;
  std::string listen;
  int threads = 0;
  bool demo = false;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the site over HTTP");
  add_common(*serve_cmd, flags);
  serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on; default 127.0.0.1:8080");
  serve_cmd->add_option("--threads", threads, "Server threads; default one per core")
      ->check(CLI::Range(1, 256));
  serve_cmd->add_flag("--demo", demo, "Load the demo stories into an empty store");

  std::string copy_from, copy_to;
  auto* migrate_cmd = app.add_subcommand("migrate",
                                         "Create or upgrade the store's schema, or move a site: "
                                         "--from sqlite:PATH --to postgresql://...");
  add_common(*migrate_cmd, flags);
  migrate_cmd->add_option("--from", copy_from,
                          "Store to copy from (a folder, sqlite:PATH or postgresql://...)");
  migrate_cmd->add_option("--to", copy_to, "PostgreSQL store to copy into");

  BenchDataOptions bench;
  auto* bench_cmd =
      app.add_subcommand("bench-data", "Fill a store with synthetic stories for benchmarks");
  add_common(*bench_cmd, flags);
  bench_cmd->add_option("--stories", bench.stories, "How many stories")
      ->check(CLI::Range(1, 10000000));
  bench_cmd->add_option("--seed", bench.seed, "Random seed");
  bench_cmd
      ->add_option("--corpus", bench.corpus,
                   "realistic (default: a knowledge graph, linked stories) or simple")
      ->check(CLI::IsMember({"realistic", "simple"}));

  ImportOptions import_options;
  auto* import_cmd = app.add_subcommand(
      "import",
      "Import stories: Markdown with front matter, saved HTML pages, text copied from a page, or "
      "a WordPress export (WXR)");
  add_common(*import_cmd, flags);
  import_cmd->add_option("files", import_options.files, "Story files")->required();
  import_cmd->add_option("--section", import_options.section, "Section for files that name none");
  import_cmd->add_option("--author", import_options.author, "Author slug for files that name none");
  import_cmd->add_flag("--dry-run", import_options.dry_run, "Check the files, write nothing");
  import_cmd->add_option("--media", import_options.uploads,
                         "A WordPress export's wp-content/uploads folder, for its photos");

  auto* entities_cmd = app.add_subcommand("entities", "Import or export the knowledge graph");
  entities_cmd->require_subcommand(1);
  std::string graph_file;
  bool no_reindex = false;
  auto* entities_import = entities_cmd->add_subcommand("import", "Import a JSON Lines graph file");
  add_common(*entities_import, flags);
  entities_import->add_option("file", graph_file, "Graph file (.jsonl)")->required();
  entities_import->add_flag("--no-reindex", no_reindex, "Do not re-link stories afterwards");
  std::string export_file;
  auto* entities_export = entities_cmd->add_subcommand("export", "Write the graph as JSON Lines");
  add_common(*entities_export, flags);
  entities_export->add_option("--output,-o", export_file, "File to write; default standard output");

  DiscoverOptions discover;
  auto* entities_discover = entities_cmd->add_subcommand(
      "discover",
      "Propose the people, works and bands the archive names that the graph lacks: JSON Lines "
      "out, and the newsroom's review queue");
  add_common(*entities_discover, flags);
  entities_discover
      ->add_option("--min-stories", discover.min_stories,
                   "Stories a name must appear in; default 2")
      ->check(CLI::Range(1, 1000000));
  entities_discover
      ->add_option("--min-confidence", discover.min_confidence,
                   "Least confidence, 0 to 1; default 0.5")
      ->check(CLI::Range(0.0, 1.0));
  entities_discover->add_option("--out,-o", discover.out, "File to write; default standard output");
  entities_discover->add_option("--threads", discover.threads, "Workers; default 2")
      ->check(CLI::Range(1, 64));

  auto* relations_cmd =
      app.add_subcommand("relations", "Relations the stories state, for editors to confirm");
  relations_cmd->require_subcommand(1);
  unsigned suggest_threads = 2;
  auto* relations_suggest = relations_cmd->add_subcommand(
      "suggest", "Find the relations every published story states; record them as pending");
  add_common(*relations_suggest, flags);
  relations_suggest->add_option("--threads", suggest_threads, "Workers; default 2")
      ->check(CLI::Range(1, 64));
  int pending_limit = 100;
  auto* relations_pending =
      relations_cmd->add_subcommand("pending", "List the suggestions waiting for an editor");
  add_common(*relations_pending, flags);
  relations_pending->add_option("--limit", pending_limit, "How many; default 100")
      ->check(CLI::Range(1, 100000));

  bool crops_all = false;
  auto* media_cmd = app.add_subcommand("media", "The photo library's files");
  media_cmd->require_subcommand(1);
  auto* media_crops = media_cmd->add_subcommand(
      "crops", "Make the crop renditions (16:9, 4:3, 1:1, 4:5) of photos that lack them");
  add_common(*media_crops, flags);
  media_crops->add_flag("--all", crops_all, "Make them again for every photo");

  std::string links_story;
  std::vector<std::string> confirm, reject;
  auto* links_cmd = app.add_subcommand(
      "links", "Show a story's entity links and quotes; confirm or reject links");
  add_common(*links_cmd, flags);
  links_cmd->add_option("story", links_story, "Story slug")->required();
  links_cmd->add_option("--confirm", confirm, "Entity slug to confirm");
  links_cmd->add_option("--reject", reject, "Entity slug to reject");

  std::string section_slug, section_name;
  auto* sections_cmd = app.add_subcommand("sections", "List the sections, or add one");
  add_common(*sections_cmd, flags);
  auto* section_add = sections_cmd->add_subcommand("add", "Add a section (or rename one)");
  add_common(*section_add, flags);
  section_add->add_option("slug", section_slug, "URL name, e.g. movies")->required();
  section_add->add_option("name", section_name, "Shown name, e.g. Movies")->required();
  std::vector<std::string> nav_slugs;
  auto* section_nav = sections_cmd->add_subcommand(
      "nav", "Choose the sections shown in the site's navigation, in order");
  add_common(*section_nav, flags);
  section_nav->add_option("slugs", nav_slugs, "Section slugs, e.g. movies tv music")->required();

  std::string archive_choice;
  auto* comments_cmd = app.add_subcommand(
      "comments", "Readers' comments kept from a site moved in: shown under stories or hidden");
  add_common(*comments_cmd, flags);
  comments_cmd->add_option("archive", archive_choice, "shown or hidden")
      ->required()
      ->check(CLI::IsMember({"shown", "hidden"}));

  std::string author_slug, author_name, author_bio;
  auto* authors_cmd = app.add_subcommand("authors", "List the bylines, or add one");
  add_common(*authors_cmd, flags);
  auto* author_add = authors_cmd->add_subcommand("add", "Add a byline (or update one)");
  add_common(*author_add, flags);
  author_add->add_option("slug", author_slug, "URL name, e.g. maya-okafor")->required();
  author_add->add_option("name", author_name, "Shown name, e.g. Maya Okafor")->required();
  author_add->add_option("--bio", author_bio, "One or two sentences for the author page");

  std::string user_email, user_role = "writer", user_name;
  auto* user_cmd = app.add_subcommand("user", "Newsroom accounts");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Add an account; prints its one-time password");
  add_common(*user_add, flags);
  user_add->add_option("email", user_email, "The account's email")->required();
  user_add->add_option("--role", user_role, "contributor, writer, editor or admin; default writer");
  user_add->add_option("--name", user_name, "Shown name; default the email's local part");

  newsroom::ReindexOptions reindex_options;
  auto* reindex_cmd = app.add_subcommand("reindex", "Run enrichment again over every story");
  add_common(*reindex_cmd, flags);
  reindex_cmd
      ->add_option("--threads", reindex_options.threads, "Workers linking stories; default 2")
      ->check(CLI::Range(1u, 64u));
  reindex_cmd->add_flag("--render-all", reindex_options.render_all,
                        "Render every body again, even those whose text and links are unchanged");

  std::string token_user, token_name, token_role;
  auto* token_cmd = app.add_subcommand("token", "API tokens for the newsroom's other tools");
  token_cmd->require_subcommand(1);
  auto* token_create = token_cmd->add_subcommand("create", "Create a token; it is shown once");
  add_common(*token_create, flags);
  token_create->add_option("--user", token_user, "The user's email (or author slug)")->required();
  token_create->add_option("--name", token_name, "What the token is for")->required();
  token_create->add_option("--role", token_role,
                           "contributor, writer, editor or admin; default the user's");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }

  try {
    if (*serve_cmd) return serve(flags, listen, threads, demo, argv[0]);
    if (*migrate_cmd && (!copy_from.empty() || !copy_to.empty())) {
      if (copy_from.empty() || copy_to.empty())
        throw UsageError("migrate needs both --from and --to");
      return copy_site(copy_from, copy_to);
    }
    if (*migrate_cmd) return migrate(flags, argv[0]);
    if (*media_crops) return make_crops(flags, argv[0], crops_all);
    if (*import_cmd || *entities_import || *entities_export || *entities_discover ||
        *relations_cmd || *links_cmd || *reindex_cmd || *sections_cmd || *authors_cmd ||
        *comments_cmd) {
      spdlog::set_level(spdlog::level::warn);
      auto config = configure(flags, argv[0]);
      auto store = open_configured_store(config);
      auto feed = open_configured_feed(config);
      ChangeFeed* f = feed.get();
      if (*section_add) return add_section(*store, f, section_slug, section_name);
      if (*section_nav) return choose_navigation(*store, f, nav_slugs);
      if (*comments_cmd) {
        store->settings().set("comments.archive", archive_choice);
        announce_external_write(f);
        std::cout << "comments from the archive: " << archive_choice << "\n";
        return 0;
      }
      if (*sections_cmd) return list_sections(*store, f);
      if (*author_add) return add_author(*store, f, author_slug, author_name, author_bio);
      if (*authors_cmd) return list_authors(*store, f);
      if (*import_cmd) {
        import_options.media_folder = (config.data_dir / "media").string();
        return import_stories(*store, f, import_options, config.timezone);
      }
      if (*entities_import) {
        return import_entities(*store, f, graph_file, !no_reindex, config.data_dir / "media");
      }
      if (*entities_export) return export_entities(*store, f, export_file);
      if (*entities_discover) return discover_entities(*store, f, discover);
      if (*relations_suggest) return suggest_relations_over_archive(*store, f, suggest_threads);
      if (*relations_pending) return list_pending_relations(*store, pending_limit);
      if (*links_cmd) return show_or_decide_links(*store, f, links_story, confirm, reject);
      return reindex(*store, f, reindex_options);
    }
    if (*token_create) {
      spdlog::set_level(spdlog::level::warn);
      auto config = configure(flags, argv[0]);
      auto store = open_configured_store(config);
      auto user = store->users().find_by_email(token_user);
      if (!user) user = store->users().find_by_slug(token_user);
      if (!user) throw UsageError("no user with email or slug " + token_user);
      std::optional<Role> role;
      if (!token_role.empty()) {
        role = parse_role(token_role);
        if (!role) throw UsageError("unknown role " + token_role);
      }
      try {
        auto created = api::create_api_token(*store, user->id, token_name, role);
        std::cout << created.token << std::endl;
        std::cerr << "token " << created.record.id << " for " << user->display_name << " ("
                  << to_string(created.record.role) << "); it will not be shown again" << std::endl;
      } catch (const ConstraintError& e) {
        throw UsageError(e.what());
      }
      return 0;
    }
    if (*user_add) {
      auto role = parse_role(user_role);
      if (!role) throw UsageError("unknown role " + user_role);
      spdlog::set_level(spdlog::level::warn);
      auto config = configure(flags, argv[0]);
      auto store = open_configured_store(config);
      try {
        auto account = admin::create_account(*store, user_email, *role, user_name);
        std::cout << account.password << std::endl;
        std::cerr << "account " << account.user.email << " (" << to_string(*role)
                  << "): the password above is shown once" << std::endl;
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      } catch (const ConstraintError& e) {
        throw UsageError(e.what());
      }
      return 0;
    }
    if (*bench_cmd) {
      auto config = configure(flags, argv[0]);
      auto store = open_configured_store(config);
      auto made = make_bench_data(*store, bench);
      std::cout << "stored " << made << " stories" << std::endl;
      return 0;
    }
  } catch (const UsageError& e) {
    std::cerr << "marquee: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "marquee: " << e.what() << std::endl;
    return 1;
  }
  return 2;
}

}  // namespace marquee::cli
