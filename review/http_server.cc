#include "review/http_server.h"

#include <cctype>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "common/logging.h"
#include "review/request_parsing.h"

namespace xmatch::review {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What every connection shares: the limits and the handler.
struct Shared {
  HttpServerOptions options;
  HttpHandler handler;
};

http::response<http::string_body> ToBeast(const ApiResponse& response, unsigned version) {
  http::response<http::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  out.set(http::field::server, "xmatch");
  out.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) out.insert(name, value);
  out.body() = response.body;
  return out;
}

// One connection: reads requests one after another (keep-alive) and answers each.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... StreamArgs>
  Connection(const Shared& shared, std::string remote, StreamArgs&&... args)
      : shared_(shared), remote_(std::move(remote)), stream_(std::forward<StreamArgs>(args)...) {}

  void Run() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(shared_.options.read_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->Read();
                              });
    } else {
      Read();
    }
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    parser_->body_limit(shared_.options.max_body_bytes);
    beast::get_lowest_layer(stream_).expires_after(shared_.options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec == http::error::body_limit) {
      return Answer(JsonError(413, "too_large", "请求内容过大"), 11, false);
    }
    if (ec == http::error::header_limit) {
      return Answer(JsonError(431, "headers_too_large", "请求头过大"), 11, false);
    }
    if (ec && ec.category() == http::make_error_code(http::error::end_of_stream).category()) {
      return Answer(JsonError(400, "bad_request", "无法解析的 HTTP 请求"), 11, false);
    }
    if (ec) return;  // timeout, reset, TLS failure: nothing to answer
    http::request<http::string_body> request = parser_->release();
    std::optional<RequestTarget> target =
        ParseRequestTarget(std::string_view(request.target().data(), request.target().size()));
    if (!target) {
      // A client that sends such targets is not one to keep talking to.
      return Answer(JsonError(400, "bad_target", "请求地址格式不正确"), request.version(), false);
    }
    Answer(Handle(request, std::move(*target)), request.version(), request.keep_alive());
  }

  ApiResponse Handle(const http::request<http::string_body>& request, RequestTarget target) {
    ApiRequest api;
    api.method = std::string(request.method_string());
    api.path = std::move(target.path);
    api.query = std::move(target.query);
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      api.headers[name] = std::string(field.value());
    }
    api.body = request.body();
    api.remote_address = remote_;
    return shared_.handler(std::move(api));
  }

  void Answer(const ApiResponse& response, unsigned version, bool keep_alive) {
    response_ = ToBeast(response, version);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      [self = this->shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec) return;
                        if (keep_alive) {
                          self->Read();
                        } else {
                          self->Close();
                        }
                      });
  }

  void Close() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  const Shared& shared_;
  std::string remote_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
};

Result<tcp::endpoint> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return Status::InvalidArgument("listen: \"" + listen + "\" is not host:port "
                                   "(e.g. 127.0.0.1:8080 or [::1]:8080)");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("");
  } catch (const std::exception&) {
    return Status::InvalidArgument("listen: \"" + listen + "\": the port is not 0-65535");
  }
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec) {
    return Status::InvalidArgument("listen: \"" + listen +
                                   "\": the host must be an IP address (e.g. 0.0.0.0)");
  }
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace

struct HttpServer::Impl {
  Shared shared;
  net::io_context ioc;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  net::signal_set signals{ioc};
  std::mutex stop_mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        beast::error_code endpoint_ec;
        tcp::endpoint peer = socket.remote_endpoint(endpoint_ec);
        std::string remote = endpoint_ec ? "" : peer.address().to_string();
        if (tls) {
          std::make_shared<Connection<TlsStream>>(shared, remote, std::move(socket), *tls)->Run();
        } else {
          std::make_shared<Connection<PlainStream>>(shared, remote, std::move(socket))->Run();
        }
      }
      Accept();
    });
  }
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->shared.options = std::move(options);
  impl_->shared.handler = std::move(handler);
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  const HttpServerOptions& options = impl_->shared.options;
  XM_ASSIGN_OR_RETURN(tcp::endpoint endpoint, ParseListen(options.listen));
  if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
    ssl::context context(ssl::context::tls_server);
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                        ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code ec;
    context.use_certificate_chain_file(options.tls_cert_file, ec);
    if (ec) {
      return Status::InvalidArgument("tls_cert_file " + options.tls_cert_file +
                                     ": cannot load a PEM certificate chain: " + ec.message());
    }
    context.use_private_key_file(options.tls_key_file, ssl::context::pem, ec);
    if (ec) {
      return Status::InvalidArgument("tls_key_file " + options.tls_key_file +
                                     ": cannot load a PEM private key matching the "
                                     "certificate: " + ec.message());
    }
    impl_->tls.emplace(std::move(context));
  }
  beast::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + options.listen + ": " + ec.message() +
                               " (is another server using the port? see `listen` in the config)");
  }
  auto log = GetLogger("review");
  if (!impl_->tls && !endpoint.address().is_loopback()) {
    log->warn("serving plain HTTP on {}, which is not a loopback address: passwords and "
              "personal data cross the network unencrypted; set tls_cert_file and "
              "tls_key_file for production", options.listen);
  }
  log->info("review server listening on {}://{}:{}", impl_->tls ? "https" : "http",
            endpoint.address().to_string(), port());
  impl_->Accept();
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return Status::Ok();
}

uint16_t HttpServer::port() const {
  beast::error_code ec;
  tcp::endpoint endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

bool HttpServer::tls() const { return impl_->tls.has_value(); }

void HttpServer::Stop() {
  // Never called on an I/O thread (the signal handler hands it to a thread of its own),
  // so joining them all is safe; the lock makes a second caller wait for the first.
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
  impl_->stopped_cv.notify_all();
}

void HttpServer::WaitForSignal() {
  beast::error_code ignored;
  impl_->signals.add(SIGINT, ignored);
  impl_->signals.add(SIGTERM, ignored);
  impl_->signals.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    GetLogger("review")->info("signal {}: stopping the review server", signal);
    std::thread([this] { Stop(); }).detach();
  });
  std::unique_lock lock(impl_->stop_mutex);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

}  // namespace xmatch::review
