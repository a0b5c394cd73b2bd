// The HTTP/1.1 server of server.h: one io_context, acceptor and thread per worker, all bound to
// one port with SO_REUSEPORT; a Session per connection reads requests, calls the handler and
// writes responses, one at a time, each async step handing itself the next.
#include "web/server.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/ascii.h"
#include "core/site_time.h"

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

// Read-only state every worker shares.
struct Shared {
  ServerOptions options;
  Handler handler;
  std::shared_ptr<spdlog::logger> access;  // null when the access log is off
  std::atomic<bool> stop_requested{false};
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
  bool stopping = false;
  bool tearing_down = false;  // sessions destroyed with the io_context must not touch timers
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  asio::steady_timer accept_retry{ioc};
  asio::steady_timer grace{ioc};

 private:
  void on_accept(beast::error_code ec, tcp::socket socket);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Worker& worker, tcp::socket socket) : worker_(worker), stream_(std::move(socket)) {
    worker_.sessions.insert(this);
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) request_.remote_address = remote.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() { worker_.session_closed(this); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { wait_for_request(); }

  // The server is stopping: an idle connection closes now; a busy one after its response.
  void on_server_stop() {
    if (state_ == State::idle) stream_.close();
  }
  void force_close() { stream_.close(); }

 private:
  enum class State { idle, reading, responding, closing };

  const ServerOptions& options() const { return worker_.shared.options; }

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
    request_.method.clear();  // a request refused before its line is parsed logs as "-"
    request_.target.clear();
    started_ = Clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options().header_limit, std::numeric_limits<std::uint32_t>::max())));
    // The body limit depends on the path, so it is checked after the head (see on_header).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
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
    const auto path_and_query = target_path_and_query(sv(head.target()));
    if (!path_and_query) return send_error(400, "Bad Request\n");
    const auto question = path_and_query->find('?');
    auto path = percent_decode(path_and_query->substr(0, question), false);
    if (!path || path->find('\0') != std::string::npos) return send_error(400, "Bad Request\n");
    request_.path = std::move(*path);
    request_.query_string.assign(question == std::string_view::npos
                                     ? std::string_view{}
                                     : path_and_query->substr(question + 1));

    // Reuse the strings of the previous request on this connection.
    request_.headers.resize(count);
    std::size_t i = 0;
    for (const auto& field : head) {
      auto& [name, value] = request_.headers[i++];
      name.assign(sv(field.name_string()));
      std::transform(name.begin(), name.end(), name.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
      });
      value.assign(sv(field.value()));
    }

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
    if (parser_->is_done()) return handle();
    parser_->body_limit(limit);  // chunked bodies are checked as they arrive
    if (head.version() >= 11 && iequals(sv(head[http::field::expect]), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(
          stream_, asio::buffer(kContinue.data(), kContinue.size()),
          beast::bind_front_handler(&Session::on_continue, shared_from_this()));
    }
    read_body();
  }

  bool is_upload(std::string_view path) const {
    const std::string& prefix = options().upload_prefix;
    return !prefix.empty() && path.starts_with(prefix) &&
           (path.size() == prefix.size() || path[prefix.size()] == '/' || prefix.back() == '/');
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec) return stream_.close();
    read_body();
  }

  // An ordinary body must arrive within the request's read_timeout. An upload may take longer
  // as long as it keeps moving: each chunk read restarts the timeout.
  void read_body() {
    if (!upload_) {
      return http::async_read(stream_, buffer_, *parser_,
                              beast::bind_front_handler(&Session::on_body, shared_from_this()));
    }
    http::async_read_some(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_upload_part, shared_from_this()));
  }

  void on_upload_part(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return handle();
    stream_.expires_after(options().read_timeout);
    read_body();
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    handle();
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::header_limit)
      return send_error(431, "Request Header Fields Too Large\n");
    if (ec == http::error::body_limit) return send_error(413, "Payload Too Large\n");
    // A parse error is the client's fault and gets an answer; a timeout, a reset or a client
    // that closed mid-request does not.
    const bool parse_error =
        ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message &&
        ec != http::error::need_more;
    if (parse_error) return send_error(400, "Bad Request\n");
    stream_.close();
  }

  void handle() {
    request_read_ = true;
    auto& message = parser_->get();
    request_.body = std::move(message.body());
    request_.keep_alive = message.keep_alive();
    const bool head = message.method() == http::verb::head;
    Response response;
    try {
      response = worker_.shared.handler(request_);
      if (response.status < 200 || response.status > 599) {  // no interim or upgrade answers
        throw std::runtime_error(fmt::format("invalid status {}", response.status));
      }
    } catch (const std::exception& e) {
      spdlog::error("handler failed on {} {}: {}", request_.method, request_.target, e.what());
      return send_error(500, "Internal Server Error\n");
    } catch (...) {
      spdlog::error("handler failed on {} {}: unknown exception", request_.method, request_.target);
      return send_error(500, "Internal Server Error\n");
    }
    send(std::move(response), head, request_.keep_alive);
  }

  // Small plain-text answers the server gives by itself; the connection closes after them.
  void send_error(int status, std::string_view text) {
    if (parser_) {
      const auto& head = parser_->get();
      if (request_.method.empty()) request_.method.assign(sv(head.method_string()));
    }
    send(Response::text(status, std::string(text)), false, false);
  }

  void send(Response response, bool head_only, bool keep_alive) {
    state_ = State::responding;
    response_ = std::move(response);
    message_ = OutMessage{};
    message_.version(parser_ && parser_->get().version() == 10 ? 10 : 11);
    message_.result(static_cast<unsigned>(response_.status));
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
      message_.insert(beast::string_view(name), beast::string_view(value));
    }
    if (!has_server) message_.set(http::field::server, "Marquee");
    if (!has_date) {
      const std::string_view date = http_date_now();
      message_.set(http::field::date, beast::string_view(date.data(), date.size()));
    }
    const std::string_view payload = response_.payload();
    const bool body_allowed = has_body(response_.status);
    if (body_allowed) message_.content_length(payload.size());
    body_bytes_ = body_allowed && !head_only ? payload.size() : 0;
    message_.body() = {payload.data(), body_bytes_};
    keep_alive = keep_alive && !worker_.stopping && !worker_.shared.stop_requested.load();
    message_.keep_alive(keep_alive);
    close_after_write_ = !keep_alive;
    stream_.expires_after(options().read_timeout);  // a client that never reads is cut off
    http::async_write(stream_, message_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    log_access();
    response_ = Response{};
    message_ = OutMessage{};
    if (ec) return stream_.close();
    if (close_after_write_) return linger_close();
    wait_for_request();
  }

  void log_access() {
    const auto& log = worker_.shared.access;
    if (!log || !log->should_log(spdlog::level::info)) return;
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
    log->info(
        "{} {} {} {} {} {}us", request_.remote_address.empty() ? "-" : request_.remote_address,
        request_.method.empty() ? "-" : request_.method,
        request_.target.empty() ? "-" : request_.target, response_.status, body_bytes_, micros);
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

  Worker& worker_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  Response response_;  // owns the bytes message_ points at until the write completes
  OutMessage message_;
  State state_ = State::idle;
  bool first_request_ = true;
  bool close_after_write_ = false;
  bool upload_ = false;        // the current request is under upload_prefix
  bool request_read_ = false;  // the whole current request, body included, has been read
  Clock::time_point started_ = Clock::now();
  std::size_t body_bytes_ = 0;
  std::size_t drained_ = 0;
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

  Impl(ServerOptions options, Handler handler) {
    shared.options = std::move(options);
    shared.handler = std::move(handler);
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
        spdlog::error("server thread: {}", e.what());
      }
    }
  }
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

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
