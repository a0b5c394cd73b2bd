// The HTTP/1.1 server of server.h: one io_context, acceptor and thread per worker, all bound to
// one port with SO_REUSEPORT; a Session per connection reads requests, hands them to the
// handlers (the fast one on its own thread, the rest on the worker pool) and writes responses,
// one at a time, each async step handing itself the next.
#include "web/server.h"

#include <fcntl.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <limits>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/ascii.h"
#include "core/site_time.h"
#include "web/worker_pool.h"

namespace marquee::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// SO_REUSEPORT, which Asio has no public option for: every worker's acceptor binds the same port
// and the kernel spreads new connections among them.
class ReusePort {
 public:
  template <typename Protocol>
  int level(const Protocol&) const {
    return SOL_SOCKET;
  }
  template <typename Protocol>
  int name(const Protocol&) const {
    return SO_REUSEPORT;
  }
  template <typename Protocol>
  const int* data(const Protocol&) const {
    return &value_;
  }
  template <typename Protocol>
  std::size_t size(const Protocol&) const {
    return sizeof value_;
  }

 private:
  int value_ = 1;
};
// Responses reference bytes owned by the session's Response (or its shared page) until the
// write completes, so nothing is copied into Beast.
using OutMessage = http::response<http::span_body<const char>>;

// How long, and how much, a closing connection keeps draining what the client still sends, so
// that the kernel does not answer unread bytes with a reset that destroys our last response.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1024 * 1024;
constexpr std::size_t kReadChunk = 8 * 1024;
// The read buffer's ceiling whatever header_limit says (see Session::buffer_limit).
constexpr std::size_t kMaxBuffer = 60 * 1024;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

// Beast 1.74 speaks boost::string_view; the rest of Marquee speaks std::string_view.
std::string_view sv(beast::string_view s) {
  return {s.data(), s.size()};
}

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// "Sun, 06 Nov 1994 08:49:37 GMT" for now; formatting costs more than a response, so each thread
// formats at most once a second.
std::string_view http_date_now() {
  thread_local std::time_t cached = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    text = http_date(Time{std::chrono::seconds(now)});
    cached = now;
  }
  return text;
}

std::string endpoint_text(const std::string& host, unsigned short port) {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

// The path part of an origin-form ("/a?b") or absolute-form ("http://h/a?b") request target.
std::optional<std::string_view> target_path_and_query(std::string_view target) {
  if (!target.empty() && target.front() == '/') return target;
  const auto scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const auto slash = target.find('/', scheme_end + 3);
  return slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
}

bool has_body(int status) {
  return status >= 200 && status != 204 && status != 304;
}

// A request body kept in memory up to a limit and spooled to an unlinked temporary file past it
// (Beast's Body concept), so that a large upload costs disk, not heap.
struct SpoolingBody {
  struct value_type {
    std::string memory;
    int fd = -1;  // the spool file once spilled; closed by the destructor unless released
    std::uint64_t size = 0;
    std::size_t memory_limit = 0;
    const std::filesystem::path* spool_dir = nullptr;
    bool spool_failed = false;  // the disk refused (full, not writable): the server's fault

    value_type() = default;
    value_type(value_type&& other) noexcept
        : memory(std::move(other.memory)),
          fd(std::exchange(other.fd, -1)),
          size(other.size),
          memory_limit(other.memory_limit),
          spool_dir(other.spool_dir),
          spool_failed(other.spool_failed) {}
    value_type& operator=(value_type&& other) noexcept {
      if (this != &other) {
        if (fd >= 0) ::close(fd);
        memory = std::move(other.memory);
        fd = std::exchange(other.fd, -1);
        size = other.size;
        memory_limit = other.memory_limit;
        spool_dir = other.spool_dir;
        spool_failed = other.spool_failed;
      }
      return *this;
    }
    ~value_type() {
      if (fd >= 0) ::close(fd);
    }
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, beast::error_code& ec) {
      ec = {};
      // A body known to be large goes to the file from its first byte.
      if (length && *length > body_.memory_limit) return spill(ec);
      if (length) body_.memory.reserve(static_cast<std::size_t>(*length));
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      ec = {};
      std::size_t taken = 0;
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        const auto* data = static_cast<const char*>(buffer.data());
        const std::size_t n = buffer.size();
        if (body_.fd < 0 && body_.memory.size() + n > body_.memory_limit) {
          spill(ec);
          if (ec) return taken;
        }
        if (body_.fd >= 0) {
          write_all(data, n, ec);
          if (ec) return taken;
        } else {
          body_.memory.append(data, n);
        }
        taken += n;
        body_.size += n;
      }
      return taken;
    }

    void finish(beast::error_code& ec) { ec = {}; }

   private:
    void spill(beast::error_code& ec) {
      const std::filesystem::path dir = body_.spool_dir && !body_.spool_dir->empty()
                                            ? *body_.spool_dir
                                            : std::filesystem::temp_directory_path();
      // O_TMPFILE: a file with no name, gone when closed, so a crash leaves nothing behind.
      int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
      if (fd < 0) {  // a file system without O_TMPFILE: a named file, unlinked at once
        std::string name = (dir / "marquee-body-XXXXXX").string();
        fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(name.c_str());
      }
      if (fd < 0) return fail(ec);
      body_.fd = fd;
      write_all(body_.memory.data(), body_.memory.size(), ec);
      std::string().swap(body_.memory);
    }

    void write_all(const char* data, std::size_t n, beast::error_code& ec) {
      while (n > 0) {
        const ssize_t written = ::write(body_.fd, data, n);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return fail(ec);
        data += written;
        n -= static_cast<std::size_t>(written);
      }
    }

    void fail(beast::error_code& ec) {
      body_.spool_failed = true;
      ec = beast::error_code(errno ? errno : EIO, beast::system_category());
    }

    value_type& body_;
  };
};

// A response body read from a file in bounded pieces as the socket takes them (Beast's Body
// concept; Beast 1.74's file_body always sends a whole file, and a range needs a part of one).
struct FileSliceBody {
  using value_type = FileSlice;

  static std::uint64_t size(const value_type& body) { return body.length; }

  class writer {
   public:
    using const_buffers_type = asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const http::header<isRequest, Fields>&, const value_type& body)
        : body_(body), next_(body.offset), remain_(body.length) {}

    void init(beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      ec = {};
      if (remain_ == 0) return boost::none;
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remain_, kPiece));
      if (!buffer_) buffer_ = std::make_unique<char[]>(kPiece);
      ssize_t n;
      do {
        n = ::pread(body_.file->fd(), buffer_.get(), want, static_cast<off_t>(next_));
      } while (n < 0 && errno == EINTR);
      if (n <= 0) {  // a read error, or the file shrank under us: the length sent is a lie
        ec = beast::error_code(n < 0 ? errno : EIO, beast::system_category());
        return boost::none;
      }
      next_ += static_cast<std::uint64_t>(n);
      remain_ -= static_cast<std::uint64_t>(n);
      return {{const_buffers_type(buffer_.get(), static_cast<std::size_t>(n)), remain_ > 0}};
    }

   private:
    static constexpr std::size_t kPiece = 64 * 1024;  // per connection that is sending a file
    const value_type& body_;
    std::uint64_t next_;
    std::uint64_t remain_;
    std::unique_ptr<char[]> buffer_;
  };
};

using InParser = http::request_parser<SpoolingBody>;
using FileMessage = http::response<FileSliceBody>;

// One log line per `every` for a kind of event that a client can cause at will; the lines
// between are counted and the count reported with the next line.
class RateLimitedLog {
 public:
  explicit RateLimitedLog(std::chrono::seconds every) : every_(every) {}

  template <typename... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) {
    const auto now = Clock::now().time_since_epoch().count();
    auto last = last_.load(std::memory_order_relaxed);
    const auto interval = std::chrono::duration_cast<Clock::duration>(every_).count();
    if (last != 0 && now - last < interval) {
      suppressed_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (!last_.compare_exchange_strong(last, now)) {
      suppressed_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const auto skipped = suppressed_.exchange(0);
    const std::string text = fmt::format(format, std::forward<Args>(args)...);
    if (skipped > 0) {
      spdlog::warn("{} ({} more like it not logged)", text, skipped);
    } else {
      spdlog::warn("{}", text);
    }
  }

 private:
  std::chrono::seconds every_;
  std::atomic<Clock::rep> last_{0};
  std::atomic<std::uint64_t> suppressed_{0};
};

// Read-only state every worker shares (and the pool, which is thread-safe).
struct Shared {
  ServerOptions options;
  Handlers handlers;
  std::shared_ptr<spdlog::logger> access;  // null when the access log is off
  std::atomic<bool> stop_requested{false};
  std::unique_ptr<WorkerPool> pool;
  RateLimitedLog refused_log{std::chrono::seconds(10)};
  RateLimitedLog busy_log{std::chrono::seconds(10)};
};

class Session;

// One io_context and its thread's share of the connections. Everything here is touched only
// from that io_context's thread.
struct Worker {
  explicit Worker(Shared& s) : shared(s) {}
  ~Worker() { tearing_down = true; }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start_accepting();
  void begin_shutdown();
  void session_closed(Session* session);

  Shared& shared;
  std::unordered_set<Session*> sessions;
  int hub_group = -1;  // this thread's group in Handlers::events
  bool stopping = false;
  bool tearing_down = false;  // sessions destroyed with the io_context must not touch timers
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  asio::steady_timer accept_retry{ioc};
  asio::steady_timer grace{ioc};

 private:
  void on_accept(beast::error_code ec, tcp::socket socket);
};

class Session : public std::enable_shared_from_this<Session>, private EventHub::Stream {
 public:
  Session(Worker& worker, tcp::socket socket)
      : worker_(worker),
        stream_(std::move(socket)),
        buffer_(buffer_limit(worker.shared.options)),
        heartbeat_(worker.ioc) {
    worker_.sessions.insert(this);
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = remote.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() {
    leave_events();
    worker_.session_closed(this);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { wait_for_request(); }

  // The server is stopping: an idle connection (or an event stream) closes now; a busy one after
  // its response.
  void on_server_stop() {
    if (state_ == State::streaming) return end_stream();
    if (state_ == State::idle) stream_.close();
  }
  void force_close() {
    if (state_ == State::streaming) return end_stream();
    stream_.close();
  }

 private:
  enum class State { idle, reading, working, responding, closing, streaming };

  // The read buffer holds a request head, or one piece of a body, or a chunked body's trailer
  // (which Beast keeps whole and adds to the head's fields, with no limit of its own): capping
  // the buffer is what bounds the trailer, and it stays under the 64 KiB a Beast header field
  // can hold, past which Beast throws instead of failing the read.
  static std::size_t buffer_limit(const ServerOptions& options) {
    return std::min<std::size_t>(options.header_limit + kReadChunk, kMaxBuffer);
  }

  const ServerOptions& options() const { return worker_.shared.options; }
  Shared& shared() { return worker_.shared; }

  void wait_for_request() {
    if (worker_.stopping) return stream_.close();
    skip_blank_lines();
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    // Until its first byte a request is only awaited: the keep-alive idle timeout applies.
    state_ = State::idle;
    stream_.expires_after(first_request_ ? options().read_timeout : options().idle_timeout);
    read_first_bytes();
  }

  void read_first_bytes() {
    stream_.async_read_some(
        buffer_.prepare(kReadChunk),
        beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec) return stream_.close();  // idle timeout, client gone, or server stopping
    buffer_.commit(n);
    skip_blank_lines();
    // Blank lines alone do not earn the connection a fresh idle timeout.
    if (buffer_.size() == 0) return read_first_bytes();
    read_header();
  }

  // RFC 9112 2.2: empty lines before a request line are ignored (some clients send a CRLF after
  // a POST body).
  void skip_blank_lines() {
    const auto* data = static_cast<const char*>(buffer_.data().data());
    std::size_t n = 0;
    while (n < buffer_.size() && (data[n] == '\r' || data[n] == '\n')) ++n;
    buffer_.consume(n);
  }

  void read_header() {
    state_ = State::reading;
    first_request_ = false;
    request_read_ = false;
    failed_ = false;
    request_ = Request{};
    request_.remote_address = remote_address_;
    started_ = Clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options().header_limit, std::numeric_limits<std::uint32_t>::max())));
    // The body limit depends on the path, so it is checked after the head (see on_header).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    auto& body = parser_->get().body();
    body.memory_limit = options().body_memory_limit;
    body.spool_dir = &options().spool_dir;
    stream_.expires_after(options().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    auto& head = parser_->get();
    request_.method.assign(sv(head.method_string()));
    request_.target.assign(sv(head.target()));

    std::size_t count = 0;
    for (auto it = head.begin(); it != head.end(); ++it) ++count;
    if (count > static_cast<std::size_t>(std::max(options().max_header_count, 0))) {
      return send_error(431, "Request Header Fields Too Large\n");
    }
    // RFC 9112 3.2: an HTTP/1.1 request has exactly one Host, and none has two; a proxy and the
    // server could each believe a different one.
    const std::size_t hosts = head.count(http::field::host);
    if (hosts > 1 || (head.version() >= 11 && hosts == 0)) return send_error(400, "Bad Request\n");
    const auto path_and_query = target_path_and_query(sv(head.target()));
    if (!path_and_query) return send_error(400, "Bad Request\n");
    const auto question = path_and_query->find('?');
    auto path = percent_decode(path_and_query->substr(0, question), false);
    if (!path || path->find('\0') != std::string::npos) return send_error(400, "Bad Request\n");
    request_.path = std::move(*path);
    request_.query_string.assign(question == std::string_view::npos
                                     ? std::string_view()
                                     : path_and_query->substr(question + 1));
    request_.headers.reserve(count);
    for (const auto& field : head) {
      auto& [name, value] = request_.headers.emplace_back();
      name.assign(sv(field.name_string()));
      std::transform(name.begin(), name.end(), name.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
      });
      value.assign(sv(field.value()));
    }
    request_.keep_alive = head.keep_alive();

    // A body framed by anything but chunked cannot be delimited: refuse rather than guess
    // (RFC 9112 6.3), or its bytes would be read as the next request.
    if (head.count(http::field::transfer_encoding) > 0 && !parser_->chunked()) {
      return send_error(400, "Bad Request\n");
    }
    upload_ = is_upload(request_.path);
    const std::uint64_t limit = upload_ ? options().upload_body_limit : options().body_limit;
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return send_error(413, "Payload Too Large\n");
    }
    if (parser_->is_done()) {
      request_read_ = true;
      if (const auto& fast = shared().handlers.fast) {
        if (auto answer = call_guarded(fast)) {
          if (answer->event_stream) return start_stream(std::move(*answer));
          return send_answer(std::move(*answer));
        }
        if (failed_) return send_error(500, "Internal Server Error\n");
      }
      return to_pool(&Session::run_handler);
    }
    parser_->body_limit(limit);  // chunked bodies are checked as they arrive
    if (shared().handlers.admit) return to_pool(&Session::run_admit);
    start_body();
  }

  bool is_upload(std::string_view path) const {
    const std::string& prefix = options().upload_prefix;
    return !prefix.empty() && path.starts_with(prefix) &&
           (path.size() == prefix.size() || path[prefix.size()] == '/' || prefix.back() == '/');
  }

  // ---- The pool: a step runs there; what it answers comes back to this io thread.

  using PoolStep = std::optional<Response> (Session::*)();

  void to_pool(PoolStep step) {
    state_ = State::working;
    stream_.expires_never();  // the pool's own pace; the write after it has its timeout
    auto self = shared_from_this();
    // The guard keeps this io_context running until the answer has been posted back to it.
    auto task = [self, step, guard = asio::make_work_guard(worker_.ioc)]() mutable {
      std::optional<Response> answer = ((*self).*step)();
      Session& session = *self;
      asio::post(session.worker_.ioc,
                 [self = std::move(self), answer = std::move(answer), step]() mutable {
                   self->after_pool(step, std::move(answer));
                 });
    };
    if (!shared().pool->try_submit(std::move(task))) {
      shared().busy_log.warn("worker pool queue full: answering 503 to {} {}", request_.method,
                             request_.target);
      Response busy = Response::text(503, "Service Unavailable\n");
      busy.set_header("Retry-After", std::to_string(options().retry_after.count()));
      busy.set_header("Cache-Control", "no-store");
      return send(std::move(busy), false, false);
    }
  }

  void after_pool(PoolStep step, std::optional<Response> answer) {
    if (step == &Session::run_admit) {
      if (answer) return send_refusal(std::move(*answer));
      return start_body();
    }
    if (answer && answer->event_stream) return start_stream(std::move(*answer));
    if (answer) return send_answer(std::move(*answer));
    send_error(500, "Internal Server Error\n");
  }

  // On the pool.
  std::optional<Response> run_admit() { return call_guarded(shared().handlers.admit); }
  std::optional<Response> run_handler() {
    return call_guarded([this](const Request& r) -> std::optional<Response> {
      return shared().handlers.handle(r);
    });
  }

  // A handler's answer, or nullopt after logging what it threw or its impossible status.
  template <typename Call>
  std::optional<Response> call_guarded(const Call& call) {
    try {
      std::optional<Response> answer = call(request_);
      if (answer && (answer->status < 200 || answer->status > 599)) {  // no interim or upgrades
        throw std::runtime_error(fmt::format("invalid status {}", answer->status));
      }
      return answer;
    } catch (const std::exception& e) {
      spdlog::error("handler failed on {} {}: {}", request_.method, request_.target, e.what());
    } catch (...) {
      spdlog::error("handler failed on {} {}: unknown exception", request_.method, request_.target);
    }
    failed_ = true;
    return std::nullopt;
  }

  // ---- The body

  void start_body() {
    if (failed_) return send_error(500, "Internal Server Error\n");
    state_ = State::reading;
    auto& head = parser_->get();
    if (head.version() >= 11 && iequals(sv(head[http::field::expect]), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(options().read_timeout);
      return asio::async_write(
          stream_, asio::buffer(kContinue.data(), kContinue.size()),
          beast::bind_front_handler(&Session::on_continue, shared_from_this()));
    }
    read_body();
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec) return stream_.close();
    read_body();
  }

  // An ordinary body must arrive within read_timeout. An upload has upload_timeout in all, may
  // pause for read_timeout at most, and must keep up min_upload_rate after the grace.
  void read_body() {
    body_started_ = Clock::now();
    if (!upload_) {
      stream_.expires_after(options().read_timeout);
      return http::async_read(stream_, buffer_, *parser_,
                              beast::bind_front_handler(&Session::on_body, shared_from_this()));
    }
    body_deadline_ = body_started_ + options().upload_timeout;
    read_upload_part();
  }

  void read_upload_part() {
    const auto now = Clock::now();
    if (now >= body_deadline_) return give_up_on_body("its deadline");
    stream_.expires_after(std::min<Clock::duration>(options().read_timeout, body_deadline_ - now));
    http::async_read_some(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_upload_part, shared_from_this()));
  }

  void on_upload_part(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return on_body({}, 0);
    const auto elapsed = Clock::now() - body_started_;
    if (elapsed > options().upload_rate_grace) {
      const double seconds = std::chrono::duration<double>(elapsed).count();
      const double rate = static_cast<double>(parser_->get().body().size) / seconds;
      if (rate < static_cast<double>(options().min_upload_rate)) {
        return give_up_on_body("the minimum rate");
      }
    }
    read_upload_part();
  }

  // A client too slow to be worth a connection gets no answer: it would not read one either.
  void give_up_on_body(std::string_view what) {
    shared().refused_log.warn("cut off a request body from {} to {}: below {}",
                              remote_address_.empty() ? "-" : remote_address_, request_.target,
                              what);
    stream_.close();
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    request_read_ = true;
    auto& body = parser_->get().body();
    if (body.fd >= 0) {
      try {
        request_.spooled = std::make_shared<const SpooledBody>(std::exchange(body.fd, -1),
                                                               static_cast<std::size_t>(body.size));
      } catch (const std::exception& e) {
        spdlog::error("cannot read back a spooled body: {}", e.what());
        return send_error(503, "Service Unavailable\n");
      }
    } else {
      request_.body = std::move(body.memory);
    }
    request_.keep_alive = parser_->get().keep_alive();
    to_pool(&Session::run_handler);
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      // buffer_overflow: a chunked trailer larger than the buffer (see buffer_limit).
      shared().refused_log.warn("refused an oversized request head or trailer from {}",
                                remote_address_.empty() ? "-" : remote_address_);
      return send_error(431, "Request Header Fields Too Large\n");
    }
    if (ec == http::error::body_limit) return send_error(413, "Payload Too Large\n");
    if (parser_ && parser_->get().body().spool_failed) {
      spdlog::error("cannot spool a request body: {}", ec.message());
      return send_error(503, "Service Unavailable\n");
    }
    // A parse error is the client's fault and gets an answer; a timeout, a reset or a client
    // that closed mid-request does not.
    const bool parse_error =
        ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message &&
        ec != http::error::need_more;
    if (parse_error) return send_error(400, "Bad Request\n");
    stream_.close();
  }

  // ---- Responses

  void send_answer(Response response) {
    const bool head = request_.method == "HEAD";
    send(std::move(response), head, request_.keep_alive);
  }

  // A refusal before the body was read: the body is still coming, so the connection closes.
  void send_refusal(Response response) { send(std::move(response), false, false); }

  // Small plain-text answers the server gives by itself; the connection closes after them.
  void send_error(int status, std::string_view text) {
    if (parser_ && request_.method.empty()) {
      request_.method.assign(sv(parser_->get().method_string()));
    }
    send(Response::text(status, std::string(text)), false, false);
  }

  void send(Response response, bool head_only, bool keep_alive) {
    state_ = State::responding;
    response_ = std::move(response);
    // What answers a token can differ per token: no shared cache may keep it (RFC 9111 3.5
    // lets one keep an answer to an authorized request that says public).
    if (!request_.header("authorization").empty()) {
      response_.set_header("Cache-Control", "private, no-store");
    }
    message_.emplace();
    OutMessage& head = *message_;
    head.version(parser_ && parser_->get().version() == 10 ? 10 : 11);
    head.result(static_cast<unsigned>(response_.status));
    bool has_server = false, has_date = false;
    for (const auto& [name, value] : response_.headers) {
      if (has_control_chars(name) || has_control_chars(value) || name.empty()) {
        spdlog::warn("dropped response header with control characters on {}", request_.target);
        continue;
      }
      // Framing headers are the server's to decide.
      if (iequals(name, "content-length") || iequals(name, "transfer-encoding")) continue;
      if (iequals(name, "connection")) {
        if (iequals(value, "close")) keep_alive = false;
        continue;
      }
      has_server = has_server || iequals(name, "server");
      has_date = has_date || iequals(name, "date");
      head.insert(beast::string_view(name), beast::string_view(value));
    }
    if (!has_server) head.set(http::field::server, "Marquee");
    if (!has_date) {
      const std::string_view date = http_date_now();
      head.set(http::field::date, beast::string_view(date.data(), date.size()));
    }
    const bool body_allowed = has_body(response_.status);
    const std::uint64_t size = response_.payload_size();
    if (body_allowed) head.content_length(size);
    body_bytes_ = body_allowed && !head_only ? size : 0;
    keep_alive = keep_alive && !worker_.stopping && !shared().stop_requested.load();
    head.keep_alive(keep_alive);
    close_after_write_ = !keep_alive;
    stream_.expires_after(options().read_timeout);  // a client that never reads is cut off
    if (response_.file && body_bytes_ > 0) {
      file_message_.emplace(std::move(head.base()), *response_.file);
      message_.reset();
      return http::async_write(stream_, *file_message_,
                               beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }
    const std::string_view payload = response_.file ? std::string_view() : response_.payload();
    message_->body() = {payload.data(), static_cast<std::size_t>(body_bytes_)};
    http::async_write(stream_, *message_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    log_access();
    message_.reset();
    file_message_.reset();
    response_ = Response{};
    if (ec) return stream_.close();
    if (close_after_write_) return linger_close();
    wait_for_request();
  }

  void log_access() {
    const auto& log = shared().access;
    if (!log || !log->should_log(spdlog::level::info)) return;
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
    log->info("{} {} {} {} {} {}us", remote_address_.empty() ? "-" : remote_address_,
              request_.method.empty() ? "-" : request_.method,
              request_.target.empty() ? "-" : request_.target, response_.status, body_bytes_,
              micros);
  }

  // Half-closes. When the client may still be sending (a refused request whose body we never
  // read), reads and discards for a moment so the client sees our answer before the connection
  // goes; otherwise closes at once.
  void linger_close() {
    state_ = State::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return stream_.close();
    const std::size_t unread = stream_.socket().available(ec);
    if (ec || (request_read_ && unread == 0)) return stream_.close();
    stream_.expires_after(kLingerTime);
    drain();
  }

  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::on_drain, shared_from_this()));
  }

  void on_drain(beast::error_code ec, std::size_t n) {
    drained_ += n;
    if (ec || drained_ > kLingerBytes) return stream_.close();
    drain();
  }

  // ---- An event stream (Response::event_stream): the connection becomes one-way. The io
  // thread holds it with no thread of its own: events are queued (shared bytes) and written
  // in batches, a read stays pending only to hear the client go, and a heartbeat timer sends a
  // comment when it is quiet and drops a client whose write has not finished since the last beat.

  void start_stream(Response response) {
    EventHub* hub = shared().handlers.events;
    if (!hub || worker_.hub_group < 0 || response.status != 200) {
      spdlog::error("an event stream for {} without an event hub", request_.target);
      return send_error(500, "Internal Server Error\n");
    }
    if (!hub->reserve()) {
      shared().busy_log.warn("event streams at their limit: answering 503 to {}", request_.target);
      Response busy = Response::text(503, "Service Unavailable\n");
      busy.set_header("Retry-After", std::to_string(options().retry_after.count()));
      busy.set_header("Cache-Control", "no-store");
      return send(std::move(busy), false, false);
    }
    state_ = State::streaming;
    streaming_ = std::make_unique<Streaming>();
    Streaming& st = *streaming_;
    st.channel = std::move(response.event_stream->channel);
    st.last_id = response.event_stream->after_id;
    // The head by hand: no length and no chunking, the body ends when the connection does.
    std::string head =
        fmt::format("HTTP/1.{} 200 OK\r\n", parser_ && parser_->get().version() == 10 ? 0 : 1);
    for (const auto& [name, value] : response.headers) {
      if (has_control_chars(name) || has_control_chars(value) || name.empty()) continue;
      if (iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
          iequals(name, "connection")) {
        continue;
      }
      head += fmt::format("{}: {}\r\n", name, value);
    }
    head +=
        fmt::format("Server: Marquee\r\nDate: {}\r\nConnection: close\r\n\r\n", http_date_now());
    response_.status = 200;
    body_bytes_ = response.event_stream->opening.size();
    log_access();
    queue(std::make_shared<const std::string>(head + response.event_stream->opening));
    // What served the request is not needed while the stream lasts.
    parser_.reset();
    buffer_ = beast::flat_buffer(kReadChunk);
    request_ = Request{};
    response_ = Response{};
    stream_.expires_never();
    beast::error_code blocking;
    stream_.socket().non_blocking(true, blocking);  // flush() writes what the socket takes now
    EventHub::Joined joined = hub->join(
        worker_.hub_group, st.channel,
        std::shared_ptr<EventHub::Stream>(shared_from_this(), static_cast<EventHub::Stream*>(this)),
        st.last_id);
    st.joined = !joined.last;
    for (const auto& [bytes, id] : joined.missed) deliver(bytes, id);
    if (joined.last) end(joined.last);
    watch_for_close();
    beat();
    flush();
  }

  // EventHub::Stream
  void deliver(const EventHub::Bytes& bytes, std::uint64_t id) override {
    if (!streaming_ || streaming_->ending || id <= streaming_->last_id) return;
    streaming_->last_id = id;
    queue(bytes);
    flush();
  }
  void end(const EventHub::Bytes& last) override {
    if (!streaming_ || streaming_->ending) return;
    queue(last);
    streaming_->ending = true;
    leave_events();
    flush();
  }

  void queue(EventHub::Bytes bytes) {
    Streaming& st = *streaming_;
    const std::size_t limit = shared().handlers.events->options().client_buffer;
    if (st.queued_bytes + bytes->size() > limit && st.queued_bytes > 0) {
      shared().refused_log.warn("dropped an event stream to {}: more than {} bytes behind",
                                remote_address_.empty() ? "-" : remote_address_, limit);
      return end_stream();
    }
    st.queued_bytes += bytes->size();
    st.waiting.push_back(std::move(bytes));
  }

  void flush() {
    if (!streaming_ || streaming_->closed) return;
    Streaming& st = *streaming_;
    if (st.writing) return;
    constexpr std::size_t kBatch = 64;
    while (!st.waiting.empty()) {
      st.buffers.clear();
      std::size_t total = 0;
      while (!st.waiting.empty() && st.sending.size() < kBatch) {
        st.sending.push_back(std::move(st.waiting.front()));
        st.waiting.pop_front();
        st.buffers.emplace_back(st.sending.back()->data(), st.sending.back()->size());
        total += st.sending.back()->size();
      }
      // Most events fit the socket's buffer at once: written here, with no asynchronous
      // operation (sending one event to thousands of streams is mostly this).
      beast::error_code ec;
      const std::size_t written = stream_.socket().write_some(st.buffers, ec);
      if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
        return end_stream();
      }
      if (!ec && written == total) {
        st.queued_bytes -= total;
        st.sending.clear();
        continue;
      }
      // The rest when the socket takes it.
      std::size_t skip = ec ? 0 : written;
      auto first = st.buffers.begin();
      while (skip > 0 && skip >= first->size()) skip -= (first++)->size();
      if (first != st.buffers.end()) *first += skip;
      st.buffers.erase(st.buffers.begin(), first);
      st.writing = true;
      st.write_started = Clock::now();
      return asio::async_write(
          stream_.socket(), st.buffers,
          beast::bind_front_handler(&Session::on_stream_write, shared_from_this()));
    }
    if (st.ending) end_stream();
  }

  void on_stream_write(beast::error_code ec, std::size_t) {
    Streaming& st = *streaming_;
    st.writing = false;
    for (const auto& bytes : st.sending) st.queued_bytes -= bytes->size();
    st.sending.clear();
    if (ec) return end_stream();
    flush();
  }

  void watch_for_close() {
    stream_.socket().async_read_some(
        asio::buffer(streaming_->scratch),
        beast::bind_front_handler(&Session::on_stream_read, shared_from_this()));
  }

  // A reader sends nothing more; whatever comes is ignored until the connection ends.
  void on_stream_read(beast::error_code ec, std::size_t) {
    if (ec) return end_stream();
    watch_for_close();
  }

  void beat() {
    const auto every = shared().handlers.events->options().heartbeat;
    heartbeat_.expires_after(every);
    heartbeat_.async_wait([self = shared_from_this(), every](beast::error_code ec) {
      if (ec || !self->streaming_ || self->streaming_->closed) return;
      Streaming& st = *self->streaming_;
      if (st.writing && Clock::now() - st.write_started >= every) {
        self->shared().refused_log.warn(
            "dropped an event stream to {}: it stopped reading",
            self->remote_address_.empty() ? "-" : self->remote_address_);
        return self->end_stream();
      }
      if (!st.writing && st.waiting.empty()) {
        static const auto kComment = std::make_shared<const std::string>(":\n\n");
        self->queue(kComment);
        self->flush();
      }
      self->beat();
    });
  }

  void end_stream() {
    if (!streaming_ || streaming_->closed) return;
    streaming_->closed = true;
    leave_events();
    beast::error_code ec;
    heartbeat_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  void leave_events() {
    if (!streaming_) return;
    EventHub* hub = shared().handlers.events;
    if (streaming_->joined) {
      hub->leave(worker_.hub_group, streaming_->channel, this);
      streaming_->joined = false;
    }
    if (!streaming_->released) {
      hub->release();
      streaming_->released = true;
    }
  }

  struct Streaming {
    std::string channel;
    std::uint64_t last_id = 0;                // the highest event id queued
    std::deque<EventHub::Bytes> waiting;      // not yet written
    std::vector<EventHub::Bytes> sending;     // in the write now in flight
    std::vector<asio::const_buffer> buffers;  // of `sending`
    std::size_t queued_bytes = 0;             // waiting and sending
    Clock::time_point write_started;
    std::array<char, 64> scratch{};
    bool writing = false;
    bool joined = false;
    bool ending = false;  // the channel closed: flush, then close
    bool closed = false;
    bool released = false;
  };

  Worker& worker_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<InParser> parser_;
  Request request_;
  std::string remote_address_;
  Response response_;  // owns the bytes the message points at until the write completes
  std::optional<OutMessage> message_;
  std::optional<FileMessage> file_message_;
  State state_ = State::idle;
  bool first_request_ = true;
  bool close_after_write_ = false;
  bool upload_ = false;        // the current request is under upload_prefix
  bool request_read_ = false;  // the whole current request, body included, has been read
  bool failed_ = false;        // a handler step threw
  Clock::time_point started_ = Clock::now();
  Clock::time_point body_started_;
  Clock::time_point body_deadline_;
  std::uint64_t body_bytes_ = 0;
  std::size_t drained_ = 0;
  std::unique_ptr<Streaming> streaming_;  // while the connection is an event stream
  asio::steady_timer heartbeat_;
};

void Worker::start_accepting() {
  acceptor.async_accept(ioc, beast::bind_front_handler(&Worker::on_accept, this));
}

void Worker::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping || ec == asio::error::operation_aborted) return;
  if (ec) {
    // Out of descriptors and the like: back off briefly instead of spinning.
    spdlog::warn("accept failed: {}", ec.message());
    accept_retry.expires_after(kAcceptRetryDelay);
    accept_retry.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && !stopping) start_accepting();
    });
    return;
  }
  std::make_shared<Session>(*this, std::move(socket))->start();
  start_accepting();
}

void Worker::begin_shutdown() {
  if (stopping) return;
  stopping = true;
  beast::error_code ec;
  acceptor.close(ec);
  accept_retry.cancel();
  // Closing a socket only queues its handlers, so the set is stable while we walk it.
  for (Session* session : sessions) session->on_server_stop();
  if (sessions.empty()) return;
  grace.expires_after(shared.options.shutdown_grace);
  grace.async_wait([this](beast::error_code wait_ec) {
    if (wait_ec) return;
    if (!sessions.empty()) {
      spdlog::warn("closing {} connection(s) still busy after the shutdown grace", sessions.size());
    }
    for (Session* session : sessions) session->force_close();
  });
}

void Worker::session_closed(Session* session) {
  sessions.erase(session);
  if (stopping && sessions.empty() && !tearing_down) grace.cancel();
}

tcp::endpoint resolve_endpoint(const std::string& host, unsigned short port) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) return {address, port};
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error(fmt::format("cannot listen on {}: {}", endpoint_text(host, port),
                                         ec ? ec.message() : "no address"));
  }
  return results.begin()->endpoint();
}

// Binds a plain socket (no SO_REUSEPORT) to the address and lets it go: this fails if anyone,
// including another SO_REUSEPORT server of ours, already listens there, which the shared bind
// itself would not notice.
void check_port_free(const tcp::endpoint& endpoint, beast::error_code& ec) {
  asio::io_context ioc;
  tcp::acceptor probe(ioc);
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
}

}  // namespace

struct Server::Impl {
  Shared shared;
  std::vector<std::unique_ptr<Worker>> workers;
  unsigned short port = 0;
  std::optional<asio::signal_set> signals;

  Impl(ServerOptions options, Handlers handlers) {
    if (!handlers.handle) throw std::invalid_argument("web::Server needs a handler");
    shared.options = std::move(options);
    shared.handlers = std::move(handlers);
    if (shared.options.access_log) shared.access = access_logger();
    const ServerOptions& o = shared.options;
    const int threads = o.threads > 0
                            ? o.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    tcp::endpoint endpoint = resolve_endpoint(o.host, o.port);
    beast::error_code ec;
    // A free port picked by the kernel is unshared; a named one is checked first.
    if (endpoint.port() != 0) check_port_free(endpoint, ec);
    if (ec) fail(ec);
    for (int i = 0; i < threads; ++i) {
      auto worker = std::make_unique<Worker>(shared);
      tcp::acceptor& acceptor = worker->acceptor;
      acceptor.open(endpoint.protocol(), ec);
      if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
      if (!ec) acceptor.set_option(ReusePort(), ec);
      if (!ec) acceptor.bind(endpoint, ec);
      if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
      // The first bind settles port 0; the other workers join it there.
      if (!ec && i == 0) endpoint.port(acceptor.local_endpoint(ec).port());
      if (ec) fail(ec);
      workers.push_back(std::move(worker));
    }
    port = endpoint.port();
    if (EventHub* hub = shared.handlers.events) {
      for (auto& worker : workers) {
        asio::io_context& ioc = worker->ioc;
        worker->hub_group =
            hub->attach([&ioc](std::function<void()> task) { asio::post(ioc, std::move(task)); });
      }
    }
    if (o.raise_file_limit) raise_file_limit();
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int pool_threads = o.pool_threads > 0 ? o.pool_threads : std::max(4, 2 * cores);
    shared.pool = std::make_unique<WorkerPool>(
        pool_threads, std::max<std::size_t>(1, o.pool_queue_limit), o.pool_nice);
  }

  // The pool's queued tasks hold sessions, whose destructors reach their workers: the pool goes
  // first.
  ~Impl() { shared.pool.reset(); }

  // Each open connection (an event stream above all) holds a descriptor: the soft limit is
  // raised to the hard one, which the administrator sets (docs/LIVE.md).
  static void raise_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    const auto before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
      spdlog::info("raised the open-file limit from {} to {}", before, limit.rlim_cur);
    } else {
      spdlog::warn("could not raise the open-file limit from {}: {}", before, std::strerror(errno));
    }
  }

  [[noreturn]] void fail(const beast::error_code& ec) const {
    throw std::runtime_error(fmt::format("cannot listen on {}: {}",
                                         endpoint_text(shared.options.host, shared.options.port),
                                         ec.message()));
  }

  static std::shared_ptr<spdlog::logger> access_logger() {
    if (auto existing = spdlog::get("access")) return existing;
    try {
      return spdlog::stdout_color_mt("access");
    } catch (const spdlog::spdlog_ex&) {
      return spdlog::get("access");  // another thread registered it first
    }
  }

  void stop() {
    shared.stop_requested = true;
    for (auto& worker : workers) {
      Worker* w = worker.get();
      asio::post(w->ioc, [this, w] {
        w->begin_shutdown();
        // The signal wait lives on the first worker and must not keep it running.
        if (w == workers.front().get() && signals) signals->cancel();
      });
    }
  }

  void run() {
    Worker& first = *workers.front();
    signals.emplace(first.ioc, SIGINT, SIGTERM);
    signals->async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
    for (auto& worker : workers) worker->start_accepting();
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < workers.size(); ++i) {
      threads.emplace_back([w = workers[i].get()] { run_worker(*w); });
    }
    run_worker(first);
    threads.clear();  // joins
    signals.reset();
  }

  static void run_worker(Worker& worker) {
    for (;;) {
      try {
        worker.ioc.run();
        return;
      } catch (const std::exception& e) {
        // Nothing a client sends should get here; if it does, a client can repeat it at will.
        static RateLimitedLog log(std::chrono::seconds(10));
        log.warn("server thread: {}", e.what());
      }
    }
  }
};

Server::Server(ServerOptions options, Handlers handlers)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers))) {}

Server::Server(ServerOptions options, Handler handler)
    : Server(std::move(options), Handlers{{}, {}, std::move(handler)}) {}

Server::~Server() = default;

unsigned short Server::port() const {
  return impl_->port;
}

void Server::run() {
  impl_->run();
}

void Server::stop() {
  impl_->stop();
}

}  // namespace marquee::web
